#!/usr/bin/env bash
# Idempotency-key benchmark (make bench-keys, also a step of make bench):
# what an Idempotency-Key costs a write. On a fresh, throwaway Neo4j,
# bench/cmd/benchkeys creates people one at a time through the service and
# over HTTP GraphQL, alternately with and without a key, and prints p50 and
# p95 of each and the key's cost at p50.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init bench-keys

port="${BENCH_KEYS_NEO4J_PORT:-17691}"
requests="${BENCH_KEYS_REQUESTS:-300}"

[[ -n "${BENCH_KEYS_NEO4J_URI:-}" ]] || free_port "$port" BENCH_KEYS_NEO4J_PORT

bench_work keys

go build -o "$work/benchkeys" ./bench/cmd/benchkeys
mkdir -p "$results" "$data"
# BENCH_KEYS_NEO4J_URI names a running Neo4j to use instead (the bench
# deletes what it writes).
uri="${BENCH_KEYS_NEO4J_URI:-}"
where="an existing Neo4j ($uri)"
if [[ -z "$uri" ]]; then
  start_neo4j
  uri="bolt://127.0.0.1:$port"
  where="fresh Neo4j 5.26 (heap $heap)"
fi

out="$results/$date-keys.md"
{
  echo "# The cost of an Idempotency-Key on a write ($date)"
  echo
  echo "createPerson one at a time, alternately with and without a key, $requests of each per line, $where, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
  echo
  NEO4J_URI="$uri" "$work/benchkeys" --requests "$requests"
} >"$out"
cat "$out"
log "wrote $out"
