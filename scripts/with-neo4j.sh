#!/usr/bin/env bash
# Runs a command against a throwaway local Neo4j:
#
#   scripts/with-neo4j.sh COMMAND [ARGS...]
#
# Starts the embedded Neo4j on $LIAISON_TEST_NEO4J_PORT (default 17687) with
# a fresh data directory, exports LIAISON_TEST_NEO4J_URI (and NEO4J_URI for
# the liaison command), runs the command, and stops Neo4j and deletes the
# directory however the command ends. When LIAISON_TEST_NEO4J_URI is already
# set, that Neo4j is used and nothing is started.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ -n "${LIAISON_TEST_NEO4J_URI:-}" ]]; then
  export NEO4J_URI="${NEO4J_URI:-$LIAISON_TEST_NEO4J_URI}"
  exec "$@"
fi

port="${LIAISON_TEST_NEO4J_PORT:-17687}"
data="$(mktemp -d "${TMPDIR:-/tmp}/liaison-neo4j-test.XXXXXX")"
export NEO4J_PORT="$port" NEO4J_DATA="$data"
# Modest memory: the machines are small and shared.
export NEO4J_HEAP="${NEO4J_HEAP:-768m}" NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-256m}"

cleanup() {
  NEO4J_PORT="$port" NEO4J_DATA="$data" "$repo/neo4j/neo4j.sh" stop || true
  rm -rf "$data"
}
trap cleanup EXIT INT TERM

"$repo/neo4j/neo4j.sh" start
export LIAISON_TEST_NEO4J_URI="bolt://127.0.0.1:$port"
export NEO4J_URI="$LIAISON_TEST_NEO4J_URI"
"$@"
