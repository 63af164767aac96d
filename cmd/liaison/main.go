// Command liaison is the one binary of the service:
//
//	liaison serve            start the GraphQL server
//	liaison seed [--scale N] load the demo graph, or a generated one of scale N
//	liaison migrate          create constraints and indexes
//	liaison import PATH      check and load CSV files or an XLSX workbook
//	liaison ties             recompute every tie strength (resumable)
//	liaison export PATH      write the graph in the same format
//	liaison report           a unit's report or the city summary as CSV, XLSX or HTML
//	liaison remind           a person's reminders as text or iCalendar
//	liaison token --role R   mint an HS256 token for local use
//
// Configuration comes from the environment and flags; `liaison help` lists it.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/liaison/liaison/graph"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "liaison:", err)
		os.Exit(1)
	}
}

// commands are the subcommands of liaison, by name.
var commands = map[string]func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error{
	"serve":   serve,
	"seed":    seedCmd,
	"migrate": migrateCmd,
	"ties":    tiesCmd,
	"import":  importCmd,
	"export":  exportCmd,
	"report":  reportCmd,
	"remind":  remindCmd,
	"token":   tokenCmd,
}

// run is the whole program, with its dependencies as arguments so that
// tests can run it in-process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stdout)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	if cmd != "serve" {
		// The operator's own commands see undiscoverable people; the
		// server decides per request (server.Authorized).
		ctx = graph.SeeAll(ctx)
	}
	if command, ok := commands[cmd]; ok {
		return command(ctx, rest, getenv, stdout, stderr)
	}
	switch cmd {
	case "help", "-h", "--help":
		usage(stdout)
		return nil
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", cmd)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Liaison: the relationship graph of cadres on temporary posts, over GraphQL.

Usage:
  liaison serve   [--addr :8080] [--seed-demo]   start the server
  liaison seed    [--scale N | --ldbc DIR] [--if-empty | --write PATH]
                                                 load the demo graph, a generated one, or the LDBC sample
  liaison migrate                                create constraints and indexes
  liaison import  [--dry-run] [--skip-ties] [--rewrite] PATH
                                                 check, then load a folder of CSV files or an .xlsx workbook
  liaison import  --offline [--stage DIR] [--force] [--skip-ties] PATH
                                                 into an empty database, server stopped: check, then Neo4j's
                                                 offline importer (neo4j/neo4j.sh import-full), start, schema, ties
  liaison ties                                   recompute every tie strength, with progress; an interrupted
                                                 run resumes where it stopped
  liaison export  [--id-prefix P] PATH           write the graph in the same format (a folder, or PATH.xlsx)
  liaison report  --unit ID | --summary [--from D] [--to D] [--format csv|xlsx|html] [--out FILE]
                                                 a dispatching unit's report, or the city summary
  liaison remind  --person ID [--en] [--ics]     a person's reminders: contacts to reconnect with,
                                                 cohort postings ending within 60 days
  liaison token   --role R [--person ID] [--unit ID] [--ttl 24h]
                                                 mint an HS256 token with LIAISON_JWT_SECRET
  liaison help                                   this text

Environment:
  LIAISON_ADDR           listen address                       (:8080)
  LIAISON_QUERY_TIMEOUT  limit of every database transaction  (10s)
  LIAISON_RETRY_TIME     how long a request retries a busy database (3s; bulk work: 30s)
  LIAISON_LOG_FORMAT     text or json                         (text)
  LIAISON_INTROSPECTION  allow GraphQL introspection          (true)
  LIAISON_SEED_DEMO      serve: load the demo graph when empty (false)
  LIAISON_ANALYTICS_TTL  how long brokers and communities are cached (10m)
  LIAISON_ANALYTICS_ENGINE where they run: gds, go, or empty: GDS when Neo4j has it ()
  LIAISON_STRENGTHS      JSON file of tie and link strength parameters (built-in defaults)
  LIAISON_JWT_SECRET     HS256 secret of bearer tokens, at least 32 bytes
  LIAISON_JWKS           JWKS file or URL of RS256/ES256 keys (serve needs it or the secret)
  LIAISON_JWT_ISSUER     required iss claim                   (none)
  LIAISON_JWT_AUDIENCE   required aud claim                   (none)
  LIAISON_DEMO           demo mode: random secret when none, tokens per role printed
                         and at /auth/demo-tokens, introspection on (false)
  LIAISON_RATE_LIMIT     requests per second per token, negative for none (20)
  LIAISON_RATE_BURST     burst per token                      (40)
  LIAISON_MAX_DEPTH      maximum query depth                  (12)
  NEO4J_URI              bolt://, neo4j://, neo4j+s:// URI    (bolt://127.0.0.1:7687)
  NEO4J_USER             user                                 (neo4j)
  NEO4J_PASSWORD         password                             (liaison-dev)
  NEO4J_DATABASE         database                             (neo4j)
`)
}
