import * as path from "node:path";
import type { Command } from "commander";
import { GENERATED_FILE, generatedDifference, writeGenerated } from "../core/config/generated.ts";
import { configPath, loadConfig, PROJECT_ROOT } from "../core/config/load.ts";
import { UserError } from "../core/errors.ts";
import { DEFAULT_LEGACY, init, type InitOptions } from "./init.ts";

/** `doraform init` and `doraform config sync|check`: doraform.yaml and the JSON form the Dataform includes read. */
export function register(program: Command): void {
  program
    .command("init")
    .description("write doraform.yaml at the project root: the catalog discovered with the credentials ingest uses, and what the older files hold (the catalog and overrides includes, ingest.yaml, targets.yaml); run again, it merges into the file, keeping what a person wrote")
    .option("--catalog <file>", "the older service catalog include", DEFAULT_LEGACY.catalog)
    .option("--overrides <file>", "the older overrides include", DEFAULT_LEGACY.overrides)
    .option("--ingest-config <file>", "an `ingest --config` file (default ./ingest.yaml when present)")
    .option("--targets <file>", "a targets file (default ./targets.yaml when present)")
    .option("--dry-run", "print the file instead of writing it")
    .option("--no-discover", "do not read the APIs: write only what the older files hold")
    .action(async (options: InitOptions) => init(options));
  const config = program.command("config").description("doraform.yaml: check it, and write the JSON form the Dataform models read (docs/configuration.md)");
  config
    .command("sync")
    .description(`check doraform.yaml and write ${GENERATED_FILE} from it (commit both: Google Cloud Dataform reads the JSON)`)
    .argument("[project-dir]", "the Dataform project, as `transform` takes it (default: this repository)")
    .action((projectDir: string | undefined) => {
      const root = projectRoot(projectDir);
      const loaded = loadConfig(configPath(process.env, root));
      const wrote = writeGenerated(loaded, root);
      process.stderr.write(`config: ${wrote ? "wrote" : "unchanged:"} ${GENERATED_FILE} from ${loaded.file ? "doraform.yaml" : "no doraform.yaml (an empty catalog)"}\n`);
    });
  config
    .command("check")
    .description(`check doraform.yaml, and that ${GENERATED_FILE} is in sync with it (exit 1 otherwise)`)
    .argument("[project-dir]", "the Dataform project, as `transform` takes it (default: this repository)")
    .action((projectDir: string | undefined) => {
      const root = projectRoot(projectDir);
      const loaded = loadConfig(configPath(process.env, root));
      const difference = generatedDifference(loaded, root);
      if (difference) throw new UserError(difference);
      process.stderr.write(`config: ${loaded.file ? "doraform.yaml" : "no doraform.yaml (an empty catalog)"} is valid and ${GENERATED_FILE} is in sync\n`);
    });
}

/** The project whose doraform.yaml (unless DORAFORM_CONFIG names another) and generated JSON a command reads. */
const projectRoot = (projectDir: string | undefined) => (projectDir === undefined ? PROJECT_ROOT : path.resolve(projectDir));
