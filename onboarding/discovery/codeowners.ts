/**
 * CODEOWNERS as GitHub reads it: one rule a line (a gitignore-style pattern, then owners), the last
 * matching rule deciding a path's owners. Only team owners (`@org/team`) name a team.
 */
export interface CodeownersRule {
  pattern: string;
  owners: string[];
  matches: RegExp;
}

/** Where GitHub looks for the file, in its order. */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

export function parseCodeowners(text: string): CodeownersRule[] {
  return text
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [pattern, ...owners] = line.split(/\s+/) as [string, ...string[]];
      return { pattern, owners, matches: patternRegex(pattern) };
    });
}

/** The teams (slugs) owning `path`: the owners of the last rule that matches it. */
export function owningTeams(rules: CodeownersRule[], path: string): string[] {
  const rule = [...rules].reverse().find((r) => r.matches.test(path));
  return (rule?.owners ?? []).map((owner) => /^@[^/\s]+\/([^/\s]+)$/.exec(owner)?.[1]).filter((slug): slug is string => slug !== undefined);
}

/** A gitignore-style pattern: anchored when it holds a slash before its end, a folder when it ends in one. */
function patternRegex(pattern: string): RegExp {
  const anchored = pattern.startsWith("/") || pattern.slice(0, -1).includes("/");
  const body = pattern.replace(/^\//, "");
  const glob = body
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => (part === "**/" || part === "**" ? ".*" : part === "*" ? "[^/]*" : part === "?" ? "[^/]" : part.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const tail = body.endsWith("/") ? ".*" : "(/.*)?";
  return new RegExp(`^${anchored ? "" : "(.*/)?"}${glob}${tail}$`);
}
