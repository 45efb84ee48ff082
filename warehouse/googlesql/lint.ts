import { compileProject, REPOSITORY_ROOT } from "../compile.ts";
import { analyzeGraph, type GraphAnalysis } from "./analyze-graph.ts";
import { GoogleSqlService } from "./service.ts";

/**
 * Compiles a Dataform project for BigQuery (compilation errors throw) and analyzes every statement
 * its BigQuery build would run with GoogleSQL's analyzer, started for the call and stopped after.
 */
export async function analyzeProject(projectDir = REPOSITORY_ROOT, vars?: Record<string, string>): Promise<GraphAnalysis> {
  const graph = await compileProject(projectDir, { vars });
  const service = await GoogleSqlService.start();
  try {
    return await analyzeGraph(graph, service);
  } finally {
    await service.close();
  }
}
