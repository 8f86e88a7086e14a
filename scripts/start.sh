#!/usr/bin/env bash
# Starts the production server (after `npm run build`): 127.0.0.1 unless OWNERSCOPE_HOST says otherwise, port 3000
# unless -p PORT is given. The heap is bounded so that a long scan's garbage is collected as it goes and the
# server's memory stays flat (measured by npm run bench:scan); OWNERSCOPE_HEAP_MB raises the bound.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_OPTIONS="--max-old-space-size=${OWNERSCOPE_HEAP_MB:-192} --max-semi-space-size=4 ${NODE_OPTIONS:-}"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=${AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:-true}
if [ -n "${OWNERSCOPE_TRUSTED_HEADER:-}" ]; then
  # Behind an SSO proxy: the same app, served by scripts/server.mjs so it can see which peer sent each request.
  export NODE_ENV=production
  exec node scripts/server.mjs -H "${OWNERSCOPE_HOST:-127.0.0.1}" "$@"
fi
exec node node_modules/next/dist/bin/next start -H "${OWNERSCOPE_HOST:-127.0.0.1}" "$@"
