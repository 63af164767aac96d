#!/usr/bin/env bash
# Path-query benchmarks (make bench): for every scale in $BENCH_SCALES,
# a fresh throwaway Neo4j, `liaison seed --scale N`, `liaison serve` on a
# free loopback port, then bench/cmd/benchpaths. See bench/README.md.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init bench

scales="${BENCH_SCALES:-1 10 30}"
port="${BENCH_NEO4J_PORT:-17689}"
requests="${BENCH_REQUESTS:-200}"
warmup="${BENCH_WARMUP:-20}"
seed="${BENCH_SEED:-1}"
budget="${BENCH_BUDGET:-10m}"            # per query, all its lines
seed_timeout="${BENCH_SEED_TIMEOUT:-1800}" # seconds, per scale

free_port "$port" BENCH_NEO4J_PORT

work="$(mktemp -d "${TMPDIR:-/tmp}/liaison-bench.XXXXXX")"
data=""
serve_pid=""

stop_serve() {
  if [[ -n "$serve_pid" ]]; then
    kill -TERM "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
    serve_pid=""
  fi
}
stop_neo4j() {
  if [[ -n "$data" ]]; then
    NEO4J_PORT="$port" NEO4J_DATA="$data" neo4j/neo4j.sh stop >&2 || true
    rm -rf "$data"
    data=""
  fi
}
cleanup() {
  stop_serve
  stop_neo4j
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

liaison_bin "$work"
go build -o "$work/benchpaths" ./bench/cmd/benchpaths
if [[ -n "${BENCH_ANALYTICS:-}" ]]; then
  go build -o "$work/benchanalytics" ./bench/cmd/benchanalytics
fi
mkdir -p "$results"

# liaison serve requires authentication: a throwaway HS256 secret, one
# analyst token (analysts may read paths), and no rate limit.
LIAISON_JWT_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export LIAISON_JWT_SECRET LIAISON_RATE_LIMIT=-1
BENCH_TOKEN="$("$liaison" token --role analyst --ttl 12h)"
export BENCH_TOKEN

jsons=()
for scale in $scales; do
  pagecache="${BENCH_NEO4J_PAGECACHE:-}"
  if [[ -z "$pagecache" ]]; then
    if ((scale <= 10)); then pagecache=512m; else pagecache=1g; fi
  fi
  data="$work/neo4j-$scale"
  mkdir -p "$data"
  start_neo4j "scale $scale"
  uri="bolt://127.0.0.1:$port"

  log "scale $scale: seeding"
  t0=$EPOCHREALTIME
  # stderr (the progress bar) goes through `benchpaths stamp` to time the phases.
  rc=0
  # /usr/bin/time records the seed's peak RSS (and CPU) for the report
  # (it passes on the exit status of timeout).
  { NEO4J_URI="$uri" /usr/bin/time -o "$work/seed-$scale.time" -f "%M %U %S" \
    timeout "$seed_timeout" "$liaison" seed --scale "$scale" 2>&1 1>&3 3>&- |
    "$work/benchpaths" stamp --echo 30s >"$work/seed-$scale.err"; } 3>"$work/seed-$scale.out" || rc=$?
  if ((rc == 124)) && grep -q '^loaded ' "$work/seed-$scale.out"; then
    # Loaded, but the tie computation ran out of time: measure anyway,
    # the report says how far it got (paths HOPS does not read ties).
    log "scale $scale: seed stopped after ${seed_timeout}s during the tie computation; measuring with incomplete ties"
  elif ((rc != 0)); then
    log "scale $scale: seed failed; last lines (all in $results/$date-scale$scale-seed.log):"
    cp "$work/seed-$scale.err" "$results/$date-scale$scale-seed.log"
    tail -n 20 "$work/seed-$scale.err" >&2
    exit 1
  fi
  wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  cat "$work/seed-$scale.out" >&2

  NEO4J_URI="$uri" LIAISON_ADDR=127.0.0.1:0 "$liaison" serve >"$work/serve-$scale.out" 2>"$work/serve-$scale.log" &
  serve_pid=$!
  url=""
  for _ in $(seq 120); do
    url="$(grep -so 'http://127\.0\.0\.1:[0-9]*' "$work/serve-$scale.out" | head -n 1 || true)"
    [[ -n "$url" ]] && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.5
  done
  if [[ -z "$url" ]]; then
    log "scale $scale: liaison serve did not start; last lines:"
    tail -n 20 "$work/serve-$scale.log" >&2
    exit 1
  fi
  log "scale $scale: liaison serving $url"

  "$work/benchpaths" run --scale "$scale" --neo4j-uri "$uri" --http "$url" \
    --requests "$requests" --warmup "$warmup" --seed "$seed" --budget "$budget" \
    --seed-log "$work/seed-$scale.out" --seed-progress "$work/seed-$scale.err" --seed-wall "$wall" \
    --out-dir "$results" --date "$date" \
    --neo4j-heap "$heap" --neo4j-pagecache "$pagecache"
  cp "$work/seed-$scale.err" "$results/$date-scale$scale-seed.log"
  jsons+=("$results/$date-scale$scale.json")

  if [[ -n "${BENCH_ANALYTICS:-}" ]]; then
    # make bench-large: brokers and communities (on GDS when the launcher
    # has it), then what the processes and the store took.
    # On both engines: in process (go), then where the service would run
    # them (auto: GDS when the launcher has it).
    for engine in go auto; do
      log "scale $scale: brokers and communities ($engine)"
      out="$results/$date-scale$scale-analytics-$engine"
      NEO4J_URI="$uri" "$work/benchanalytics" -scale "$scale" -repeat 1 -json "$out.json" -engine "${engine#auto}" \
        -neo4j-pid "$(cat "$data/neo4j.pid")" -query-timeout 10m >"$out.md" 2>"$out.log"
      cat "$out.md" >&2
      grep 'GDS projection' "$out.log" >&2 || true
    done
    hwm() { awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
    seed_time() { awk 'NF == 3 && $1 ~ /^[0-9]+$/ { printf "%.0f MB, %.0f", $1 / 1024, $2 + $3 }' "$1" 2>/dev/null || echo "?"; }
    {
      echo "| scale | store on disk | Neo4j peak RSS (heap $heap, page cache $pagecache) | liaison seed peak RSS, CPU s | liaison serve peak RSS |"
      echo "|---:|---:|---:|---:|---:|"
      echo "| $scale | $(du -sh "$data/data" | cut -f1) | $(hwm "$(cat "$data/neo4j.pid")") | $(seed_time "$work/seed-$scale.time") | $(hwm "$serve_pid") |"
    } >"$results/$date-scale$scale-resources.md"
    cat "$results/$date-scale$scale-resources.md" >&2
  fi

  stop_serve
  stop_neo4j
done

echo
"$work/benchpaths" combine --out "$results/$date-combined.md" "${jsons[@]}"
log "results in $results/ ($date-scale<N>.md, $date-combined.md)"
