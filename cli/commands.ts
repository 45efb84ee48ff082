import type { Command } from "commander";
import { register as transform } from "../warehouse/command.ts";
import { register as report } from "../report/html/command.ts";
import { register as review } from "../report/review/command.ts";
import { register as alerts } from "../report/alerts/command.ts";
import { register as ingest } from "../ingest/command.ts";
import { register as demo } from "../demo/command.ts";
import { register as run } from "./run.ts";
import { register as webhooks } from "../ingest/webhooks/command.ts";
import { register as runbook } from "../runbook/command.ts";
import { register as lint } from "../warehouse/googlesql/command.ts";
import { register as onboarding } from "../onboarding/command.ts";

/** Each folder whose code a subcommand runs registers it in its own command.ts; add one line per module. */
export const commands: Array<(program: Command) => void> = [run, transform, report, review, alerts, ingest, demo, webhooks, runbook, lint, onboarding];
