import { readdirSync, readFileSync } from "node:fs";
import { parse } from "@cdktf/hcl2json";
import { Command } from "commander";
import { beforeAll, describe, expect, it } from "vitest";
import { RAW_SCHEMA } from "../../ingest/load/bigquery.ts";
import { rawTableName } from "../../ingest/load/raw-table.ts";
import { register as webhooksCommand } from "../../ingest/webhooks/command.ts";
import { DEPLOYMENT_REPORT, INCIDENT_REPORT } from "../../ingest/webhooks/generic-schemas.ts";
import { GITHUB_EVENTS } from "../../ingest/webhooks/github-events.ts";
import { createWebhookHandler, webhookSecretsFromEnv } from "../../ingest/webhooks/handler.ts";
import { SECRET_VARIABLES } from "../../ingest/webhooks/lambda-environment.ts";
import { localsOf, readModule, strings, type ModuleJson } from "./terraform-module.ts";

let module: ModuleJson;
let lambdaModule: ModuleJson;
beforeAll(async () => {
  module = await readModule("metrics");
  lambdaModule = await readModule("metrics/lambda-receiver");
}, 60_000);

type Body = Record<string, unknown>;
const bodies = (m: ModuleJson) => Object.entries(m.resource).flatMap(([type, byName]) => Object.entries(byName).map(([name, [body]]) => ({ type, name, body })));
const text = (value: unknown) => [...strings(value)].map((s) => s.text).join("\n");

/** Where the receivers' accounts can do more than append to the raw webhook tables and read their own secrets, one line each. */
function privilegeProblems(m: ModuleJson, lambda: ModuleJson): string[] {
  const problems: string[] = [];
  // the only places a receiver account may appear: its table grants, its secrets, the service that runs as it, and outputs
  const allowed = new Set(["google_bigquery_table_iam_member", "google_secret_manager_secret_iam_member", "google_cloud_run_v2_service"]);
  for (const { type, name, body } of bodies(m)) {
    if (text(body).includes("google_service_account.receiver") && !allowed.has(type)) problems.push(`${type}.${name} grants a receiver account something`);
  }
  for (const [name, [grant]] of Object.entries(m.resource.google_bigquery_table_iam_member ?? {})) {
    if (!String(grant.table_id).startsWith("${google_bigquery_table.webhook[")) problems.push(`google_bigquery_table_iam_member.${name} is not on a webhook table`);
    if (grant.role !== "${google_project_iam_custom_role.webhook_writer[0].name}") problems.push(`google_bigquery_table_iam_member.${name} grants ${String(grant.role)}`);
  }
  for (const [name, [role]] of Object.entries(m.resource.google_project_iam_custom_role ?? {})) {
    const extra = (role.permissions as string[]).filter((p) => !["bigquery.tables.get", "bigquery.tables.updateData"].includes(p));
    if (extra.length > 0) problems.push(`google_project_iam_custom_role.${name} has ${extra.join(", ")}`);
  }
  for (const [name, [grant]] of Object.entries(m.resource.google_secret_manager_secret_iam_member ?? {})) {
    if (name === "dataform_git_token") continue;
    if (grant.role !== "roles/secretmanager.secretAccessor" || grant.member !== 'serviceAccount:${google_service_account.receiver["run"].email}') problems.push(`google_secret_manager_secret_iam_member.${name} gives ${String(grant.role)} to ${String(grant.member)}`);
  }
  // the Lambda's AWS role: logs, and the values of its own secrets
  for (const [name, [policy]] of Object.entries(lambda.resource.aws_iam_role_policy ?? {})) {
    const statements = String(policy.policy).matchAll(/Action = "([^"]+)", Resource = ([^}]+)/g);
    for (const [, action, resource] of statements) {
      if (action !== "secretsmanager:GetSecretValue" || !/^\[for secret in aws_secretsmanager_secret\.webhook : secret\.arn\]\s*$/.test(resource)) problems.push(`aws_iam_role_policy.${name} allows ${action} on ${resource.trim()}`);
    }
  }
  for (const [name, [attachment]] of Object.entries(lambda.resource.aws_iam_role_policy_attachment ?? {})) {
    if (attachment.policy_arn !== "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole") problems.push(`aws_iam_role_policy_attachment.${name} attaches ${String(attachment.policy_arn)}`);
  }
  for (const type of ["google_project_iam_member", "google_bigquery_dataset_iam_member"]) {
    for (const name of Object.keys(lambda.resource[type] ?? {})) problems.push(`lambda-receiver: ${type}.${name}`);
  }
  return problems;
}

describe("the webhook receivers in metrics/", () => {
  it("are off by default, and nothing of a receiver exists unless it is enabled", async () => {
    expect(module.variable.enable_cloud_run_receiver[0].default).toBe(false);
    expect(module.variable.enable_lambda_receiver[0].default).toBe(false);
    const locals = localsOf(module);
    expect(String(locals.receivers)).toMatch(/var\.enable_cloud_run_receiver \?[^]*var\.enable_lambda_receiver \?/);
    expect(locals.cloud_run_service).toBe("${var.enable_cloud_run_receiver && var.receiver_image != null}");
    const gated = /var\.enable_(cloud_run|lambda)_receiver|local\.(receivers|receiver_table_grants|cloud_run_service)|google_secret_manager_secret\.webhook/;
    for (const file of ["receivers.tf", "cloud-run.tf"]) {
      const json = (await parse(file, readFileSync(`metrics/${file}`, "utf8"))) as { resource: Record<string, Record<string, Body[]>> };
      for (const [type, byName] of Object.entries(json.resource)) {
        for (const [name, [body]] of Object.entries(byName)) expect(String(body.count ?? body.for_each), `${type}.${name}`).toMatch(gated);
      }
    }
    // the AWS side is a module of its own: metrics/ alone needs no aws provider
    expect(Object.keys((module.terraform[0].required_providers as Body[])[0])).toEqual(["google", "google-beta"]);
  });

  it("makes exactly the raw tables the receivers land in: the GitHub events kept, the PagerDuty streams the models read, the generic reports", () => {
    const streams = localsOf(module).webhook_streams as Record<string, string[]>;
    const pagerduty = readdirSync("includes/raw_streams/pagerduty_webhook").map((f) => (JSON.parse(readFileSync(`includes/raw_streams/pagerduty_webhook/${f}`, "utf8")) as { name: string }).name);
    expect(streams).toEqual({ github_webhook: [...GITHUB_EVENTS].sort(), pagerduty_webhook: pagerduty.sort(), doraform: [DEPLOYMENT_REPORT.stream, INCIDENT_REPORT.stream].sort() });
    // the module names each table `${namespace}_raw__stream_${stream}`: the loader's name for these streams
    expect(localsOf(module).webhook_tables).toBe('${toset(flatten([for namespace, streams in local.webhook_streams : [for stream in streams : "${namespace}_raw__stream_${stream}"]]))}');
    for (const [namespace, names] of Object.entries(streams)) for (const stream of names) expect(rawTableName(namespace, stream)).toBe(`${namespace}_raw__stream_${stream}`);
  });

  it("makes the tables in the loader's layout: its columns, daily partitions and clustering, protected from deletion", () => {
    const [table] = module.resource.google_bigquery_table.webhook;
    const columns = [...String(table.schema).matchAll(/\{ name = "(\w+)", type = "(\w+)", mode = "(\w+)" \}/g)].map(([, name, type, mode]) => ({ name, type, mode }));
    expect(columns).toEqual(RAW_SCHEMA.fields);
    expect(table.time_partitioning).toEqual([{ type: "DAY", field: "_airbyte_extracted_at" }]);
    expect(table.clustering).toEqual(["_airbyte_extracted_at"]);
    expect(table.deletion_protection).toBe(true);
  });

  it("lets the receivers append to those tables and read their secrets, and nothing else: no project-wide role, no dataset role", () => {
    expect(privilegeProblems(module, lambdaModule)).toEqual([]);
    expect(module.resource.google_bigquery_table_iam_member.receiver[0].for_each).toBe("${local.receiver_table_grants}");
    expect(String(localsOf(module).receiver_table_grants)).toContain("setproduct(keys(local.receivers), local.webhook_tables)");
  });

  it("the privilege check fails on a project-wide role, a wider custom role, a grant beside the tables, a wider AWS policy (it can fail)", () => {
    const broken = structuredClone(module);
    const lambda = structuredClone(lambdaModule);
    broken.resource.google_project_iam_member.receiver = [{ project: "${var.project_id}", role: "roles/bigquery.dataEditor", member: 'serviceAccount:${google_service_account.receiver["run"].email}' }];
    (broken.resource.google_project_iam_custom_role.webhook_writer[0].permissions as string[]).push("bigquery.tables.delete");
    broken.resource.google_bigquery_table_iam_member.receiver[0].role = "roles/bigquery.dataOwner";
    lambda.resource.aws_iam_role_policy.lambda_secrets[0].policy = String(lambda.resource.aws_iam_role_policy.lambda_secrets[0].policy).replace('"secretsmanager:GetSecretValue"', '"secretsmanager:*"');
    expect(privilegeProblems(broken, lambda)).toEqual([
      "google_project_iam_member.receiver grants a receiver account something",
      "google_bigquery_table_iam_member.receiver grants roles/bigquery.dataOwner",
      "google_project_iam_custom_role.webhook_writer has bigquery.tables.delete",
      "aws_iam_role_policy.lambda_secrets allows secretsmanager:* on [for secret in aws_secretsmanager_secret.webhook : secret.arn]",
    ]);
  });

  it("runs `doraform webhooks serve` on Cloud Run with options the command has, on the port Cloud Run sends to, secrets from Secret Manager", () => {
    const [service] = module.resource.google_cloud_run_v2_service.webhooks;
    const [container] = (service.template as Array<{ containers: Body[] }>)[0].containers;
    const args = container.args as string[];
    const program = new Command();
    webhooksCommand(program);
    const serve = program.commands.find((c) => c.name() === "webhooks")!.commands.find((c) => c.name() === "serve")!;
    expect(args.slice(0, 2)).toEqual(["webhooks", "serve"]);
    const flags = args.filter((a) => a.startsWith("--"));
    expect(flags.filter((flag) => !serve.options.some((o) => o.long === flag))).toEqual([]);
    expect(args[args.indexOf("--port") + 1]).toBe(String((container.ports as Body[])[0].container_port));
    expect(args[args.indexOf("--host") + 1]).toBe("0.0.0.0");
    // the secret variables are the ones the receiver reads, each the latest version of the module's secret of that name
    const env = container.env as Array<{ name: string; value_source?: Array<{ secret_key_ref: Body[] }> }>;
    const fromSecrets = env.filter((e) => e.value_source);
    expect(fromSecrets.map((e) => e.name).sort()).toEqual([...SECRET_VARIABLES].sort());
    for (const e of fromSecrets) expect(e.value_source![0].secret_key_ref[0]).toEqual({ secret: `\${google_secret_manager_secret.webhook["${e.name}"].secret_id}`, version: "latest" });
    expect(webhookSecretsFromEnv(Object.fromEntries(SECRET_VARIABLES.map((name) => [name, "x"])))).toEqual({ github: "x", pagerduty: "x", token: "x" });
    expect(Object.keys(localsOf(module).webhook_secrets as object).sort()).toEqual([...SECRET_VARIABLES].sort());
  });

  it("runs it from an image of this repository whose install step has what the install runs, and whose default command is the same", () => {
    const dockerfile = readFileSync("Dockerfile", "utf8");
    const instructions = dockerfile.split("\n").filter((line) => /^[A-Z]+ /.test(line));
    const install = instructions.findIndex((line) => line.startsWith("RUN npm ci --omit=dev"));
    expect(install).toBeGreaterThan(0);
    // npm ci runs the postinstall script: every file it names must be copied before
    const postinstall = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts.postinstall;
    const copiedBefore = instructions.slice(0, install).filter((line) => line.startsWith("COPY ")).flatMap((line) => line.split(" ").slice(1, -1));
    for (const file of postinstall.split(" ").filter((word) => word.includes("/"))) expect(copiedBefore).toContain(file);
    expect(instructions).toContain('ENTRYPOINT ["node", "bin/doraform.js"]');
    const cmd = JSON.parse(instructions.find((line) => line.startsWith("CMD "))!.slice(4)) as string[];
    const [container] = (module.resource.google_cloud_run_v2_service.webhooks[0].template as Array<{ containers: Body[] }>)[0].containers;
    expect((container.args as string[]).slice(0, cmd.length)).toEqual(cmd);
    expect(dockerfile).toMatch(/^FROM node:20[-\w]*$/m);
  });

  it("gives the Lambda each secret's ARN as <NAME>_ARN, the same secret names as Cloud Run, and the credential configuration of its pool", () => {
    const [fn] = lambdaModule.resource.aws_lambda_function.webhooks;
    const variables = (fn.environment as Array<{ variables: Record<string, string> }>)[0].variables;
    for (const name of SECRET_VARIABLES) expect(variables[`${name}_ARN`]).toBe(`\${aws_secretsmanager_secret.webhook["${name}"].arn}`);
    expect(localsOf(lambdaModule).webhook_secrets).toEqual(localsOf(module).webhook_secrets);
    // the shape tests/webhooks/lambda-environment.test.ts trades for a token with Google's client library
    const config = variables.DORAFORM_GOOGLE_CREDENTIAL_CONFIG;
    for (const line of [
      'type                              = "external_account"',
      'audience                          = "//iam.googleapis.com/${google_iam_workload_identity_pool_provider.aws.name}"',
      'subject_token_type                = "urn:ietf:params:aws:token-type:aws4_request"',
      'token_url                         = "https://sts.googleapis.com/v1/token"',
      'service_account_impersonation_url = "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${var.service_account.email}:generateAccessToken"',
      'environment_id                 = "aws1"',
    ])
      expect(config).toContain(line);
    expect(fn.runtime).toBe("nodejs20.x");
    expect(variables.GOOGLE_CLOUD_PROJECT).toBe("${var.project_id}");
  });

  it("federates only the Lambda's role: an AWS provider for its account, and the account impersonable by that role's sessions alone", () => {
    const [provider] = lambdaModule.resource.google_iam_workload_identity_pool_provider.aws;
    expect(provider.aws).toEqual([{ account_id: "${local.account_id}" }]);
    expect(provider.attribute_condition).toBe("assertion.arn.startsWith('${local.lambda_aws_role}/')");
    expect(localsOf(lambdaModule).lambda_aws_role).toBe("arn:aws:sts::${local.account_id}:assumed-role/${aws_iam_role.lambda.name}");
    const [binding] = lambdaModule.resource.google_service_account_iam_member.lambda_workload_identity;
    expect(binding).toEqual({
      service_account_id: "${var.service_account.name}",
      role: "roles/iam.workloadIdentityUser",
      member: "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.aws.name}/attribute.aws_role/${local.lambda_aws_role}",
    });
  });

  it("puts the Lambda behind an HTTP API that passes API Gateway v2 events to it", () => {
    const [integration] = lambdaModule.resource.aws_apigatewayv2_integration.webhooks;
    expect(integration).toMatchObject({ integration_type: "AWS_PROXY", payload_format_version: "2.0", integration_uri: "${aws_lambda_function.webhooks.invoke_arn}" });
    expect(lambdaModule.resource.aws_apigatewayv2_api.webhooks[0].protocol_type).toBe("HTTP");
    expect(lambdaModule.resource.aws_apigatewayv2_route.webhooks[0].route_key).toBe("POST /webhooks/{endpoint}");
    expect(lambdaModule.resource.aws_lambda_permission.api_gateway[0]).toMatchObject({ action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com" });
  });

  it("outputs webhook URLs under which the receiver answers what `webhooks register` sends (BASE/github, BASE/pagerduty)", () => {
    const handler = createWebhookHandler({ secrets: { github: "s", pagerduty: "s", token: "t" }, writer: { write: async () => "landed", close: async () => {} }, maxBodyBytes: 1024 });
    const urls = [module.output.cloud_run_webhook_url[0].value, lambdaModule.output.webhook_url[0].value].map((v) => String(v));
    expect(urls).toEqual(["${local.cloud_run_service ? \"${google_cloud_run_v2_service.webhooks[0].uri}/webhooks\" : null}", '${trimsuffix(aws_apigatewayv2_stage.default.invoke_url, "/")}/webhooks']);
    for (const base of ["https://doraform-webhooks-123.europe-west1.run.app/webhooks", "https://abc123.execute-api.eu-west-1.amazonaws.com/webhooks"]) {
      for (const source of ["github", "pagerduty", "deployments", "incidents"]) {
        const answer = handler.screen({ method: "POST", path: new URL(`${base}/${source}`).pathname, headers: {} });
        expect(answer?.status, source).not.toBe(404);
      }
    }
  });
});
