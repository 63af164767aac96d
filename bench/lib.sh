# Shared by bench/run.sh, bench/import.sh, bench/keys.sh and bench/peer.sh
# (sourced, not run, right after `set -euo pipefail`): bench_init NAME
# moves to the repository and sets repo, heap, pagecache, results and date
# and the log function; the scripts set port and their own settings.

# bench_init NAME: the settings every benchmark shares. BENCH_NEO4J_PAGECACHE
# has no default here where the script picks one per scale (run.sh).
bench_init() {
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$repo"
  heap="${BENCH_NEO4J_HEAP:-1g}"
  pagecache="${BENCH_NEO4J_PAGECACHE:-512m}"
  results="${BENCH_RESULTS:-$repo/bench/results}"
  date="$(date +%F)"
  bench_name="$1"
}

log() { echo "$bench_name: $*" >&2; }

# The tie recomputation of `liaison seed` needs more than the launcher's
# default 128m per transaction from scale 10 on (MemoryPoolOutOfMemoryError).
export NEO4J_TX_MAX="${NEO4J_TX_MAX:-512m}" NEO4J_TX_GLOBAL_MAX="${NEO4J_TX_GLOBAL_MAX:-640m}"

# free_port PORT VARIABLE: refuse the test and dev ports and a port in use
# (VARIABLE is the setting that chooses it, for the message).
free_port() {
  case "$1" in
    17687 | 17688) log "port $1 belongs to the test/dev Neo4j; use 17689 or above"; exit 1 ;;
  esac
  if timeout 2 bash -c "</dev/tcp/127.0.0.1/$1" 2>/dev/null; then
    log "port $1 is in use; set $2"
    exit 1
  fi
}

# liaison_bin DIR: the liaison binary to bench, $BENCH_LIAISON_BIN (make
# passes bin/liaison) or one built into DIR; sets $liaison.
liaison_bin() {
  liaison="${BENCH_LIAISON_BIN:-}"
  if [[ -z "$liaison" ]]; then
    liaison="$1/liaison"
    go build -o "$liaison" ./cmd/liaison
  fi
}

# start_neo4j [WHAT]: a Neo4j on 127.0.0.1:$port with its store in $data,
# $heap and $pagecache (WHAT prefixes the log line); sets started.
start_neo4j() {
  log "${1:+$1: }starting Neo4j on 127.0.0.1:$port (heap $heap, page cache $pagecache, tx max $NEO4J_TX_MAX)"
  NEO4J_PORT="$port" NEO4J_DATA="$data" NEO4J_HEAP="$heap" NEO4J_PAGECACHE="$pagecache" neo4j/neo4j.sh start >&2
  started=1
}

# bench_work NAME: a throwaway folder $work with $data for the Neo4j of
# start_neo4j in it, both stopped and removed when the script ends.
bench_work() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/liaison-bench-$1.XXXXXX")"
  data="$work/neo4j"
  started=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
bench_cleanup() {
  if [[ -n "$started" ]]; then
    NEO4J_PORT="$port" NEO4J_DATA="$data" neo4j/neo4j.sh stop >&2 || true
  fi
  rm -rf "$work"
}
