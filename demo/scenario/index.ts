import type { Organisation } from "../model/organisation.ts";
import { generateOrganisation } from "../generate/index.ts";
import { loadScenario } from "./load.ts";

export { loadScenario, saveScenario } from "./load.ts";
export { validateOrganisation } from "./validate.ts";

/**
 * The organisation a demo describes: the scenario file when one is given, else the generated
 * default demo with this seed. `demo serve`, `demo expected` and `run` all call this, so the
 * same seed or scenario means the same organisation everywhere. The generated demo tracks
 * incidents in both PagerDuty and Jira, so a first run shows both sources at work.
 */
export async function demoOrganisation({ seed, scenario }: { seed?: number; scenario?: string } = {}): Promise<Organisation> {
  return scenario !== undefined ? loadScenario(scenario) : generateOrganisation({ seed, jira: "some" });
}
