#!/usr/bin/env bash
# Every test: typecheck, lint, unit tests, then, against one fresh lab on free ports, the integration tests and the
# browser tests on a production build. Any failure (a lab or Chromium that cannot start included) fails the run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true NEXT_TELEMETRY_DISABLED=1

step() { printf '\n== %s\n' "$*"; }
# What the tests themselves name (this script's reports and the lab's folder are removed by their own traps).
tmp_entries() { (cd "${TMPDIR:-/tmp}" && ls -1d ownerscope-cli-* ownerscope-test-* sns-cert-* watch-* ownerscope-evidence-* 2>/dev/null | sort) || true; }
mapfile -t tmp_before < <(tmp_entries)
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
# Tests leave nothing behind: no folder the suite makes may outlive it in the system's temporary directory.
left=$(comm -13 <(printf '%s\n' "${tmp_before[@]}") <(tmp_entries))
if [ -n "$left" ]; then
  printf 'tests left these behind in %s:\n%s\n' "${TMPDIR:-/tmp}" "$left" >&2
  exit 1
fi
node "$here/test-totals.mjs" "$OWNERSCOPE_REPORTS"
