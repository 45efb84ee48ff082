import { fileURLToPath } from "node:url";
import type { Organisation } from "../../demo/model/organisation.ts";
import { expectedMarts, type ExpectedMarts } from "../../demo/oracle/index.ts";
import { loadScenario } from "../../demo/scenario/index.ts";

/** A hand-made scenario from demo/scenarios/, read and validated by the scenario loader. */
export function handMade(name: string): Promise<Organisation> {
  return loadScenario(fileURLToPath(new URL(`../../demo/scenarios/${name}.yaml`, import.meta.url)));
}

/** The scenarios' commit shas: a short hex label left-padded with zeros. */
export function sha(label: string): string {
  return label.padStart(40, "0");
}

/** The oracle's marts with rows looked up by key. */
export function martsOf(org: Organisation) {
  const marts: ExpectedMarts = expectedMarts(org);
  const find = <T>(rows: T[], match: (row: T) => boolean, what: string): T => {
    const row = rows.find(match);
    if (!row) throw new Error(`no row for ${what}`);
    return row;
  };
  return {
    marts,
    deployment: (id: string) => find(marts.deployments, (row) => row.deployment_id === id, id),
    change: (id: string) => find(marts.changes, (row) => row.change_id === id, id),
    incident: (id: string) => find(marts.incidents, (row) => row.incident_id === id, id),
    serviceWeek: (service: string, week: string) =>
      find(marts.service_weekly, (row) => row.service === service && row.week_start === week, `${service} ${week}`),
    summary: (scope: string, name: string, weeks: number) =>
      find(marts.summary, (row) => row.scope === scope && row.name === name && row.window_weeks === weeks, `${scope} ${name} ${weeks}`),
    quality: (check: string) => find(marts.data_quality, (row) => row.check_name === check, check).value,
  };
}
