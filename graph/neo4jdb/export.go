package neo4jdb

import (
	"context"
	"sort"
	"strings"

	"github.com/liaison/liaison/graph"
)

// ExportOptions narrow an export.
type ExportOptions struct {
	// IDPrefix keeps only the entities, relationships and interactions
	// whose id starts with it after the kind prefix: "t1" keeps per_t1-a,
	// rel_t1-b and int_t1-c. Empty keeps everything.
	IDPrefix string
	// PageSize is the number of rows a page holds; 0 means ChunkSize.
	PageSize int
}

// Validate checks that the prefix is made of the characters of ids.
func (o ExportOptions) Validate() error {
	if o.IDPrefix != "" && graph.ParseRelID("IDPrefix", graph.RelIDPrefix+"_"+o.IDPrefix) != nil {
		return graph.Errorf(graph.CodeInvalidInput, "IDPrefix: %q is not the start of an id", o.IDPrefix)
	}
	return nil
}

// ExportRelTypes are the relationship types an export holds, in the order
// it reads them. PART_OF is not among them: it is what ParentID stands
// for. LOCATED_IN is, but without the edges that units, companies and
// projects have for their RegionID. TIE is derived from the others.
var ExportRelTypes = []graph.RelType{graph.RelPostedTo, graph.RelMemberOf, graph.RelEmployedBy, graph.RelLocatedIn,
	graph.RelSecured, graph.RelIntroduced, graph.RelInvestsIn, graph.RelSupports, graph.RelKnows}

// exportKinds is the order entities are read in.
var exportKinds = []graph.Kind{graph.KindPerson, graph.KindUnit, graph.KindRegion, graph.KindCompany, graph.KindProject}

// Every export statement reads one page by keyset: the ids above the last
// one of the previous page, in id order, from the id index, so a page
// costs the same at the end as at the start. $lower and $upper bound the
// ids to the prefix.
const (
	cypherExportNodes = `MATCH (n:{{label}}) WHERE n.id >= $lower AND n.id < $upper AND n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN n {.*, _labels: labels(n), _parent: {{parent}}, _region: {{region}}} AS n`
	// The parent is the PART_OF edge's end, the region the end of the
	// LOCATED_IN edge with the id that the loader and the services give
	// the region link (linkRelID); other LOCATED_IN edges are exported as
	// relationships.
	exportParent = `COLLECT { MATCH (n)-[:PART_OF]->(pp:{{label}}) RETURN pp.id AS id ORDER BY id LIMIT 1 }[0]`
	exportRegion = `COLLECT { MATCH (n)-[l:LOCATED_IN]->(rr:Region) WHERE l.id = $loc + replace(n.id, '_', '-') RETURN rr.id AS id LIMIT 1 }[0]`

	cypherExportRels = `MATCH (a)-[r:{{type}}]->(b) WHERE r.id >= $lower AND r.id < $upper AND r.id > $after {{where}}
WITH a, r, b ORDER BY r.id LIMIT $limit
RETURN r {.*} AS props, a.id AS s, b.id AS e`
	exportNotRegionLink = `AND r.id <> $loc + replace(a.id, '_', '-')`

	cypherExportInteractions = `MATCH (i:Interaction) WHERE i.id >= $lower AND i.id < $upper AND i.id > $after
WITH i ORDER BY i.id LIMIT $limit
RETURN i {.*, participants: COLLECT { MATCH (i)-[:WITH]->(p:Person) RETURN p.id AS id ORDER BY id },
  about: COLLECT { MATCH (i)-[:ABOUT]->(x) RETURN x.id AS id ORDER BY id }} AS i`
)

// Export reads the whole graph, or the part opts keep, and hands it to fn
// a page at a time: every page holds rows of one kind, people first, then
// units, regions, companies, projects, the relationships of each type of
// ExportRelTypes and the interactions, each sorted by id, so that two
// exports of the same graph are the same. Entities carry ParentID and
// RegionID; relationships carry no tie strength and interactions list
// their participants and subjects sorted by id. Each page is read in its
// own transaction: a graph that changes while it is exported may be read
// partly before and partly after the change.
func (db *DB) Export(ctx context.Context, opts ExportOptions, fn func(*graph.Batch) error) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	limit := opts.PageSize
	if limit <= 0 {
		limit = ChunkSize
	}
	loc := linkRelID("loc", "")
	for _, k := range exportKinds {
		parent, region := "null", "null"
		switch k {
		case graph.KindUnit, graph.KindCompany:
			parent, region = withLabel(exportParent, k), exportRegion
		case graph.KindRegion:
			parent = withLabel(exportParent, k)
		case graph.KindProject:
			region = exportRegion
		}
		cypher := fill(cypherExportNodes, "label", k.Label(), "parent", parent, "region", region)
		id, _ := graph.MakeID(k, "x")
		err := db.exportPages(ctx, cypher, strings.TrimSuffix(id, "x")+opts.IDPrefix, limit, map[string]any{"loc": loc}, func(b *graph.Batch, vals []any) (string, error) {
			n, err := decodeNode(vals[0])
			if err != nil {
				return "", err
			}
			switch n := n.(type) {
			case *graph.Person:
				b.People = append(b.People, n)
			case *graph.Unit:
				b.Units = append(b.Units, n)
			case *graph.Region:
				b.Regions = append(b.Regions, n)
			case *graph.Company:
				b.Companies = append(b.Companies, n)
			case *graph.Project:
				b.Projects = append(b.Projects, n)
			}
			return n.NodeID(), nil
		}, fn)
		if err != nil {
			return err
		}
	}
	for _, t := range ExportRelTypes {
		where := ""
		if t == graph.RelLocatedIn {
			where = exportNotRegionLink
		}
		cypher := fill(cypherExportRels, "type", t.Cypher(), "where", where)
		err := db.exportPages(ctx, cypher, graph.RelIDPrefix+"_"+opts.IDPrefix, limit, map[string]any{"loc": loc}, func(b *graph.Batch, vals []any) (string, error) {
			props, _ := vals[0].(map[string]any)
			r := relFromProps(t, props)
			r.TieStrength = nil // computed from the interactions, not part of the format
			r.StartID, _ = vals[1].(string)
			r.EndID, _ = vals[2].(string)
			b.Relationships = append(b.Relationships, r)
			return r.ID, nil
		}, fn)
		if err != nil {
			return err
		}
	}
	return db.exportPages(ctx, cypherExportInteractions, graph.InteractionIDPrefix+"_"+opts.IDPrefix, limit, nil, func(b *graph.Batch, vals []any) (string, error) {
		m, _ := vals[0].(map[string]any)
		it := &graph.Interaction{ID: str(m, "id"), At: timeOf(m, "at"), Kind: graph.InteractionKind(str(m, "kind")),
			Summary: str(m, "summary"), ParticipantIDs: strings_(m, "participants"), AboutIDs: strings_(m, "about"),
			LoggedBy: str(m, "loggedBy"), LoggedAt: timeOf(m, "loggedAt")}
		b.Interactions = append(b.Interactions, it)
		return it.ID, nil
	}, fn)
}

// exportPages reads the pages of one statement. decode adds the row a
// record holds to the page and returns its id.
func (db *DB) exportPages(ctx context.Context, cypher, lower string, limit int, params map[string]any,
	decode func(*graph.Batch, []any) (string, error), fn func(*graph.Batch) error) error {
	p := map[string]any{"lower": lower, "upper": successor(lower), "limit": limit, "after": ""}
	for k, v := range params {
		p[k] = v
	}
	for {
		recs, err := db.read(ctx, cypher, p)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return nil
		}
		page := &graph.Batch{}
		last := ""
		for _, rec := range recs {
			id, err := decode(page, rec.Values)
			if err != nil {
				return err
			}
			last = id
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(recs) < limit {
			return nil
		}
		p["after"] = last
	}
}

// successor is the smallest string above every string that starts with s,
// for ids: s with its last byte increased.
func successor(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return "\U0010FFFF"
}

// CheckImport answers in one query what an import must know before it
// writes: which of ids name an existing entity, and which company holds
// each of the credit codes.
func (db *DB) CheckImport(ctx context.Context, ids, creditCodes []string) (map[string]bool, map[string]string, error) {
	recs, err := db.read(ctx, `CALL () { UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN collect(n.id) AS found }
CALL () { UNWIND $codes AS code MATCH (c:Company {creditCode: code}) RETURN collect([code, c.id]) AS owners }
RETURN found, owners`, map[string]any{"ids": nonNil(ids), "codes": nonNil(creditCodes)})
	if err != nil {
		return nil, nil, err
	}
	existing := map[string]bool{}
	owners := map[string]string{}
	if len(recs) == 1 {
		found, _ := recs[0].Values[0].([]any)
		for _, f := range found {
			if s, ok := f.(string); ok {
				existing[s] = true
			}
		}
		pairs, _ := recs[0].Values[1].([]any)
		for _, p := range pairs {
			if xs, ok := p.([]any); ok && len(xs) == 2 {
				code, _ := xs[0].(string)
				id, _ := xs[1].(string)
				owners[code] = id
			}
		}
	}
	return existing, owners, nil
}

// cypherDeleteMoved removes the relationships of a type that have an id
// of the rows but other endpoints, and returns their endpoints.
const cypherDeleteMoved = `UNWIND $rows AS row
MATCH (a)-[r:{{type}} {id: row.id}]->(b)
WHERE a.id <> row.start OR b.id <> row.end
WITH r, a.id AS s, b.id AS e
DELETE r
RETURN collect(s) + collect(e) AS ends`

// DeleteMovedRelationships removes every relationship that has the id and
// type of one of rels but other endpoints: loading rels then moves it
// rather than adding a second relationship with the same id, which the
// loader, matching by endpoints and id, would do. It returns the ids of
// the people at the ends of what it removed, sorted. A relationship id is
// expected to keep its type.
func (db *DB) DeleteMovedRelationships(ctx context.Context, rels []*graph.Relationship) ([]string, error) {
	if len(rels) == 0 {
		return nil, nil
	}
	if empty, err := db.empty(ctx); err != nil || empty {
		return nil, err // nothing to move in an empty database
	}
	groups := map[graph.RelType][]map[string]any{}
	for _, r := range rels {
		if !r.Type.Valid() {
			continue
		}
		groups[r.Type] = append(groups[r.Type], map[string]any{"id": r.ID, "start": r.StartID, "end": r.EndID})
	}
	seen := map[string]bool{}
	var people []string
	for _, t := range graph.RelTypes {
		cypher := fill(cypherDeleteMoved, "type", t.Cypher())
		for _, chunk := range chunks(groups[t]) {
			out, err := db.bulkWrite(ctx, func(ctx context.Context, tx txRunner) (any, error) {
				recs, err := tx.run(ctx, cypher, map[string]any{"rows": chunk})
				if err != nil || len(recs) == 0 {
					return nil, err
				}
				ends, _ := recs[0].Values[0].([]any)
				return ends, nil
			})
			if err != nil {
				return people, err
			}
			ends, _ := out.([]any)
			for _, e := range ends {
				id, _ := e.(string)
				if k, _ := graph.ParseID(id); k == graph.KindPerson && !seen[id] {
					seen[id] = true
					people = append(people, id)
				}
			}
		}
	}
	sort.Strings(people)
	return people, nil
}
