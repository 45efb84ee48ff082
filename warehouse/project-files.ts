import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

/** The official CLI's file list: every file with an extension, outside node_modules and dot folders. */
export function listProjectFiles(root: string, dir = ""): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listProjectFiles(root, relative));
    else if (entry.name.includes(".")) files.push(relative);
  }
  return files.sort();
}

/** The @dataform/core that compiles the project: the project's own wins (as with the CLI), else the one this tool ships with. */
export function dataformCorePath(projectDir: string): string {
  return createRequire(import.meta.url).resolve("@dataform/core", { paths: [projectDir, path.dirname(import.meta.dirname)] });
}
