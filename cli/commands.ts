import type { Command } from "commander";
import { register as transform } from "../warehouse/command.ts";
import { register as reading } from "../report/commands/index.ts";
import { register as ingest } from "../ingest/cli.ts";
import { register as demo } from "../demo/command.ts";
import { register as run } from "./run.ts";
import { register as webhooks } from "../ingest/webhooks/command.ts";
import { register as runbook } from "../runbook/command.ts";
import { register as lint } from "./lint.ts";

/** Each part of the data flow registers its own subcommands; add one line per module. */
export const commands: Array<(program: Command) => void> = [run, transform, reading, ingest, demo, webhooks, runbook, lint];
