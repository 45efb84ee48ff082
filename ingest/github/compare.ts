import type { RepoContext } from "./context.ts";

export interface CompareCommit {
  sha: string;
  parents: Array<{ sha: string }>;
  author: { login: string } | null;
  commit: { message: string; author: { date: string } | null; committer: { date: string } | null };
}

interface ComparePage {
  status: "ahead" | "behind" | "diverged" | "identical";
  ahead_by: number;
  behind_by: number;
  total_commits: number;
  commits: CompareCommit[];
}

export interface Comparison extends Omit<ComparePage, "commits"> {
  /** Oldest first, every page (an unpaged compare stops at 250). */
  commits: CompareCommit[];
}

export async function compare({ api, repo }: RepoContext, base: string, head: string): Promise<Comparison> {
  const first = await api.get<ComparePage>(`/repos/${repo.full_name}/compare/${base}...${head}`, { query: { per_page: 100 } });
  const commits: CompareCommit[] = [];
  for await (const page of api.pages(first)) commits.push(...page.commits);
  const { status, ahead_by, behind_by, total_commits } = first.body;
  return { status, ahead_by, behind_by, total_commits, commits };
}
