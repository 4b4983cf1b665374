#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: set up pnpm, the locked
# dependencies, Redis, PostgreSQL and Chromium, then typecheck and build, lint, run unit,
# integration, end-to-end and fault tests against the real servers, and the quality gates.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/scripts/setup.sh --redis --postgres --chromium
export REDIS_URL TEST_POSTGRES_URL CHROMIUM_PATH
pnpm --silent build   # typecheck, then services/*/dist/main.js (the lifecycle tests run those)
pnpm --silent lint
report=$(mktemp)
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$report" || true
rm -f "$report"
# Quality gates: the evaluators of ../shared on its corpora, against floors (skipped, with a line, without ../shared).
node infra/scripts/quality.mjs || status=1
exit "$status"
