import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import { convertActionTemplate, isBasicExpression, isString, NoOperationTraceWriter, parseAction, type TemplateToken } from "./workflow-parser.ts";

/** The github context a run gives an action (the few fields actions read) and the variables it sets. */
export interface RunContext {
  server_url: string;
  repository: string;
  run_id: string;
  sha: string;
  ref: string;
}

export interface ActionRun {
  stdout: string;
  /** The action's outputs, evaluated from its `outputs:` as the runner does after the steps. */
  outputs: Record<string, string>;
}

/**
 * Runs a composite action from its action.yml as the Actions runner does: GitHub's own parser reads
 * the definition; `with` fills the declared inputs (a missing input takes its default, an input the
 * action does not declare is refused as the runner warns, a required one missing is refused); every
 * `${{ }}` in a step's `env:` and `run:` and in `outputs:` is evaluated by GitHub's expression
 * engine over the inputs, github and steps contexts; each `run` step runs in bash with
 * `--noprofile --norc -eo pipefail`, its env block over the runner's GITHUB_* variables, and
 * GITHUB_OUTPUT read back into `steps.<id>.outputs`.
 */
export async function runCompositeAction(actionDir: string, withInputs: Record<string, string>, github: RunContext): Promise<ActionRun> {
  const parsed = parseAction({ name: "action.yml", content: readFileSync(join(actionDir, "action.yml"), "utf8") }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0) throw new Error(`action.yml: ${errors.join("; ")}`);
  const action = convertActionTemplate(parsed.context, parsed.value!);
  if (action.runs.using !== "composite") throw new Error(`not a composite action: ${action.runs.using}`);

  const declared = action.inputs ?? [];
  const unexpected = Object.keys(withInputs).filter((name) => !declared.some((input) => input.id === name));
  if (unexpected.length > 0) throw new Error(`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.map((i) => i.id).join("', '")}']`);
  const inputs = new data.Dictionary();
  for (const input of declared) {
    const given = withInputs[input.id];
    if (given === undefined && input.required) throw new Error(`Input required and not supplied: ${input.id}`);
    inputs.add(input.id, new data.StringData(given ?? (input.default ? text(input.default, new data.Dictionary()) : "")));
  }
  const githubContext = new data.Dictionary(...Object.entries(github).map(([key, value]) => ({ key, value: new data.StringData(value) })));
  const steps = new data.Dictionary();
  const context = () => new data.Dictionary({ key: "inputs", value: inputs }, { key: "github", value: githubContext }, { key: "steps", value: steps });

  const work = mkdtempSync(join(tmpdir(), "doraform-action-"));
  let stdout = "";
  for (const [index, step] of action.runs.steps.entries()) {
    if (!("run" in step)) throw new Error(`step ${index}: only run steps are supported`);
    const env: Record<string, string> = {};
    for (const pair of step.env ?? []) env[pair.key.toString()] = text(pair.value, context());
    const script = join(work, `step-${index}.sh`);
    const output = join(work, `output-${index}`);
    writeFileSync(script, text(step.run, context()));
    writeFileSync(output, "");
    const result = await promisify(execFile)("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      env: {
        PATH: process.env.PATH,
        GITHUB_ACTIONS: "true",
        GITHUB_ACTION_PATH: resolve(actionDir),
        GITHUB_OUTPUT: output,
        GITHUB_SERVER_URL: github.server_url,
        GITHUB_REPOSITORY: github.repository,
        GITHUB_RUN_ID: github.run_id,
        GITHUB_SHA: github.sha,
        GITHUB_REF: github.ref,
        ...env,
      },
    });
    stdout += result.stdout;
    const outputs = new data.Dictionary();
    for (const line of readFileSync(output, "utf8").split("\n").filter(Boolean)) {
      const at = line.indexOf("=");
      outputs.add(line.slice(0, at), new data.StringData(line.slice(at + 1)));
    }
    steps.add(step.id, new data.Dictionary({ key: "outputs", value: outputs }));
  }
  const outputs = Object.fromEntries((action.outputs ?? []).map((o) => [o.id, o.value ? text(o.value, context()) : ""]));
  return { stdout, outputs };
}

/** A template value as the runner hands it over: a literal, or its expression evaluated and coerced to a string. */
function text(token: TemplateToken, context: data.Dictionary): string {
  if (isString(token)) return token.value;
  if (!isBasicExpression(token)) throw new Error(`cannot evaluate a ${token.constructor.name}`);
  const lexed = new Lexer(token.expression).lex();
  const expr = new Parser(lexed.tokens, ["inputs", "github", "steps"], []).parse();
  return new Evaluator(expr, context).evaluate().coerceString();
}
