#!/usr/bin/env bash
# Local embedded Neo4j (Community, Bolt only) for development and tests.
#
#   neo4j/neo4j.sh build | start | stop | restart | status
#   neo4j/neo4j.sh import-full [--force] DIR
#
# import-full builds the store of database neo4j in NEO4J_DATA from the
# neo4j-admin CSV files in DIR (nodes-*.csv, relationships-*.csv, as
# `liaison import --offline` writes them) with Neo4j's offline importer
# (neo4j-admin database import full, on the launcher's classpath). It
# refuses while the server runs, and when the store holds data unless
# --force (which replaces it). The import's report goes to DIR/import.report.
#
# Environment (all optional):
#   NEO4J_PORT       Bolt port on 127.0.0.1                 (default 7687)
#   NEO4J_DATA       data directory                         (default <repo>/.data/neo4j-<port>)
#   NEO4J_HEAP       JVM heap, used for -Xms and -Xmx       (default 512m)
#   NEO4J_PAGECACHE  page cache                             (default 256m)
#   NEO4J_PASSWORD   password of user neo4j                 (default liaison-dev)
#   NEO4J_AUTH       false disables authentication          (default true)
#   NEO4J_TX_MAX, NEO4J_TX_GLOBAL_MAX, NEO4J_TX_TIMEOUT, NEO4J_LOG_LEVEL: see Launcher.java
#   NEO4J_PLUGINS    plugin directory (default neo4j/target/plugins: the Graph Data Science library)
#   NEO4J_START_TIMEOUT seconds to wait for Bolt            (default 300)
#   NEO4J_JAVA_OPTS  extra JVM options
#   NEO4J_IMPORT_HEAP      heap of the import JVM            (default 1g)
#   NEO4J_IMPORT_OFF_HEAP  its --max-off-heap-memory         (default 2g)
#
# Exit codes: 0 ok; 1 error; 3 (status only) not running.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

port="${NEO4J_PORT:-7687}"
data="${NEO4J_DATA:-$repo/.data/neo4j-$port}"
heap="${NEO4J_HEAP:-512m}"
start_timeout="${NEO4J_START_TIMEOUT:-300}"
pidfile="$data/neo4j.pid"
logfile="$data/launcher.log"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "neo4j.sh: $*" >&2; }

port_open() {
  timeout 2 bash -c "</dev/tcp/127.0.0.1/$port" >/dev/null 2>&1
}

# Prints the pid of our launcher if the pid file names a live one.
running_pid() {
  [[ -f "$pidfile" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid belonging to something else.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'liaison\.Launcher' || return 1
  echo "$pid"
}

needs_build() {
  local stamp="$here/target/.build-stamp"
  [[ -f "$stamp" && -f "$here/target/classes/liaison/Launcher.class" && -d "$here/target/lib" ]] || return 0
  [[ -n "$(find "$here/pom.xml" "$here/src" -newer "$stamp" -print -quit)" ]]
}

do_build() {
  if ! needs_build; then
    return 0
  fi
  command -v mvn >/dev/null || { log "mvn not found (apt-get install maven)"; exit 1; }
  log "building launcher (mvn package)"
  # Offline first (fast and repeatable once ~/.m2 is populated), then online.
  if ! (cd "$here" && mvn -q -B -o package >/dev/null 2>&1); then
    (cd "$here" && mvn -q -B package) || { log "build failed"; exit 1; }
  fi
  touch "$here/target/.build-stamp"
}

lock() {
  mkdir -p "$data"
  if command -v flock >/dev/null; then
    exec 9>"$data/.neo4j.sh.lock"
    flock -w "$((start_timeout + 60))" 9 || { log "could not lock $data"; exit 1; }
  fi
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + start_timeout))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "neo4j (pid $pid) died during startup; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 || true
      rm -f "$pidfile"
      exit 1
    fi
    if grep -q '^ready bolt://' "$logfile" 2>/dev/null && port_open; then
      return 0
    fi
    sleep 0.5
  done
  log "neo4j did not get ready within ${start_timeout}s; last lines of $logfile:"
  tail -n 40 "$logfile" >&2 || true
  do_stop
  exit 1
}

do_start() {
  lock
  local pid
  if pid="$(running_pid)"; then
    if port_open; then
      echo "neo4j already running (pid $pid) bolt://127.0.0.1:$port"
      return 0
    fi
    log "neo4j (pid $pid) is starting; waiting"
    wait_ready "$pid"
    echo "neo4j running (pid $pid) bolt://127.0.0.1:$port"
    return 0
  fi
  rm -f "$pidfile"
  if port_open; then
    log "port $port is already in use by another process"
    exit 1
  fi
  do_build
  [[ -f "$logfile" ]] && mv -f "$logfile" "$logfile.1"
  local t0=$SECONDS
  # The Graph Data Science jars the build copied (pom.xml); NEO4J_PLUGINS=/empty/dir runs without.
  export NEO4J_PLUGINS="${NEO4J_PLUGINS:-$here/target/plugins}"
  # shellcheck disable=SC2086
  nohup "$java" -Xms"$heap" -Xmx"$heap" \
    -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow \
    -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true -Djdk.nio.maxCachedBufferSize=1024 \
    -Dio.netty.tryReflectionSetAccessible=true \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    ${NEO4J_JAVA_OPTS:-} \
    -cp "$here/target/classes:$here/target/lib/*" liaison.Launcher "$data" "$port" \
    >"$logfile" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$pidfile"
  wait_ready "$pid"
  echo "neo4j started (pid $pid) bolt://127.0.0.1:$port in $((SECONDS - t0))s, data $data"
}

do_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pidfile"
    echo "neo4j not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "neo4j (pid $pid) did not stop within 60s; killing"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$pidfile"
  echo "neo4j stopped (pid $pid)"
}

# store_has_data: the node or relationship store file of database neo4j is
# not empty. A store the server made and that never held a node has empty
# files (the server flushes them when it stops; a store left by a crash
# may still hold its nodes only in the transaction log: start and stop it
# once first).
store_has_data() {
  local db="$data/data/databases/neo4j"
  [[ -s "$db/neostore.nodestore.db" || -s "$db/neostore.relationshipstore.db" ]]
}

do_import_full() {
  local force="" dir=""
  while (($#)); do
    case "$1" in
      --force) force=1 ;;
      -*) log "import-full: unknown option $1"; exit 1 ;;
      *) [[ -z "$dir" ]] || { log "import-full: one DIR only"; exit 1; }; dir="$1" ;;
    esac
    shift
  done
  [[ -n "$dir" && -d "$dir" ]] || { log "import-full: usage: $0 import-full [--force] DIR (a folder of nodes-*.csv and relationships-*.csv)"; exit 1; }
  dir="$(cd "$dir" && pwd)"
  lock
  local pid
  if pid="$(running_pid)"; then
    log "neo4j is running (pid $pid) on $data: stop it first (neo4j/neo4j.sh stop); the import needs the database offline"
    exit 1
  fi
  if port_open; then
    log "port $port is in use: is a server running on this store? stop it first"
    exit 1
  fi
  local args=() f
  for f in "$dir"/nodes-*.csv; do [[ -e "$f" ]] && args+=("--nodes=$f"); done
  for f in "$dir"/relationships-*.csv; do [[ -e "$f" ]] && args+=("--relationships=$f"); done
  ((${#args[@]})) || { log "import-full: no nodes-*.csv or relationships-*.csv in $dir"; exit 1; }
  if [[ -d "$data/data/databases/neo4j" ]]; then
    if store_has_data && [[ -z "$force" ]]; then
      log "the database in $data holds data; import-full replaces it only with --force"
      exit 1
    fi
    # An existing store (empty, or replaced by --force) is overwritten.
    args+=("--overwrite-destination=true")
  fi
  do_build
  mkdir -p "$data/conf" "$data/logs"
  local t0=$SECONDS
  log "importing $dir into $data (neo4j-admin database import full)"
  # shellcheck disable=SC2086
  NEO4J_HOME="$data" NEO4J_CONF="$data/conf" "$java" -Xmx"${NEO4J_IMPORT_HEAP:-1g}" \
    -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true \
    ${NEO4J_JAVA_OPTS:-} \
    -cp "$here/target/lib/*" org.neo4j.cli.AdminTool database import full neo4j \
    --id-type=string --array-delimiter=U+001F --multiline-fields=true \
    --bad-tolerance=0 --skip-bad-relationships=false --skip-duplicate-nodes=false \
    --max-off-heap-memory="${NEO4J_IMPORT_OFF_HEAP:-2g}" \
    --report-file="$dir/import.report" \
    "${args[@]}" 9>&- || { log "import-full failed (report: $dir/import.report)"; exit 1; }
  echo "neo4j-admin import of $dir into $data done in $((SECONDS - t0))s"
}

do_status() {
  local pid
  if pid="$(running_pid)"; then
    if port_open; then
      echo "running (pid $pid) bolt://127.0.0.1:$port"
      return 0
    fi
    echo "starting (pid $pid), bolt not answering yet"
    return 3
  fi
  echo "stopped"
  return 3
}

case "${1:-}" in
  build) do_build ;;
  start) do_start ;;
  stop) lock; do_stop ;;
  restart) lock; do_stop; do_start ;;
  status) do_status ;;
  import-full) shift; do_import_full "$@" ;;
  *)
    echo "usage: $0 build|start|stop|restart|status|import-full [--force] DIR" >&2
    exit 1
    ;;
esac
