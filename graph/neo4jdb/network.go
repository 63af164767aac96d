package neo4jdb

import (
	"context"
	"sort"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// cypherCohort finds the people whose postings overlapped the person's at
// the same host unit or at another unit of the same region, one row per
// person with the longest overlap (same unit preferred).
const cypherCohort = `MATCH (p:Person {id: $id})-[a:POSTED_TO]->(u:Unit)
CALL (p, a, u) {
  MATCH (u)<-[b:POSTED_TO]-(q:Person)
  WHERE q <> p AND (a.to IS NULL OR b.from <= a.to) AND (b.to IS NULL OR a.from <= b.to)
  RETURN q, b, u AS hu, true AS same
  UNION
  MATCH (u)-[la:LOCATED_IN]->(:Region)<-[lb:LOCATED_IN]-(v:Unit)<-[b:POSTED_TO]-(q:Person)
  WHERE la.to IS NULL AND lb.to IS NULL AND v <> u AND q <> p
    AND (a.to IS NULL OR b.from <= a.to) AND (b.to IS NULL OR a.from <= b.to)
  RETURN q, b, v AS hu, false AS same
}
WITH q, hu, same,
  CASE WHEN a.from > b.from THEN a.from ELSE b.from END AS of,
  CASE WHEN a.to IS NULL THEN b.to WHEN b.to IS NULL THEN a.to WHEN a.to < b.to THEN a.to ELSE b.to END AS ot
WHERE {{visible}}
WITH q, hu, same, of, ot, duration.inDays(of, coalesce(ot, date())).days AS days
ORDER BY q.id, same DESC, days DESC
WITH q, collect({hu: hu, same: same, of: of, ot: ot, days: days})[0] AS best
WITH q, best ORDER BY best.same DESC, best.days DESC, q.pinyin, q.id
WITH collect({q: q, best: best}) AS rows
WITH size(rows) AS total, rows[$skip..$end] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS row
WITH total, row, row.q AS q, row.best.hu AS hu
OPTIONAL MATCH (hu)-[lr:LOCATED_IN]->(reg:Region) WHERE lr.to IS NULL
WITH total, row, q, hu, head(collect(reg)) AS reg
RETURN total,
  CASE WHEN row IS NULL THEN null ELSE {q: {{projq}}, hu: {{projhu}}, reg: CASE WHEN reg IS NULL THEN null ELSE {{projreg}} END,
    same: row.best.same, of: row.best.of, ot: row.best.ot, days: row.best.days} END AS m`

var cohortStmt = fill(cypherCohort, "visible", visibleQ, "projq", nodeProj("q"), "projhu", nodeProj("hu"), "projreg", nodeProj("reg"))

// Cohort lists the person's cohort with where each of them is now.
func (db *DB) Cohort(ctx context.Context, personID string, page graph.Page) (*graph.List[*graph.CohortMember], error) {
	if err := graph.ParseIDOf("person", personID, graph.KindPerson); err != nil {
		return nil, err
	}
	if err := page.CheckLimit(); err != nil {
		return nil, err
	}
	if _, err := db.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	recs, err := db.read(ctx, cohortStmt, map[string]any{"id": personID, "skip": page.Offset, "end": page.Offset + page.Limit + 1})
	if err != nil {
		return nil, err
	}
	out := &graph.List[*graph.CohortMember]{Offset: page.Offset}
	for _, rec := range recs {
		total, _ := rec.Values[0].(int64)
		out.TotalCount = int(total)
		m, ok := rec.Values[1].(map[string]any)
		if !ok {
			continue
		}
		q, err := as[*graph.Person](decodeNode(m["q"]))
		if err != nil {
			return nil, err
		}
		hu, err := as[*graph.Unit](decodeNode(m["hu"]))
		if err != nil {
			return nil, err
		}
		c := &graph.CohortMember{Person: q, HostUnit: hu, SameHostUnit: boolOr(m, "same", false), OverlapTo: optDate(m, "ot")}
		if m["reg"] != nil {
			c.Region, _ = as[*graph.Region](decodeNode(m["reg"]))
		}
		if of := optDate(m, "of"); of != nil {
			c.OverlapFrom = *of
		}
		if d := optInt(m, "days"); d != nil {
			c.OverlapDays = *d
		}
		out.Items = append(out.Items, c)
	}
	if len(out.Items) > page.Limit {
		out.HasNext, out.Items = true, out.Items[:page.Limit]
	}
	return out, setCurrentPosts(ctx, db, out.Items, func(c *graph.CohortMember) (string, **graph.Relationship) {
		return c.Person.ID, &c.CurrentPost
	})
}

// setCurrentPosts reads the current post of each item's person (id and
// where to put it, from post) in one statement.
func setCurrentPosts[T any](ctx context.Context, db *DB, items []T, post func(T) (string, **graph.Relationship)) error {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i], _ = post(it)
	}
	posts, err := db.currentPosts(ctx, ids)
	if err != nil {
		return err
	}
	for _, it := range items {
		id, p := post(it)
		*p = posts[id]
	}
	return nil
}

// currentPosts returns each person's current posting, employment or
// membership, in that order of preference.
func (db *DB) currentPosts(ctx context.Context, ids []string) (map[string]*graph.Relationship, error) {
	posts := map[string]*graph.Relationship{}
	if len(ids) == 0 {
		return posts, nil
	}
	recs, err := db.read(ctx, currentPostStmt, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		pid, _ := rec.Values[0].(string)
		if rec.Values[1] != nil {
			r, err := decodeRel(rec.Values[1])
			if err != nil {
				return nil, err
			}
			posts[pid] = r
		}
	}
	return posts, nil
}

// cypherReconnect reads the person's ties with the last contact and what
// the tie is made of, for the reason sentence.
const cypherReconnect = `MATCH (p:Person {id: $id})-[t:TIE]-(q:Person)
WHERE {{visible}} AND (t.lastContact IS NULL OR t.lastContact < $before)
WITH p, q, t
OPTIONAL MATCH (p)-[k:KNOWS]-(q)
WITH p, q, t, head(collect(k.how)) AS how
OPTIONAL MATCH (p)-[a:POSTED_TO]->(u:Unit)<-[b:POSTED_TO]-(q)
WITH q, t, how, head(collect(u.name)) AS unit
RETURN {{proj}} AS q, properties(t) AS t, how, unit
ORDER BY t.strength DESC
LIMIT 500`

// ReconnectSuggestions lists contacts whose last interaction is older
// than the person's threshold, ranked by score = strength ·
// log2(1 + daysSince/threshold): strong old ties first, and among equally
// strong ones the longest silence. A tie never contacted counts as silent
// since it began.
func (db *DB) ReconnectSuggestions(ctx context.Context, personID string, first int) ([]*graph.ReconnectSuggestion, error) {
	if err := graph.ParseIDOf("person", personID, graph.KindPerson); err != nil {
		return nil, err
	}
	if first < 1 || first > graph.MaxPageSize {
		return nil, graph.Errorf(graph.CodeInvalidInput, "first: between 1 and %d, got %d", graph.MaxPageSize, first)
	}
	p, err := db.FindPersonByID(ctx, personID)
	if err != nil {
		return nil, err
	}
	threshold := graph.DefaultReconnectAfterDays
	if p.ReconnectAfterDays != nil {
		threshold = *p.ReconnectAfterDays
	}
	today := graph.Today()
	before := today.AddDate(0, 0, -threshold)
	out, err := readAll(ctx, db, reconnectStmt, map[string]any{"id": personID, "before": dateValue(&before)},
		func(rec *neo4j.Record) (*graph.ReconnectSuggestion, error) {
			q, err := as[*graph.Person](decodeNode(rec.Values[0]))
			if err != nil {
				return nil, err
			}
			props, _ := rec.Values[1].(map[string]any)
			how, _ := rec.Values[2].(string)
			unit, _ := rec.Values[3].(string)
			return graph.NewReconnectSuggestion(q, tieOf(q, props), threshold, today, how, unit), nil
		})
	if err != nil {
		return nil, err
	}
	graph.SortReconnectSuggestions(out)
	if len(out) > first {
		out = out[:first]
	}
	return out, setCurrentPosts(ctx, db, out, func(s *graph.ReconnectSuggestion) (string, **graph.Relationship) {
		return s.Person.ID, &s.CurrentPost
	})
}

// cypherDuplicates groups people by what a duplicate would share: name
// and birth year, phone, and pinyin (counted only with overlapping
// postings or the same name), without the pairs decided to be different
// people (notduplicate.go).
const cypherDuplicates = `CALL () {
  MATCH (p:Person) WHERE p.birthYear IS NOT NULL
  WITH p.name AS k1, p.birthYear AS k2, collect(p) AS ps WHERE size(ps) > 1 AND size(ps) <= 20
  UNWIND ps AS a UNWIND ps AS b WITH a, b WHERE a.id < b.id
  RETURN a, b, 'sameNameAndBirthYear' AS reason
  UNION ALL
  MATCH (p:Person) WHERE p.phone IS NOT NULL
  WITH p.phone AS k, collect(p) AS ps WHERE size(ps) > 1 AND size(ps) <= 20
  UNWIND ps AS a UNWIND ps AS b WITH a, b WHERE a.id < b.id
  RETURN a, b, 'samePhone' AS reason
  UNION ALL
  MATCH (p:Person) WHERE p.pinyin IS NOT NULL AND p.pinyin <> ''
  WITH p.pinyin AS k, collect(p) AS ps WHERE size(ps) > 1 AND size(ps) <= 20
  UNWIND ps AS a UNWIND ps AS b WITH a, b WHERE a.id < b.id
    AND EXISTS { MATCH (a)-[x:POSTED_TO]->(), (b)-[y:POSTED_TO]->()
                 WHERE (x.to IS NULL OR y.from <= x.to) AND (y.to IS NULL OR x.from <= y.to) }
  RETURN a, b, 'samePinyinOverlappingPostings' AS reason
}
WITH a, b, collect(DISTINCT reason) AS reasons
WHERE NOT EXISTS { MATCH (d:NotDuplicate {pair: a.id + '|' + b.id}) }
RETURN {{proja}} AS a, {{projb}} AS b, reasons
LIMIT 1000`

// duplicateWeights are the evidence each reason gives; they combine as a
// noisy-OR.
var duplicateWeights = map[string]float64{"sameNameAndBirthYear": 0.7, "samePhone": 0.8, "samePinyinOverlappingPostings": 0.4}

// PossibleDuplicates lists pairs of people who are likely the same person.
func (db *DB) PossibleDuplicates(ctx context.Context, first int) ([]*graph.DuplicateCandidate, error) {
	if first < 1 || first > graph.MaxPageSize {
		return nil, graph.Errorf(graph.CodeInvalidInput, "first: between 1 and %d, got %d", graph.MaxPageSize, first)
	}
	out, err := readAll(ctx, db, fill(cypherDuplicates, "proja", nodeProj("a"), "projb", nodeProj("b")), nil,
		func(rec *neo4j.Record) (*graph.DuplicateCandidate, error) {
			a, err := as[*graph.Person](decodeNode(rec.Values[0]))
			if err != nil {
				return nil, err
			}
			b, err := as[*graph.Person](decodeNode(rec.Values[1]))
			c := &graph.DuplicateCandidate{A: a, B: b, Score: 1}
			for _, r := range stringsOf(rec.Values[2]) {
				c.Reasons = append(c.Reasons, r)
				c.Score *= 1 - duplicateWeights[r]
			}
			sort.Strings(c.Reasons)
			c.Score = 1 - c.Score
			return c, err
		})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].A.ID+out[i].B.ID < out[j].A.ID+out[j].B.ID
	})
	if len(out) > first {
		out = out[:first]
	}
	return out, nil
}

// mergeTypes are the relationship types a merge moves: the entity
// relationships, interaction participation, the cadres of contributions
// (BY), and nothing derived (TIE is recomputed).
var mergeTypes = append(append([]graph.RelType{}, graph.RelTypes...), "WITH", "BY")

// cypherMoveOut and cypherMoveIn move the relationships of one type from
// remove to keep, except those between the two (a KNOWS between duplicates
// would become a self-loop) and those {{skip}} excludes.
const (
	cypherMoveOut = `MATCH (k:Person {id: $keep}) MATCH (r:Person {id: $remove})-[x:{{type}}]->(o)
WHERE o <> k {{skip}}
CREATE (k)-[y:{{type}}]->(o) SET y = properties(x) DELETE x`
	cypherMoveIn = `MATCH (k:Person {id: $keep}) MATCH (o)-[x:{{type}}]->(r:Person {id: $remove})
WHERE o <> k {{skip}}
CREATE (o)-[y:{{type}}]->(k) SET y = properties(x) DELETE x`
	// An interaction keep already takes part in, and a contribution keep
	// is already a cadre of, keep their edge from remove (deleted with it).
	skipKeepsWith = `AND NOT EXISTS { (k)-[:WITH]->(o) }`
	skipWithKeep  = `AND NOT EXISTS { (o)-[:WITH]->(k) }`
	skipByKeep    = `AND NOT EXISTS { (o)-[:BY]->(k) }`
)

// mergeMoves are the statements of a merge's moves, two per type.
var mergeMoves = func() []string {
	var out []string
	for _, t := range mergeTypes {
		skipOut, skipIn := "", ""
		switch t {
		case "WITH":
			skipOut, skipIn = skipKeepsWith, skipWithKeep
		case "BY":
			skipIn = skipByKeep
		}
		typ := string(t) // from the constants above, never input
		out = append(out, fill(cypherMoveOut, "type", typ, "skip", skipOut), fill(cypherMoveIn, "type", typ, "skip", skipIn))
	}
	return out
}()

// MergePeople moves every relationship and interaction of remove to keep,
// fills keep's empty fields, and deletes remove, in one transaction.
func (db *DB) MergePeople(ctx context.Context, keep, remove string) (*graph.Person, error) {
	if err := graph.ParseTwoPeople("keep", keep, "remove", remove, "a person cannot be merged with themselves"); err != nil {
		return nil, err
	}
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		if err := requireExist(ctx, tx, [][2]string{{"keep", keep}, {"remove", remove}}); err != nil {
			return nil, err
		}
		params := map[string]any{"keep": keep, "remove": remove}
		for _, c := range mergeMoves {
			if _, err := tx.run(ctx, c, params); err != nil {
				return nil, err
			}
		}
		// Fill keep's empty fields from remove.
		recs, err := tx.run(ctx, `MATCH (k:Person {id: $keep}) MATCH (r:Person {id: $remove}) RETURN properties(k), properties(r)`, params)
		if err != nil {
			return nil, err
		}
		kp, _ := recs[0].Values[0].(map[string]any)
		rp, _ := recs[0].Values[1].(map[string]any)
		fill := graph.MergeFill(kp, rp)
		if _, err := tx.run(ctx, `MATCH (k:Person {id: $keep}) SET k += $fill`, map[string]any{"keep": keep, "fill": fill}); err != nil {
			return nil, err
		}
		// Rewrite keep through personProps so that derived fields (search
		// text with a filled English name) stay consistent.
		recs, err = tx.run(ctx, getNode(graph.KindPerson), map[string]any{"id": keep})
		if err != nil {
			return nil, err
		}
		merged, err := as[*graph.Person](decodeNode(recs[0].Values[0]))
		if err != nil {
			return nil, err
		}
		if _, err := tx.run(ctx, withLabel(cypherSetNode, graph.KindPerson), map[string]any{"id": keep, "props": personProps(merged)}); err != nil {
			return nil, err
		}
		if _, err := tx.run(ctx, `MATCH (r:Person {id: $remove}) DETACH DELETE r`, params); err != nil {
			return nil, err
		}
		return nil, db.recomputeTies(ctx, tx, []string{keep})
	})
	if err != nil {
		return nil, err
	}
	return db.FindPersonByID(ctx, keep)
}

// The statements of this file whose placeholders are filled once.
var (
	currentPostStmt = fill(cypherCurrentPost, "rel", relProj("r"))
	reconnectStmt   = fill(cypherReconnect, "visible", visibleQ, "proj", nodeProj("q"))
)
