/**
 * The nightly job beside the receiver, on one warehouse file, as processes: `doraform webhooks serve`
 * answers a steady stream of signed deliveries while `doraform ingest` (from `demo serve`),
 * `transform` and `review` run one after the other on the same file. Every command must succeed,
 * and after SIGTERM every acknowledged delivery must be in its raw table exactly once.
 */
import { expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { demoServe } from "../../demo/serve-process.ts";
import { doraform } from "../report/support/cli.ts";
import { rawRows, serveProcess, signedAnnotation, temporaryDatabase, UNREAD_TABLE } from "./fixtures.ts";

/** At most this many deliveries, from this many senders, each pausing between two. */
const MAX_DELIVERIES = 4000;
const SENDERS = 4;
const PAUSE_MS = 100;
/** Every tenth delivery repeats an earlier one, as GitHub's redelivery does. */
const REPEAT_EVERY = 10;

it("a sync, a transform and a review succeed beside a receiver under load, and every acknowledged delivery lands exactly once", { timeout: 900_000 }, async () => {
  const file = temporaryDatabase();
  const receiver = await serveProcess(file);
  const demo = await demoServe([], undefined, CLI);

  const acknowledged: Array<{ id: string; status: number; at: number }> = [];
  const refused: string[] = [];
  const unanswered = new Set<string>();
  let sent = 0;
  let commandsDone = false;
  const load = Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (!commandsDone && sent < MAX_DELIVERIES) {
        const n = sent++;
        const id = n % REPEAT_EVERY === REPEAT_EVERY - 1 ? `load-${n - REPEAT_EVERY + 1}` : `load-${n}`;
        // a connection lost before any answer (a keep-alive socket closed under the sender) acknowledges nothing: the sender retries
        const answer = await signedAnnotation(receiver.url, id).catch(() => undefined);
        if (answer?.status === 200 || answer?.status === 202) acknowledged.push({ id, status: answer.status, at: Date.now() });
        else if (answer) refused.push(`${id}: ${answer.status} ${answer.body.message ?? answer.body.status}`);
        else unanswered.add(id);
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    }),
  );

  const runs: Array<{ command: string; code: number; stderr: string; started: number; finished: number }> = [];
  try {
    for (const command of [["ingest"], ["transform"], ["review"]]) {
      const started = Date.now();
      const run = await doraform([...command, "--database", file], { ...demo.env, GOOGLE_CLOUD_PROJECT: "" });
      runs.push({ command: command[0], code: run.code, stderr: run.stderr, started, finished: Date.now() });
    }
  } finally {
    commandsDone = true;
    await load;
    demo.stop();
  }
  receiver.child.kill("SIGTERM");
  expect(await receiver.exited).toBe(0);

  for (const run of runs) {
    expect(run.code, `${run.command}: ${run.stderr.trim().split("\n").at(-1)}`).toBe(0);
    // the receiver answered while each command ran: they truly ran side by side
    expect(acknowledged.filter((a) => a.at > run.started && a.at < run.finished).length, run.command).toBeGreaterThan(0);
    // a command that had to wait said for whom: the receiver draining its spool
    for (const line of run.stderr.split("\n").filter((l) => l.startsWith("waiting for"))) {
      expect(line).toBe(`waiting for ${file}: in use by doraform webhooks serve (PID ${receiver.child.pid})`);
    }
  }
  expect(refused).toEqual([]);
  const acknowledgedIds = new Set(acknowledged.map((a) => a.id));
  // a delivery is answered 202 once; its repeats are answered as duplicates
  const landedAnswers = acknowledged.filter((a) => a.status === 202).map((a) => a.id);
  expect(landedAnswers.length).toBe(new Set(landedAnswers).size);
  const landed = (await rawRows(file, UNREAD_TABLE)).map((row) => row._airbyte_raw_id);
  expect(landed.length).toBe(new Set(landed).size);
  // every acknowledged delivery; besides them, at most one sent without an answer
  const others = landed.filter((key) => !acknowledgedIds.has(key.replace(/^pagerduty:/, "")));
  expect([...acknowledgedIds].filter((id) => !landed.includes(`pagerduty:${id}`))).toEqual([]);
  expect(others.filter((key) => !unanswered.has(key.replace(/^pagerduty:/, "")))).toEqual([]);
});
