#!/usr/bin/env bash
# npm run bench -- NAME [ARGS...]: runs one benchmark (npm run bench:NAME), or every one without a name.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ $# -eq 0 ]; then
  npm run -s bench:scan
  npm run -s bench:fix
  npm run -s bench:plan
  npm run -s bench:responsive
  npm run -s bench:ui
  npm run -s bench:inventory
  npm run -s bench:acl-logs
  npm run -s bench:watch
else
  name=$1; shift
  npm run -s "bench:$name" -- "$@"
fi
