#!/usr/bin/env bash
# Local embedded Neo4j (Community, Bolt only) for development and tests.
#
#   neo4j/neo4j.sh build | start | stop | restart | status
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
  *)
    echo "usage: $0 build|start|stop|restart|status" >&2
    exit 1
    ;;
esac
