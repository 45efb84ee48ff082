import * as fs from "node:fs";
import * as path from "node:path";
import { REPOSITORY_ROOT } from "../compile.ts";
import { findEngineSpellingsInJs, findEngineSpellingsInSqlx, type Finding } from "./rules.ts";

/** Where the engine-specific spellings belong: the dialect helpers. */
const DIALECT_HELPERS = "includes/dialect.js";

/**
 * Engine-specific spellings a Dataform project writes inline: in its models (definitions/**\/*.sqlx)
 * and in the SQL its JavaScript writes (includes/*.js and definitions/**\/*.js), except in the
 * dialect helpers themselves. File names are relative to the project, with forward slashes.
 */
export function findEngineSpellingsInProject(projectDir = REPOSITORY_ROOT): Finding[] {
  const read = (file: string) => fs.readFileSync(path.join(projectDir, file), "utf8");
  const definitions = filesUnder(projectDir, "definitions", true);
  const scripts = [...filesUnder(projectDir, "includes", false), ...definitions].filter((file) => file.endsWith(".js") && file !== DIALECT_HELPERS);
  return [
    ...definitions.filter((file) => file.endsWith(".sqlx")).flatMap((file) => findEngineSpellingsInSqlx(file, read(file))),
    ...scripts.flatMap((file) => findEngineSpellingsInJs(file, read(file))),
  ];
}

function filesUnder(projectDir: string, folder: string, recursive: boolean): string[] {
  const dir = path.join(projectDir, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive, encoding: "utf8" })
    .map((file) => `${folder}/${file.split(path.sep).join("/")}`)
    .sort();
}
