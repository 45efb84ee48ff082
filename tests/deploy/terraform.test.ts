import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { localsOf, readModule, referencesIn, strings, type ModuleJson } from "./terraform-module.ts";

interface BlockSchema {
  arguments: string[];
  blocks: Record<string, BlockSchema>;
  attributes?: string[];
}
const schemaOf = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { resources: Record<string, BlockSchema> }).resources;
const provider = { resources: { ...schemaOf("tests/deploy/google-provider-schema.json"), ...schemaOf("tests/deploy/aws-provider-schema.json") } };

/** Terraform's meta-arguments, valid on every resource. */
const META = new Set(["provider", "depends_on", "for_each", "count", "lifecycle"]);

let module: ModuleJson;
let example: ModuleJson;
let lambdaModule: ModuleJson;
let cloudRunExample: ModuleJson;
let lambdaExample: ModuleJson;
beforeAll(async () => {
  module = await readModule("metrics");
  example = await readModule("metrics/examples/basic");
  lambdaModule = await readModule("metrics/lambda-receiver");
  cloudRunExample = await readModule("metrics/examples/cloud-run");
  lambdaExample = await readModule("metrics/examples/lambda");
}, 60_000);

/** Every `${…}` reference of a module that does not resolve, as "where: reference". */
async function unresolved(m: ModuleJson, outputsOfModules: Record<string, ModuleJson> = {}): Promise<string[]> {
  const locals = localsOf(m);
  const problems: string[] = [];
  const blocks = [
    ...Object.entries(m.resource).flatMap(([type, byName]) => Object.entries(byName).map(([name, [body]]) => ({ where: `${type}.${name}`, body }))),
    ...Object.entries(m.data).flatMap(([type, byName]) => Object.entries(byName).map(([name, [body]]) => ({ where: `data.${type}.${name}`, body }))),
    ...Object.entries(m.output).map(([name, [body]]) => ({ where: `output.${name}`, body })),
    ...Object.entries(m.module).map(([name, [body]]) => ({ where: `module.${name}`, body })),
    { where: "locals", body: locals },
  ];
  for (const { where, body } of blocks) {
    for (const { text } of strings(body)) {
      for (const reference of await referencesIn(text)) {
        const [head, second, third, fourth] = reference.split(".");
        const ok =
          head === "each" || head === "count" || head === "path" || head === "self" || reference === "google-beta"
            ? true
            : head === "var"
              ? second in m.variable
              : head === "local"
                ? second in locals
                : head === "module"
                  ? second in m.module && (!outputsOfModules[second] || third in outputsOfModules[second].output)
                  : head === "data"
                    ? Boolean(m.data[second]?.[third]) && (!fourth || (provider.resources[`data.${second}`]?.attributes ?? []).includes(fourth))
                    : Boolean(m.resource[head]?.[second]) && (!third || (provider.resources[head]?.attributes ?? []).includes(third));
        if (!ok) problems.push(`${where}: ${reference}`);
      }
    }
  }
  return problems;
}

/** Arguments and nested blocks of a body that the provider's resource type does not have. */
function unknownArguments(body: Record<string, unknown>, schema: BlockSchema, where: string, top: boolean): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (top && META.has(key)) continue;
    if (key in schema.blocks) {
      for (const nested of value as Array<Record<string, unknown>>) problems.push(...unknownArguments(nested, schema.blocks[key], `${where}.${key}`, false));
    } else if (!schema.arguments.includes(key) || key === "id") problems.push(`${where}.${key}`);
  }
  return problems;
}

describe("the Terraform module metrics/", () => {
  it("every reference resolves: variables, locals, resources and their attributes, data sources, module outputs", async () => {
    expect(await unresolved(module)).toEqual([]);
    expect(await unresolved(example, { dora: module })).toEqual([]);
    expect(await unresolved(lambdaModule)).toEqual([]);
    expect(await unresolved(cloudRunExample, { dora: module })).toEqual([]);
    expect(await unresolved(lambdaExample, { dora: module, lambda_receiver: lambdaModule })).toEqual([]);
  });

  it("the reference check fails on a misspelt variable or attribute (it can fail)", async () => {
    const broken = structuredClone(module);
    broken.resource.google_bigquery_dataset.this[0].location = "${var.region_name}";
    broken.output.looker_service_account[0].value = "${google_service_account.this[\"looker\"].mail}";
    expect(await unresolved(broken)).toEqual(["google_bigquery_dataset.this: var.region_name", "output.looker_service_account: google_service_account.this.mail"]);
  });

  it("every resource argument and nested block exists in the Google provider (6.50) and the AWS provider (6.25)", () => {
    expect(argumentProblems(module)).toEqual([]);
    expect(argumentProblems(lambdaModule)).toEqual([]);
  });

  it("the argument check fails on a misspelt argument or nested block argument (it can fail)", () => {
    const broken = structuredClone(module);
    broken.resource.google_bigquery_dataset.this[0].locaton = "US";
    (broken.resource.google_iam_workload_identity_pool_provider.github[0].oidc as Array<Record<string, unknown>>)[0].issuer = "x";
    expect(argumentProblems(broken)).toEqual(["google_bigquery_dataset.this.locaton", "google_iam_workload_identity_pool_provider.github.oidc.issuer"]);
    const brokenLambda = structuredClone(lambdaModule);
    brokenLambda.resource.aws_lambda_function.webhooks[0].handlr = "lambda.handler";
    (brokenLambda.resource.aws_lambda_function.webhooks[0].environment as Array<Record<string, unknown>>)[0].vars = {};
    expect(argumentProblems(brokenLambda)).toEqual(["aws_lambda_function.webhooks.environment.vars", "aws_lambda_function.webhooks.handlr"]);
  });

  function argumentProblems(m: ModuleJson): string[] {
    const problems: string[] = [];
    for (const [type, byName] of Object.entries(m.resource)) {
      const schema = provider.resources[type];
      if (!schema) {
        problems.push(`${type}: not a resource type we know`);
        continue;
      }
      for (const [name, [body]] of Object.entries(byName)) problems.push(...unknownArguments(body, schema, `${type}.${name}`, true));
    }
    for (const [type, byName] of Object.entries(m.data)) {
      for (const [name, [body]] of Object.entries(byName)) problems.push(...unknownArguments(body, provider.resources[`data.${type}`], `data.${type}.${name}`, true));
    }
    return problems;
  }

  it("creates exactly the datasets workflow_settings.yaml names", () => {
    // the datasets: airbyte_internal (raw landing), dora_staging, dora (marts), dora_assertions
    const datasets = Object.keys(localsOf(module).datasets as Record<string, string>).sort();
    expect(datasets).toEqual(["airbyte_internal", "dora", "dora_assertions", "dora_staging"]);
    const settings = parseYaml(readFileSync("workflow_settings.yaml", "utf8")) as { defaultDataset: string; defaultAssertionDataset: string; vars: Record<string, string> };
    expect([settings.defaultDataset, settings.defaultAssertionDataset, settings.vars.raw_dataset, settings.vars.staging_dataset].sort()).toEqual(datasets);
    expect(module.resource.google_bigquery_dataset.this[0].delete_contents_on_destroy).toBe(false);
  });

  it("grants no primitive role, and BigQuery data roles only per dataset", () => {
    const roles = [...strings(module.resource)].filter((s) => s.path.endsWith(".role")).map((s) => s.text);
    const dataRoles = Object.values(localsOf(module).dataset_roles as Record<string, { role: string }>).map((r) => r.role);
    for (const role of [...roles, ...dataRoles]) expect(role).not.toMatch(/^roles\/(owner|editor|viewer)$|admin/i);
    const projectRoles = Object.values(module.resource.google_project_iam_member ?? {}).map(([body]) => body.role);
    expect(projectRoles).toEqual(["roles/bigquery.jobUser"]);
  });

  it("gives Looker read access to the marts and nothing else", () => {
    const grants = Object.values(localsOf(module).dataset_roles as Record<string, { account: string; dataset: string; role: string }>).filter((g) => g.account === "looker");
    expect(grants).toEqual([{ account: "looker", dataset: "dora", role: "roles/bigquery.dataViewer" }]);
  });

  it("names only datasets and accounts the module creates in its grants", () => {
    const locals = localsOf(module);
    for (const grant of Object.values(locals.dataset_roles as Record<string, { account: string; dataset: string }>)) {
      expect(Object.keys(locals.datasets as object)).toContain(grant.dataset);
      expect(Object.keys(locals.service_accounts as object)).toContain(grant.account);
    }
    for (const { text } of strings(module)) {
      for (const match of text.matchAll(/google_service_account\.this\["(\w+)"\]/g)) expect(Object.keys(locals.service_accounts as object)).toContain(match[1]);
      for (const match of text.matchAll(/google_bigquery_dataset\.this\["(\w+)"\]/g)) expect(Object.keys(locals.datasets as object)).toContain(match[1]);
    }
  });

  it("lets only the configured GitHub repository's workflows in, through OIDC", () => {
    const [providerBody] = module.resource.google_iam_workload_identity_pool_provider.github;
    expect(providerBody.attribute_condition).toBe("assertion.repository == '${var.github_repository}'");
    expect(providerBody.oidc).toEqual([{ issuer_uri: "https://token.actions.githubusercontent.com" }]);
    const [binding] = module.resource.google_service_account_iam_member.github_workload_identity;
    expect(binding.role).toBe("roles/iam.workloadIdentityUser");
    expect(binding.member).toMatch(/\/attribute\.repository\/\$\{var\.github_repository\}$/);
  });

  it("has a Dataform repository with a release and a workflow configuration run as the runner account", () => {
    const [release] = module.resource.google_dataform_repository_release_config.nightly;
    const [workflow] = module.resource.google_dataform_repository_workflow_config.nightly;
    expect(workflow.release_config).toBe("${google_dataform_repository_release_config.nightly.id}");
    expect(workflow.invocation_config).toEqual([{ transitive_dependencies_included: true, service_account: '${google_service_account.this["dataform"].email}' }]);
    expect((release.code_compilation_config as Array<{ vars: Record<string, string> }>)[0].vars.warehouse).toBe("bigquery");
  });

  it("documents every variable and output and pins the providers", () => {
    for (const [name, [variable]] of Object.entries(module.variable)) {
      expect(variable.type, name).toBeTruthy();
      expect(variable.description, name).toBeTruthy();
    }
    for (const [name, [output]] of Object.entries(module.output)) expect(output.description, name).toBeTruthy();
    const required = (module.terraform[0].required_providers as Array<Record<string, { version: string }>>)[0];
    expect(required.google.version).toMatch(/^~> /);
    expect(required["google-beta"].version).toMatch(/^~> /);
    for (const [name, [variable]] of Object.entries(lambdaModule.variable)) expect(variable.description, name).toBeTruthy();
    for (const [name, [output]] of Object.entries(lambdaModule.output)) expect(output.description, name).toBeTruthy();
    const lambdaRequired = (lambdaModule.terraform[0].required_providers as Array<Record<string, { version: string }>>)[0];
    expect(lambdaRequired.aws.version).toMatch(/^~> /);
    expect(lambdaRequired.google.version).toBe(required.google.version);
  });

  it("the examples pass every variable without a default, and only variables the modules have", () => {
    const calls: Array<[Record<string, unknown>, ModuleJson]> = [
      [example.module.dora[0], module],
      [cloudRunExample.module.dora[0], module],
      [lambdaExample.module.dora[0], module],
      [lambdaExample.module.lambda_receiver[0], lambdaModule],
    ];
    for (const [call, callee] of calls) {
      const given = Object.keys(call).filter((k) => k !== "source");
      const required = Object.entries(callee.variable).filter(([, [v]]) => !("default" in v)).map(([name]) => name);
      expect(given.filter((name) => !(name in callee.variable))).toEqual([]);
      expect(required.filter((name) => !given.includes(name))).toEqual([]);
    }
  });
});
