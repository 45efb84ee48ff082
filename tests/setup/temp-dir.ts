// vitest globalSetup: one temporary folder per test run, removed when the run ends. Tests (and the
// processes they start) make their DuckDB files, projects and spools under os.tmpdir(); many leave
// them there when a test fails or a server outlives it, and a day of runs filled the disk. Setting
// TMPDIR here, before the workers start, puts all of it under one folder that is removed whatever
// the tests did.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(previous ?? os.tmpdir(), "doraform-tests-"));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
