#!/usr/bin/env bash
# Starts the production server (after `npm run build`): 127.0.0.1 unless OWNERSCOPE_HOST says otherwise, port 3000
# unless -p PORT is given. The heap is bounded so that a long scan's garbage is collected as it goes and the
# server's memory stays flat (measured by npm run bench:scan); OWNERSCOPE_HEAP_MB raises the bound.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_OPTIONS="--max-old-space-size=${OWNERSCOPE_HEAP_MB:-192} --max-semi-space-size=4 ${NODE_OPTIONS:-}"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=${AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:-true}
# scripts/server.mjs is `next start` plus what must happen before a request reaches the app: the peer's real address
# (sign-in limits; the SSO proxy check in trusted-header mode), oversized bodies and malformed URLs refused at once.
export NODE_ENV=production
exec node scripts/server.mjs -H "${OWNERSCOPE_HOST:-127.0.0.1}" "$@"
