/**
 * Load on the webhook receiver: thousands of deliveries from many concurrent senders, with forged
 * and repeated ones mixed in, against `doraform webhooks serve`'s handler and spooled writer on
 * loopback over a new DuckDB file. Reports throughput and latency percentiles per kind of delivery
 * and how long stopping took (landing what was still spooled), then checks the warehouse: every
 * valid delivery landed exactly once, no forged one landed.
 *
 *   npx tsx bench/webhooks-load.ts                          # 5000 deliveries, 50 senders
 *   npx tsx bench/webhooks-load.ts --deliveries 20000 --senders 200
 *   npx tsx bench/webhooks-load.ts --beside --senders 4 --pause 100
 *
 * --beside runs the nightly job's commands on the same file as processes, first alone and then while
 * the senders (each pausing --pause ms between deliveries) keep the receiver busy until they finish:
 * `doraform ingest` from `demo serve`, `transform`, `review`. It reports each command's time both
 * ways and the lines in which it said it waited for the file.
 *
 * Senders and receiver share this process (and the machine's cores), so the numbers are a floor.
 *
 * Then a flood against a real `doraform webhooks serve` in a process of its own: `--flood` connections
 * at once, each sending a body of the 5 MiB limit with a wrong bearer token, then with a well-formed
 * but wrong GitHub signature (a body that must be read before the HMAC can refuse it). Reports the
 * receiver's resident memory before, and its peak during, each flood (`--flood 0` skips it).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createWebhookHandler, DEFAULT_MAX_BODY_BYTES } from "../ingest/webhooks/handler.ts";
import { serveWebhooks } from "../ingest/webhooks/http-server.ts";
import { SpooledDeliveryWriter } from "../ingest/webhooks/spooled-writer.ts";
import { openWarehouse } from "../core/duckdb.ts";
import { demoServe } from "../demo/serve-process.ts";

const { values } = parseArgs({
  options: {
    deliveries: { type: "string", default: "5000" },
    senders: { type: "string", default: "50" },
    beside: { type: "boolean", default: false },
    pause: { type: "string", default: "0" },
    flood: { type: "string", default: "150" },
  },
});
const TOTAL = Number(values.deliveries);
const SENDERS = Number(values.senders);
const PAUSE_MS = Number(values.pause);
const FLOOD = Number(values.flood);
const COMMANDS = [["ingest"], ["transform"], ["review"]];
const SECRETS = { github: "bench-github-secret", pagerduty: "bench-pagerduty-secret", token: "bench-token" };
const CATALOG = "bench";
const DATASET = "airbyte_internal";
/** Shares of the mix: the rest are fresh valid deliveries. */
const REPEATED = 0.1;
const FORGED = 0.1;

type Kind = "valid" | "repeat" | "forged";
interface Delivery {
  kind: Kind;
  key: string;
  path: string;
  body: string;
  headers: Record<string, string>;
}

const hmac = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

/** A fresh valid delivery: GitHub, PagerDuty or a generic deployment report, in turn. */
function validDelivery(i: number): Delivery {
  const id = randomUUID();
  if (i % 3 === 0) {
    const body = JSON.stringify({ action: "completed", workflow: { id: 1, path: ".github/workflows/deploy.yml" }, workflow_run: { id: i, head_sha: "0".repeat(40), conclusion: "success", path: ".github/workflows/deploy.yml" }, repository: { full_name: "acme/api" } });
    return { kind: "valid", key: `github:${id}`, path: "/webhooks/github", body, headers: { "x-github-event": "workflow_run", "x-github-delivery": id, "x-hub-signature-256": `sha256=${hmac(SECRETS.github, body)}` } };
  }
  if (i % 3 === 1) {
    const body = JSON.stringify({ event: { id, event_type: "incident.resolved", resource_type: "incident", occurred_at: "2026-11-20T10:00:00Z", data: { id: `P${i}`, type: "incident" } } });
    // a secret rotation in progress: the retired secret's signature comes first
    return { kind: "valid", key: `pagerduty:${id}`, path: "/webhooks/pagerduty", body, headers: { "x-pagerduty-signature": `v1=${hmac("retired", body)},v1=${hmac(SECRETS.pagerduty, body)}` } };
  }
  const body = JSON.stringify({ deployment_id: `bench:${id}`, service: "api", environment: "production", commit_sha: "abcdef1", finished_at: "2026-11-20T10:00:00Z", result: "success" });
  return { kind: "valid", key: `doraform:deployments:${createHash("sha256").update(body).digest("hex")}`, path: "/webhooks/deployments", body, headers: { authorization: `Bearer ${SECRETS.token}` } };
}

/** The same delivery with its signature (or token) made with the wrong secret. */
function forged(d: Delivery): Delivery {
  const headers = { ...d.headers };
  if (headers["x-hub-signature-256"]) headers["x-hub-signature-256"] = `sha256=${hmac("guess", d.body)}`;
  if (headers["x-pagerduty-signature"]) headers["x-pagerduty-signature"] = `v1=${hmac("guess", d.body)}`;
  if (headers.authorization) headers.authorization = "Bearer guess";
  return { ...d, kind: "forged", headers };
}

/** The mix, shuffled with a fixed seed so runs compare. */
function plan(): Delivery[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const deliveries: Delivery[] = [];
  const valid: Delivery[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const roll = random();
    if (roll < FORGED) deliveries.push(forged(validDelivery(i)));
    else if (roll < FORGED + REPEATED && valid.length > 0) deliveries.push({ ...valid[Math.floor(random() * valid.length)], kind: "repeat" });
    else {
      const d = validDelivery(i);
      valid.push(d);
      deliveries.push(d);
    }
  }
  return deliveries;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);

interface CommandRun {
  command: string;
  code: number | null;
  seconds: number;
  waits: string[];
}

/** One `doraform` command as a process; its time, exit code and the lines in which it said it waited. */
function doraform(args: string[], env: Record<string, string>): Promise<CommandRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/doraform.js", ...args], { env: { ...process.env, GOOGLE_CLOUD_PROJECT: "", ...env }, maxBuffer: 64 << 20 }, (error, _stdout, stderr) => {
      const code = error ? ((error as { code?: number }).code ?? 1) : 0;
      resolve({ command: args[0], code, seconds: (performance.now() - started) / 1000, waits: stderr.split("\n").filter((line) => line.startsWith("waiting for")) });
    });
  });
}

async function runCommands(file: string, env: Record<string, string>): Promise<CommandRun[]> {
  const runs: CommandRun[] = [];
  for (const command of COMMANDS) runs.push(await doraform([...command, "--database", file], env));
  return runs;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "doraform-webhooks-bench-"));
  const file = join(directory, "bench.duckdb");
  const demo = values.beside ? await demoServe() : undefined;
  const alone = demo ? await runCommands(join(directory, "alone.duckdb"), demo.env) : [];
  const writer = await SpooledDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
  const maxBodyBytes = 1 << 20;
  const server = await serveWebhooks(createWebhookHandler({ secrets: SECRETS, writer, maxBodyBytes }), { port: 0, maxBodyBytes });

  const deliveries = plan();
  const latencies: Record<Kind, number[]> = { valid: [], repeat: [], forged: [] };
  const statuses = new Map<string, number>();
  const acknowledged = new Set<string>();
  let next = 0;
  let commandsDone = false;
  const started = performance.now();
  const beside = demo ? runCommands(file, demo.env).finally(() => (commandsDone = true)) : Promise.resolve([]);
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < deliveries.length && !(demo && commandsDone)) {
        const d = deliveries[next++];
        const t0 = performance.now();
        // a connection lost before the answer (a keep-alive socket closed under the sender) is no acknowledgement: GitHub would retry
        const status = await fetch(`${server.url}${d.path}`, { method: "POST", body: d.body, headers: { "content-type": "application/json", ...d.headers } }).then(
          async (response) => (await response.arrayBuffer(), response.status),
          () => "no answer",
        );
        latencies[d.kind].push(performance.now() - t0);
        statuses.set(`${d.kind} ${status}`, (statuses.get(`${d.kind} ${status}`) ?? 0) + 1);
        if (status === 200 || status === 202) acknowledged.add(d.key);
        if (PAUSE_MS > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const runs = await beside;
  demo?.stop();
  await server.close();
  const stopping = performance.now();
  await writer.close();
  const stopSeconds = (performance.now() - stopping) / 1000;
  const sent = deliveries.slice(0, next);

  process.stdout.write(`${sent.length} deliveries from ${SENDERS} concurrent senders in ${seconds.toFixed(1)} s: ${(sent.length / seconds).toFixed(0)} deliveries/s\n`);
  process.stdout.write(`answers: ${[...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(", ")}\n`);
  process.stdout.write("latency ms       n     p50     p90     p99     max\n");
  for (const kind of ["valid", "repeat", "forged"] as const) {
    const sorted = [...latencies[kind]].sort((a, b) => a - b);
    const cells = [50, 90, 99, 100].map((p) => percentile(sorted, p).toFixed(1).padStart(7)).join(" ");
    process.stdout.write(`${kind.padEnd(10)} ${String(sorted.length).padStart(6)} ${cells}\n`);
  }
  process.stdout.write(`stopping (landing what was still spooled): ${stopSeconds.toFixed(2)} s\n`);
  for (const [i, run] of runs.entries()) {
    process.stdout.write(`${run.command.padEnd(10)} alone ${alone[i].seconds.toFixed(1)} s, beside the receiver ${run.seconds.toFixed(1)} s (exit ${run.code}), waited ${run.waits.length} time(s)${run.waits.length ? `: ${run.waits[0]}` : ""}\n`);
  }
  const failedCommands = runs.filter((run) => run.code !== 0).length;

  // the warehouse, read back: every valid delivery once, nothing forged (the sync's own streams aside)
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  const tables = await warehouse.all<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${DATASET}' AND regexp_matches(table_name, '^(github_webhook|pagerduty_webhook|doraform)_raw__stream_')`);
  const landed = new Map<string, number>();
  for (const { table_name } of tables) {
    for (const row of await warehouse.all<{ id: string; n: number }>(`SELECT _airbyte_raw_id AS id, count(*)::INTEGER AS n FROM "${DATASET}"."${table_name}" GROUP BY 1`)) landed.set(row.id, (landed.get(row.id) ?? 0) + row.n);
  }
  warehouse.close();
  rmSync(directory, { recursive: true, force: true });
  // every acknowledged valid delivery once; one sent without an answer at most once
  const valid = new Set(sent.filter((d) => d.kind === "valid").map((d) => d.key));
  const expected = new Set([...valid].filter((key) => acknowledged.has(key)));
  const forgedOnly = new Set(sent.filter((d) => d.kind === "forged").map((d) => d.key));
  const missing = [...expected].filter((key) => landed.get(key) !== 1);
  const leaked = [...forgedOnly].filter((key) => landed.has(key));
  const unexpected = [...landed].filter(([key, n]) => !valid.has(key) || n !== 1).map(([key]) => key);
  process.stdout.write(`landed ${landed.size} distinct deliveries (${[...landed.values()].reduce((a, b) => a + b, 0)} rows) for ${expected.size} acknowledged valid ones\n`);
  if (missing.length + leaked.length + unexpected.length + failedCommands > 0) {
    process.stderr.write(`FAILED: ${missing.length} valid deliveries not landed exactly once, ${leaked.length} forged landed, ${unexpected.length} unexpected, ${failedCommands} commands failed\n`);
    process.exit(1);
  }
  process.stdout.write("ok: every acknowledged valid delivery landed exactly once, no forged delivery landed\n");
}

/** Resident and peak resident memory of a process, in MB (Linux). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** Starts `doraform webhooks serve` on a free port over a new file; resolves with its URL. */
async function startServe(directory: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { PATH: process.env.PATH, GITHUB_WEBHOOK_SECRET: SECRETS.github, DORAFORM_WEBHOOK_TOKEN: SECRETS.token };
  const child = spawn("node", ["bin/doraform.js", "webhooks", "serve", "--port", "0", "--database", join(directory, "flood.duckdb")], { env, stdio: ["ignore", "ignore", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)\//.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`webhooks serve exited ${code}: ${stderr}`)));
  });
  return { child, url };
}

/** `connections` requests at once, each with `body`; counts the answers (or how the connection ended). */
async function flood(url: string, path: string, headers: Record<string, string>, body: Buffer, connections: number): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<void>((resolve) => {
          const req = request(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", "content-length": String(body.length), ...headers } });
          let answered = false;
          req.once("response", (res) => {
            answered = true;
            count(String(res.statusCode));
            res.resume();
            res.once("end", resolve);
          });
          // the receiver hangs up on a refused body: what is still being sent then fails, after the answer or instead of it
          req.once("error", (error: NodeJS.ErrnoException) => {
            if (!answered) count(error.code ?? error.message);
            resolve();
          });
          req.end(body);
        }),
    ),
  );
  return outcomes;
}

async function floods(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "doraform-webhooks-flood-"));
  const body = Buffer.alloc(DEFAULT_MAX_BODY_BYTES, "x");
  const attacks: Array<[string, string, Record<string, string>]> = [
    ["wrong bearer token", "/webhooks/deployments", { authorization: "Bearer guess" }],
    ["wrong GitHub signature", "/webhooks/github", { "x-github-event": "push", "x-github-delivery": "flood", "x-hub-signature-256": `sha256=${hmac("guess", "x")}` }],
  ];
  process.stdout.write(`\nflood: ${FLOOD} connections at once, each a ${DEFAULT_MAX_BODY_BYTES / 1024 / 1024} MiB body, against webhooks serve in its own process\n`);
  for (const [what, path, headers] of attacks) {
    // a receiver of its own per attack, so each peak is that attack's
    const { child, url } = await startServe(directory);
    try {
      const before = memory(child.pid as number);
      const started = performance.now();
      const outcomes = await flood(url, path, headers, body, FLOOD);
      const seconds = (performance.now() - started) / 1000;
      const after = memory(child.pid as number);
      const answers = [...outcomes].sort().map(([k, n]) => `${k}: ${n}`).join(", ");
      process.stdout.write(`${what}: resident ${before.rss.toFixed(0)} MB before, peak ${after.peak.toFixed(0)} MB (+${(after.peak - before.rss).toFixed(0)} MB), ${seconds.toFixed(1)} s; ${answers}\n`);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  rmSync(directory, { recursive: true, force: true });
}

await main();
if (FLOOD > 0) await floods();
