package neo4jdb

import (
	"cmp"
	"context"
	"time"

	"github.com/liaison/liaison/graph"
)

// An interaction is a node, (:Interaction)-[:WITH]->(:Person) for each
// participant and -[:ABOUT]->() for what it was about. It carries no
// Entity label: it is not a node of paths or search.
var cypherLogInteraction = createLinked(`CREATE (x:Interaction {id: $id, at: $at, kind: $kind, summary: $summary, loggedBy: $loggedBy, loggedByUnit: $loggedByUnit, loggedAt: datetime()})`,
	"WITH", "ABOUT")

// cypherCreateLinked creates a node x ({{create}}), links it to each of the
// people $people by {{by}} and to each of the entities $about by {{about}},
// and answers how many of each it found (the caller compares them with
// what it asked for).
const cypherCreateLinked = `{{create}}
WITH x
UNWIND $people AS pid
MATCH (p:Person {id: pid})
CREATE (x)-[:{{by}}]->(p)
WITH x, count(p) AS n
CALL (x) {
  UNWIND $about AS aid
  MATCH (e:Entity {id: aid})
  CREATE (x)-[:{{about}}]->(e)
  RETURN count(e) AS a
}
RETURN n, a`

// refsTo names each of ids with field, for requireExist.
func refsTo(field string, ids []string) [][2]string {
	refs := make([][2]string, len(ids))
	for i, id := range ids {
		refs[i] = [2]string{field, id}
	}
	return refs
}

func createLinked(create, by, about string) string {
	return fill(cypherCreateLinked, "create", create, "by", by, "about", about)
}

// LogInteraction records an interaction and refreshes the ties of its
// participants in the same transaction.
func (db *DB) LogInteraction(ctx context.Context, in graph.LogInteractionInput, loggedBy string) (*graph.Interaction, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	id := graph.InteractionIDPrefix + "_" + graph.NewRelID()[len(graph.RelIDPrefix)+1:]
	at := in.At.UTC()
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		// Take the participants' locks first, in id order, as the tie
		// recomputation below does: concurrent interactions of the same
		// people then queue instead of deadlocking halfway.
		if err := lockPeople(ctx, tx, in.ParticipantIDs); err != nil {
			return nil, err
		}
		if err := requireExist(ctx, tx, append(refsTo("input.participantIds", in.ParticipantIDs), refsTo("input.aboutIds", in.AboutIDs)...)); err != nil {
			return nil, err
		}
		if _, err := tx.run(ctx, cypherLogInteraction, map[string]any{"id": id, "at": at, "kind": string(in.Kind),
			"summary": optStr(in.Summary), "loggedBy": nullIfEmpty(loggedBy), "loggedByUnit": nullIfEmpty(in.LoggedByUnit), "people": in.ParticipantIDs,
			"about": nonNil(in.AboutIDs)}); err != nil {
			return nil, err
		}
		return createdID(id), db.recomputeTies(ctx, tx, in.ParticipantIDs)
	})
	if err != nil {
		return nil, err
	}
	return &graph.Interaction{ID: id, At: at, Kind: in.Kind, Summary: orEmptyStr(in.Summary), ParticipantIDs: in.ParticipantIDs,
		AboutIDs: nonNil(in.AboutIDs), LoggedBy: loggedBy, LoggedByUnit: in.LoggedByUnit, LoggedAt: time.Now().UTC()}, nil
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func orEmptyStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

var cypherInteractions = fill(`UNWIND $ids AS pid
CALL (pid) { MATCH (s:Person {id: pid})<-[:WITH]-(i:Interaction) WHERE {{visibleS}} RETURN count(i) AS total }
CALL (pid) { MATCH (s:Person {id: pid})<-[:WITH]-(i:Interaction) WHERE {{visibleS}}
  WITH i ORDER BY i.at DESC, i.id SKIP $skip LIMIT $limit
  RETURN collect(i {.*, participants: [(i)-[:WITH]->(p) WHERE {{visibleP}} | p.id], about: [(i)-[:ABOUT]->(x) | x.id]}) AS items }
RETURN pid, total, items`,
	"visibleS", visibleS, "visibleP", visibleP)

// FindInteractions lists the interactions of many people, newest first.
func (db *DB) FindInteractions(ctx context.Context, ids []string, page graph.Page) (map[string]*graph.List[*graph.Interaction], error) {
	return perPerson(ctx, db, cypherInteractions, map[string]any{"ids": ids}, page, func(m map[string]any) (*graph.Interaction, error) {
		return &graph.Interaction{ID: str(m, "id"), At: timeOf(m, "at"), Kind: graph.InteractionKind(str(m, "kind")),
			Summary: str(m, "summary"), ParticipantIDs: strings_(m, "participants"), AboutIDs: strings_(m, "about"),
			LoggedBy: str(m, "loggedBy"), LoggedByUnit: str(m, "loggedByUnit"), LoggedAt: timeOf(m, "loggedAt")}, nil
	})
}

// perPerson runs a statement that answers, for each person its params
// name, one record (pid, total, items) with one page of their items
// (limit page.Limit + 1 to learn whether a next page exists), and decodes
// each item.
func perPerson[T any](ctx context.Context, db *DB, cypher string, params map[string]any, page graph.Page, item func(map[string]any) (T, error)) (map[string]*graph.List[T], error) {
	if err := page.CheckLimit(); err != nil {
		return nil, err
	}
	params["skip"], params["limit"] = page.Offset, page.Limit+1
	recs, err := db.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*graph.List[T], len(recs))
	for _, rec := range recs {
		pid, _ := rec.Values[0].(string)
		out[pid] = listOf(rec.Values[1], rec.Values[2], page, func(it any) T {
			m, _ := it.(map[string]any)
			t, ierr := item(m)
			err = cmp.Or(err, ierr)
			return t
		})
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}
