import * as fs from "node:fs";
import * as vm from "node:vm";
import { UserError } from "../cli/errors.ts";
import type { Service, Settings } from "../demo/model/organisation.ts";

/** The service catalog and the metric knobs, as includes/catalog.js resolves them for the models. */
export interface ModelCatalog {
  services: Service[];
  settings: Settings;
}

/**
 * Evaluates the project's includes/catalog.js with the given Dataform vars, as Dataform would, so the
 * extractors, the report and the alerts apply the same catalog and knobs as the models (one place an
 * analyst edits). The include is plain Dataform JavaScript: it reads only `dataform.projectConfig.vars`.
 */
export function readModelCatalog(file: string, vars: Record<string, unknown>): ModelCatalog {
  if (!fs.existsSync(file)) return { services: [], settings: {} };
  const sandbox = { module: { exports: {} as Partial<ModelCatalog> }, dataform: { projectConfig: { vars } }, dialect: {} };
  try {
    vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  } catch (error) {
    throw new UserError(`cannot read the service catalog in ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  return { services: sandbox.module.exports.services ?? [], settings: sandbox.module.exports.settings ?? {} };
}
