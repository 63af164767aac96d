package neo4jdb

import (
	"context"
	"sort"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"
)

// A bulk recomputation (every person, or the many people of an import)
// reads the facts of all ties once, in five streaming reads, and finds the
// pairs in Go: per host unit the overlapping postings, per region the
// overlapping postings at its other units, per interaction its
// participants. Recomputing person by person instead read each unit's and
// region's postings once per person posted there, and each pair's facts
// twice (once from each end). The ties are then written chunk by chunk, in
// person order, each pair once: by the chunk of whichever of its two people
// comes last.
const (
	cypherBulkKnows = `MATCH (p:Person)-[k:KNOWS]->(q:Person) WHERE q <> p
RETURN p.id AS a, q.id AS b, k.from AS f, k.to AS t`
	// One row per interaction, its participants collected in a subquery
	// (an aggregation over all interactions would hold them all in memory).
	cypherBulkInteractions = `MATCH (i:Interaction) WHERE i.at IS NOT NULL
CALL (i) { MATCH (i)-[:WITH]->(p:Person) RETURN collect(p.id) AS ps }
WITH i, ps WHERE size(ps) > 1
RETURN i.at AS at, i.kind AS kind, ps`
	cypherBulkPostings = `MATCH (p:Person)-[a:POSTED_TO]->(u:Unit) WHERE a.from IS NOT NULL
RETURN p.id AS pid, u.id AS unit, a.from AS f, a.to AS t`
	cypherBulkUnitRegions = `MATCH (u:Unit)-[l:LOCATED_IN]->(r:Region) WHERE l.to IS NULL
RETURN u.id AS unit, r.id AS region`
	cypherBulkShared = `MATCH (p:Person)-[a:MEMBER_OF|EMPLOYED_BY]->(u)
RETURN p.id AS pid, type(a) + ' ' + elementId(u) AS target, a.from AS f, a.to AS t`
	// The ties there are: each is updated in place, or deleted when its
	// pair is no longer tied.
	cypherBulkTieEnds = `MATCH (p:Person)-[:TIE]->(q:Person) RETURN p.id AS a, q.id AS b`
)

// readEach streams the records of one read statement into fn; reset is
// called before every attempt (a transient error starts the read again).
func (db *DB) readEach(ctx context.Context, cypher string, params map[string]any, reset func(), fn func(*neo4j.Record)) error {
	l := limits{name: "analytics", timeout: max(db.timeout, ProjectionTimeout), retry: db.bulk().retry}
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	db.roundTrips.Add(1)
	err := db.retry(ctx, l, false, func(ctx context.Context) error {
		s := db.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.dbName, AccessMode: neo4j.AccessModeRead})
		defer s.Close(context.WithoutCancel(ctx))
		_, err := s.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			reset()
			res, err := tx.Run(ctx, cypher, params)
			if err != nil {
				return nil, err
			}
			for res.Next(ctx) {
				fn(res.Record())
			}
			return nil, res.Err()
		}, neo4j.WithTxTimeout(l.timeout))
		return err
	})
	if err != nil {
		return db.mapLimits(ctx, err, l)
	}
	return nil
}

// bulkTies holds every tie's facts, people by their index in ids.
type bulkTies struct {
	ids   []string // every person, sorted
	index map[string]int32
	facts map[uint64]*graph.TieFacts // by pair: the smaller index high
	// region holds the overlaps in one region that either person of a
	// pair keeps (coServeRegions); rows decides which count.
	region map[uint64]*regionKept
	// existing holds the pairs that have a tie in the database.
	existing map[uint64]struct{}
	pos      []int32 // each person's position in the order of the chunks, -1 outside it
}

// regionKept is the overlap in one region of a pair as kept by its first
// (smaller index) and by its second person, nil where not kept.
type regionKept struct{ first, second *graph.Period }

func pairOf(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(uint32(b))
}

func (bt *bulkTies) pair(a, b int32) *graph.TieFacts {
	k := pairOf(a, b)
	f := bt.facts[k]
	if f == nil {
		f = &graph.TieFacts{}
		bt.facts[k] = f
	}
	return f
}

// person is the index of a person id, -1 for an unknown one.
func (bt *bulkTies) person(v any) int32 {
	s, _ := v.(string)
	if i, ok := bt.index[s]; ok {
		return i
	}
	return -1
}

type bulkPosting struct {
	person int32
	unit   string
	from   time.Time
	to     *time.Time
}

type bulkShare struct {
	target   string
	from, to *time.Time
}

// readBulkTies reads the facts of every tie of the people ids (sorted).
func (db *DB) readBulkTies(ctx context.Context, ids []string) (*bulkTies, error) {
	bt := &bulkTies{ids: ids, index: make(map[string]int32, len(ids)), facts: map[uint64]*graph.TieFacts{}, region: map[uint64]*regionKept{}}
	for i, id := range ids {
		bt.index[id] = int32(i)
	}
	// Two streams at once: the pairs' acquaintance and interactions, and
	// the postings, regions, memberships and ties there are (so that
	// Neo4j and the decoding here each keep both cores busy).
	var postings []bulkPosting
	regionsOf := map[string][]string{}
	shares := map[int32][]bulkShare{}
	bt.existing = map[uint64]struct{}{}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		resetFacts := func() { bt.facts = map[uint64]*graph.TieFacts{} }
		// Acquaintance. Both directions of one pair: the last one read counts,
		// as when one person's facts were read.
		err := db.readEach(ctx, cypherBulkKnows, nil, resetFacts, func(r *neo4j.Record) {
			a, b := bt.person(r.Values[0]), bt.person(r.Values[1])
			if a < 0 || b < 0 {
				return
			}
			f := bt.pair(a, b)
			f.Knows, f.KnowsSince, f.KnowsEnded = true, dateOf(r.Values[2]), dateOf(r.Values[3])
		})
		if err != nil {
			return err
		}
		knows := bt.facts
		err = db.readEach(ctx, cypherBulkInteractions, nil, func() {
			bt.facts = make(map[uint64]*graph.TieFacts, len(knows))
			for k, f := range knows {
				c := *f
				bt.facts[k] = &c
			}
		}, func(r *neo4j.Record) {
			at := dateOf(r.Values[0])
			kind, _ := r.Values[1].(string)
			ps, _ := r.Values[2].([]any)
			if at == nil {
				return
			}
			fact := graph.InteractionFact{At: *at, Kind: graph.InteractionKind(kind)}
			for i := range ps {
				a := bt.person(ps[i])
				for j := i + 1; j < len(ps) && a >= 0; j++ {
					if b := bt.person(ps[j]); b >= 0 && b != a {
						f := bt.pair(a, b)
						f.Interactions = append(f.Interactions, fact)
					}
				}
			}
		})
		return err
	})
	g.Go(func() error {
		err := db.readEach(ctx, cypherBulkPostings, nil, func() { postings = postings[:0] }, func(r *neo4j.Record) {
			p, from := bt.person(r.Values[0]), dateOf(r.Values[2])
			unit, _ := r.Values[1].(string)
			if p >= 0 && from != nil {
				postings = append(postings, bulkPosting{person: p, unit: unit, from: *from, to: dateOf(r.Values[3])})
			}
		})
		if err != nil {
			return err
		}
		err = db.readEach(ctx, cypherBulkUnitRegions, nil, func() { clear(regionsOf) }, func(r *neo4j.Record) {
			u, _ := r.Values[0].(string)
			rid, _ := r.Values[1].(string)
			regionsOf[u] = append(regionsOf[u], rid)
		})
		if err != nil {
			return err
		}
		err = db.readEach(ctx, cypherBulkShared, nil, func() { clear(shares) }, func(r *neo4j.Record) {
			p := bt.person(r.Values[0])
			target, _ := r.Values[1].(string)
			if p >= 0 {
				shares[p] = append(shares[p], bulkShare{target: target, from: dateOf(r.Values[2]), to: dateOf(r.Values[3])})
			}
		})
		if err != nil {
			return err
		}
		err = db.readEach(ctx, cypherBulkTieEnds, nil, func() { clear(bt.existing) }, func(r *neo4j.Record) {
			if a, b := bt.person(r.Values[0]), bt.person(r.Values[1]); a >= 0 && b >= 0 && a != b {
				bt.existing[pairOf(a, b)] = struct{}{}
			}
		})
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	bt.coServeUnits(postings)
	bt.coServeRegions(postings, regionsOf)
	bt.share(shares)
	return bt, nil
}

// coServeUnits adds the overlaps of postings at one host unit.
func (bt *bulkTies) coServeUnits(postings []bulkPosting) {
	byUnit := map[string][]int{}
	for i, p := range postings {
		byUnit[p.unit] = append(byUnit[p.unit], i)
	}
	for _, ps := range byUnit {
		for x := range ps {
			a := postings[ps[x]]
			for _, y := range ps[x+1:] {
				b := postings[y]
				if a.person == b.person {
					continue
				}
				if o, ok := overlap(a.from, a.to, b.from, b.to); ok {
					f := bt.pair(a.person, b.person)
					f.CoServedUnit = append(f.CoServedUnit, o)
				}
			}
		}
	}
}

// coServeRegions finds the overlaps of postings at other units of one
// region: each person keeps the MaxRegionPeers longest, as in
// regionCoService (people are ranked by index, which is their ids' order).
func (bt *bulkTies) coServeRegions(postings []bulkPosting, regionsOf map[string][]string) {
	byRegion := map[string][]int{}
	for i, p := range postings {
		for _, r := range regionsOf[p.unit] {
			byRegion[r] = append(byRegion[r], i)
		}
	}
	now := time.Now()
	best := regionPeers[int32]{}
	for _, ps := range byRegion {
		for _, x := range ps {
			a := postings[x]
			for _, y := range ps {
				if b := postings[y]; a.person != b.person && a.unit != b.unit {
					best.consider(a.person, b.person, a.from, a.to, b.from, b.to, now)
				}
			}
		}
	}
	for person := range best {
		for _, c := range best.kept(person) {
			bt.pair(person, c.other)
			k := pairOf(person, c.other)
			r := bt.region[k]
			if r == nil {
				r = &regionKept{}
				bt.region[k] = r
			}
			if p := c.p; person < c.other {
				r.first = &p
			} else {
				r.second = &p
			}
		}
	}
}

// share adds, to the pairs tied for another reason, their overlapping
// membership of one unit or employment by one company (cypherSharedFacts).
func (bt *bulkTies) share(shares map[int32][]bulkShare) {
	epoch := time.Date(graph.MinDateYear, 1, 1, 0, 0, 0, 0, time.UTC)
	for k, f := range bt.facts {
		sa, sb := shares[int32(k>>32)], shares[int32(uint32(k))]
		for _, a := range sa {
			for _, b := range sb {
				if a.target != b.target || (a.to != nil && b.from != nil && b.from.After(*a.to)) ||
					(b.to != nil && a.from != nil && a.from.After(*b.to)) {
					continue
				}
				from := a.from
				if from == nil || (b.from != nil && b.from.After(*from)) {
					from = b.from
				}
				if from == nil {
					from = &epoch
				}
				to := a.to
				if to == nil || (b.to != nil && b.to.Before(*to)) {
					to = b.to
				}
				f.Shared = append(f.Shared, graph.Period{From: *from, To: to})
			}
		}
	}
}

// rowsByLast lists, for each person position in order, the pairs whose
// later person (by position in order; people outside order come first) is
// that one: the pairs the chunk of that person writes (updates, creates or
// deletes the tie of), those with facts and those with a tie. work counts
// them per position.
func (bt *bulkTies) rowsByLast(order []string) (byLast [][]uint64, work []int) {
	pos := make([]int32, len(bt.ids))
	for i := range pos {
		pos[i] = -1
	}
	for i, id := range order {
		if p, ok := bt.index[id]; ok {
			pos[p] = int32(i)
		}
	}
	bt.pos = pos
	byLast = make([][]uint64, len(order))
	work = make([]int, len(order))
	add := func(k uint64) {
		b := max(pos[int32(k>>32)], pos[int32(uint32(k))])
		if b >= 0 {
			byLast[b] = append(byLast[b], k)
			work[b]++
		}
	}
	for k := range bt.facts {
		add(k)
	}
	for k := range bt.existing {
		if bt.facts[k] == nil {
			add(k)
		}
	}
	return byLast, work
}

// tieWrites are a chunk's rows: ties to create, to update in place and to
// delete, and the acquaintances whose KNOWS takes the strength.
type tieWrites struct{ create, update, delete, knows []any }

// tieRows computes the ties of the pairs that the chunk starting at
// position lo writes, in a stable order: a pair with a tie in the database
// updates it, or deletes it when the pair is no longer tied; a pair without
// one creates it. Those of acquaintances are listed apart too (their KNOWS
// holds the strength).
//
// An overlap in a region counts as when the ties were recomputed chunk by
// chunk, each person's from what that person keeps (regionCoService): the
// tie is written by the chunk of its later person, who counts what they
// keep, and what the other keeps too when both are in that chunk.
func (db *DB) tieRows(bt *bulkTies, pairs []uint64, lo int, now time.Time) tieWrites {
	sort.Slice(pairs, func(i, j int) bool { return pairs[i] < pairs[j] })
	var w tieWrites
	for _, k := range pairs {
		_, exists := bt.existing[k]
		a, b := bt.ids[int32(k>>32)], bt.ids[int32(uint32(k))]
		facts := bt.facts[k]
		if facts == nil {
			w.delete = append(w.delete, map[string]any{"a": a, "b": b})
			continue
		}
		f := *facts
		if r := bt.region[k]; r != nil {
			pa, pb := bt.pos[int32(k>>32)], bt.pos[int32(uint32(k))]
			var kept []*graph.Period
			switch {
			case int(pa) >= lo && int(pb) >= lo:
				kept = []*graph.Period{r.first, r.second}
			case pa > pb:
				kept = []*graph.Period{r.first}
			default:
				kept = []*graph.Period{r.second}
			}
			f.CoServedPlace = nil
			for _, p := range kept {
				if p != nil {
					f.CoServedPlace = append(f.CoServedPlace, *p)
				}
			}
		}
		s, c := db.strengths.Tie.Strength(f, now)
		if s <= 0 {
			if exists {
				w.delete = append(w.delete, map[string]any{"a": a, "b": b})
			}
			continue
		}
		row := map[string]any{"a": a, "b": b, "props": map[string]any{
			"strength": s, "acquaintance": c.Acquaintance, "interactions": c.Interactions,
			"coService": c.CoService, "shared": c.Shared, "interactionCount": len(f.Interactions),
			"since": dateValue(f.Since()), "lastContact": dateValue(f.LastContact()),
		}}
		if exists {
			w.update = append(w.update, row)
		} else {
			w.create = append(w.create, row)
		}
		if f.Knows {
			w.knows = append(w.knows, row)
		}
	}
	return w
}
