import { register } from "node:module";

// @actions/workflow-parser imports its JSON schema without an import attribute, which plain Node
// refuses; vitest leaves node_modules to Node, so a loader hook serves JSON files as modules.
const hook = `
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
export async function load(url, context, next) {
  if (url.startsWith("file:") && url.endsWith(".json") && url.includes("/@actions/workflow-parser/")) {
    return { format: "module", source: "export default " + readFileSync(fileURLToPath(url), "utf8") + ";", shortCircuit: true };
  }
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);

export const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter, isString, isBasicExpression } = await import("@actions/workflow-parser");
export const { parseAction, convertActionTemplate } = await import("@actions/workflow-parser/actions/index");
export type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
