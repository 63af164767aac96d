package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/server"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	fs := newFlags("serve", stderr)
	fs.StringVar(&c.addr, "addr", c.addr, "listen address")
	fs.BoolVar(&c.seedDemo, "seed-demo", c.seedDemo, "load the demo graph when the database is empty")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := c.logger(stderr)
	// Authentication first: a server without it must not start at all.
	opts, err := serverAuth(ctx, c.auth, stdout)
	if err != nil {
		return err
	}
	opts.Logger, opts.Introspection, opts.RequestTimeout = log, c.introspection || c.auth.demo, 3*c.queryTimeout
	db, err := openDB(ctx, c, log, 60*time.Second)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if c.seedDemo {
		if err := seedDemoIfEmpty(graph.SeeAll(ctx), db, stderr); err != nil {
			return err
		}
	}
	opts.Analytics = neo4jdb.NewAnalytics(db, neo4jdb.AnalyticsConfig{TTL: c.analyticsTTL, Engine: c.analyticsOn})
	go pruneKeys(ctx, db, log)
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           server.New(db, opts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      3*c.queryTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Info("serving", "addr", ln.Addr().String(), "graphql", fmt.Sprintf("http://%s/graphql", ln.Addr()), "neo4j", c.neo4j.URI)
	fmt.Fprintf(stdout, "liaison serving http://%s/graphql (GraphiQL at /graphiql)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// pruneKeys deletes expired idempotency keys at start and every hour.
func pruneKeys(ctx context.Context, db *neo4jdb.DB, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := db.PruneIdempotencyKeys(ctx); err != nil {
			log.Warn("pruning idempotency keys", "err", err)
		} else if n > 0 {
			log.Info("pruned expired idempotency keys", "keys", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
