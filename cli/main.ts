import { Command, CommanderError } from "commander";
import { UserError } from "../core/errors.ts";
import { commands } from "./commands.ts";

const program = new Command("doraform")
  .description("DORA delivery metrics from GitHub and PagerDuty, on BigQuery or an embedded DuckDB file")
  .showHelpAfterError()
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const message = error instanceof Error ? error.message : String(error);
  // one line: the reason, never a stack, unless asked for
  process.stderr.write(`doraform: ${message.split("\n")[0]}\n`);
  if (process.env.DORAFORM_DEBUG && error instanceof Error && !(error instanceof UserError)) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(error instanceof UserError ? error.exitCode : 1);
}
