#!/usr/bin/env bash
# Liaison against @neo4j/graphql (make bench-peer): one fresh, throwaway
# Neo4j, `liaison seed --scale $BENCH_PEER_SCALE`, `liaison serve` and the
# peer (bench/peer, Node) over it on loopback ports, then
# bench/cmd/benchpeer: eight query shapes, answers checked equal, latency at
# c = 1 and throughput at c = 16 of Liaison, the peer and raw Cypher,
# alternated. See bench/README.md. BENCH_PEER_NEO4J_URI names a running,
# seeded Neo4j to use instead (nothing is started or seeded then).
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init bench-peer

scale="${BENCH_PEER_SCALE:-1}"
port="${BENCH_PEER_NEO4J_PORT:-17692}"
requests="${BENCH_PEER_REQUESTS:-300}"
seconds="${BENCH_PEER_SECONDS:-12}"

uri="${BENCH_PEER_NEO4J_URI:-}"
[[ -n "$uri" ]] || free_port "$port" BENCH_PEER_NEO4J_PORT

work="$(mktemp -d "${TMPDIR:-/tmp}/liaison-bench-peer.XXXXXX")"
data=""
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$data" ]]; then
    NEO4J_PORT="$port" NEO4J_DATA="$data" neo4j/neo4j.sh stop >&2 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

liaison_bin "$work"
go build -o "$work/benchpeer" ./bench/cmd/benchpeer
mkdir -p "$results"

where="a running Neo4j ($uri)"
if [[ -z "$uri" ]]; then
  data="$work/neo4j"
  mkdir -p "$data"
  start_neo4j
  uri="bolt://127.0.0.1:$port"
  log "seeding scale $scale"
  NEO4J_URI="$uri" "$liaison" seed --scale "$scale" >"$work/seed.log" 2>&1 || {
    log "seed failed; last lines:"
    tail -c 2000 "$work/seed.log" >&2
    exit 1
  }
  grep -a '^loaded\|^computed' "$work/seed.log" >&2 || true
  where="a fresh Neo4j 5.26 (heap $heap, page cache $pagecache) holding liaison seed --scale $scale"
fi

# free_tcp: a port nothing listens on, from the kernel.
free_tcp() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 120); do
    timeout 1 bash -c "</dev/tcp/127.0.0.1/$1" 2>/dev/null && return 0
    sleep 0.5
  done
  log "nothing answers on 127.0.0.1:$1; last lines of $2:"
  tail -n 20 "$2" >&2
  exit 1
}

# Liaison: a throwaway HS256 secret, an analyst's token, no rate limit.
LIAISON_JWT_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export LIAISON_JWT_SECRET LIAISON_RATE_LIMIT=-1
BENCH_TOKEN="$("$liaison" token --role analyst --ttl 12h)"
export BENCH_TOKEN
lport="$(free_tcp)"
NEO4J_URI="$uri" LIAISON_ADDR="127.0.0.1:$lport" "$liaison" serve >"$work/liaison.log" 2>&1 &
pids+=($!)
pport="$(free_tcp)"
NEO4J_URI="$uri" PEER_ADDR="127.0.0.1:$pport" node bench/peer/server.mjs >"$work/peer.log" 2>&1 &
pids+=($!)
wait_port "$lport" "$work/liaison.log"
wait_port "$pport" "$work/peer.log"
log "Liaison on 127.0.0.1:$lport, @neo4j/graphql $(node -p 'require("./bench/peer/node_modules/@neo4j/graphql/package.json").version') on 127.0.0.1:$pport"

out="$results/$date-peer-scale$scale.md"
{
  echo "# Liaison against @neo4j/graphql and raw Cypher ($date)"
  echo
  echo "Over $where; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
  echo "$requests requests per system and shape at c = 1 (after 30 of warm-up), the three systems in turn;"
  echo "$seconds s per system and shape at c = 16, in 3 slices alternated."
  echo
  NEO4J_URI="$uri" BENCH_URL="http://127.0.0.1:$lport" BENCH_PEER_URL="http://127.0.0.1:$pport" \
    "$work/benchpeer" --requests "$requests" --seconds "$seconds"
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} >"$out"
cat "$out"
log "wrote $out"
