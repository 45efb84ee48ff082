import { execFileSync, spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";

describe("the doraform command", () => {
  it("prints its usage with --help and exits 0", () => {
    const out = execFileSync(process.execPath, ["bin/doraform.js", "--help"], { encoding: "utf8" });
    expect(out).toContain("Usage: doraform");
  });

  it("rejects an unknown subcommand with a non-zero exit", () => {
    let status = 0;
    try {
      execFileSync(process.execPath, ["bin/doraform.js", "no-such-command"], { stdio: "pipe" });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).not.toBe(0);
  });
});

describe("the CLI the other tests start (tests/helpers/cli.ts)", () => {
  /** `node ENTRY ARGS` from a folder outside the repository: its exit status and output. */
  const answer = (entry: string, args: string[]) => {
    const { status, stdout, stderr } = spawnSync(process.execPath, [entry, ...args], { cwd: os.tmpdir(), encoding: "utf8" });
    return { status, stdout, stderr };
  };

  it("answers as bin/doraform.js does: the same commands, and the project files found from any folder", () => {
    // config check reads doraform.yaml and includes/generated/ beside the sources: from a misplaced
    // project root it would say they are missing and exit 1
    for (const args of [["--help"], ["config", "check"]]) {
      const source = answer(path.resolve("bin/doraform.js"), args);
      expect(source.status).toBe(0);
      expect(answer(CLI, args)).toEqual(source);
    }
  });
});
