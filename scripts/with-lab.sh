#!/usr/bin/env bash
# Runs a command against a fresh, seeded lab on free ports in a temporary directory, then stops the lab.
# A lab that cannot start fails the command: tests never run without it.
#   scripts/with-lab.sh COMMAND [ARGS...]
# With OWNERSCOPE_LAB_DIR already pointing at a running lab (scripts/test.sh does this), it reuses that lab.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

if [ -n "${OWNERSCOPE_LAB_DIR:-}" ] && [ -f "$OWNERSCOPE_LAB_DIR/lab.env" ]; then
  exec "$@"
fi

export OWNERSCOPE_LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ownerscope-lab.XXXXXX")
export OWNERSCOPE_LAB_RGW_PORT=$(node "$here/free-port.mjs")
export OWNERSCOPE_LAB_MON_PORT=$(node "$here/free-port.mjs")
stop() {
  OWNERSCOPE_LAB_RGW_PORT=$OWNERSCOPE_LAB_RGW_PORT "$here/lab/lab" down || true
  rm -rf "$OWNERSCOPE_LAB_DIR"
}
trap stop EXIT
"$here/lab/lab" up
# The scenario, plus a copy of it that the browser tests may fix.
npx tsx --conditions=react-server "$here/lab/seed.ts" --scenario-bucket e2e-fix-api --scenario-bucket e2e-fix-ui >/dev/null
"$@"
