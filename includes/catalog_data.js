// The service catalog and the knobs of the metric definitions (docs/metrics.md, Services), as written
// in doraform.yaml (`services:` and `settings:`, docs/configuration.md). Dataform's compiler reads
// JSON, not YAML, and Google Cloud Dataform cannot read the working directory at run time, so
// `doraform config sync` writes them to includes/generated/doraform.json, committed beside it;
// `doraform lint` fails when that file is stale. includes/catalog.js checks them and renders them as
// SQL; the Dataform var `catalog_json` (JSON text `{services, settings}`) replaces both when set:
// that is how the demo run and the end-to-end tests hand the simulated organisation's catalog over.

const generated = require("./generated/doraform.json");

module.exports = { services: generated.services, settings: generated.settings };
