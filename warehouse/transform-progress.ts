/**
 * What `doraform transform` prints: one line per unit test and per action with its result and
 * time, a progress line on stderr while attached to a terminal, and a summary at the end.
 */
import type { ActionResult, TestResult, TransformEvent, TransformResult } from "./transform.ts";

export interface ProgressStreams {
  out: NodeJS.WritableStream;
  /** Progress goes here, only when it is a terminal. */
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createProgress(streams: ProgressStreams): (event: TransformEvent) => void {
  const progress = streams.err.isTTY === true;
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) streams.err.write("\r\x1b[2K");
    progressShown = false;
  };
  return (event) => {
    switch (event.type) {
      case "compiled":
        streams.out.write(`Compiled in ${seconds(event.durationMs)}: ${count(event.actions, "action")}, ${count(event.tests, "unit test")}.\n`);
        break;
      case "test-finished":
        streams.out.write(testLine(event.result));
        break;
      case "action-started":
        if (progress) {
          clearProgress();
          streams.err.write(`[${event.index + 1}/${event.total}] ${event.kind} ${event.name} ...`);
          progressShown = true;
        }
        break;
      case "action-finished":
        clearProgress();
        streams.out.write(actionLine(event.result));
        break;
    }
  };
}

const STATUS_LABEL: Record<ActionResult["status"], string> = {
  successful: "ok",
  failed: "FAILED",
  skipped: "skipped",
  disabled: "disabled",
};

export function actionLine(result: ActionResult): string {
  const note = result.status === "successful" && result.message ? ` (${result.message})` : "";
  const line = `${STATUS_LABEL[result.status].padEnd(8)} ${result.kind.padEnd(11)} ${result.name}${note}  ${seconds(result.durationMs)}\n`;
  return result.status === "successful" || !result.message ? line : line + indent(result.message);
}

export function testLine(result: TestResult): string {
  const line = `${(result.successful ? "ok" : "FAILED").padEnd(8)} ${"unit test".padEnd(11)} ${result.name}  ${seconds(result.durationMs)}\n`;
  return line + result.messages.map(indent).join("");
}

export function summaryLine(result: TransformResult): string {
  const counts = new Map<string, number>();
  for (const action of result.actions) counts.set(action.status, (counts.get(action.status) ?? 0) + 1);
  const parts = ["successful", "failed", "skipped", "disabled"].filter((status) => counts.has(status)).map((status) => `${counts.get(status)} ${status}`);
  const failedTests = result.tests.filter((test) => !test.successful).length;
  const tests = result.tests.length > 0 ? `; ${count(result.tests.length, "unit test")}, ${failedTests} failed` : "";
  const actions = result.actions.length === 0 ? "no actions to run" : `${count(result.actions.length, "action")}: ${parts.join(", ")}`;
  return `${result.successful ? "Done" : "Failed"} in ${seconds(result.durationMs)}: ${actions}${tests}. Warehouse: ${result.database}\n`;
}

function indent(message: string): string {
  return message
    .split("\n")
    .map((line) => `         ${line}\n`)
    .join("");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
