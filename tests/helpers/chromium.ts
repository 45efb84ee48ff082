import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import * as zlib from "node:zlib";
import { chromium, type Browser } from "playwright-core";

// The one place that decides which Chromium drives a test, so `npm ci && npm test` needs no apt and no browser
// download: a system Chromium when one is on PATH, else the headless shell that the npm package @sparticuz/chromium
// ships inside its tarball (brotli files, no install script). DORAFORM_CHROMIUM=bundled skips the system browser
// (CI sets it, so the npm route is the one tested); DORAFORM_CHROMIUM=/path/to/chrome takes that executable.

export const CHROMIUM_ENV = "DORAFORM_CHROMIUM";

// Without the background-networking flags Chromium calls Google's hosts at start, which this network refuses.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];
const SYSTEM_NAMES = ["chromium", "chromium-browser"];

export interface FoundChromium {
  executablePath: string;
  source: "system" | "bundled" | typeof CHROMIUM_ENV;
  /** Environment the executable needs (the bundled one: its own NSS libraries and fonts). */
  env: Record<string, string>;
}

// On a loaded 2-core CI machine the bundled headless shell has once died with SIGSEGV while starting (never
// reproduced idle); a browser that crashes before it answers is started again, and a third crash fails the test.
const LAUNCH_ATTEMPTS = 3;

export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({ executablePath: found.executablePath, args: ARGS, env: { ...process.env, ...found.env } });
    } catch (error) {
      if (attempt >= LAUNCH_ATTEMPTS) throw error;
      process.stderr.write(`chromium: start ${attempt} of ${LAUNCH_ATTEMPTS} failed, trying again: ${String(error).split("\n")[0]}\n`);
    }
  }
}

/** `choice` is DORAFORM_CHROMIUM's value: empty or unset looks on `searchPath` first. */
export async function findChromium(choice = process.env[CHROMIUM_ENV], searchPath = process.env.PATH ?? ""): Promise<FoundChromium> {
  if (choice && choice !== "bundled") {
    if (!isExecutable(choice)) throw new Error(`${CHROMIUM_ENV}=${choice}: not an executable file (give a Chromium's path, or "bundled")`);
    return { executablePath: choice, source: CHROMIUM_ENV, env: {} };
  }
  const system = choice === "bundled" ? undefined : onPath(SYSTEM_NAMES, searchPath);
  return system ? { executablePath: system, source: "system", env: {} } : bundledChromium();
}

/** The package's brotli files inflated once into node_modules/.cache (a folder per version, renamed into place whole). */
async function bundledChromium(): Promise<FoundChromium> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`no Chromium on PATH and @sparticuz/chromium ships Linux x64 only: install Chromium or set ${CHROMIUM_ENV} to its path`);
  }
  const packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "../..");
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  const home = path.resolve(packageDir, "../../.cache/doraform-chromium", version);
  if (!fs.existsSync(home)) await inflate(path.join(packageDir, "bin"), home);
  return {
    executablePath: path.join(home, "chromium"),
    source: "bundled",
    env: {
      // NSS from the package (its Amazon Linux libraries): the machine need not have libnss3.
      LD_LIBRARY_PATH: [path.join(home, "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
      // Only the package's Open Sans: text renders without any system font, and the same on every machine.
      FONTCONFIG_FILE: path.join(home, "fonts.conf"),
    },
  };
}

async function inflate(bin: string, home: string): Promise<void> {
  const staging = `${home}.${process.pid}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const executable = path.join(staging, "chromium");
  await pipeline(fs.createReadStream(path.join(bin, "chromium.br")), zlib.createBrotliDecompress(), fs.createWriteStream(executable, { mode: 0o755 }));
  // fonts.tar.br holds fonts/Open_Sans/*.ttf; al2023.tar.br holds lib/libnss3.so and its companions
  for (const archive of ["fonts.tar.br", "al2023.tar.br"]) {
    execFileSync("tar", ["-x", "-C", staging, "--exclude=fonts.conf"], { input: zlib.brotliDecompressSync(fs.readFileSync(path.join(bin, archive))) });
  }
  fs.writeFileSync(
    path.join(staging, "fonts.conf"),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n` +
      `<fontconfig><dir>${path.join(home, "fonts")}</dir><cachedir>${path.join(home, "fontconfig-cache")}</cachedir></fontconfig>\n`,
  );
  try {
    fs.renameSync(staging, home);
  } catch (error) {
    // Another process inflated it first: keep theirs.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(home)) throw error;
  }
}

function onPath(names: string[], searchPath: string): string | undefined {
  const dirs = searchPath.split(path.delimiter).filter(Boolean);
  return dirs.flatMap((dir) => names.map((name) => path.join(dir, name))).find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
