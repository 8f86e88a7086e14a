#!/usr/bin/env bash
# Every test: typecheck, lint, unit tests, then, against one fresh lab on free ports, the integration tests and the
# browser tests on a production build. Any failure (a lab or Chromium that cannot start included) fails the run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true NEXT_TELEMETRY_DISABLED=1

step() { printf '\n== %s\n' "$*"; }
step "typecheck"; npx tsc --noEmit
step "lint"; npx eslint . && npx prettier --check . >/dev/null && echo "eslint and prettier: clean"
step "unit tests"; npx vitest run --project unit
step "lab"
exec bash "$here/with-lab.sh" bash -c '
  set -euo pipefail
  printf "\n== integration tests (lab at %s)\n" "$OWNERSCOPE_LAB_DIR"
  npx vitest run --project integration
  printf "\n== browser and API tests\n"
  bash scripts/e2e.sh
'
