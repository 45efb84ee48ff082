import { inject } from "vitest";

/**
 * The CLI for tests that start `doraform` as a process: `node CLI ARGS…` runs what `node bin/doraform.js
 * ARGS…` runs, from the bundle tests/setup/cli-bundle.ts built of the same sources at the start of the run
 * (an absolute path: any working directory will do). tests/cli/help.test.ts keeps bin/doraform.js itself.
 */
export const CLI: string = inject("doraformCli");
