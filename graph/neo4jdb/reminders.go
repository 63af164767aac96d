package neo4jdb

import (
	"context"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// cypherLeaving finds the postings ending within the window of the
// person's cohort (people whose postings overlapped theirs at one host unit
// or in one region) and of the cadres posted to the units where the person
// serves or works now (an officer's unit hosting cadres).
const cypherLeaving = `MATCH (p:Person {id: $id})
CALL (p) {
  MATCH (p)-[a:POSTED_TO]->(u:Unit)<-[b:POSTED_TO]-(q:Person)
  WHERE q <> p AND (a.to IS NULL OR b.from <= a.to) AND (b.to IS NULL OR a.from <= b.to)
  RETURN q
  UNION
  MATCH (p)-[a:POSTED_TO]->(u:Unit)-[la:LOCATED_IN]->(:Region)<-[lb:LOCATED_IN]-(v:Unit)<-[b:POSTED_TO]-(q:Person)
  WHERE la.to IS NULL AND lb.to IS NULL AND v <> u AND q <> p
    AND (a.to IS NULL OR b.from <= a.to) AND (b.to IS NULL OR a.from <= b.to)
  RETURN q
  UNION
  MATCH (p)-[m:POSTED_TO|MEMBER_OF]->(:Unit)<-[:POSTED_TO]-(q:Person)
  WHERE q <> p AND (m.to IS NULL OR m.to >= $today)
  RETURN q
}
WITH DISTINCT q WHERE {{visible}}
MATCH (q)-[r:POSTED_TO]->(:Unit)
WHERE r.to >= $today AND r.to <= $until
WITH r ORDER BY r.to, r.id LIMIT $first
WITH r, startNode(r) AS rs, endNode(r) AS re RETURN {{rel}} AS r`

// cypherArrivals finds the postings begun within the window at the units
// where the person serves or works now, or at units of the same region.
const cypherArrivals = `MATCH (p:Person {id: $id})
CALL (p) {
  MATCH (p)-[m:POSTED_TO|MEMBER_OF]->(u:Unit) WHERE m.to IS NULL OR m.to >= $today
  RETURN u
  UNION
  MATCH (p)-[m:POSTED_TO|MEMBER_OF]->(:Unit)-[la:LOCATED_IN]->(:Region)<-[lb:LOCATED_IN]-(u:Unit)
  WHERE (m.to IS NULL OR m.to >= $today) AND la.to IS NULL AND lb.to IS NULL
  RETURN u
}
MATCH (u)<-[r:POSTED_TO]-(q:Person)
WHERE q <> p AND r.from >= $since AND r.from <= $today AND {{visible}}
WITH DISTINCT r ORDER BY r.from DESC, r.id LIMIT $first
WITH r, startNode(r) AS rs, endNode(r) AS re RETURN {{rel}} AS r`

// Reminders lists the cohort leaving within days and the arrivals of the
// last days, at most first of each.
func (db *DB) Reminders(ctx context.Context, personID string, days, first int) (*graph.Reminders, error) {
	if err := graph.ValidateReminders(personID, &days, &first); err != nil {
		return nil, err
	}
	if _, err := db.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	today := graph.Today()
	params := map[string]any{"id": personID, "first": first, "today": dateValue(&today)}
	until, since := today.AddDate(0, 0, days), today.AddDate(0, 0, -days)
	params["until"], params["since"] = dateValue(&until), dateValue(&since)
	out := &graph.Reminders{PersonID: personID, Days: days}
	var err error
	if out.Leaving, err = db.rels(ctx, leavingStmt, params); err != nil {
		return nil, err
	}
	if out.Arrivals, err = db.rels(ctx, arrivalsStmt, params); err != nil {
		return nil, err
	}
	return out, nil
}

func (db *DB) rels(ctx context.Context, cypher string, params map[string]any) ([]*graph.Relationship, error) {
	return readAll(ctx, db, cypher, params, func(rec *neo4j.Record) (*graph.Relationship, error) { return decodeRel(rec.Values[0]) })
}

// FindRelationshipByID returns one relationship with its ends.
func (db *DB) FindRelationshipByID(ctx context.Context, id string) (*graph.Relationship, error) {
	if err := graph.ParseRelID("id", id); err != nil {
		return nil, err
	}
	recs, err := db.read(ctx, getRel, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, graph.Errorf(graph.CodeNotFound, "relationship %q not found", id)
	}
	r, err := decodeRel(recs[0].Values[0])
	if err != nil {
		return nil, err
	}
	if v := graph.ViewerOf(ctx); (r.Start != nil && !v.SeesNode(r.Start)) || (r.End != nil && !v.SeesNode(r.End)) {
		return nil, graph.Errorf(graph.CodeNotFound, "relationship %q not found", id)
	}
	return r, nil
}

// A person's calendar feed secret is kept as its hash on a
// (:CalendarFeed {personId, hash, rotatedAt}) node of its own, outside the
// entities, so that exports and audits never carry it.
const cypherRotateFeed = `MATCH (p:Person {id: $id})
MERGE (f:CalendarFeed {personId: $id})
SET f.hash = $hash, f.rotatedAt = datetime()
RETURN p.id`

const cypherFeedOwner = `MATCH (f:CalendarFeed {hash: $hash})
MATCH (p:Person {id: f.personId})
RETURN p.id`

// CalendarFeedSchemaStatements are the constraints of the feed secrets.
var CalendarFeedSchemaStatements = []string{
	"CREATE CONSTRAINT CalendarFeed_personId IF NOT EXISTS FOR (n:CalendarFeed) REQUIRE n.personId IS UNIQUE",
	"CREATE CONSTRAINT CalendarFeed_hash IF NOT EXISTS FOR (n:CalendarFeed) REQUIRE n.hash IS UNIQUE",
}

// feedRotation is what RotateFeedSecret's transaction returns: the
// person's id for the audit, never the secret.
type feedRotation string

func (f feedRotation) NodeID() string { return string(f) }

// RotateFeedSecret gives the person a new calendar feed secret.
func (db *DB) RotateFeedSecret(ctx context.Context, personID string) (string, error) {
	if err := graph.ParseIDOf("person", personID, graph.KindPerson); err != nil {
		return "", err
	}
	secret := graph.NewFeedSecret()
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		recs, err := tx.run(ctx, cypherRotateFeed, map[string]any{"id": personID, "hash": graph.FeedSecretHash(secret)})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, graph.NotFound(graph.KindPerson, personID)
		}
		return feedRotation(personID), nil
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// FeedOwner is the person whose feed secret this is.
func (db *DB) FeedOwner(ctx context.Context, secret string) (string, error) {
	if !graph.ValidFeedSecret(secret) {
		return "", graph.Errorf(graph.CodeNotFound, "no calendar feed has this secret")
	}
	recs, err := db.read(ctx, cypherFeedOwner, map[string]any{"hash": graph.FeedSecretHash(secret)})
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return "", graph.Errorf(graph.CodeNotFound, "no calendar feed has this secret")
	}
	id, _ := recs[0].Values[0].(string)
	return id, nil
}

// The reminder statements, filled once.
var (
	leavingStmt  = fill(cypherLeaving, "visible", visibleQ, "rel", relProj("r"))
	arrivalsStmt = fill(cypherArrivals, "visible", visibleQ, "rel", relProj("r"))
)
