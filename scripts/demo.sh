#!/usr/bin/env bash
# The demo: installs what is missing, starts the lab, seeds the cross-account scenario, registers the lab as a
# connection and serves the production build on http://127.0.0.1:3000 (OWNERSCOPE_PORT to change it).
# Ctrl-C stops the server and the lab.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true NEXT_TELEMETRY_DISABLED=1
port=${OWNERSCOPE_PORT:-3000}
# The demo's alert receiver prints in this terminal, on this machine: alerts may reach it over plain http.
export OWNERSCOPE_ALLOWED_HOSTS=${OWNERSCOPE_ALLOWED_HOSTS:-127.0.0.1}
export OWNERSCOPE_DATA_DIR=${OWNERSCOPE_DATA_DIR:-$PWD/data}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "demo: installing npm dependencies (npm ci)" >&2
  npm ci
fi
if node -e 'require("net").connect('"$port"', "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1))'; then
  echo "demo: port $port is in use; stop what runs there or set OWNERSCOPE_PORT" >&2
  exit 1
fi

server=""
receiver=""
lab_was_running=0
scripts/lab/lab status >/dev/null 2>&1 && lab_was_running=1
cleanup() {
  trap - INT TERM EXIT
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ -n "$receiver" ] && kill "$receiver" 2>/dev/null || true
  # Stop only what the demo started.
  [ "$lab_was_running" = 1 ] || scripts/lab/lab down || true
}
trap cleanup INT TERM EXIT

scripts/lab/lab up
npx tsx --conditions=react-server scripts/lab/seed.ts >/dev/null
set -a; . "${OWNERSCOPE_LAB_DIR:-$PWD/.lab}/lab.env"; set +a
scripts/lab/connect.sh "$OWNERSCOPE_DATA_DIR"
# An S3 Inventory report of the main bucket, to try "from an S3 Inventory report" with s3://inventory-reports/demo/.
npx tsx --conditions=react-server scripts/lab/write-inventory.ts --bucket account-b-no-bucket --prefix demo/ \
  --format Parquet >/dev/null
cli() { npx tsx --conditions=react-server scripts/cli/main.ts "$@" --data-dir "$OWNERSCOPE_DATA_DIR"; }
# The gateway has no inventory configurations to name where reports are delivered: allow the demo's by hand.
cli inventory-location add --connection lab --location s3://inventory-reports/demo/ >/dev/null
# The demo makes its own local admin (there is no default password anywhere) and signs you in with a one-time link.
if ! cli user list | grep -q '"username": "demo"'; then
  password=$(node -e 'console.log(require("crypto").randomBytes(12).toString("base64url"))')
  printf '%s' "$password" | cli user add --username demo --role admin --password-stdin >/dev/null
  echo "demo: created the local admin 'demo' with password $password (shown only here; Ownerscope keeps its hash)" >&2
fi
node node_modules/next/dist/bin/next build
bash scripts/start.sh -p "$port" &
server=$!
# Watching account-b-no-bucket: the gateway pushes every write to Ownerscope, and alerts print in this terminal
# (a local webhook receiver that checks each alert's signature).
until node -e 'require("net").connect('"$port"', "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1))'; do sleep 0.5; done
alerts_port=$(node scripts/free-port.mjs)
alerts_secret=$(node -e 'console.log(require("crypto").randomBytes(18).toString("base64url"))')
node scripts/demo-alerts.mjs "$alerts_port" "$alerts_secret" &
receiver=$!
cli alerts channel-add --name "demo terminal" --webhook "http://127.0.0.1:$alerts_port/" --secret "$alerts_secret" >/dev/null
cli alerts rule-add --connection lab --bucket account-b-no-bucket --channel "demo terminal" >/dev/null
cli watch setup --connection lab --bucket account-b-no-bucket --apply --url "http://127.0.0.1:$port" >/dev/null
link=$(cli user login-link --username demo --base-url "http://127.0.0.1:$port")
echo "demo: Ownerscope is on http://127.0.0.1:$port (bucket account-b-no-bucket holds account A's keys; an inventory report of it is at s3://inventory-reports/demo/); Ctrl-C stops it" >&2
echo "demo: open this one-time link to sign in as 'demo' (valid 10 minutes): $link" >&2
echo "demo: account-b-no-bucket is watched. Write to it as account A (without bucket-owner-full-control), from another terminal:" >&2
echo "  AWS_CONFIG_FILE=$AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE=$AWS_SHARED_CREDENTIALS_FILE aws --profile account-a s3 cp /etc/hostname s3://account-b-no-bucket/exports/demo-\$(date +%s).txt" >&2
echo "  then see it on http://127.0.0.1:$port/connections/lab/buckets/account-b-no-bucket/watch and as an alert here." >&2
wait "$server"
