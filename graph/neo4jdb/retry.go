package neo4jdb

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// What is tried again, and for how long.
//
// The driver makes one attempt per call (Open sets its retry time to 0);
// retry below decides by what went wrong:
//
//   - a pooled connection that turns out dead (Neo4j restarted since it was
//     opened) is dropped and the statement sent again at once, up to the
//     size of the pool;
//   - a connection that cannot be opened (refused, unreachable) is tried
//     again for at most reachRetry, and not at all while Neo4j is known to
//     be down: a request to a stopped Neo4j answers UNAVAILABLE "the
//     database is not reachable" in about a millisecond, and every request
//     still tries, so the first one after Neo4j is back succeeds;
//   - a transient error of Neo4j (a deadlock, a leader change) is tried
//     again with growing pauses for the retry time of its kind of work:
//     DefaultRetryTime (Config.RetryTime) for interactive requests,
//     BulkRetryTime for bulk loads;
//   - a connection lost while committing leaves the outcome unknown: only
//     a write with an idempotency key is sent again (its key tells whether
//     the first attempt committed); others answer UNAVAILABLE saying so;
//   - anything else (bad input, a timeout) is not tried again.
const (
	DefaultRetryTime      = 3 * time.Second
	BulkRetryTime         = 30 * time.Second
	DefaultConnectTimeout = time.Second
	reachRetry            = 500 * time.Millisecond
)

// limits are what a statement runs under, and the name its messages give
// them.
type limits struct {
	name    string        // "interactive requests", "bulk work"
	timeout time.Duration // the whole statement, retries included
	retry   time.Duration // how long transient errors are tried again
}

func (db *DB) interactive() limits {
	return limits{name: "interactive requests", timeout: db.timeout, retry: min(db.retryTime, db.timeout)}
}

// ReportTimeout bounds the statements of a unit report and of the city
// summary, which read every posting of the period and what its cadres
// did: at scale 100 the city summary took 5.6 s with a warm page cache
// and 9.9 s with a cold one, against the 10 s default of an interactive
// request's statements (the request itself may take three times that).
const ReportTimeout = 25 * time.Second

func (db *DB) reports() limits {
	return limits{name: "reports", timeout: max(ReportTimeout, db.timeout), retry: min(db.retryTime, db.timeout)}
}

func (db *DB) bulk() limits {
	return limits{name: "bulk work", timeout: max(BulkTimeout, db.timeout), retry: max(BulkRetryTime, db.retryTime)}
}

type failure int

const (
	failOther         failure = iota
	failBroken                // a pooled connection had died; nothing was committed
	failUnreachable           // no connection could be opened
	failCommitUnknown         // the connection died while committing
	failTransient             // Neo4j asks to try again
)

// classify tells what kind of failure err is.
func classify(err error) failure {
	var lim *neo4j.TransactionExecutionLimit
	if errors.As(err, &lim) && len(lim.Errors) > 0 {
		err = lim.Errors[len(lim.Errors)-1]
	}
	var ge *graph.Error
	var rep *graph.Repeat
	if errors.As(err, &ge) || errors.As(err, &rep) {
		return failOther
	}
	// The driver's CommitFailedDeadError is in an internal package.
	var lc errLostCommit
	if errors.As(err, &lc) || strings.Contains(err.Error(), "Connection lost during commit") {
		return failCommitUnknown
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		if ne.IsRetriable() {
			return failTransient
		}
		return failOther
	}
	var ce *neo4j.ConnectivityError
	if errors.As(err, &ce) {
		if errors.Is(ce.Inner, context.DeadlineExceeded) || errors.Is(ce.Inner, context.Canceled) {
			return failOther // Neo4j accepted the connection but did not answer in time: slow, not down
		}
		if dialFailed(ce.Inner) {
			return failUnreachable
		}
		return failBroken
	}
	if dialFailed(err) {
		return failUnreachable
	}
	if connectionLost(err) {
		return failBroken
	}
	return failOther
}

// connectionLost tells whether err is an open connection that broke (Neo4j
// killed or restarted while a statement was on it), which the driver may
// answer as the socket's own error rather than a ConnectivityError.
func connectionLost(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// errLostCommit: the connection broke after the transaction's work was sent
// (while committing or waiting for the commit's answer), so whether it
// committed is unknown.
type errLostCommit struct{ err error }

func (e errLostCommit) Error() string { return "connection lost during commit: " + e.err.Error() }
func (e errLostCommit) Unwrap() error { return e.err }

// dialFailed tells whether err is a failure to open a connection.
func dialFailed(err error) bool {
	if err == nil {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH)
}

func (db *DB) markDown() { db.downSince.CompareAndSwap(0, time.Now().UnixNano()) }

// Down tells since when Neo4j could not be reached, the zero time while it
// can (as far as the last statement knows).
func (db *DB) Down() time.Time {
	if n := db.downSince.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// retry runs attempt until it succeeds or what went wrong is not worth
// trying again (see the top of this file). keyed says that attempt is a
// write with an idempotency key, which is safe to send again after a
// connection lost while committing.
func (db *DB) retry(ctx context.Context, l limits, keyed bool, attempt func(ctx context.Context) error) error {
	start := time.Now()
	wasDown := db.downSince.Load() != 0
	pause := 25 * time.Millisecond
	broken, commitRetried := 0, false
	for {
		err := attempt(ctx)
		if err == nil {
			db.downSince.Store(0)
			return nil
		}
		switch classify(err) {
		case failBroken:
			if ctx.Err() != nil {
				return err
			}
			if broken++; broken <= db.poolSize {
				continue
			}
			db.markDown()
			return errUnreachable{err: err}
		case failUnreachable:
			db.markDown()
			if wasDown || time.Since(start)+pause > reachRetry || !sleep(ctx, pause) {
				return errUnreachable{err: err}
			}
			pause *= 2
		case failCommitUnknown:
			if keyed && !commitRetried && ctx.Err() == nil {
				commitRetried = true
				continue
			}
			return errUnreachable{err: err, duringCommit: true}
		case failTransient:
			if ctx.Err() != nil {
				return err
			}
			if time.Since(start)+pause > l.retry {
				return errRetryLimit{err: err, limits: l}
			}
			if !sleep(ctx, pause+time.Duration(rand.Int64N(int64(pause)))) {
				return err
			}
			pause = min(2*pause, time.Second)
		default:
			return err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// errUnreachable: Neo4j could not be reached.
type errUnreachable struct {
	err          error
	duringCommit bool
}

func (e errUnreachable) Error() string { return "neo4j unreachable: " + e.err.Error() }
func (e errUnreachable) Unwrap() error { return e.err }

// errRetryLimit: transient errors went on for longer than the retry time.
type errRetryLimit struct {
	err    error
	limits limits
}

func (e errRetryLimit) Error() string { return "neo4j retry limit: " + e.err.Error() }
func (e errRetryLimit) Unwrap() error { return e.err }

// The messages clients see.
var (
	unreachable = graph.Errorf(graph.CodeUnavailable, "the database is not reachable, try again")
	lostCommit  = graph.Errorf(graph.CodeUnavailable, "the database is not reachable: the connection broke while the write "+
		"was committing, so it may have been applied; repeat it with the same Idempotency-Key to get its answer without writing twice")
)

// mapLimits is mapError for a statement that ran under l: unreachable
// before a timeout (a stopped Neo4j is not a slow one), and messages that
// name l's own limits.
func (db *DB) mapLimits(ctx context.Context, err error, l limits) error {
	var u errUnreachable
	if errors.As(err, &u) {
		db.log.Warn("neo4j unreachable", "err", u.err, "duringCommit", u.duringCommit)
		if u.duringCommit {
			return lostCommit
		}
		return unreachable
	}
	var r errRetryLimit
	if errors.As(err, &r) {
		db.log.Warn("neo4j busy", "err", r.err, "retried", r.limits.retry)
		return graph.Errorf(graph.CodeUnavailable, "the database stayed busy for %s, the retry limit of %s; try again", r.limits.retry, r.limits.name)
	}
	var ge *graph.Error
	var rep *graph.Repeat
	if !errors.As(err, &ge) && !errors.As(err, &rep) && timedOut(ctx, err) {
		return graph.Errorf(graph.CodeUnavailable, "the query took longer than %s, the time limit of %s", l.timeout, l.name)
	}
	return db.mapErrorWithin(ctx, err, l.timeout)
}

func timedOut(ctx context.Context, err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded {
		return true
	}
	var ne *neo4j.Neo4jError
	return errors.As(err, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.TransactionTimedOut")
}
