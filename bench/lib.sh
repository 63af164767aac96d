# Shared by bench/run.sh, bench/import.sh and bench/peer.sh (sourced, not run).

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
