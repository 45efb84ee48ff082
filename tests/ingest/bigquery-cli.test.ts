import { generateKeyPairSync } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeBigQuery } from "./bigquery-stub.ts";
import { demoServers, ingestConfig, KEY_SQL, temporaryDatabase } from "./demo-harness.ts";
import { expectedKeys } from "./expected.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";
import { ingestProcess } from "./ingest-process.ts";

const serve = demoServers();

/** A record's primary key as KEY_SQL spells it (`$.id`, or fields joined with literals by `||`). */
function keyOf(spec: string, data: Record<string, unknown>): string {
  if (spec.startsWith("$.")) return String(data[spec.slice(2)]);
  return spec.split("||").map((part) => part.trim()).map((part) => (part.startsWith("'") ? part.slice(1, -1) : String(data[part]))).join("");
}

/**
 * Service-account credentials that sign their own tokens (a universe other than googleapis.com asks
 * for self-signed JWTs), so the real client authenticates without reaching Google.
 */
function credentialsFile(dir: string): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const file = join(dir, "service-account.json");
  writeFileSync(
    file,
    JSON.stringify({
      type: "service_account",
      project_id: "p",
      private_key_id: "1",
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }),
      client_email: "loader@p.iam.gserviceaccount.com",
      universe_domain: "doraform.invalid",
    }),
  );
  return file;
}

describe("doraform ingest --warehouse bigquery, typed as a user types it", () => {
  it("loads every stream's records into its raw table through BigQuery's REST API, and the state after them", async () => {
    const org = { ...smallOrganisation(), jira: undefined };
    const server = await serve(org);
    const bigquery = await fakeBigQuery();
    // a DuckDB file the command must leave alone: it lands in BigQuery
    const database = temporaryDatabase();
    const dir = dirname(database);
    const config = join(dir, "ingest.json");
    writeFileSync(config, JSON.stringify(ingestConfig(org)));
    try {
      const run = await ingestProcess(["--warehouse", "bigquery", "--database", database, "--config", config], {
        ...server.env,
        GOOGLE_CLOUD_PROJECT: "p",
        // the client library's own switch for another endpoint (its emulator's)
        BIGQUERY_EMULATOR_HOST: `${bigquery.stub.url}/bigquery/v2`,
        GOOGLE_APPLICATION_CREDENTIALS: credentialsFile(dir),
      });
      expect(run.code, run.stderr).toBe(0);
      const loaded = new Map<string, Set<string>>();
      for (const load of bigquery.loads) {
        const table = (load.configuration.load.destinationTable as { tableId: string }).tableId;
        const [namespace, stream] = table.split("_raw__stream_");
        if (stream === undefined) continue;
        for (const row of load.rows) {
          const keys = loaded.get(stream) ?? new Set();
          keys.add(keyOf(KEY_SQL[`${namespace}.${stream}`]!, JSON.parse(row._airbyte_data as string)));
          loaded.set(stream, keys);
        }
      }
      for (const [stream, keys] of Object.entries(expectedKeys(org))) expect(loaded.get(stream) ?? new Set(), stream).toEqual(keys);
      // the state of each stream is loaded after its records
      const tables = bigquery.loads.map((load) => (load.configuration.load.destinationTable as { tableId: string }).tableId);
      expect(tables.at(-1)).toBe("_doraform_state");
      expect(existsSync(database)).toBe(false);
    } finally {
      await bigquery.stub.close();
    }
  }, 180_000);
});
