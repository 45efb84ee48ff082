import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import formats from "ajv-formats";

/**
 * Validates demo responses against GitHub's official OpenAPI description (@octokit/openapi):
 * the description is read once, and only the schemas an operation's 200 response reaches are
 * extracted and compiled.
 */
type Json = Record<string, any>;

let spec: Json | undefined;
const require = createRequire(import.meta.url);
const addFormats = formats as unknown as (ajv: Ajv) => void;

function description(): Json {
  spec ??= JSON.parse(readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.json"), "utf8")) as Json;
  return spec;
}

/** OpenAPI 3.0's `nullable` beside `$ref`/`allOf` (no `type`) is not JSON Schema: spell it as anyOf null. */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableToJsonSchema(v)]));
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

function collectRefs(node: unknown, schemas: Json, into: Json): void {
  if (Array.isArray(node)) return node.forEach((n) => collectRefs(n, schemas, into));
  if (typeof node !== "object" || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") {
      const name = value.replace("#/components/schemas/", "");
      if (!(name in into)) {
        into[name] = schemas[name];
        collectRefs(schemas[name], schemas, into);
      }
    } else {
      collectRefs(value, schemas, into);
    }
  }
}

/** A checker for the `status` response of `method path` (path as the description spells it). */
export function responseChecker(path: string, method = "get", status = "200"): (body: unknown) => string[] {
  const api = description();
  let response = operation(path, method).responses[status];
  if (response.$ref) response = api.components.responses[response.$ref.split("/").pop()];
  return checker(response.content["application/json"].schema);
}

/** A checker for the JSON request body of `method path`. */
export function requestChecker(path: string, method: string): (body: unknown) => string[] {
  return checker(operation(path, method).requestBody.content["application/json"].schema);
}

function operation(path: string, method: string): Json {
  const found = description().paths[path]?.[method];
  if (!found) throw new Error(`no operation ${method} ${path} in the OpenAPI description`);
  return found;
}

/** Only the schemas `schema` reaches are extracted and compiled. */
function checker(schema: Json): (body: unknown) => string[] {
  const schemas: Json = {};
  collectRefs(schema, description().components.schemas, schemas);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(nullableToJsonSchema({ ...schema, components: { schemas } }) as Json);
  return (body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`));
}
