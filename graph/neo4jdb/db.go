// Package neo4jdb implements Liaison's services on Neo4j: the connection,
// the schema (constraints and indexes), the Cypher behind every service
// method, and the translation of the driver's errors into graph errors.
//
// Every statement takes its values as parameters; the few names that vary
// (labels, relationship types, sort properties) come from fixed tables in
// this package, never from user input.
package neo4jdb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://, neo4j://, neo4j+s:// ...
	User     string
	Password string
	Database string // "" means neo4j
	// QueryTimeout bounds every transaction; 0 means 10 s.
	QueryTimeout time.Duration
	// RetryTime is how long an interactive statement is tried again after
	// transient errors (a deadlock, a leader change); 0 means 3 s. Bulk
	// work has its own, BulkRetryTime.
	RetryTime time.Duration
	// ConnectTimeout bounds opening one connection; 0 means 1 s.
	ConnectTimeout time.Duration
	Logger         *slog.Logger
	// Strengths are the tie and link parameters; zero means the defaults.
	Strengths *graph.Strengths
}

// DB is the Neo4j implementation of the graph services. It is safe for
// concurrent use; one DB serves the whole process.
type DB struct {
	driver    neo4j.DriverWithContext
	dbName    string
	timeout   time.Duration
	retryTime time.Duration
	poolSize  int
	log       *slog.Logger
	// downSince is when a connection to Neo4j last failed to open (unix
	// nanoseconds), 0 once a statement succeeded again (retry.go).
	downSince atomic.Int64
	// strengths parameterize tie strength and path strength.
	strengths graph.Strengths
	// tieChunk is the chunk of a full tie recomputation; 0 means TieChunk
	// (tests set it smaller).
	tieChunk int
	// tieWriters is how many chunks are written at once; 0 means TieWriters
	tieWriters int
	// roundTrips counts statements sent, so tests can prove that nested
	// fields are batched.
	roundTrips atomic.Int64
	// auditFault, when set, fails audited writes (tests; see audit.go).
	auditFault atomic.Pointer[func(operation string) error]
}

// Open creates the driver. It does not wait for Neo4j: Ping does.
func Open(cfg Config) (*DB, error) {
	if cfg.URI == "" {
		return nil, errors.New("neo4j: URI is empty")
	}
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = 10 * time.Second
	}
	if cfg.RetryTime <= 0 {
		cfg.RetryTime = DefaultRetryTime
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	const poolSize = 50
	drv, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = poolSize
		c.ConnectionAcquisitionTimeout = cfg.QueryTimeout
		c.SocketConnectTimeout = cfg.ConnectTimeout
		// The driver makes one attempt; retry.go decides what is tried
		// again and for how long, with a budget per kind of work (the
		// driver's own retries wait 1 s, then 2 s, ... between attempts,
		// so a request to a stopped Neo4j took the whole query timeout).
		c.MaxTransactionRetryTime = 0
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: %w", err)
	}
	st := graph.DefaultStrengths()
	if cfg.Strengths != nil {
		st = *cfg.Strengths
	}
	return &DB{driver: drv, dbName: cfg.Database, timeout: cfg.QueryTimeout, retryTime: cfg.RetryTime, poolSize: poolSize,
		log: cfg.Logger, strengths: st}, nil
}

// Close closes the driver and its connections.
func (db *DB) Close(ctx context.Context) error { return db.driver.Close(ctx) }

// Ping checks that Neo4j answers.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.driver.VerifyConnectivity(ctx); err != nil {
		if classify(err) == failUnreachable {
			db.markDown()
			return unreachable
		}
		return db.mapError(ctx, err)
	}
	return nil
}

// RoundTrips is the number of statements sent so far.
func (db *DB) RoundTrips() int64 { return db.roundTrips.Load() }

// Timeout is the limit every transaction runs under.
func (db *DB) Timeout() time.Duration { return db.timeout }

// read runs one read statement and returns its records.
func (db *DB) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return db.readWithin(ctx, db.interactive(), cypher, params)
}

// readWithin is read under other limits (analytics.go reads the whole
// people graph under its own).
func (db *DB) readWithin(ctx context.Context, l limits, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	db.roundTrips.Add(1)
	var recs []*neo4j.Record
	err := db.retry(ctx, l, false, func(ctx context.Context) error {
		res, err := neo4j.ExecuteQuery(ctx, db.driver, cypher, viewParams(ctx, params), neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(db.dbName),
			neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(l.timeout)))
		if err != nil {
			return err
		}
		recs = res.Records
		return nil
	})
	if err != nil {
		return nil, db.mapLimits(ctx, err, l)
	}
	return recs, nil
}

// txRunner runs statements inside one write transaction and counts them.
type txRunner struct {
	tx neo4j.ManagedTransaction
	db *DB
}

func (t txRunner) run(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	t.db.roundTrips.Add(1)
	res, err := t.tx.Run(ctx, cypher, viewParams(ctx, params))
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// write runs fn in one write transaction: everything it does commits
// together or not at all. fn is run again after transient errors, so it
// must be idempotent in what it sends.
//
// A write whose context carries an idempotency claim (graph.WithIdempotency)
// stores its key in the same transaction (idempotency.go): a repeat of the
// key with the same input writes nothing and answers *graph.Repeat, with
// another input CONFLICT.
func (db *DB) write(ctx context.Context, fn func(ctx context.Context, tx txRunner) (any, error)) (any, error) {
	return db.writeWithin(ctx, db.interactive(), fn)
}

// BulkTimeout bounds one chunk of a bulk load, which writes thousands of
// rows and may take longer than an interactive request is allowed.
const BulkTimeout = 2 * time.Minute

func (db *DB) bulkWrite(ctx context.Context, fn func(ctx context.Context, tx txRunner) (any, error)) (any, error) {
	return db.writeWithin(ctx, db.bulk(), fn)
}

func (db *DB) writeWithin(ctx context.Context, l limits, fn func(ctx context.Context, tx txRunner) (any, error)) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	claim := graph.IdempotencyFrom(ctx)
	key, hash, keyed := claim.Take()
	bulk := keyed && claim.Sequence != nil
	var out any
	err := db.retry(ctx, l, keyed, func(ctx context.Context) error {
		s := db.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.dbName, AccessMode: neo4j.AccessModeWrite})
		defer s.Close(context.WithoutCancel(ctx))
		var err error
		committing := false // the work is sent: a connection lost now may lose the commit's answer
		out, err = s.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			committing = false
			run := txRunner{tx: tx, db: db}
			if keyed {
				// First, so that a concurrent repeat waits for this one
				// and then finds its key.
				if err := claimKey(ctx, run, key, hash); err != nil {
					return nil, err
				}
			}
			// A mutation whose context asks for an audit records it in the
			// same transaction (audit.go).
			a, err := startAudit(ctx, run)
			if err != nil {
				return nil, err
			}
			out, err := fn(ctx, run)
			if err != nil {
				return nil, err
			}
			if err := a.finish(ctx, run, out); err != nil {
				return nil, err
			}
			if keyed {
				if err := storeAnswer(ctx, run, key, out, a, bulk); err != nil {
					return nil, err
				}
			}
			committing = true
			return out, nil
		}, neo4j.WithTxTimeout(l.timeout))
		if err != nil && committing && classify(err) == failBroken {
			return errLostCommit{err}
		}
		return err
	})
	if err != nil {
		var rep *graph.Repeat
		if bulk && errors.As(err, &rep) {
			return bulkAnswer(rep), nil
		}
		return nil, db.mapLimits(ctx, err, l)
	}
	return out, nil
}

// mapError translates driver errors into graph errors at the border. Our
// own *graph.Error passes through; anything unexpected is logged and
// becomes INTERNAL with a generic message.
func (db *DB) mapError(ctx context.Context, err error) error {
	return db.mapErrorWithin(ctx, err, db.timeout)
}

// mapErrorWithin is mapError for a statement that ran under its own
// timeout (bulk loads, analytics), which a timeout message names.
func (db *DB) mapErrorWithin(ctx context.Context, err error, timeout time.Duration) error {
	// The driver's retry limit wraps what went wrong last: judge that.
	var lim *neo4j.TransactionExecutionLimit
	if errors.As(err, &lim) && len(lim.Errors) > 0 {
		err = lim.Errors[len(lim.Errors)-1]
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return ge
	}
	var rep *graph.Repeat
	if errors.As(err, &rep) {
		return rep
	}
	if classify(err) == failUnreachable {
		db.log.Warn("neo4j unreachable", "err", err)
		return unreachable
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch {
		case ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return graph.Errorf(graph.CodeConflict, "%s", conflictMessage(ne.Msg))
		case strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.TransactionTimedOut"),
			ne.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return graph.Errorf(graph.CodeUnavailable, "the query took longer than %s", timeout)
		case strings.HasPrefix(ne.Code, "Neo.TransientError"),
			strings.HasPrefix(ne.Code, "Neo.ClientError.Cluster"),
			ne.Code == "Neo.ClientError.Database.DatabaseNotFound":
			db.log.Warn("neo4j unavailable", "code", ne.Code, "msg", ne.Msg)
			return graph.Errorf(graph.CodeUnavailable, "the database is not available, try again")
		}
		db.log.Error("neo4j error", "code", ne.Code, "msg", ne.Msg)
		return graph.Errorf(graph.CodeInternal, "internal error")
	}
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded {
		return graph.Errorf(graph.CodeUnavailable, "the query took longer than %s", timeout)
	}
	if errors.Is(err, context.Canceled) {
		return graph.Errorf(graph.CodeUnavailable, "the request was cancelled")
	}
	if neo4j.IsConnectivityError(err) || neo4j.IsRetryable(err) || isUsageTimeout(err) {
		db.log.Warn("neo4j unreachable", "err", err)
		return graph.Errorf(graph.CodeUnavailable, "the database is not reachable, try again")
	}
	db.log.Error("neo4j driver error", "err", err)
	return graph.Errorf(graph.CodeInternal, "internal error")
}

func isUsageTimeout(err error) bool {
	var te *neo4j.ConnectivityError
	if errors.As(err, &te) {
		return true
	}
	var pe *neo4j.TransactionExecutionLimit
	return errors.As(err, &pe)
}

func conflictMessage(msg string) string {
	switch {
	case strings.Contains(msg, "creditCode"):
		return "input.creditCode: another company already has this credit code"
	case strings.Contains(msg, "`id`") || strings.Contains(msg, "property `id`"):
		return "id: an entity with this id already exists"
	}
	return "the change conflicts with existing data"
}

// Query runs one read statement and returns its records as maps. It is for
// tests and maintenance tools; values go in params like everywhere else.
func (db *DB) Query(ctx context.Context, cypher string, params map[string]any) ([]map[string]any, error) {
	recs, err := db.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = r.AsMap()
	}
	return out, nil
}

// Exec runs one write statement in its own transaction (tests and tools).
func (db *DB) Exec(ctx context.Context, cypher string, params map[string]any) error {
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		_, err := tx.run(ctx, cypher, params)
		return nil, err
	})
	return err
}

// readAll runs a read statement and decodes each of its records.
func readAll[T any](ctx context.Context, db *DB, cypher string, params map[string]any, decode func(*neo4j.Record) (T, error)) ([]T, error) {
	recs, err := db.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(recs))
	for _, rec := range recs {
		t, err := decode(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
