// One line per Stryker JSON report: killed (and timed out) over valid mutants, as the docs list them.
import { readFileSync } from "node:fs";

const [file, label] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, "utf8"));
const counts = {};
for (const f of Object.values(report.files)) for (const m of f.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
const score = valid === 0 ? 100 : (100 * detected) / valid;
console.log(`${label}: ${detected}/${valid} killed = ${score.toFixed(1)}% (survived ${counts.Survived ?? 0}, no coverage ${counts.NoCoverage ?? 0}, ignored ${counts.Ignored ?? 0})`);
