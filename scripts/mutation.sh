#!/usr/bin/env bash
# Mutation testing of the edge modules, one module at a time (StrykerJS, stryker.config.mjs).
# Usage: scripts/mutation.sh [module ...]   (default: every module; names in stryker.config.mjs)
# Writes reports/mutation/<module>.{json,html} and ends with one "module: killed/total = score" line each.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then modules=(summary alert-log loaders http webhooks webhook-writers runbook); fi
for module in "${modules[@]}"; do
  MUTATION_MODULE="$module" npx stryker run
done
for module in "${modules[@]}"; do
  node scripts/mutation-score.mjs "reports/mutation/$module.json" "$module"
done
