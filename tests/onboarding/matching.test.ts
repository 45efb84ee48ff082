import { describe, expect, it } from "vitest";
import { owningTeams, parseCodeowners } from "../../onboarding/discovery/codeowners.ts";
import { matchName, tokens } from "../../onboarding/discovery/names.ts";
import { parseWorkflow } from "../../onboarding/discovery/workflows.ts";

const SERVICES = ["api", "api-2", "payments", "checkout", "mobile-backend", "feature-flags"];
const matched = (name: string) => {
  const match = matchName(name, SERVICES, (s) => s);
  return match.kind === "match" ? match.candidate : match.kind;
};

describe("matching names people gave to service names", () => {
  it("splits at punctuation and camelCase and drops environment words", () => {
    expect(tokens("Payments API (prod)")).toEqual(["payments", "api"]);
    expect(tokens("checkoutService-production")).toEqual(["checkout", "service"]);
  });

  it("prefers the same specific words, then a service all of whose words the name holds", () => {
    expect(matched("Payments API (prod)")).toBe("payments"); // not api: its specific word is payments
    expect(matched("Public API (prod)")).toBe("api");
    expect(matched("Api 2 (prod)")).toBe("api-2"); // every token, before api's one
    expect(matched("Mobile Backend (production)")).toBe("mobile-backend");
    expect(matched("Feature Flags Database")).toBe("feature-flags");
    expect(matched("Checkout Payments")).toBe("ambiguous");
    expect(matched("Shared Infrastructure")).toBe("none");
    expect(matched("(prod)")).toBe("none");
  });
});

describe("CODEOWNERS", () => {
  const rules = parseCodeowners(
    ["# owners", "* @acme/web", "/services/search/ @acme/discovery # moved", "docs/ @acme/writers", "*.tf @acme/sre alice@example.com", "/lib/**/gen @acme/codegen"].join("\n"),
  );

  it("gives a path the team owners of the last rule that matches it", () => {
    expect(owningTeams(rules, "src/index.ts")).toEqual(["web"]);
    expect(owningTeams(rules, "services/search/src/index.ts")).toEqual(["discovery"]);
    // an unanchored folder matches anywhere, an anchored one only at the root
    expect(owningTeams(rules, "services/search/docs/readme.md")).toEqual(["writers"]);
    expect(owningTeams(rules, "x/services/search/a.ts")).toEqual(["web"]);
    // an email owner names no team
    expect(owningTeams(rules, "infra/main.tf")).toEqual(["sre"]);
    expect(owningTeams(rules, "lib/a/b/gen/x.ts")).toEqual(["codegen"]);
  });
});

describe("workflow files", () => {
  it("reads jobs, their environments and needs, and the folders of the push paths filter", () => {
    const text = "on:\n  push:\n    paths: ['services/api/**', 'libs/shared/*.ts', '!**/*.md']\njobs:\n  build: {}\n  ship:\n    needs: [build]\n    environment: { name: production, url: x }\n";
    expect(parseWorkflow(".github/workflows/cd.yml", text)).toEqual({
      path: ".github/workflows/cd.yml",
      jobs: [
        { id: "build", environment: null, needs: [] },
        { id: "ship", environment: "production", needs: ["build"] },
      ],
      pushPrefixes: ["services/api/", "libs/shared/"],
    });
    // a filter reaching the whole repository tells no service apart; a file that is not a workflow is null
    expect(parseWorkflow("w.yml", "on:\n  push:\n    paths: ['**/*.ts']\njobs:\n  a: {}\n")!.pushPrefixes).toEqual([]);
    expect(parseWorkflow("w.yml", "just: [text")).toBeNull();
    expect(parseWorkflow("w.yml", "name: no jobs")).toBeNull();
  });
});
