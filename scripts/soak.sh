#!/usr/bin/env bash
# The seeded tests (the fix invariants, the API fuzzer) with many seeds: `npm run test:soak -- N` runs N seeds from a random base (printed, so a run can be
# repeated), `npm run test:soak -- --seeds 12,907,4242` runs exactly those. A failure names its seed: rerun it alone
# with `npm run test:soak -- --seeds SEED`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
usage() { echo "usage: npm run test:soak -- N | --seeds SEED[,SEED...]" >&2; exit 2; }
if [ "${1:-}" = "--seeds" ]; then
  [[ "${2:-}" =~ ^[0-9]+(,[0-9]+)*$ ]] || usage
  seeds=$2
else
  count=${1:-20}
  [[ "$count" =~ ^[1-9][0-9]{0,4}$ ]] || usage
  base=$((RANDOM * 32768 + RANDOM))
  seeds=$(seq -s, "$base" $((base + count - 1)))
  echo "soak: $count seeds from $base (repeat one with --seeds SEED)"
fi
export OWNERSCOPE_SOAK_SEEDS=$seeds
# The fix invariants, one lab run a seed; then the API fuzzer, 400 requests a seed, from the first seed.
export OWNERSCOPE_FUZZ_SEED=${seeds%%,*}
export OWNERSCOPE_FUZZ_RUNS=$(( $(tr ',' '\n' <<<"$seeds" | wc -l) * 400 ))
bash "$here/with-lab.sh" bash -c '
  set -euo pipefail
  npx vitest run --project integration lib/jobs/fix-invariants.lab.test.ts
  bash scripts/e2e.sh e2e/api/fuzz.spec.ts
'
