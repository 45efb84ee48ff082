import type { Command } from "commander";

/** Each part of the data flow registers its own subcommands; add one line per module. */
export const commands: Array<(program: Command) => void> = [];
