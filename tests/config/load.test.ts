import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../core/config/load.ts";
import { CONFIG_SCHEMA } from "../../core/config/schema.ts";
import { defaultSettings } from "../../core/catalog.ts";

const problem = (text: string) => () => parseConfig(text);

describe("doraform.yaml is read", () => {
  it("a full file gives its values, and the sections left out or empty are empty", () => {
    const { config } = parseConfig(
      [
        "sources:",
        "  github:",
        "    organizations: [acme]",
        "    token_env: DORA_GITHUB_TOKEN",
        "  pagerduty:",
        "services:",
        "  - name: api",
        "    team: platform",
        "    repository: acme/api",
        "    deploy_workflows: [.github/workflows/deploy.yml]",
        "settings:",
        "  min_sample: 3",
        "targets:",
        "  - { quarter: 2026-Q4, metric: lead_time_p50, target: 1d }",
        "overrides:",
        "",
      ].join("\n"),
    );
    expect(config).toEqual({
      sources: { github: { organizations: ["acme"], token_env: "DORA_GITHUB_TOKEN" }, pagerduty: {} },
      services: [{ name: "api", team: "platform", repository: "acme/api", deploy_workflows: [".github/workflows/deploy.yml"] }],
      teams: [],
      settings: { min_sample: 3 },
      targets: [{ quarter: "2026-Q4", metric: "lead_time_p50", target: "1d" }],
      overrides: {},
    });
  });

  it("no doraform.yaml at the default place is an empty catalog; a DORAFORM_CONFIG naming a missing file is an error", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "doraform-config-"));
    const missing = path.join(dir, "doraform.yaml");
    expect(loadConfig(missing, {})).toMatchObject({ file: undefined, config: { services: [], settings: {}, targets: [] } });
    expect(() => loadConfig(missing, { DORAFORM_CONFIG: missing })).toThrow(`${missing}: cannot be read (DORAFORM_CONFIG names a file that does not exist)`);
    writeFileSync(missing, "services:\n  - name: api\n    team: t\n    repository: acme/api\n");
    expect(loadConfig(missing, {}).config.services).toHaveLength(1);
  });

  it("the complete example of docs/configuration.md is valid", () => {
    const page = readFileSync(path.resolve(import.meta.dirname, "../../docs/configuration.md"), "utf8");
    const example = /## A complete example\n\n```yaml\n([\s\S]*?)```/.exec(page)![1]!;
    const { config } = parseConfig(example);
    expect(config.services.map((service) => service.name)).toEqual(["api", "checkout", "storefront"]);
    expect(Object.keys(config).filter((key) => JSON.stringify(config[key as keyof typeof config]).length <= 2)).toEqual([]);
  });

  it("the settings keys are today's knobs, each with its default", () => {
    const settings = (CONFIG_SCHEMA.properties.settings as { properties: object }).properties;
    expect(Object.keys(settings).sort()).toEqual(Object.keys(defaultSettings(path.resolve(import.meta.dirname, "../../includes"))).sort());
  });
});

describe("a problem in doraform.yaml is one line naming the place and the key", () => {
  it("an unknown key, at the key, with the key meant", () => {
    // line 5 `    teem: x`: the key starts at column 5
    expect(problem("services:\n  - name: api\n    team: platform\n    repository: acme/api\n    teem: x\n")).toThrow(
      /^doraform\.yaml:5:5: services\[0\]\.teem: unknown key \(did you mean "team"\?\)$/,
    );
    expect(problem("setings:\n  min_sample: 3\n")).toThrow(/^doraform\.yaml:1:1: setings: unknown key \(did you mean "settings"\?\)$/);
  });

  it("a secret written under its own name is refused, pointing to the variable's key, and never echoed", () => {
    const error = () => parseConfig("sources:\n  github:\n    token: ghp_secret123\n");
    expect(error).toThrow(/^doraform\.yaml:3:5: sources\.github\.token: unknown key: name the environment variable holding it with token_env/);
    expect(error).not.toThrow(/ghp_secret123/);
    // a token pasted where the variable's name goes: line 3, the value at column 16
    const pasted = () => parseConfig("sources:\n  pagerduty:\n    token_env: u+abc-123\n");
    expect(pasted).toThrow(/^doraform\.yaml:3:16: sources\.pagerduty\.token_env: must name an environment variable, like GITHUB_TOKEN/);
    expect(pasted).not.toThrow(/u\+abc-123/);
  });

  it("a wrong type, at the value", () => {
    // line 2 `  min_sample: "5"`: the value starts at column 15
    expect(problem('settings:\n  min_sample: "5"\n')).toThrow(/^doraform\.yaml:2:15: settings\.min_sample: must be a whole number$/);
    expect(problem("services: acme/api\n")).toThrow(/^doraform\.yaml:1:11: services: must be a list$/);
    expect(problem("- a\n")).toThrow(/^doraform\.yaml:1:1: \(the file\): must be a mapping$/);
    expect(problem("services:\n  - name: api\n    repository: acme/api\n")).toThrow(/^doraform\.yaml:2:5: services\[0\]: needs "team"$/);
  });

  it("a service named twice, at the second name", () => {
    const text = ["services:", "  - name: api", "    team: a", "    repository: acme/api", "  - name: api", "    team: b", "    repository: acme/web", ""].join("\n");
    expect(problem(text)).toThrow(/^doraform\.yaml:5:11: services\[1\]\.name: service "api" is named twice \(first at services\[0\]\)$/);
  });

  it("a repository named twice, in the sources or by two services without path prefixes", () => {
    expect(problem("sources:\n  github:\n    repositories:\n      - acme/api\n      - acme/web\n      - acme/api\n")).toThrow(
      /^doraform\.yaml:6:9: sources\.github\.repositories\[2\]: repository "acme\/api" is named twice/,
    );
    const mono = ["services:", "  - { name: a, team: t, repository: acme/mono, path_prefixes: [a/] }", "  - { name: b, team: t, repository: acme/mono }", ""].join("\n");
    // line 3: `  - { name: b, team: t, repository: ` is 36 characters, so the value is at column 37
    expect(problem(mono)).toThrow(/^doraform\.yaml:3:37: services\[1\]\.repository: repository "acme\/mono" is named twice \(also services\[0\] "a"\)/);
    // with prefixes on both, a monorepo's services share it
    expect(parseConfig(mono.replace("acme/mono }", "acme/mono, path_prefixes: [b/] }")).config.services).toHaveLength(2);
  });

  it("a team no service uses, and a service's team missing from teams:", () => {
    const teams = ["teams:", "  - name: platform", "  - name: web", "services:", "  - name: api", "    team: platform", "    repository: acme/api", ""].join("\n");
    expect(problem(teams)).toThrow(/^doraform\.yaml:3:11: teams\[1\]\.name: team "web" is used by no service$/);
    expect(problem(teams.replace("team: platform", "team: platfrom"))).toThrow(/^doraform\.yaml:6:11: services\[0\]\.team: team "platfrom" is not in teams:$/);
  });

  it("a pattern that does not compile, with the engine's reason", () => {
    expect(problem('settings:\n  deploy_workflow_pattern: "^(deploy"\n')).toThrow(
      /^doraform\.yaml:2:28: settings\.deploy_workflow_pattern: is not a regular expression: .*Unterminated group$/,
    );
  });

  it("YAML that does not parse, at the place the parser stopped", () => {
    expect(problem("services:\n  - name: api\n  name: web\n")).toThrow(/^doraform\.yaml:3:\d+: /);
    expect(problem("settings:\n  min_sample: 1\n  min_sample: 2\n")).toThrow(/^doraform\.yaml:3:3: Map keys must be unique/);
  });
});
