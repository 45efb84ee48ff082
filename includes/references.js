// Reading references out of free text (docs/metrics.md decision 14, 23) on both engines. Neither
// engine's "extract all matches" reads the same, so text is cut at each match instead: the
// pattern is replaced by a marker, the text split on it, and each piece after a marker starts
// with what followed a match (`from t ${dialect.unnest(references.piecesAfter(...), "piece", {offset: "piece_index"})} where piece_index > 0`).

const MARKER = "\u241e";

/** A deployment id: gh-run:<digits> or gh-deploy:<digits>, optionally /<service>. */
const DEPLOYMENT_ID = "gh-(?:run|deploy):[0-9]+(?:/[A-Za-z0-9_-]+)?";

/** The repository and run id of a GitHub Actions run URL, read at the start of a piece after "https://github.com/". */
const RUN_URL_REPOSITORY = "^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/actions/runs/[0-9]+";
const RUN_URL_RUN_ID = "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/actions/runs/([0-9]+)";

/** ARRAY<STRING>: the text cut before each match of pattern (replacement decides where the cut falls). */
function piecesAfter(text, pattern, replacement = MARKER) {
  return `split(${dialect.regexpReplace(`coalesce(${text}, '')`, pattern, replacement)}, ${dialect.stringLiteral(MARKER)})`;
}

/** Pieces that follow "deployment:" (any case, any spaces): each may start with a deployment id. */
function afterDeploymentLabel(text) {
  return piecesAfter(text, "(?i)deployment:\\s*");
}

/** Pieces that follow a deployment id's start not preceded by a letter or digit. */
function atDeploymentIds(text) {
  return piecesAfter(text, "(^|[^A-Za-z0-9])(gh-(?:run|deploy):)", `\\1${MARKER}\\2`);
}

/** Pieces that follow "https://github.com/": each may be the rest of a run URL. */
function afterGithubUrl(text) {
  return piecesAfter(text, "https://github\\.com/");
}

/** The deployment id a piece starts with, else null. */
function leadingDeploymentId(piece) {
  return dialect.regexpExtract(piece, `^(${DEPLOYMENT_ID})`);
}

function runUrlRepository(piece) {
  return dialect.regexpExtract(piece, RUN_URL_REPOSITORY);
}

function runUrlRunId(piece) {
  return dialect.regexpExtract(piece, RUN_URL_RUN_ID);
}

/** Pieces that follow GitHub's revert body marker "Reverts ": each may start with owner/repo#n. */
function afterRevertsLabel(text) {
  return piecesAfter(text, "Reverts ");
}

/** The reverted pull request's repository and number at the start of a piece, else null. */
function revertedRepository(piece) {
  return dialect.regexpExtract(piece, "^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#[0-9]+");
}

function revertedPullNumber(piece) {
  return dialect.safeCast(dialect.regexpExtract(piece, "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#([0-9]+)"), "INT64");
}

/** The deployment id a Jira label `deployment-<id>` names (any case; the rest of the label, whatever the id's form), else null. */
function labelDeploymentId(label) {
  return dialect.regexpExtract(label, "(?i)^deployment-(.+)$");
}

/** Whether a note is a runbook resolution mark (never a cause reference). */
function isResolvedBy(text) {
  return dialect.regexpContains(`coalesce(${text}, '')`, "(?i)^\\s*resolved-by:");
}

module.exports = {
  piecesAfter, afterDeploymentLabel, atDeploymentIds, afterGithubUrl,
  leadingDeploymentId, runUrlRepository, runUrlRunId, isResolvedBy, labelDeploymentId,
  afterRevertsLabel, revertedRepository, revertedPullNumber,
};
