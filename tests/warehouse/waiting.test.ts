import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import { WarehouseBusy } from "../../core/waiting.ts";
import { holdFile } from "../helpers/hold-file.ts";

const CATALOG = "waiting_test";
const temporaryFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-waiting-")), "w.duckdb");

describe("opening a warehouse file another process holds", () => {
  it("says once that it waits, asks for the file with a marker beside it, and opens it once the holder lets go", async () => {
    const file = temporaryFile();
    const holder = await holdFile(file);
    const lines: string[] = [];
    let markedWhileWaiting = false;
    const warehouse = await openWarehouse({
      file,
      catalog: CATALOG,
      waitMs: 120_000,
      log: (line) => {
        lines.push(line);
        markedWhileWaiting = fs.existsSync(`${file}.wanted-${process.pid}`);
        // the holder lets go only once the opener has said it waits: the open below had to wait for it
        void holder.release();
      },
    });
    try {
      await warehouse.run("create table t as select 1 as a");
      expect(await warehouse.all("select a from t")).toEqual([{ a: 1 }]);
    } finally {
      warehouse.close();
    }
    expect(lines).toEqual([`waiting for ${file}: in use by another process (node, PID ${holder.pid})`]);
    expect(markedWhileWaiting).toBe(true);
    expect(fs.existsSync(`${file}.wanted-${process.pid}`)).toBe(false);
  });

  it("names the doraform command holding the file", async () => {
    const file = temporaryFile();
    // a holder whose command line is doraform's, as /proc shows it
    const holder = await holdFile(file, ["bin/doraform.js", "transform", "--database", file]);
    try {
      const error = await openWarehouse({ file, catalog: CATALOG, readOnly: true, waitMs: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WarehouseBusy);
      expect((error as Error).message).toBe(`${file} is in use by doraform transform (PID ${holder.pid})`);
    } finally {
      await holder.release();
    }
  });

  it("refuses a DORAFORM_LOCK_TIMEOUT that is not a number of seconds, naming it", async () => {
    const saved = process.env.DORAFORM_LOCK_TIMEOUT;
    process.env.DORAFORM_LOCK_TIMEOUT = "10m";
    try {
      await expect(openWarehouse({ file: temporaryFile(), catalog: CATALOG })).rejects.toThrow('DORAFORM_LOCK_TIMEOUT: "10m" is not a number of seconds');
    } finally {
      if (saved === undefined) delete process.env.DORAFORM_LOCK_TIMEOUT;
      else process.env.DORAFORM_LOCK_TIMEOUT = saved;
    }
  });
});
