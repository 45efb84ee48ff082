import type { Command } from "commander";
import { GENERATED_FILE, generatedDifference, writeGenerated } from "../core/config/generated.ts";
import { loadConfig } from "../core/config/load.ts";
import { UserError } from "../core/errors.ts";

/** `doraform config sync|check`: doraform.yaml and the JSON form the Dataform includes read. */
export function register(program: Command): void {
  const config = program.command("config").description("doraform.yaml: check it, and write the JSON form the Dataform models read (docs/configuration.md)");
  config
    .command("sync")
    .description(`check doraform.yaml and write ${GENERATED_FILE} from it (commit both: Google Cloud Dataform reads the JSON)`)
    .action(() => {
      const loaded = loadConfig();
      const wrote = writeGenerated(loaded);
      process.stderr.write(`config: ${wrote ? "wrote" : "unchanged:"} ${GENERATED_FILE} from ${loaded.file ? "doraform.yaml" : "no doraform.yaml (an empty catalog)"}\n`);
    });
  config
    .command("check")
    .description(`check doraform.yaml, and that ${GENERATED_FILE} is in sync with it (exit 1 otherwise)`)
    .action(() => {
      const loaded = loadConfig();
      const difference = generatedDifference(loaded);
      if (difference) throw new UserError(difference);
      process.stderr.write(`config: ${loaded.file ? "doraform.yaml" : "no doraform.yaml (an empty catalog)"} is valid and ${GENERATED_FILE} is in sync\n`);
    });
}
