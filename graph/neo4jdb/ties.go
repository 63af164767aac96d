package neo4jdb

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/liaison/liaison/graph"
)

// cypherTieFacts reads, for each person, what they have in common with
// everyone they have a reason to be tied to: acquaintance, interactions,
// and postings that overlapped at one host unit or in one region.
const cypherTieFacts = `UNWIND $ids AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  MATCH (p)-[k:KNOWS]-(q:Person)
  RETURN q.id AS qid, 'knows' AS kind, k.from AS f, k.to AS t, null AS ik
  UNION ALL
  MATCH (p)<-[:WITH]-(i:Interaction)-[:WITH]->(q:Person) WHERE q <> p
  RETURN q.id AS qid, 'interaction' AS kind, i.at AS f, null AS t, i.kind AS ik
  UNION ALL
  MATCH (p)-[a:POSTED_TO]->(:Unit)<-[b:POSTED_TO]-(q:Person)
  WHERE q <> p AND (a.to IS NULL OR b.from <= a.to) AND (b.to IS NULL OR a.from <= b.to)
  RETURN q.id AS qid, 'unit' AS kind, CASE WHEN a.from > b.from THEN a.from ELSE b.from END AS f,
    CASE WHEN a.to IS NULL THEN b.to WHEN b.to IS NULL THEN a.to WHEN a.to < b.to THEN a.to ELSE b.to END AS t, null AS ik
}
RETURN pid, qid, collect([kind, f, t, ik]) AS facts`

// cypherMyRegions reads the postings of the people with the region of
// each host unit; cypherRegionPostings then reads every posting in those
// regions once. The overlaps are found in Go: walking from each posting
// to its region and back would visit the region's whole neighbourhood
// (residents included) once per posting.
const cypherMyRegions = `UNWIND $ids AS pid
MATCH (:Person {id: pid})-[a:POSTED_TO]->(u:Unit)-[l:LOCATED_IN]->(r:Region)
WHERE l.to IS NULL
RETURN pid, u.id AS unit, r.id AS region, a.from AS f, a.to AS t`

const cypherRegionPostings = `UNWIND $regions AS rid
MATCH (:Region {id: rid})<-[l:LOCATED_IN]-(v:Unit)<-[b:POSTED_TO]-(q:Person)
WHERE l.to IS NULL
RETURN rid, v.id AS unit, q.id AS qid, b.from AS f, b.to AS t`

// cypherSharedFacts reads overlapping membership or employment of pairs
// already tied for another reason.
//
// Both people are bound first, so that the planner joins their (few)
// memberships instead of walking every member of a big unit.
const cypherSharedFacts = `UNWIND $pairs AS pr
MATCH (p:Person {id: pr[0]})
MATCH (q:Person {id: pr[1]})
MATCH (p)-[a:MEMBER_OF|EMPLOYED_BY]->(u)<-[b:MEMBER_OF|EMPLOYED_BY]-(q)
WHERE type(a) = type(b)
  AND (a.to IS NULL OR b.from IS NULL OR b.from <= a.to) AND (b.to IS NULL OR a.from IS NULL OR a.from <= b.to)
RETURN pr[0] AS a, pr[1] AS b,
  collect([coalesce(CASE WHEN a.from > b.from THEN a.from ELSE b.from END, a.from, b.from),
    CASE WHEN a.to IS NULL THEN b.to WHEN b.to IS NULL THEN a.to WHEN a.to < b.to THEN a.to ELSE b.to END]) AS periods`

const cypherLockPeople = `UNWIND $ids AS pid MATCH (p:Person {id: pid}) SET p.tiesAt = datetime()`

const cypherDeleteTies = `UNWIND $ids AS pid MATCH (:Person {id: pid})-[t:TIE]-() DELETE t`

// cypherWriteTies writes the ties. MERGE, not CREATE: a concurrent
// recomputation of the other person of a pair may have written the same
// tie since the delete, and MERGE between bound nodes locks both and
// checks again.
const cypherWriteTies = `UNWIND $rows AS row
MATCH (a:Person {id: row.a}) MATCH (b:Person {id: row.b})
MERGE (a)-[t:TIE]-(b)
SET t += row.props, t.updatedAt = datetime()
WITH a, b, row
OPTIONAL MATCH (a)-[k:KNOWS]-(b)
SET k.strength = row.props.strength`

// A bulk recomputation writes each pair's tie in place: the chunk of the
// pair's later person holds the locks of both people's recomputation
// (its own lock, and the changed-since check of the other), so it updates
// the tie that the read found (cypherUpdateTies), creates the tie of a
// pair that had none (CREATE, without MERGE's search), and deletes the tie
// of a pair that no longer has one (cypherDeleteTiesOf). Updating a tie in
// place costs Neo4j about a third of deleting and creating it again (no
// relationship records, chains or type index entries change).
// cypherSetKnowsStrength then copies the strength onto the acquaintances.
const (
	cypherCreateTies = `UNWIND $rows AS row
MATCH (a:Person {id: row.a}) MATCH (b:Person {id: row.b})
CREATE (a)-[t:TIE]->(b)
SET t = row.props, t.updatedAt = datetime()`
	cypherUpdateTies = `UNWIND $rows AS row
MATCH (a:Person {id: row.a})-[t:TIE]-(b:Person {id: row.b})
SET t = row.props, t.updatedAt = datetime()`
	cypherDeleteTiesOf = `UNWIND $rows AS row
MATCH (a:Person {id: row.a})-[t:TIE]-(b:Person {id: row.b})
DELETE t`
	cypherSetKnowsStrength = `UNWIND $rows AS row
MATCH (a:Person {id: row.a})-[k:KNOWS]-(b:Person {id: row.b})
SET k.strength = row.props.strength`
)

// tieRow is one computed tie.
type tieRow struct {
	a, b  string
	facts graph.TieFacts
}

func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// recomputeTies recomputes every tie of the people inside tx.
func (db *DB) recomputeTies(ctx context.Context, tx txRunner, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	// Lock the people first (in id order, so that two recomputations take
	// their locks in the same order): recomputations of one person then
	// run one after the other instead of both deleting and writing.
	if err := lockPeople(ctx, tx, ids); err != nil {
		return err
	}
	recs, err := tx.run(ctx, cypherTieFacts, map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	rows := map[[2]string]*tieRow{}
	for _, rec := range recs {
		pid, _ := rec.Values[0].(string)
		qid, _ := rec.Values[1].(string)
		facts, _ := rec.Values[2].([]any)
		k := pairKey(pid, qid)
		if rows[k] != nil {
			continue // both people were asked for: the facts are symmetric
		}
		row := &tieRow{a: k[0], b: k[1]}
		for _, f := range facts {
			x, _ := f.([]any)
			if len(x) != 4 {
				continue
			}
			kind, _ := x[0].(string)
			m := map[string]any{"f": x[1], "t": x[2]}
			from, to := optDate(m, "f"), optDate(m, "t")
			switch kind {
			case "knows":
				row.facts.Knows = true
				row.facts.KnowsSince, row.facts.KnowsEnded = from, to
			case "interaction":
				if from != nil {
					ik, _ := x[3].(string)
					row.facts.Interactions = append(row.facts.Interactions, graph.InteractionFact{At: *from, Kind: graph.InteractionKind(ik)})
				}
			case "unit", "region":
				if from != nil {
					p := graph.Period{From: *from, To: to}
					if kind == "unit" {
						row.facts.CoServedUnit = append(row.facts.CoServedUnit, p)
					} else {
						row.facts.CoServedPlace = append(row.facts.CoServedPlace, p)
					}
				}
			}
		}
		rows[k] = row
	}
	if err := regionCoService(ctx, tx, ids, rows); err != nil {
		return err
	}
	if len(rows) > 0 {
		pairs := make([]any, 0, len(rows))
		for k := range rows {
			pairs = append(pairs, []any{k[0], k[1]})
		}
		recs, err := tx.run(ctx, cypherSharedFacts, map[string]any{"pairs": pairs})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			a, _ := rec.Values[0].(string)
			b, _ := rec.Values[1].(string)
			periods, _ := rec.Values[2].([]any)
			row := rows[pairKey(a, b)]
			for _, p := range periods {
				x, _ := p.([]any)
				m := map[string]any{"f": x[0], "t": x[1]}
				from := optDate(m, "f")
				if from == nil {
					epoch := time.Date(graph.MinDateYear, 1, 1, 0, 0, 0, 0, time.UTC)
					from = &epoch
				}
				row.facts.Shared = append(row.facts.Shared, graph.Period{From: *from, To: optDate(m, "t")})
			}
		}
	}
	if _, err := tx.run(ctx, cypherDeleteTies, map[string]any{"ids": ids}); err != nil {
		return err
	}
	now := time.Now().UTC()
	keys := make([][2]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	out := make([]any, 0, len(rows))
	for _, k := range keys {
		row := rows[k]
		s, c := db.strengths.Tie.Strength(row.facts, now)
		if s <= 0 {
			continue
		}
		out = append(out, map[string]any{"a": row.a, "b": row.b, "props": map[string]any{
			"strength": s, "acquaintance": c.Acquaintance, "interactions": c.Interactions,
			"coService": c.CoService, "shared": c.Shared, "interactionCount": len(row.facts.Interactions),
			"since": dateValue(row.facts.Since()), "lastContact": dateValue(row.facts.LastContact()),
		}})
	}
	return runInBatches(ctx, tx, cypherWriteTies, out)
}

// RecomputeTies refreshes every tie of the people.
func (db *DB) RecomputeTies(ctx context.Context, ids []string) error {
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		return nil, db.recomputeTies(ctx, tx, ids)
	})
	return err
}

// A full recomputation keeps its place in one TieRun node: the strength
// parameters it computes with and the last person done. Each chunk moves
// the mark in its own transaction, so an interrupted run resumes after the
// last chunk that committed; a run with other parameters starts over.
const (
	cypherTieRunRead = `MATCH (r:TieRun {id: 'all'}) RETURN r.params AS params, r.next AS next`
	cypherTieRunMark = `MERGE (r:TieRun {id: 'all'}) SET r.params = $params, r.next = $next, r.updatedAt = datetime()`
	cypherTieRunDone = `MATCH (r:TieRun {id: 'all'}) DELETE r`
	cypherAllPeople  = `MATCH (p:Person) RETURN p.id ORDER BY p.id`
	cypherNow        = `RETURN datetime() AS now`
	// cypherLockChunk locks a chunk's people in id order, says which of
	// them had their ties recomputed by a change since the facts were read,
	// and sets tiesAt to when they were read (so that later chunks do not
	// take this chunk's people for changed ones).
	cypherLockChunk = `UNWIND $ids AS pid MATCH (p:Person {id: pid})
WITH p, pid, coalesce(p.tiesAt > $since, false) AS changed
SET p.tiesAt = $since
RETURN pid, changed`
	cypherChangedSince = `UNWIND $ids AS pid MATCH (p:Person {id: pid}) WHERE p.tiesAt > $since RETURN pid`
)

// TieChunk is how many people's ties one transaction of a bulk
// recomputation writes at most, TieChunkTies how many ties the chunks
// written at once update, create and delete at most together (about 60 MB
// of transaction memory; a person with more ties is a chunk alone). A
// chunk that fails (over the transaction memory limit, say, beside other
// transactions) is tried again in halves, down to MinTieChunk people, and
// the next chunks keep the smaller sizes.
//
// TieWriters chunks are written at once, each in its own transaction: they
// write the ties of different pairs, and a tie updated in place locks only
// itself, so they rarely wait for each other (a tie created or deleted
// locks its two people; a deadlock between two chunks is retried).
const (
	TieWriters    = 2
	TieChunk      = 2000
	TieChunkTies  = 5000
	MinTieChunk   = 25
	tieChunkRetry = 2 * time.Second
)

// RecomputeAllTies refreshes the ties of every person, in chunks of people
// in id order, resuming an interrupted run with the same parameters. It
// returns the number of people whose ties it computed in this call, and
// reports progress (people done, people in all) after each chunk.
func (db *DB) RecomputeAllTies(ctx context.Context, progress graph.Progress) (int, error) {
	params, err := json.Marshal(db.strengths.Tie)
	if err != nil {
		return 0, err
	}
	after := ""
	recs, err := db.read(ctx, cypherTieRunRead, nil)
	if err != nil {
		return 0, err
	}
	if len(recs) > 0 {
		m := recs[0].AsMap()
		if str(m, "params") == string(params) {
			after = str(m, "next")
		}
	}
	recs, err = db.readLong(ctx, cypherAllPeople, nil)
	if err != nil {
		return 0, err
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i], _ = r.Values[0].(string)
	}
	first := sort.SearchStrings(ids, after)
	if first < len(ids) && ids[first] == after {
		first++
	}
	if progress != nil && first > 0 {
		progress(first, len(ids))
	}
	mark := func(ctx context.Context, tx txRunner, last string) error {
		_, err := tx.run(ctx, cypherTieRunMark, map[string]any{"params": string(params), "next": last})
		return err
	}
	done, err := db.recomputeInBulk(ctx, ids, ids, first, progress, mark)
	if err != nil {
		return done, err
	}
	if _, err := db.bulkWrite(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		return tx.run(ctx, cypherTieRunDone, nil)
	}); err != nil {
		return done, err
	}
	return done, nil
}

// RecomputeTiesOf refreshes the ties of many people (an import's) in bulk
// (up to TieChunk in one transaction, person by person). It returns
// how many people's ties it computed and reports progress after each
// chunk.
func (db *DB) RecomputeTiesOf(ctx context.Context, ids []string, progress graph.Progress) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	order := append([]string(nil), ids...)
	sort.Strings(order)
	order = slices.Compact(order)
	if len(order) <= db.tieChunkSize() {
		if _, err := db.bulkWrite(ctx, func(ctx context.Context, tx txRunner) (any, error) {
			return nil, db.recomputeTies(ctx, tx, order)
		}); err != nil {
			return 0, err
		}
		if progress != nil {
			progress(len(order), len(order))
		}
		return len(order), nil
	}
	recs, err := db.readLong(ctx, cypherAllPeople, nil)
	if err != nil {
		return 0, err
	}
	all := make([]string, len(recs))
	for i, r := range recs {
		all[i], _ = r.Values[0].(string)
	}
	return db.recomputeInBulk(ctx, all, order, 0, progress, nil)
}

// recomputeInBulk reads the facts of every tie once (readBulkTies), then
// recomputes the ties of order[first:] (sorted ids; all holds every
// person, sorted) in chunks, each in its own transaction, TieWriters at
// once; once they have all committed, mark (when not nil) runs with the
// last id of the last of them. A chunk writes the ties of the pairs whose
// later person (in order) it holds: it updates the ties the read found,
// creates the new ones and deletes those of pairs no longer tied. A failed
// chunk is tried again at half the size, down to MinTieChunk.
//
// A change that recomputed someone's ties since the facts were read (its
// tiesAt is later) is not overwritten with those facts: the chunk that
// holds that person, or writes a tie of theirs, recomputes their ties from
// the graph as it is, as the change did.
func (db *DB) recomputeInBulk(ctx context.Context, all, order []string, first int, progress graph.Progress,
	mark func(ctx context.Context, tx txRunner, last string) error) (int, error) {
	recs, err := db.read(ctx, cypherNow, nil)
	if err != nil {
		return 0, err
	}
	since := recs[0].Values[0]
	start := time.Now()
	bt, err := db.readBulkTies(ctx, all)
	if err != nil {
		return 0, err
	}
	db.log.Info("read the facts of every tie", "people", len(all), "pairs", len(bt.facts), "ties", len(bt.existing),
		"seconds", time.Since(start).Round(time.Millisecond).Seconds())
	byLast, work := bt.rowsByLast(order)
	now := time.Now().UTC()
	// A short retry: a chunk over the memory limit fails again at once.
	l := db.bulk()
	l.retry = min(l.retry, tieChunkRetry)
	var mu sync.Mutex // guards chunk and budget
	writers := db.tieWriterCount()
	// The chunks of a round share the transaction memory of one.
	chunk, budget := db.tieChunkSize(), max(1, TieChunkTies/writers)
	// nextEnd is where the chunk that starts at i ends, before limit.
	nextEnd := func(i, limit int) int {
		mu.Lock()
		c, b := chunk, budget
		mu.Unlock()
		end, w := i+1, work[i]
		for end < limit && end-i < c && w+work[end] <= b {
			w += work[end]
			end++
		}
		return end
	}
	writeChunk := func(lo, hi int) error {
		return db.writeTieChunk(ctx, l, bt, order[lo:hi], byLast[lo:hi], lo, now, since)
	}
	// writeSplit writes order[lo:hi] in one transaction, or, when that
	// fails, in chunks of half the people and ties (down to MinTieChunk
	// people), which the chunks after it keep.
	var writeSplit func(lo, hi int) error
	writeSplit = func(lo, hi int) error {
		err := writeChunk(lo, hi)
		if err == nil || ctx.Err() != nil || hi-lo <= MinTieChunk {
			return err
		}
		w := 0
		for _, n := range work[lo:hi] {
			w += n
		}
		mu.Lock()
		chunk, budget = min(chunk, max(MinTieChunk, (hi-lo)/2)), min(budget, max(1, w/2))
		db.log.Warn("a chunk of the tie recomputation failed; trying again with fewer people", "people", chunk, "ties", budget, "err", err)
		mu.Unlock()
		for i := lo; i < hi; {
			end := nextEnd(i, hi)
			if err := writeSplit(i, end); err != nil {
				return err
			}
			i = end
		}
		return nil
	}
	for i := first; i < len(order); {
		// A round: the next chunks, one per writer, written at once. Each
		// writes only the ties of its own pairs, and updating a tie in
		// place locks the tie, not its people.
		var ends []int
		for j := i; len(ends) < writers && j < len(order); {
			j = nextEnd(j, len(order))
			ends = append(ends, j)
		}
		errs := make([]error, len(ends))
		var wg sync.WaitGroup
		for n, lo := range append([]int{i}, ends[:len(ends)-1]...) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[n] = writeSplit(lo, ends[n])
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return i - first, err
			}
		}
		// The mark moves once every chunk of the round has committed; a run
		// interrupted before that writes the round again, from the ties
		// as they are then.
		last := ends[len(ends)-1]
		if mark != nil {
			if _, err := db.writeWithin(ctx, l, func(ctx context.Context, tx txRunner) (any, error) {
				return nil, mark(ctx, tx, order[last-1])
			}); err != nil {
				return i - first, err
			}
		}
		for _, end := range ends {
			if progress != nil {
				progress(end, len(order))
			}
		}
		i = last
	}
	return len(order) - first, nil
}

// writeTieChunk writes, in one transaction, the ties of the pairs of the
// people part (order[lo:], byLast their pairs): it locks them, recomputes
// from the graph the ties of anyone whose ties a change recomputed since
// the facts were read, and writes the rest as tieRows says.
func (db *DB) writeTieChunk(ctx context.Context, l limits, bt *bulkTies, part []string, byLast [][]uint64, lo int, now time.Time, since any) error {
	var pairs []uint64
	for _, ps := range byLast {
		pairs = append(pairs, ps...)
	}
	t0 := time.Now()
	tw := db.tieRows(bt, pairs, lo, now)
	defer func() {
		db.log.Debug("tie chunk", "people", len(part), "create", len(tw.create), "update", len(tw.update), "delete", len(tw.delete), "knows", len(tw.knows), "seconds", time.Since(t0).Seconds())
	}()
	// The other people of the ties written, outside the chunk.
	inChunk := make(map[string]bool, len(part))
	for _, id := range part {
		inChunk[id] = true
	}
	seen := map[string]bool{}
	var others []string
	for _, rows := range [][]any{tw.create, tw.update, tw.delete} {
		for _, r := range rows {
			m := r.(map[string]any)
			for _, id := range []string{m["a"].(string), m["b"].(string)} {
				if !inChunk[id] && !seen[id] {
					seen[id] = true
					others = append(others, id)
				}
			}
		}
	}
	_, err := db.writeWithin(ctx, l, func(ctx context.Context, tx txRunner) (any, error) {
		recs, err := tx.run(ctx, cypherLockChunk, map[string]any{"ids": part, "since": since})
		if err != nil {
			return nil, err
		}
		var changed []string
		for _, r := range recs {
			if c, _ := r.Values[1].(bool); c {
				changed = append(changed, r.Values[0].(string))
			}
		}
		if len(others) > 0 {
			recs, err := tx.run(ctx, cypherChangedSince, map[string]any{"ids": others, "since": since})
			if err != nil {
				return nil, err
			}
			for _, r := range recs {
				changed = append(changed, r.Values[0].(string))
			}
		}
		// Each statement named apart (cypherlint follows statement texts,
		// which must not share a value with the rows).
		if err := runInBatches(ctx, tx, cypherDeleteTiesOf, tw.delete); err != nil {
			return nil, err
		}
		if err := runInBatches(ctx, tx, cypherUpdateTies, tw.update); err != nil {
			return nil, err
		}
		if err := runInBatches(ctx, tx, cypherCreateTies, tw.create); err != nil {
			return nil, err
		}
		if err := runInBatches(ctx, tx, cypherSetKnowsStrength, tw.knows); err != nil {
			return nil, err
		}
		return nil, db.recomputeTies(ctx, tx, changed)
	})
	return err
}

// tieWriterCount is TieWriters, or the count the tests set.
func (db *DB) tieWriterCount() int {
	if db.tieWriters > 0 {
		return db.tieWriters
	}
	return TieWriters
}

// tieChunkSize is TieChunk, or the chunk the tests set.
func (db *DB) tieChunkSize() int {
	if db.tieChunk > 0 {
		return db.tieChunk
	}
	return TieChunk
}

// runInBatches runs a statement over $rows, ChunkSize rows at a time.
func runInBatches(ctx context.Context, tx txRunner, cypher string, rows []any) error {
	for len(rows) > 0 {
		n := min(len(rows), ChunkSize)
		if _, err := tx.run(ctx, cypher, map[string]any{"rows": rows[:n]}); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// postingOf reads a posting of cypherRegionPostings; one without a start
// date does not count.
func postingOf(m map[string]any) (regionPosting, bool) {
	from := optDate(m, "f")
	if from == nil {
		return regionPosting{}, false
	}
	return regionPosting{person: str(m, "qid"), unit: str(m, "unit"), from: *from, to: optDate(m, "t")}, true
}

// cypherTies lists the ties of many people, strongest first.
const cypherTies = `UNWIND $ids AS pid
CALL (pid) { MATCH (p:Person {id: pid})-[t:TIE]-(q:Person) WHERE {{visible}} RETURN count(t) AS total }
CALL (pid) { MATCH (p:Person {id: pid})-[t:TIE]-(q:Person) WHERE {{visible}}
  WITH t, q ORDER BY t.strength DESC, q.id SKIP $skip LIMIT $limit
  RETURN collect({props: properties(t), q: {{proj}}}) AS items }
RETURN pid, total, items`

// FindTies lists the ties of many people.
func (db *DB) FindTies(ctx context.Context, ids []string, page graph.Page) (map[string]*graph.List[*graph.Tie], error) {
	return perPerson(ctx, db, tiesStmt, map[string]any{"ids": ids}, page, func(m map[string]any) (*graph.Tie, error) {
		props, _ := m["props"].(map[string]any)
		n, err := decodeNode(m["q"])
		if err != nil {
			return nil, err
		}
		p, _ := n.(*graph.Person)
		return tieOf(p, props), nil
	})
}

// tieOf is the tie to p whose properties are props.
func tieOf(p *graph.Person, props map[string]any) *graph.Tie {
	t := &graph.Tie{PersonID: p.ID, Person: p, Since: optDate(props, "since"), LastContact: optDate(props, "lastContact")}
	t.Strength = orZero(optFloat(props, "strength"))
	t.Components = graph.TieComponents{Acquaintance: orZero(optFloat(props, "acquaintance")), Interactions: orZero(optFloat(props, "interactions")),
		CoService: orZero(optFloat(props, "coService")), Shared: orZero(optFloat(props, "shared"))}
	if c := optInt(props, "interactionCount"); c != nil {
		t.InteractionCount = *c
	}
	return t
}

func orZero(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

type regionPosting struct {
	person, unit string
	from         time.Time
	to           *time.Time
}

// regionCoService adds to rows the overlaps of the people's postings with
// postings at other units of the same region.
func regionCoService(ctx context.Context, tx txRunner, ids []string, rows map[[2]string]*tieRow) error {
	recs, err := tx.run(ctx, cypherMyRegions, map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	mine := map[string][]regionPosting{}
	var regions []string
	for _, rec := range recs {
		m := rec.AsMap()
		from := optDate(m, "f")
		if from == nil {
			continue
		}
		r := str(m, "region")
		if _, ok := mine[r]; !ok {
			regions = append(regions, r)
		}
		mine[r] = append(mine[r], regionPosting{person: str(m, "pid"), unit: str(m, "unit"), from: *from, to: optDate(m, "t")})
	}
	if len(regions) == 0 {
		return nil
	}
	recs, err = tx.run(ctx, cypherRegionPostings, map[string]any{"regions": regions})
	if err != nil {
		return err
	}
	idx := map[string][]regionPosting{}
	for _, rec := range recs {
		m := rec.AsMap()
		if p, ok := postingOf(m); ok {
			idx[str(m, "rid")] = append(idx[str(m, "rid")], p)
		}
	}
	best := regionPeers[string]{} // person → other → longest overlap
	now := time.Now()
	for _, rid := range regions {
		for _, other := range idx[rid] {
			for _, p := range mine[rid] {
				if p.person != other.person && p.unit != other.unit {
					best.consider(p.person, other.person, p.from, p.to, other.from, other.to, now)
				}
			}
		}
	}
	for person := range best {
		for _, c := range best.kept(person) {
			k := pairKey(person, c.other)
			row := rows[k]
			if row == nil {
				row = &tieRow{a: k[0], b: k[1]}
				rows[k] = row
			}
			row.facts.CoServedPlace = append(row.facts.CoServedPlace, c.p)
		}
	}
	return nil
}

// MaxRegionPeers bounds how many people one person is tied to only by
// postings in the same region.
const MaxRegionPeers = 30

// regionPeer is a person's longest overlap in one region with another.
type regionPeer[K cmp.Ordered] struct {
	other K
	p     graph.Period
	days  float64
}

// before ranks the longer overlap first, equal ones by the other's id.
func (c regionPeer[K]) before(d regionPeer[K]) bool {
	if c.days != d.days {
		return c.days > d.days
	}
	return c.other < d.other
}

// regionPeers holds, by person, the region peers they keep so far: the
// MaxRegionPeers others with the longest overlaps, each with its longest.
// A region crowded with cadres, where everybody overlaps with everybody,
// then costs MaxRegionPeers entries a person, not one for every other.
type regionPeers[K cmp.Ordered] map[K]*peerTop[K]

// peerTop is one person's region peers: at most MaxRegionPeers, worst the
// index of the last-ranked once there are that many.
type peerTop[K cmp.Ordered] struct {
	peers []regionPeer[K]
	worst int
}

// consider counts the overlap of a person's posting (af, at) with another
// person's (bf, bt) in the same region.
func (rp regionPeers[K]) consider(person, other K, af time.Time, at *time.Time, bf time.Time, bt *time.Time, now time.Time) {
	o, ok := overlap(af, at, bf, bt)
	if !ok {
		return
	}
	end := now
	if o.To != nil {
		end = *o.To
	}
	t := rp[person]
	if t == nil {
		t = &peerTop[K]{}
		rp[person] = t
	}
	t.add(regionPeer[K]{other: other, p: o, days: end.Sub(o.From).Hours() / 24})
}

// add keeps c when it ranks among the MaxRegionPeers best, each other once
// with its longest overlap. The result is that of ranking every other by
// its longest overlap and keeping the first MaxRegionPeers: an other
// dropped (or never kept) because MaxRegionPeers others rank before it
// cannot come back unless an overlap of its ranks before the last kept.
func (t *peerTop[K]) add(c regionPeer[K]) {
	full := len(t.peers) == MaxRegionPeers
	if full && !c.before(t.peers[t.worst]) {
		return // if c.other is kept, it is with an overlap at least as long
	}
	for i := range t.peers {
		if t.peers[i].other == c.other {
			if c.days > t.peers[i].days {
				t.peers[i] = c
				t.findWorst()
			}
			return
		}
	}
	if !full {
		t.peers = append(t.peers, c)
		t.findWorst()
		return
	}
	t.peers[t.worst] = c
	t.findWorst()
}

func (t *peerTop[K]) findWorst() {
	t.worst = 0
	for i := range t.peers {
		if t.peers[t.worst].before(t.peers[i]) {
			t.worst = i
		}
	}
}

// kept lists the region peers a person keeps, longest overlap first.
func (rp regionPeers[K]) kept(person K) []regionPeer[K] {
	t := rp[person]
	if t == nil {
		return nil
	}
	cs := slices.Clone(t.peers)
	sort.Slice(cs, func(i, j int) bool { return cs[i].before(cs[j]) })
	return cs
}

// overlap is the common part of two periods (nil ends last).
func overlap(af time.Time, at *time.Time, bf time.Time, bt *time.Time) (graph.Period, bool) {
	from := af
	if bf.After(from) {
		from = bf
	}
	var to *time.Time
	switch {
	case at == nil:
		to = bt
	case bt == nil || at.Before(*bt):
		to = at
	default:
		to = bt
	}
	if to != nil && to.Before(from) {
		return graph.Period{}, false
	}
	return graph.Period{From: from, To: to}, true
}

// lockPeople write-locks the people in id order, so that transactions
// that lock overlapping sets wait for each other instead of deadlocking.
func lockPeople(ctx context.Context, tx txRunner, ids []string) error {
	sorted := append([]string(nil), ids...)
	sort.Strings(sorted)
	_, err := tx.run(ctx, cypherLockPeople, map[string]any{"ids": sorted})
	return err
}

// tiesStmt is cypherTies filled once.
var tiesStmt = fill(cypherTies, "visible", visiblePQ, "proj", nodeProj("q"))
