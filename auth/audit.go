package auth

import (
	"context"
	"time"

	"github.com/liaison/liaison/graph"
)

// AuditRequest asks the write transaction of a mutation to record it: the
// service decorator puts one in the context, graph/neo4jdb reads it.
type AuditRequest struct {
	// Operation is the mutation's name, e.g. "updatePerson".
	Operation string
	// EntityIDs are the entities the mutation changes when they are known
	// beforehand (updates, deletes, ends, removals, merges). For a create
	// they are empty and the id comes from the transaction's result.
	EntityIDs []string
}

type auditKey struct{}

// WithAudit returns ctx asking its writes to be audited.
func WithAudit(ctx context.Context, r AuditRequest) context.Context {
	return context.WithValue(ctx, auditKey{}, &r)
}

// AuditFrom returns the audit request of ctx, nil when there is none.
func AuditFrom(ctx context.Context) *AuditRequest {
	r, _ := ctx.Value(auditKey{}).(*AuditRequest)
	return r
}

// AuditEntry is one recorded mutation.
type AuditEntry struct {
	ID        string
	At        time.Time
	Actor     string // the principal's subject
	Role      Role
	Operation string
	EntityID  string
	// Before and After are the entity as JSON, "" when it did not exist.
	Before string
	After  string
}

// AuditFilter narrows the audit log; empty fields match everything.
type AuditFilter struct {
	EntityID  *string
	Actor     *string
	Operation *string
	From, To  *time.Time // instants, both inclusive
}

// AuditService reads the audit log, newest first.
type AuditService interface {
	FindAudit(ctx context.Context, f AuditFilter, page graph.Page) (*graph.List[*AuditEntry], error)
}
