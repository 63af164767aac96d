#!/usr/bin/env bash
# Import benchmark (make bench-import, also the last step of make bench):
# `liaison seed --scale N --write DIR` writes the generated graph in the
# import format (CSV), then `liaison import DIR` loads it twice into a
# fresh, throwaway Neo4j: once into the empty database, once again over
# the same data (every row an update that changes nothing). The rows/s
# figures are those `liaison import` prints. Tie strengths are skipped
# (--skip-ties): `make bench` times them in the seed step.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

scale="${BENCH_IMPORT_SCALE:-10}"
port="${BENCH_IMPORT_NEO4J_PORT:-17690}"
heap="${BENCH_NEO4J_HEAP:-1g}"
pagecache="${BENCH_NEO4J_PAGECACHE:-512m}"
results="${BENCH_RESULTS:-$repo/bench/results}"
date="$(date +%F)"

log() { echo "bench-import: $*" >&2; }

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"
free_port "$port" BENCH_IMPORT_NEO4J_PORT

bench_work import

liaison_bin "$work"
mkdir -p "$results" "$data"

log "writing the scale-$scale graph as CSV"
"$liaison" seed --scale "$scale" --write "$work/csv" | tee "$work/write.out" >&2
size="$(du -sh "$work/csv" | cut -f1)"

start_neo4j
export NEO4J_URI="bolt://127.0.0.1:$port"
"$liaison" migrate >&2

runs=("into the empty database" "again over the same data")
outs=()
for i in 0 1; do
  log "import ${runs[$i]}"
  "$liaison" import --skip-ties "$work/csv" >"$work/import-$i.out"
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
  echo "What liaison printed:"
  echo
  echo '```'
  cat "$work/write.out" "${outs[@]}"
  echo '```'
} >"$out"
cat "$out"
log "wrote $out"
