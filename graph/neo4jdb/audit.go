package neo4jdb

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The audit trail: every write whose context carries an auth.AuditRequest
// (the service decorator sets one for every mutation) leaves one
// (:Audit {id, at, actor, role, operation, entityId, before, after}) node
// per changed entity, created in the mutation's own transaction: if the
// record cannot be written, the mutation does not happen either. before
// and after are the entity as JSON (the graph type, without the nodes at a
// relationship's ends), null when it did not exist.

// AuditIDPrefix prefixes audit record ids.
const AuditIDPrefix = "aud"

// AuditSchemaStatements are the indexes of the audit log (for the lead to
// append to schemaStatements).
var AuditSchemaStatements = []string{
	"CREATE CONSTRAINT Audit_id IF NOT EXISTS FOR (n:Audit) REQUIRE n.id IS UNIQUE",
	"CREATE INDEX Audit_entityId IF NOT EXISTS FOR (n:Audit) ON (n.entityId)",
	"CREATE INDEX Audit_at IF NOT EXISTS FOR (n:Audit) ON (n.at)",
}

// createdID is what a write that creates an entity returns from its
// transaction function, so that the audit knows the new id.
type createdID string

func (c createdID) NodeID() string { return string(c) }

// SetAuditFault makes every audited write call f just before it records
// the audit; an error from f fails the transaction. For tests that prove
// that a failed audit rolls the mutation back; nil removes it.
func (db *DB) SetAuditFault(f func(operation string) error) { db.auditFault.Store(&f) }

// auditor records one audited transaction attempt.
type auditor struct {
	req    *auth.AuditRequest
	who    *auth.Principal
	before map[string]string
	after  map[string]string // what finish recorded (idempotency.go reuses it)
}

// startAudit snapshots the entities the context's audit request names,
// inside tx; nil when the context asks for no audit.
func startAudit(ctx context.Context, tx txRunner) (*auditor, error) {
	req := auth.AuditFrom(ctx)
	if req == nil {
		return nil, nil
	}
	who := auth.FromContext(ctx)
	if who == nil {
		who = &auth.Principal{Subject: "unknown"}
	}
	before, err := snapshot(ctx, tx, req.EntityIDs)
	if err != nil {
		return nil, err
	}
	return &auditor{req: req, who: who, before: before}, nil
}

// finish writes the audit records of the attempt, in tx, after the
// transaction function returned out.
func (a *auditor) finish(ctx context.Context, tx txRunner, out any) error {
	if a == nil {
		return nil
	}
	ids := a.req.EntityIDs
	if len(ids) == 0 {
		if id := resultID(out); id != "" {
			ids = []string{id}
		}
	}
	if p := tx.db.auditFault.Load(); p != nil && *p != nil {
		if err := (*p)(a.req.Operation); err != nil {
			return err
		}
	}
	after, err := snapshot(ctx, tx, ids)
	if err != nil {
		return err
	}
	a.after = after
	rows := make([]any, 0, max(1, len(ids)))
	for _, id := range ids {
		rows = append(rows, map[string]any{"id": newAuditID(), "entityId": id,
			"before": nullIfEmpty(a.before[id]), "after": nullIfEmpty(after[id])})
	}
	if len(rows) == 0 {
		rows = append(rows, map[string]any{"id": newAuditID(), "entityId": nil, "before": nil, "after": nil})
	}
	_, err = tx.run(ctx, `UNWIND $rows AS row
CREATE (a:Audit {id: row.id, at: datetime.transaction(), actor: $actor, role: $role, operation: $op,
  entityId: row.entityId, before: row.before, after: row.after})`,
		map[string]any{"rows": rows, "actor": a.who.Subject, "role": string(a.who.Role), "op": a.req.Operation})
	return err
}

func newAuditID() string {
	return AuditIDPrefix + strings.TrimPrefix(graph.NewRelID(), graph.RelIDPrefix)
}

// resultID is the id of what a transaction function returned.
func resultID(out any) string {
	switch v := out.(type) {
	case interface{ NodeID() string }:
		return v.NodeID()
	case *graph.Relationship:
		return v.ID
	case *graph.Interaction:
		return v.ID
	case *graph.ContributionTarget:
		return targetKey(v.PersonID, v.Year)
	}
	return ""
}

// snapshot returns the JSON of each id's entity, relationship or
// interaction as it is in tx; ids that name nothing are absent.
func snapshot(ctx context.Context, tx txRunner, ids []string) (map[string]string, error) {
	out := map[string]string{}
	var nodes []string
	for _, id := range ids {
		switch {
		case graph.ParseRelID("id", id) == nil:
			recs, err := tx.run(ctx, getRel, map[string]any{"id": id})
			if err != nil {
				return nil, err
			}
			if len(recs) == 0 {
				continue
			}
			r, err := decodeRel(recs[0].Values[0])
			if err != nil {
				return nil, err
			}
			r.Start, r.End = nil, nil
			if err := putJSON(out, id, r); err != nil {
				return nil, err
			}
		case strings.HasPrefix(id, graph.InteractionIDPrefix+"_"):
			recs, err := tx.run(ctx, `MATCH (i:Interaction {id: $id})
RETURN i {.*, participants: [(i)-[:WITH]->(p) | p.id], about: [(i)-[:ABOUT]->(x) | x.id]}`, map[string]any{"id": id})
			if err != nil {
				return nil, err
			}
			if len(recs) == 0 {
				continue
			}
			m, _ := recs[0].Values[0].(map[string]any)
			it := &graph.Interaction{ID: str(m, "id"), At: timeOf(m, "at"), Kind: graph.InteractionKind(str(m, "kind")),
				Summary: str(m, "summary"), ParticipantIDs: strings_(m, "participants"), AboutIDs: strings_(m, "about"),
				LoggedBy: str(m, "loggedBy"), LoggedByUnit: str(m, "loggedByUnit"), LoggedAt: timeOf(m, "loggedAt")}
			if err := putJSON(out, id, it); err != nil {
				return nil, err
			}
		case graph.IsContributionID(id):
			c, err := findContributionTx(ctx, tx, id)
			if graph.ErrorCode(err) == graph.CodeNotFound {
				continue
			}
			if err != nil {
				return nil, err
			}
			if err := putJSON(out, id, c); err != nil {
				return nil, err
			}
		default:
			if _, err := graph.ParseID(id); err == nil {
				nodes = append(nodes, id)
			}
		}
	}
	if len(nodes) == 0 {
		return out, nil
	}
	recs, err := tx.run(ctx, withProj(cypherAuditNodes, "n"), map[string]any{"ids": nodes})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		n, err := decodeNode(rec.Values[0])
		if err != nil {
			return nil, err
		}
		if err := putJSON(out, n.NodeID(), n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func putJSON(m map[string]string, id string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	m[id] = string(b)
	return nil
}

const cypherAuditWhere = `MATCH (a:Audit)
WHERE ($entityId IS NULL OR a.entityId = $entityId) AND ($actor IS NULL OR a.actor = $actor)
  AND ($op IS NULL OR a.operation = $op) AND ($from IS NULL OR a.at >= $from) AND ($to IS NULL OR a.at <= $to)`

var cypherFindAudit = fill(`CALL () { {{cypherAuditWhere}} RETURN count(a) AS total }
CALL () { {{cypherAuditWhere}}
  WITH a ORDER BY a.at DESC, a.id DESC SKIP $skip LIMIT $limit
  RETURN collect(properties(a)) AS items }
RETURN total, items`,
	"cypherAuditWhere", cypherAuditWhere)

// FindAudit lists audit records, newest first.
func (db *DB) FindAudit(ctx context.Context, f auth.AuditFilter, page graph.Page) (*graph.List[*auth.AuditEntry], error) {
	if err := page.CheckLimit(); err != nil {
		return nil, err
	}
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return nil, graph.Errorf(graph.CodeInvalidInput, "filter.to: before filter.from")
	}
	opt := func(s *string) any {
		if s == nil {
			return nil
		}
		return *s
	}
	instant := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return t.UTC()
	}
	recs, err := db.read(ctx, cypherFindAudit, map[string]any{"entityId": opt(f.EntityID), "actor": opt(f.Actor),
		"op": opt(f.Operation), "from": instant(f.From), "to": instant(f.To), "skip": page.Offset, "limit": page.Limit + 1})
	if err != nil {
		return nil, err
	}
	return pageOf(recs, page, func(it any) *auth.AuditEntry {
		m, _ := it.(map[string]any)
		return &auth.AuditEntry{ID: str(m, "id"), At: timeOf(m, "at"), Actor: str(m, "actor"),
			Role: auth.Role(str(m, "role")), Operation: str(m, "operation"), EntityID: str(m, "entityId"),
			Before: str(m, "before"), After: str(m, "after")}
	}), nil
}

// pageOf is the page of a statement that answers one row of (total,
// items), its items limited to page.Limit + 1 so that the one more tells
// whether there is a next page.
func pageOf[T any](recs []*neo4j.Record, page graph.Page, decode func(any) T) *graph.List[T] {
	if len(recs) == 0 {
		return &graph.List[T]{Offset: page.Offset}
	}
	return listOf(recs[0].Values[0], recs[0].Values[1], page, decode)
}

// listOf is the page of a list from its total and its items (one more
// than the page when there is a next).
func listOf[T any](totalV, itemsV any, page graph.Page, decode func(any) T) *graph.List[T] {
	l := &graph.List[T]{Offset: page.Offset}
	total, _ := totalV.(int64)
	items, _ := itemsV.([]any)
	l.TotalCount = int(total)
	if len(items) > page.Limit {
		l.HasNext, items = true, items[:page.Limit]
	}
	for _, it := range items {
		l.Items = append(l.Items, decode(it))
	}
	return l
}

// cypherAuditNodes returns the entities that audit records name.
const cypherAuditNodes = `UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN {{proj}} AS n`
