#!/usr/bin/env bash
# Import benchmark (make bench-import, also the last step of make bench):
# `liaison seed --scale N --write DIR` writes the generated graph in the
# import format (CSV), then `liaison import DIR` loads it twice into a
# fresh, throwaway Neo4j: once into the empty database, once again over
# the same data with --rewrite (every row merged into what is there, and
# changing nothing). The rows/s
# figures are those `liaison import` prints. Tie strengths are skipped
# (--skip-ties): `make bench` times them in the seed step.
#
# Before those, the offline import (`liaison import --offline`, Neo4j's
# neo4j-admin importer through neo4j/neo4j.sh import-full) of the same
# files into a store of its own on port+1: the time of each step, the
# CPU seconds of the import JVM and of the server (start, schema, index
# population until db.awaitIndexes returns), the peak RSS of liaison and
# of the import JVM, then `liaison ties` (the bulk recomputation) with the
# server's CPU seconds. BENCH_IMPORT_TRANSACTIONAL=0 runs the offline
# import only.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init bench-import

scale="${BENCH_IMPORT_SCALE:-10}"
port="${BENCH_IMPORT_NEO4J_PORT:-17690}"

free_port "$port" BENCH_IMPORT_NEO4J_PORT

bench_work import

liaison_bin "$work"
mkdir -p "$results" "$data"

log "writing the scale-$scale graph as CSV"
"$liaison" seed --scale "$scale" --write "$work/csv" | tee "$work/write.out" >&2
size="$(du -sh "$work/csv" | cut -f1)"

# cpu_seconds PID: user + system CPU seconds of a live process.
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / tck }' "/proc/$1/stat"
}

oport=$((port + 1))
free_port "$oport" BENCH_IMPORT_NEO4J_PORT
odata="$work/neo4j-offline"
offline_env=(NEO4J_PORT="$oport" NEO4J_DATA="$odata" NEO4J_HEAP="$heap" NEO4J_PAGECACHE="$pagecache" NEO4J_URI="bolt://127.0.0.1:$oport")
stop_offline() { env "${offline_env[@]}" neo4j/neo4j.sh stop >&2 || true; }
trap 'stop_offline; bench_cleanup' EXIT
log "offline import (neo4j-admin) into an empty store on port $oport"
env "${offline_env[@]}" /usr/bin/time -f "liaison and its children: peak RSS %M KB (the larger of liaison and the import JVM), %U user s, %S system s, %e s" \
  "$liaison" import --offline --skip-ties "$work/csv" >"$work/offline.out" 2>"$work/offline.err" || { tail -n 40 "$work/offline.err" >&2; exit 1; }
spid="$(tr -dc '0-9' <"$odata/neo4j.pid")"
scpu="$(cpu_seconds "$spid")"
echo "Neo4j server CPU s (start, schema, index population): $scpu" >>"$work/offline.out"
grep -v '^\.\|^-\.\|∆\|items,' "$work/offline.err" | tail -n 3 >>"$work/offline.out"
log "ties in bulk after the offline import"
env "${offline_env[@]}" "$liaison" ties >>"$work/offline.out" 2>/dev/null
echo "Neo4j server CPU s after the ties: $(cpu_seconds "$spid")" >>"$work/offline.out"
cat "$work/offline.out" >&2
stop_offline
if [[ "${BENCH_IMPORT_TRANSACTIONAL:-1}" == 0 ]]; then
  out="$results/$date-import-offline-scale$scale.md"
  {
    echo "# Offline import at scale $scale ($date)"
    echo
    echo "\`liaison import --offline --skip-ties\` of \`liaison seed --scale $scale --write\` (CSV, $size), then \`liaison ties\`; Neo4j 5.26 (heap $heap, page cache $pagecache, import heap ${NEO4J_IMPORT_HEAP:-1g}, off-heap ${NEO4J_IMPORT_OFF_HEAP:-2g}), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo '```'
    cat "$work/write.out" "$work/offline.out"
    echo '```'
  } >"$out"
  cat "$out"
  log "wrote $out"
  exit 0
fi

start_neo4j
export NEO4J_URI="bolt://127.0.0.1:$port"
"$liaison" migrate >&2

# The second run merges every row (--rewrite): with the files' key it
# would skip every chunk the first run wrote.
runs=("into the empty database" "again over the same data (--rewrite)")
flags=("" "--rewrite")
outs=()
for i in 0 1; do
  log "import ${runs[$i]}"
  # shellcheck disable=SC2086 # flags[i] is one flag or none
  "$liaison" import --skip-ties ${flags[$i]} "$work/csv" >"$work/import-$i.out"
  cat "$work/import-$i.out" >&2
  outs+=("$work/import-$i.out")
done

out="$results/$date-import-scale$scale.md"
{
  echo "# Import at scale $scale ($date)"
  echo
  echo "\`liaison import --skip-ties\` of \`liaison seed --scale $scale --write\` (CSV, $size), fresh Neo4j 5.26 (heap $heap, page cache $pagecache), $(nproc) CPUs."
  echo
  echo "| run | rows | check s | check rows/s | write s | write rows/s | rows/s with the checks |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for i in 0 1; do
    awk -v run="${runs[$i]}" '
      /^checked / { rows = $2; cs = $8; sub(/s$/, "", cs); cr = $9; sub(/^\(/, "", cr) }
      /^loaded / { ws = $5; sub(/s$/, "", ws); wr = $6; sub(/^\(/, "", wr); tr = $8 }
      END { printf "| %s | %s | %s | %s | %s | %s | %s |\n", run, rows, cs, cr, ws, wr, tr }' "${outs[$i]}"
  done
  echo
  echo "What liaison printed (the offline import first):"
  echo
  echo '```'
  cat "$work/write.out" "$work/offline.out" "${outs[@]}"
  echo '```'
} >"$out"
cat "$out"
log "wrote $out"
