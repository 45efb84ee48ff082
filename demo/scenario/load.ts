import { readFile, writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse, stringify } from "yaml";
import { UserError } from "../../core/errors.ts";
import type { Organisation } from "../model/organisation.ts";
import { ShapeError } from "./shape.ts";
import { validateOrganisation } from "./validate.ts";

/** A scenario file (.json, .yaml or .yml) read and checked; every problem is one line naming the file and field. */
export async function loadScenario(file: string): Promise<Organisation> {
  const format = formatOf(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UserError(`${file}: cannot read the scenario file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let value: unknown;
  try {
    value = format === "json" ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid ${format.toUpperCase()}: ${(error as Error).message.split("\n")[0]}`);
  }
  try {
    return validateOrganisation(value);
  } catch (error) {
    if (error instanceof ShapeError) throw new UserError(`${file}: ${error.path === "" ? "(top level)" : error.path}: ${error.problem}`);
    throw error;
  }
}

/** Writes an organisation in the scenario format, JSON or YAML by the file's extension. */
export async function saveScenario(org: Organisation, file: string): Promise<void> {
  const text = formatOf(file) === "json" ? `${JSON.stringify(org, null, 2)}\n` : stringify(org, { lineWidth: 0 });
  await writeFile(file, text);
}

function formatOf(file: string): "json" | "yaml" {
  const extension = extname(file).toLowerCase();
  if (extension === ".json") return "json";
  if (extension === ".yaml" || extension === ".yml") return "yaml";
  throw new UserError(`${file}: a scenario file ends in .json, .yaml or .yml`);
}
