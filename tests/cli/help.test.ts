import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

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
