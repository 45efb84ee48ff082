import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import type { AirbyteRecord } from "../../ingest/protocol/messages.ts";

// apart from loaders.test.ts: 20,000 records take about 20 s, too long to run for every mutant of the loader
const dir = mkdtempSync(join(tmpdir(), "doraform-loader-flush-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (id: number): AirbyteRecord => ({ namespace: "github", stream: "commits", data: { id }, emitted_at: Date.UTC(2026, 2, 1, 12) });
const count = async (loader: DuckDbLoader) =>
  (await loader.warehouse.all<{ n: string }>('SELECT count(*)::VARCHAR AS n FROM airbyte_internal."github_raw__stream_commits"'))[0]!.n;

describe("the DuckDB loader's memory bound", () => {
  it("writes its buffer without a state once it holds 20,000 records, to bound memory", async () => {
    const loader = await DuckDbLoader.open({ file: join(dir, "flush.duckdb"), catalog: "doraform", dataset: "airbyte_internal" });
    await loader.prepare("github", ["commits"]);
    try {
      for (let id = 1; id < 20_000; id++) await loader.add(record(id));
      expect(await count(loader)).toBe("0");
      await loader.add(record(20_000));
      expect(await count(loader)).toBe("20000");
      expect(await loader.readState("github")).toEqual(new Map());
      // the buffer starts again: the next record waits for a state
      await loader.add(record(20_001));
      expect(await count(loader)).toBe("20000");
      await loader.commit({ namespace: "github", name: "commits" }, { cursor: "c" });
      expect(await count(loader)).toBe("20001");
    } finally {
      await loader.close();
    }
  });
});
