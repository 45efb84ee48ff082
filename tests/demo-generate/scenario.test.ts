import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../core/errors.ts";
import { SIZES, generateOrganisation } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { loadScenario, saveScenario } from "../../demo/scenario/index.ts";

const dir = mkdtempSync(join(tmpdir(), "doraform-scenario-"));
const tiny = () => generateOrganisation({ ...SIZES.tiny, seed: 3 });

/** Writes `org` after `spoil` changes it, loads it back, and returns the one-line error. */
async function errorFor(name: string, spoil: (org: Organisation) => void): Promise<string> {
  const org = tiny();
  spoil(org);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(org));
  return loadError(file);
}

async function loadError(file: string): Promise<string> {
  const error = await loadScenario(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).not.toContain("\n");
  return message;
}

describe("scenario files", () => {
  it("round-trip through JSON: generate, save, load gives the same organisation", async () => {
    const org = tiny();
    await saveScenario(org, join(dir, "org.json"));
    expect(await loadScenario(join(dir, "org.json"))).toEqual(org);
  });

  it("round-trip through YAML, shas that look like numbers included", async () => {
    const original = tiny();
    const org = JSON.parse(JSON.stringify(original).replaceAll(original.repositories[0].commits[0].sha, "1234567")) as Organisation;
    await saveScenario(org, join(dir, "org.yaml"));
    expect(readFileSync(join(dir, "org.yaml"), "utf8")).toContain('sha: "1234567"');
    expect(await loadScenario(join(dir, "org.yaml"))).toEqual(org);
  });

  it("reject a missing key, naming the file and the field", async () => {
    const message = await errorFor("missing.json", (org) => {
      delete (org.repositories[0].workflow_runs[2] as Partial<(typeof org.repositories)[0]["workflow_runs"][0]>).head_sha;
    });
    expect(message).toBe(`${join(dir, "missing.json")}: repositories[0].workflow_runs[2].head_sha: missing`);
  });

  it("reject a value of the wrong type", async () => {
    const message = await errorFor("type.json", (org) => {
      (org.pagerduty.incidents[0] as { urgency: unknown }).urgency = 3;
    });
    expect(message).toBe(`${join(dir, "type.json")}: pagerduty.incidents[0].urgency: expected one of high, low, got 3`);
  });

  it("reject a time that is not UTC ISO 8601", async () => {
    const message = await errorFor("time.json", (org) => {
      org.repositories[0].pull_requests[0].created_at = "2026-03-02 10:15";
    });
    expect(message).toContain("repositories[0].pull_requests[0].created_at: expected a UTC time");
  });

  it("reject a sha that is not in the repository", async () => {
    const message = await errorFor("sha.json", (org) => {
      org.repositories[0].workflow_runs[1].head_sha = "deadbeef";
    });
    expect(message).toBe(`${join(dir, "sha.json")}: repositories[0].workflow_runs[1].head_sha: commit deadbeef is not in ${tiny().repositories[0].full_name}'s commits`);
  });

  it("reject a duplicate id", async () => {
    const message = await errorFor("duplicate.json", (org) => {
      org.pagerduty.incidents[1].id = org.pagerduty.incidents[0].id;
    });
    expect(message).toBe(`${join(dir, "duplicate.json")}: pagerduty.incidents[1].id: duplicate incident id ${tiny().pagerduty.incidents[0].id}`);
  });

  it("reject a service whose team does not exist", async () => {
    const message = await errorFor("team.json", (org) => {
      org.services[0].team = "nobody";
    });
    expect(message).toBe(`${join(dir, "team.json")}: services[0].team: no team named nobody`);
  });

  it("reject malformed JSON and YAML, an unknown extension and a missing file", async () => {
    writeFileSync(join(dir, "bad.json"), '{"as_of": ');
    expect(await loadError(join(dir, "bad.json"))).toMatch(new RegExp(`^${join(dir, "bad.json")}: not valid JSON: `));
    writeFileSync(join(dir, "bad.yaml"), "as_of: [unclosed");
    expect(await loadError(join(dir, "bad.yaml"))).toMatch(new RegExp(`^${join(dir, "bad.yaml")}: not valid YAML: `));
    expect(await loadError(join(dir, "org.txt"))).toBe(`${join(dir, "org.txt")}: a scenario file ends in .json, .yaml or .yml`);
    expect(await loadError(join(dir, "absent.json"))).toBe(`${join(dir, "absent.json")}: cannot read the scenario file (ENOENT)`);
  });

  it("accept the example scenario of docs/demo.md", async () => {
    const page = readFileSync("docs/demo.md", "utf8");
    const example = /<!-- example: scenario -->\s*```yaml\n([\s\S]*?)```/.exec(page)?.[1];
    expect(example).toBeDefined();
    writeFileSync(join(dir, "example.yaml"), example!);
    const org = await loadScenario(join(dir, "example.yaml"));
    expect(org.services.map((s) => s.name)).toEqual(["api"]);
  });
});
