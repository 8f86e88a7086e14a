#!/usr/bin/env bash
# Registers the running lab as an Ownerscope connection ("lab", scanning through account B's audit role) and
# names its accounts (with their policy principals, for disabling ACLs), in the data directory given (default: $OWNERSCOPE_DATA_DIR, else ./data).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
lab=${OWNERSCOPE_LAB_DIR:-$repo/.lab}
data_dir=${1:-${OWNERSCOPE_DATA_DIR:-$repo/data}}
endpoint=$(sed -n 's/^OWNERSCOPE_LAB_ENDPOINT=//p' "$lab/lab.env")
field() { node -e 'const a=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(process.argv[2].split(".").reduce((o,k)=>o[k],a))' "$lab/accounts.json" "$1"; }
cli() { (cd "$repo" && npx tsx --conditions=react-server scripts/cli/main.ts "$@" --data-dir "$data_dir" >/dev/null); }

cli connection add --id lab --name "Lab: account B" --profile "$(field roles.audit.profile)" \
  --endpoint-url "$endpoint" --sts-endpoint-url "$endpoint" --region us-east-1 --path-style --owner-profile "$(field roles.owner.profile)"
cli account add --connection lab --canonical-id "$(field bucketOwner.canonicalId)" --name "$(field bucketOwner.name)"
cli account add --connection lab --canonical-id "$(field writer.canonicalId)" --name "$(field writer.name)" \
  --fixer-profile "$(field roles.fix.profile)" --principal "$(field writer.arn)"
cli account add --connection lab --canonical-id "$(field thirdParty.canonicalId)" --name "$(field thirdParty.name)" \
  --principal "$(field thirdParty.arn)"
echo "connection 'lab' registered in $data_dir" >&2
