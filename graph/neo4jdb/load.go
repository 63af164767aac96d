package neo4jdb

import (
	"context"
	"fmt"

	"github.com/liaison/liaison/graph"
)

// ChunkSize is the number of rows per UNWIND statement in bulk loads.
const ChunkSize = 5000

// cypherUpsertNodes writes entities by id: new ones are created, known ones
// replaced (keeping createdAt, and updatedAt when nothing changed), so
// loading twice changes nothing. A known entity whose properties are those
// of its row is not written at all (the comparison is null-safe: a
// property the row drops while it adds another is a change): setting a property to the value it has
// still updates the record and every index on it (the full-text and text
// indexes of the names most), which made merging unchanged rows cost
// nearly what creating them did.
const cypherUpsertNodes = `UNWIND $rows AS row
MERGE (n:{{label}} {id: row.id})
ON CREATE SET n.createdAt = datetime()
WITH n, row, n.createdAt AS c, n.updatedAt AS u,
  size([k IN keys(n) WHERE NOT k IN ['createdAt', 'updatedAt']]) = size([k IN keys(row) WHERE row[k] IS NOT NULL])
  AND all(k IN keys(row) WHERE coalesce(n[k] = row[k], n[k] IS NULL AND row[k] IS NULL)) AS same
WHERE NOT same OR u IS NULL OR NOT n:Entity
SET n = row, n:Entity, n.createdAt = c, n.updatedAt = CASE WHEN same AND u IS NOT NULL THEN u ELSE datetime() END`

// Into a database that holds no entity and no interaction, a load creates
// instead of merging: nothing can match, and MERGE would look for each
// node and relationship first (and, for relationships, scan the edges of
// hubs). Ids are unique within a batch (the import checks it; the
// generators make them so), and the id constraints still stand guard.
const (
	cypherCreateNodes = `UNWIND $rows AS row
CREATE (n:{{label}}:Entity)
SET n = row, n.createdAt = datetime(), n.updatedAt = datetime()`
	cypherCreateRels = `UNWIND $rows AS row
MATCH (a:{{start}} {id: row.start}) MATCH (b:{{end}} {id: row.end})
CREATE (a)-[r:{{type}}]->(b)
SET r = row.props
RETURN count(r) AS n`
	cypherCreateInteractions = `UNWIND $rows AS row
CREATE (i:Interaction {id: row.id, at: row.at, kind: row.kind, loggedAt: row.loggedAt})
SET i.summary = row.summary, i.loggedBy = row.loggedBy
WITH i, row
{{links}}
WITH row, np WHERE np = size(row.participants)
RETURN count(*) AS n`
)

// empty reports whether the database holds no entity and no interaction
// (two reads of Neo4j's count store).
func (db *DB) empty(ctx context.Context) (bool, error) {
	recs, err := db.read(ctx, `CALL () { MATCH (n:Entity) RETURN count(n) AS e }
CALL () { MATCH (i:Interaction) RETURN count(i) AS c }
RETURN e + c AS n`, nil)
	if err != nil {
		return false, err
	}
	n, _ := recs[0].Values[0].(int64)
	return n == 0, nil
}

// cypherUpsertRels writes relationships by id between existing nodes; one
// whose properties are already those of its row is not written again (see
// cypherUpsertNodes), but counts.
const cypherUpsertRels = `UNWIND $rows AS row
MATCH (a:{{start}} {id: row.start}) MATCH (b:{{end}} {id: row.end})
MERGE (a)-[r:{{type}} {id: row.props.id}]->(b)
WITH r, row, size(keys(r)) = size([k IN keys(row.props) WHERE row.props[k] IS NOT NULL])
  AND all(k IN keys(row.props) WHERE coalesce(r[k] = row.props[k], r[k] IS NULL AND row.props[k] IS NULL)) AS same
FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END | SET r = row.props)
RETURN count(r) AS n`

type linkRow struct {
	kind   graph.Kind
	parent bool
	row    map[string]any
}

type relGroup struct {
	t          graph.RelType
	start, end graph.Kind
}

type nodeRows struct {
	kind graph.Kind
	rows []map[string]any
}

// batchRows is a batch as the rows its statements take: the one mapping
// of entities, links, relationships and interactions to stored properties,
// shared by Load and by WriteAdminImport (the offline import), so that both
// write the same graph.
type batchRows struct {
	nodes        []nodeRows // regions, units, people, companies, projects
	links        []linkRow  // PART_OF and LOCATED_IN of parentId and regionId
	groups       map[relGroup][]map[string]any
	order        []relGroup
	interactions []map[string]any // interactionRow
}

// rowsOf maps a batch to its rows; a relationship with an unknown type or
// a malformed id is an error.
func rowsOf(b *graph.Batch) (*batchRows, error) {
	br := &batchRows{groups: map[relGroup][]map[string]any{}}
	addLinks := func(k graph.Kind, id, parent, region string, hasParent, hasRegion bool) {
		if hasParent {
			br.links = append(br.links, linkRow{k, true, map[string]any{"id": id, "target": nullIfEmpty(parent), "relId": linkRelID("po", id)}})
		}
		if hasRegion {
			br.links = append(br.links, linkRow{k, false, map[string]any{"id": id, "target": nullIfEmpty(region), "relId": linkRelID("loc", id)}})
		}
	}
	people := nodeRows{kind: graph.KindPerson}
	for _, p := range b.People {
		people.rows = append(people.rows, personProps(p))
	}
	regions := nodeRows{kind: graph.KindRegion}
	for _, r := range b.Regions {
		regions.rows = append(regions.rows, regionProps(r))
		addLinks(graph.KindRegion, r.ID, r.ParentID, "", true, false)
	}
	units := nodeRows{kind: graph.KindUnit}
	for _, u := range b.Units {
		units.rows = append(units.rows, unitProps(u))
		addLinks(graph.KindUnit, u.ID, u.ParentID, u.RegionID, true, true)
	}
	companies := nodeRows{kind: graph.KindCompany}
	for _, c := range b.Companies {
		companies.rows = append(companies.rows, companyProps(c))
		addLinks(graph.KindCompany, c.ID, c.ParentID, c.RegionID, true, true)
	}
	projects := nodeRows{kind: graph.KindProject}
	for _, p := range b.Projects {
		projects.rows = append(projects.rows, projectProps(p))
		addLinks(graph.KindProject, p.ID, "", p.RegionID, false, true)
	}
	br.nodes = append(br.nodes, regions, units, people, companies, projects)

	for _, r := range b.Relationships {
		if !r.Type.Valid() {
			return nil, fmt.Errorf("relationship %s: unknown type %q", r.ID, r.Type)
		}
		if err := graph.ParseRelID("id", r.ID); err != nil {
			return nil, fmt.Errorf("relationship %s: %w", r.ID, err)
		}
		sk, err := graph.ParseID(r.StartID)
		if err != nil {
			return nil, fmt.Errorf("relationship %s: start: %w", r.ID, err)
		}
		ek, err := graph.ParseID(r.EndID)
		if err != nil {
			return nil, fmt.Errorf("relationship %s: end: %w", r.ID, err)
		}
		g := relGroup{r.Type, sk, ek}
		if _, ok := br.groups[g]; !ok {
			br.order = append(br.order, g)
		}
		br.groups[g] = append(br.groups[g], map[string]any{"start": r.StartID, "end": r.EndID, "props": relProps(r)})
	}
	for _, it := range b.Interactions {
		br.interactions = append(br.interactions, interactionRow(it))
	}
	return br, nil
}

// interactionRow is an interaction as the load statements take it: its
// stored properties (summary and loggedBy absent when empty) and the ids
// of its participants and subjects, which become WITH and ABOUT edges.
func interactionRow(it *graph.Interaction) map[string]any {
	return map[string]any{"id": it.ID, "at": it.At.UTC(), "kind": string(it.Kind), "summary": nullIfEmpty(it.Summary),
		"loggedBy": nullIfEmpty(it.LoggedBy), "loggedAt": it.LoggedAt.UTC(), "participants": it.ParticipantIDs, "about": nonNil(it.AboutIDs)}
}

// Load writes a batch in chunks, each chunk in its own transaction, and
// reports progress after each. Relationships whose endpoints are missing
// fail the load.
func (db *DB) Load(ctx context.Context, b *graph.Batch, progress graph.Progress) (*graph.LoadStats, error) {
	br, err := rowsOf(b)
	if err != nil {
		return nil, err
	}
	nodes, lnk, groups, order := br.nodes, br.links, br.groups, br.order

	fresh, err := db.empty(ctx)
	if err != nil {
		return nil, err
	}
	nodeCypher, relCypher, interactionCypher := cypherUpsertNodes, cypherUpsertRels, upsertInteractions
	if fresh {
		nodeCypher, relCypher, interactionCypher = cypherCreateNodes, cypherCreateRels, createInteractions
	}
	total := b.Nodes() + len(lnk) + len(b.Relationships) + len(b.Interactions)
	done := 0
	stats := &graph.LoadStats{Fresh: fresh}
	report := func(n int) {
		done += n
		if progress != nil {
			progress(done, total)
		}
	}
	for _, nr := range nodes {
		cypher := withLabel(nodeCypher, nr.kind)
		for _, chunk := range chunks(nr.rows) {
			if err := db.exec(ctx, cypher, chunk); err != nil {
				return stats, err
			}
			stats.Nodes += len(chunk)
			report(len(chunk))
		}
	}
	// Links: grouped by kind and type so each statement has fixed labels.
	for _, k := range graph.Kinds {
		for _, parent := range []bool{true, false} {
			var rows []map[string]any
			for _, l := range lnk {
				if l.kind == k && l.parent == parent {
					rows = append(rows, l.row)
				}
			}
			tmpl := cypherSetRegion
			if parent {
				tmpl = cypherSetParent
			}
			for _, chunk := range chunks(rows) {
				if err := db.exec(ctx, withLabel(tmpl, k), chunk); err != nil {
					return stats, err
				}
				for _, r := range chunk {
					if r["target"] != nil {
						stats.Relationships++
					}
				}
				report(len(chunk))
			}
		}
	}
	for _, g := range order {
		cypher := fill(relCypher, "start", g.start.Label(), "end", g.end.Label(), "type", g.t.Cypher())
		for _, chunk := range chunks(groups[g]) {
			n, err := db.execCount(ctx, cypher, chunk)
			if err != nil {
				return stats, err
			}
			if n != len(chunk) {
				return stats, fmt.Errorf("load %s %s→%s: %d of %d relationships have a missing endpoint", g.t, g.start.Label(), g.end.Label(), len(chunk)-n, len(chunk))
			}
			stats.Relationships += n
			report(len(chunk))
		}
	}
	for _, chunk := range chunks(br.interactions) {
		n, err := db.execCount(ctx, interactionCypher, chunk)
		if err != nil {
			return stats, err
		}
		if n != len(chunk) {
			return stats, fmt.Errorf("load interactions: %d of %d name a missing participant", len(chunk)-n, len(chunk))
		}
		stats.Interactions += n
		report(len(chunk))
	}
	return stats, nil
}

// cypherInteractionLinks links each interaction i of the rows to its
// participants and subjects (np and na: how many of them exist).
const cypherInteractionLinks = `CALL (i, row) {
  UNWIND row.participants AS pid
  MATCH (p:Person {id: pid})
  CREATE (i)-[:WITH]->(p)
  RETURN count(p) AS np
}
CALL (i, row) {
  UNWIND row.about AS aid
  MATCH (x:Entity {id: aid})
  CREATE (i)-[:ABOUT]->(x)
  RETURN count(x) AS na
}`

// cypherUpsertInteractions writes interactions by id with their
// participants and subjects, replacing what a previous load wrote. An
// interaction whose properties, participants and subjects are those of its
// row is not written again (see cypherUpsertNodes); it counts, since its
// participants exist.
const cypherUpsertInteractions = `UNWIND $rows AS row
MERGE (i:Interaction {id: row.id})
WITH i, row, COLLECT { MATCH (i)-[:WITH]->(p:Person) RETURN p.id } AS ps,
  COLLECT { MATCH (i)-[:ABOUT]->(x:Entity) RETURN x.id } AS xs
WITH i, row, coalesce(i.at = row.at AND i.kind = row.kind AND i.loggedAt = row.loggedAt
  AND coalesce(i.summary = row.summary, i.summary IS NULL AND row.summary IS NULL)
  AND coalesce(i.loggedBy = row.loggedBy, i.loggedBy IS NULL AND row.loggedBy IS NULL)
  AND size(ps) = size(row.participants) AND all(x IN row.participants WHERE x IN ps)
  AND size(xs) = size(row.about) AND all(x IN row.about WHERE x IN xs), false) AS same
OPTIONAL CALL (i, row, same) {
  WITH i, row WHERE NOT same
  SET i.at = row.at, i.kind = row.kind, i.summary = row.summary, i.loggedBy = row.loggedBy, i.loggedAt = row.loggedAt
  WITH i, row
  CALL (i) { MATCH (i)-[old:WITH|ABOUT]->() DELETE old }
  {{links}}
  RETURN np
}
WITH row, np WHERE same OR np = size(row.participants)
RETURN count(*) AS n`

// The interaction statements with their links.
var (
	createInteractions = fill(cypherCreateInteractions, "links", cypherInteractionLinks)
	upsertInteractions = fill(cypherUpsertInteractions, "links", cypherInteractionLinks)
)

func chunks(rows []map[string]any) [][]map[string]any {
	var out [][]map[string]any
	for len(rows) > 0 {
		n := min(ChunkSize, len(rows))
		out = append(out, rows[:n])
		rows = rows[n:]
	}
	return out
}

func (db *DB) exec(ctx context.Context, cypher string, rows []map[string]any) error {
	_, err := db.execCount(ctx, cypher, rows)
	return err
}

// execCount runs one chunk in a write transaction; the count is the first
// value of the first record, if any.
func (db *DB) execCount(ctx context.Context, cypher string, rows []map[string]any) (int, error) {
	out, err := db.bulkWrite(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		recs, err := tx.run(ctx, cypher, map[string]any{"rows": rows})
		if err != nil {
			return 0, err
		}
		if len(recs) > 0 {
			if n, ok := recs[0].Values[0].(int64); ok {
				return int(n), nil
			}
		}
		return 0, nil
	})
	if err != nil {
		return 0, err
	}
	return out.(int), nil
}
