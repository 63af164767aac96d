package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
)

// config is everything the commands read from the environment.
type config struct {
	addr          string
	queryTimeout  time.Duration
	logFormat     string
	introspection bool
	seedDemo      bool
	analyticsTTL  time.Duration
	analyticsOn   string
	neo4j         neo4jdb.Config
	auth          authConfig
}

func loadConfig(getenv func(string) string) (config, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	c := config{
		addr:      env("LIAISON_ADDR", ":8080"),
		logFormat: env("LIAISON_LOG_FORMAT", "text"),
		neo4j: neo4jdb.Config{
			URI:      env("NEO4J_URI", "bolt://127.0.0.1:7687"),
			User:     env("NEO4J_USER", "neo4j"),
			Password: env("NEO4J_PASSWORD", "liaison-dev"),
			Database: env("NEO4J_DATABASE", "neo4j"),
		},
	}
	var err error
	if c.queryTimeout, err = time.ParseDuration(env("LIAISON_QUERY_TIMEOUT", "10s")); err != nil || c.queryTimeout <= 0 {
		return c, fmt.Errorf("LIAISON_QUERY_TIMEOUT: %q is not a positive duration such as 10s", getenv("LIAISON_QUERY_TIMEOUT"))
	}
	c.neo4j.QueryTimeout = c.queryTimeout
	if c.neo4j.RetryTime, err = time.ParseDuration(env("LIAISON_RETRY_TIME", "3s")); err != nil || c.neo4j.RetryTime <= 0 {
		return c, fmt.Errorf("LIAISON_RETRY_TIME: %q is not a positive duration such as 3s", getenv("LIAISON_RETRY_TIME"))
	}
	if c.analyticsTTL, err = time.ParseDuration(env("LIAISON_ANALYTICS_TTL", "10m")); err != nil || c.analyticsTTL <= 0 {
		return c, fmt.Errorf("LIAISON_ANALYTICS_TTL: %q is not a positive duration such as 10m", getenv("LIAISON_ANALYTICS_TTL"))
	}
	switch c.analyticsOn = getenv("LIAISON_ANALYTICS_ENGINE"); c.analyticsOn {
	case neo4jdb.EngineAuto, neo4jdb.EngineGo, neo4jdb.EngineGDS:
	default:
		return c, fmt.Errorf("LIAISON_ANALYTICS_ENGINE: %q is not gds, go or empty (GDS when the database has it)", c.analyticsOn)
	}
	if c.introspection, err = strconv.ParseBool(env("LIAISON_INTROSPECTION", "true")); err != nil {
		return c, fmt.Errorf("LIAISON_INTROSPECTION: %q is not true or false", getenv("LIAISON_INTROSPECTION"))
	}
	if c.seedDemo, err = strconv.ParseBool(env("LIAISON_SEED_DEMO", "false")); err != nil {
		return c, fmt.Errorf("LIAISON_SEED_DEMO: %q is not true or false", getenv("LIAISON_SEED_DEMO"))
	}
	if path := getenv("LIAISON_STRENGTHS"); path != "" {
		st, err := graph.LoadStrengths(path)
		if err != nil {
			return c, fmt.Errorf("LIAISON_STRENGTHS: %w", err)
		}
		c.neo4j.Strengths = &st
	}
	if c.auth, err = loadAuthConfig(getenv); err != nil {
		return c, err
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return c, fmt.Errorf("LIAISON_LOG_FORMAT: %q is neither text nor json", c.logFormat)
	}
	return c, nil
}

func (c config) logger(w io.Writer) *slog.Logger {
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// connect is what a command that writes starts with: the configuration
// from the environment, then openDB with 30 s to wait for Neo4j.
func connect(ctx context.Context, getenv func(string) string, stderr io.Writer) (*neo4jdb.DB, error) {
	c, err := loadConfig(getenv)
	if err != nil {
		return nil, err
	}
	return openDB(ctx, c, c.logger(stderr), 30*time.Second)
}

// connectRead is what a command that only reads starts with: the
// configuration from the environment, then openReadDB.
func connectRead(ctx context.Context, getenv func(string) string, stderr io.Writer) (*neo4jdb.DB, error) {
	c, err := loadConfig(getenv)
	if err != nil {
		return nil, err
	}
	return openReadDB(ctx, c, stderr)
}

// openDB connects, waits for Neo4j up to wait, and migrates the schema.
func openDB(ctx context.Context, c config, log *slog.Logger, wait time.Duration) (*neo4jdb.DB, error) {
	db, err := waitDB(ctx, c, log, wait)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return db, nil
}

// waitDB connects and waits for Neo4j up to wait.
func waitDB(ctx context.Context, c config, log *slog.Logger, wait time.Duration) (*neo4jdb.DB, error) {
	c.neo4j.Logger = log
	db, err := neo4jdb.Open(c.neo4j)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		err = db.Ping(ctx)
		if err == nil || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		log.Info("waiting for Neo4j", "uri", c.neo4j.URI, "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
		}
	}
	if err != nil {
		db.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("neo4j at %s: %w", c.neo4j.URI, err)
	}
	return db, nil
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses the flags of a command that takes no other argument.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

func migrateCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := connect(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	fmt.Fprintln(stdout, "schema up to date")
	return nil
}
