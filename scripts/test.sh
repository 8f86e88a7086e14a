#!/usr/bin/env bash
# Every test: typecheck, lint, unit tests, then, against one fresh lab on free ports, the integration tests and the
# browser tests on a production build. Any failure (a lab or Chromium that cannot start included) fails the run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true NEXT_TELEMETRY_DISABLED=1

step() { printf '\n== %s\n' "$*"; }
# Each runner also writes a JSON report; the last line of the run adds them up.
export OWNERSCOPE_REPORTS=$(mktemp -d "${TMPDIR:-/tmp}/ownerscope-reports.XXXXXX")
step "typecheck"; npx tsc --noEmit
# One command, so that set -e sees its failure (a failing "a && b" list does not stop the script).
step "lint"; npm run -s lint
step "unit tests"; npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$OWNERSCOPE_REPORTS/unit.json"
step "lab"
bash "$here/with-lab.sh" bash -c '
  set -euo pipefail
  printf "\n== integration tests (lab at %s)\n" "$OWNERSCOPE_LAB_DIR"
  npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$OWNERSCOPE_REPORTS/integration.json"
  printf "\n== browser and API tests\n"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$OWNERSCOPE_REPORTS/e2e.json" bash scripts/e2e.sh --reporter=list,json
'
node "$here/test-totals.mjs" "$OWNERSCOPE_REPORTS"
