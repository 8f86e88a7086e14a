#!/usr/bin/env bash
# Browser and API tests: a production build served by `next start`, driven by Debian's Chromium, against the lab
# named by OWNERSCOPE_LAB_DIR (scripts/with-lab.sh provides one). Extra arguments go to `playwright test`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
[ -n "${OWNERSCOPE_LAB_DIR:-}" ] && [ -f "$OWNERSCOPE_LAB_DIR/lab.env" ] \
  || { echo "e2e: no lab (OWNERSCOPE_LAB_DIR); run: npm run test:e2e" >&2; exit 1; }
chromium=${OWNERSCOPE_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "e2e: Chromium not found at $chromium; install it: apt-get install -y chromium" >&2; exit 1; }

set -a; . "$OWNERSCOPE_LAB_DIR/lab.env"; set +a
# The browser tests' alert receivers are on this machine; an admin lists such hosts.
export OWNERSCOPE_ALLOWED_HOSTS=127.0.0.1
export OWNERSCOPE_DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ownerscope-e2e.XXXXXX")
trap 'rm -rf "$OWNERSCOPE_DATA_DIR"' EXIT
"$here/lab/connect.sh" "$OWNERSCOPE_DATA_DIR"
# An S3 Inventory report of the main bucket, delivered as S3 would (the gateway has no Inventory of its own).
npx tsx --conditions=react-server "$here/lab/write-inventory.ts" --bucket account-b-no-bucket --prefix e2e/ \
  --format Parquet >/dev/null
# One user per role, for the browser tests and the authorization matrix.
export OWNERSCOPE_E2E_PASSWORD="e2e-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
for role in admin operator viewer; do
  printf '%s' "$OWNERSCOPE_E2E_PASSWORD" | npx tsx --conditions=react-server scripts/cli/main.ts user add \
    --username "e2e-$role" --role "$role" --password-stdin --data-dir "$OWNERSCOPE_DATA_DIR" >/dev/null
done
# The app, then two trusted-header servers on the next two ports (playwright.config.ts).
export OWNERSCOPE_E2E_PORT=$(node "$here/free-port.mjs" 3)
mkdir -p artifacts
if [ "${OWNERSCOPE_SKIP_BUILD:-}" != 1 ]; then
  NEXT_TELEMETRY_DISABLED=1 node node_modules/next/dist/bin/next build
fi
npx playwright test "$@"
