import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { findChromium } from "../helpers/chromium.ts";

const REPOSITORY = path.resolve(import.meta.dirname, "../..");

describe("the Chromium that tests drive", { timeout: 180_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-chromium-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("comes from the npm package when asked for the bundled one, and sets the report's text in its own font", async () => {
    const found = await findChromium("bundled", "/nonexistent");
    expect(found.source).toBe("bundled");
    expect(found.executablePath.startsWith(path.join(REPOSITORY, "node_modules", ".cache"))).toBe(true);
    const browser = await chromium.launch({ executablePath: found.executablePath, args: ["--no-sandbox", "--disable-gpu"], env: { ...process.env, ...found.env } });
    try {
      const page = await browser.newPage();
      // every non-ASCII character report/ prints, in the report's own font stack
      const text = "Change failure rate ≤ 10.0% — lead time ≥ 1 d … 6 h 15 min · on track •";
      await page.setContent(`<p style="font-family: system-ui, sans-serif">${text}</p>`);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("DOM.enable");
      await cdp.send("CSS.enable");
      const { root } = await cdp.send("DOM.getDocument");
      const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "p" });
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
      // only the package's Open Sans is configured: no machine font stands in (tests/artifacts/report.png shows it)
      expect(fonts.map((f) => f.familyName)).toEqual(["Open Sans"]);
    } finally {
      await browser.close();
    }
  });

  it("takes a system Chromium from PATH first", async () => {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "chromium-browser"), "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(path.join(bin, "chromium"), "not executable\n", { mode: 0o644 });
    const found = await findChromium("", `/nonexistent${path.delimiter}${bin}`);
    expect(found).toEqual({ executablePath: path.join(bin, "chromium-browser"), source: "system", env: {} });
  });

  it("takes the executable DORAFORM_CHROMIUM names, and says so in one line when there is none", async () => {
    const own = path.join(dir, "my-chrome");
    fs.writeFileSync(own, "#!/bin/sh\n", { mode: 0o755 });
    expect((await findChromium(own, "")).executablePath).toBe(own);
    await expect(findChromium(path.join(dir, "missing"), "")).rejects.toThrow(/^DORAFORM_CHROMIUM=.*missing: not an executable file/);
  });
});
