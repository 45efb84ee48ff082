import { describe, expect, it } from "vitest";
import type { Commit, Repository } from "../../demo/model/organisation.ts";
import { CommitGraph } from "../../demo/oracle/commit-graph.ts";

//   a ─ b ─ c ─ m ─ n     m merges c and e; f branches off b
//   │   └ f       │
//   └ d ─ e ──────┘
function commit(sha: string, parents: string[]): Commit {
  return { sha, parents, message: sha, author_login: null, author_date: "2026-01-01T00:00:00Z", committer_date: "2026-01-01T00:00:00Z", files: [], pull_numbers: [] };
}
const repository = {
  // listed children first on purpose: the graph must not rely on the order
  commits: [commit("n", ["m"]), commit("m", ["c", "e"]), commit("e", ["d"]), commit("d", ["a"]), commit("f", ["b"]), commit("c", ["b"]), commit("b", ["a"]), commit("a", [])],
} as Repository;
const graph = new CommitGraph(repository);
const between = (base: string | null, head: string) => [...graph.between(base, head)].sort();

describe("what a deployment contains (compare base...head)", () => {
  it("is everything reachable from the head but not from the base, merged branches included", () => {
    // reachable(n) = {a b c d e m n}; reachable(c) = {a b c}
    expect(between("c", "n")).toEqual(["d", "e", "m", "n"]);
    // reachable(e) = {a d e}
    expect(between("e", "m")).toEqual(["b", "c", "m"]);
  });

  it("counts a side branch's base as shipped already", () => {
    // reachable(f) = {a b f}
    expect(between("f", "n")).toEqual(["c", "d", "e", "m", "n"]);
  });

  it("is empty when the head is an ancestor of the base (a rollback) or the same commit", () => {
    expect(between("n", "c")).toEqual([]);
    expect(between("n", "n")).toEqual([]);
  });

  it("is the whole history without a base", () => {
    expect(between(null, "c")).toEqual(["a", "b", "c"]);
  });
});
