import type { Command } from "commander";
import { registerAlerts } from "./alerts.ts";
import { registerReport } from "./report.ts";
import { registerReview } from "./review.ts";

/** `doraform report`, `doraform review` and `doraform alerts`: reading the numbers. */
export function register(program: Command): void {
  registerReport(program);
  registerReview(program);
  registerAlerts(program);
}
