import * as fs from "node:fs";
import * as path from "node:path";
import { configTargets, modelTargets } from "../targets/file.ts";
import { CONFIG_FILE_NAME, configPath, loadConfig, PROJECT_ROOT, type LoadedConfig } from "./load.ts";

/** What the Dataform includes read of doraform.yaml, as JSON: the compiler loads JSON through require, not YAML. */
export const GENERATED_FILE = "includes/generated/doraform.json";

/**
 * The text of includes/generated/doraform.json for a configuration: the catalog, the knobs, the
 * overrides and the targets (checked, in the marts' units). A target that cannot be read fails here
 * in one line, at its place in doraform.yaml.
 */
export function generatedText(loaded: LoadedConfig): string {
  const { config } = loaded;
  const data = {
    generated: `by \`doraform config sync\` from ${CONFIG_FILE_NAME}: edit that file, then run it again`,
    services: config.services,
    settings: config.settings,
    overrides: config.overrides,
    targets: modelTargets(configTargets(loaded)),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** A one-line reason when the generated file of the project at `root` is not what doraform.yaml gives, else undefined. */
export function generatedDifference(loaded: LoadedConfig, root = PROJECT_ROOT): string | undefined {
  const file = path.join(root, GENERATED_FILE);
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  if (current === generatedText(loaded)) return undefined;
  const what = current === undefined ? "is missing" : `differs from ${loaded.file ? CONFIG_FILE_NAME : `no ${CONFIG_FILE_NAME} (an empty catalog)`}`;
  return `${GENERATED_FILE} ${what}: run \`doraform config sync\` and commit it (Dataform reads that file, not ${CONFIG_FILE_NAME})`;
}

/** Writes the generated file when it differs; true when it did. */
export function writeGenerated(loaded: LoadedConfig, root = PROJECT_ROOT): boolean {
  if (generatedDifference(loaded, root) === undefined) return false;
  const file = path.join(root, GENERATED_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, generatedText(loaded));
  return true;
}

/**
 * The difference for the Dataform project at `root` (its doraform.yaml, or DORAFORM_CONFIG), or
 * undefined when in sync or when the project has neither file (a Dataform project that is not doraform's).
 */
export function projectDifference(root = PROJECT_ROOT): string | undefined {
  if (!fs.existsSync(path.join(root, CONFIG_FILE_NAME)) && !fs.existsSync(path.join(root, GENERATED_FILE))) return undefined;
  return generatedDifference(loadConfig(configPath(process.env, root)), root);
}
