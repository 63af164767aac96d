package neo4jdb

import (
	"context"
	"encoding/json"
	"errors"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/netalgo"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"
)

// The people graph and the network measures. Brokers and communities run
// on the Graph Data Science library when the database has it (gds.go), else
// in Go (graph/netalgo) over a projection of the people graph: see
// Analytics.

// cypherPeople projects the people graph: the discoverable people of
// part $part of $parts (by node id: the parts are read at once, one
// statement per Neo4j thread), in records of $batch people each (one
// record per person cost the driver 4 times as much CPU: 3.1 s against
// 0.8 at scale 100). Each person is a list: their id, their node id, their
// ties (TIE, each read once, from its start) as the node ids of the other
// ends with the strengths in a parallel list; for people whose ties were
// never computed (no TIE at either end, e.g. right after a bulk load
// without RecomputeAllTies) their acquaintances and the people whose
// postings at the same host unit overlapped theirs; the units they belong
// to or were sent by and the regions they live or serve in. The other end
// of a tie is any node: Go keeps the ties whose other end is one of the
// people read (discoverable, of the scope), so that no other end's
// properties are read (reading b.id and b.discoverable of the 4 M ends
// at scale 100 cost Neo4j 9 of 17 CPU s). Node ids are id(), deprecated
// in Neo4j 5 but numbers: elementId() strings cost Neo4j 0.9 and the
// driver 0.7 CPU s more, and the modulo needs a number. They only join
// the rows of these statements. Non-discoverable people are
// left out, as they are from paths. {{sa}} and {{sb}} restrict both ends
// to a scope.
const cypherPeople = `MATCH (a:Person) WHERE {{sa}} coalesce(a.discoverable, true) AND id(a) % $parts = $part
WITH collect(a) AS people
UNWIND range(0, size(people) - 1, $batch) AS i
CALL (people, i) {
  UNWIND people[i..i + $batch] AS a
  WITH a, EXISTS { (a)-[:TIE]-() } AS tied, [(a)-[t:TIE]->(b) | [id(b), t.strength]] AS ties
  RETURN collect([a.id, id(a), [x IN ties | x[0]], [x IN ties | x[1]],
    CASE WHEN tied THEN [] ELSE [(a)-[:KNOWS]->(b:Person) WHERE {{sb}} b <> a AND coalesce(b.discoverable, true)
      AND NOT EXISTS { (b)-[:TIE]-() } | b.id] END,
    CASE WHEN tied THEN [] ELSE COLLECT { MATCH (a)-[x:POSTED_TO]->(:Unit)<-[y:POSTED_TO]-(b:Person)
      WHERE {{sb}} a.id < b.id AND (x.to IS NULL OR y.from <= x.to) AND (y.to IS NULL OR x.from <= y.to)
        AND coalesce(b.discoverable, true) AND NOT EXISTS { (b)-[:TIE]-() }
      RETURN DISTINCT b.id } END,
    {{units}}, {{regions}}]) AS batch
}
RETURN batch`

// How many statements read the people graph at once, and how many people
// each record of theirs holds.
const (
	projectionParts = 2
	projectionBatch = 1000
)

// The units person a belongs to or was sent by, and the regions they live
// or serve in (ids, with repeats).
const (
	unitsOfA   = `[(a)-[:MEMBER_OF]->(u:Unit) | u.id] + [(a)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId IS NOT NULL | r.dispatchingUnitId]`
	regionsOfA = `[(a)-[l:LOCATED_IN]->(g:Region) WHERE l.to IS NULL | g.id] + [(a)-[:POSTED_TO]->(:Unit)-[l:LOCATED_IN]->(g:Region) WHERE l.to IS NULL | g.id]`
)

// cypherPeoplePlaces is the units and regions of cypherPeople alone, for
// the people graph that GDS projected (gdsProject).
const cypherPeoplePlaces = `MATCH (a:Person) WHERE {{sa}} coalesce(a.discoverable, true)
RETURN a.id AS id, {{units}} AS units, {{regions}} AS regions`

// projection is the people graph with the units and regions of each
// person, as of At. On GDS (engine), it also holds what the algorithms
// computed in the database on the projection it was read from.
type projection struct {
	g       *netalgo.WeightedGraph
	units   [][]int32 // per node, indexes into unitIDs
	regions [][]int32
	unitIDs []string
	regIDs  []string
	at      time.Time
	took    time.Duration // reading it (on GDS, without the algorithms)
	engine  string
	// louvain is GDS's community of each node (-1: none answered).
	louvain []int
	// bet is GDS's betweenness from betAsked sources (nil: not computed).
	bet      *netalgo.BetweennessResult
	betAsked int
	phases   struct {
		project, louvain, pairs, betweenness, places time.Duration
		pairRows                                     int
	}
}

// places interns the units and regions of the projection's people.
type places struct {
	p               *projection
	unitIdx, regIdx map[string]int32
}

func (p *projection) newPlaces() *places {
	p.units, p.regions = make([][]int32, p.g.Len()), make([][]int32, p.g.Len())
	return &places{p: p, unitIdx: map[string]int32{}, regIdx: map[string]int32{}}
}

// add sets the units and regions (ids) of the person id, if the graph
// holds them.
func (pl *places) add(id string, units, regions []string) {
	i, ok := pl.p.g.Index(id)
	if !ok {
		return
	}
	pl.p.units[i] = intern(pl.unitIdx, &pl.p.unitIDs, units)
	pl.p.regions[i] = intern(pl.regIdx, &pl.p.regIDs, regions)
}

// intern numbers the ids xs in idx (new ones appended to ids) and returns
// their numbers sorted, without repeats.
func intern(idx map[string]int32, ids *[]string, xs []string) []int32 {
	out := make([]int32, 0, len(xs))
	for _, x := range xs {
		i, ok := idx[x]
		if !ok {
			i = int32(len(*ids))
			idx[x] = i
			*ids = append(*ids, x)
		}
		out = append(out, i)
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	return compactInts(out)
}

// cypherPersonIDs lists the ids of the people a where clause keeps.
const cypherPersonIDs = `MATCH (n:Person) {{where}} RETURN n.id`

// The conditions that restrict both ends of cypherPeople and
// cypherGDSProject to a scope of people ($scope).
const (
	scopeA = `a.id IN $scope AND`
	scopeB = `b.id IN $scope AND`
)

// scopeIDs resolves a scope to the ids of its people.
func (db *DB) scopeIDs(ctx context.Context, scope *graph.PersonWhere) ([]string, error) {
	w, err := peopleWhere(*scope)
	if err != nil {
		return nil, err
	}
	recs, err := db.read(ctx, fill(cypherPersonIDs, "where", w.String()), w.params)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(recs))
	for _, r := range recs {
		if id, ok := r.Values[0].(string); ok {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// personRow is one person of cypherPeople.
type personRow struct {
	id              string
	node            int64
	tieNodes        []int64
	tieStrengths    []float64
	knows, coPosted []string
	units, regions  []string
}

// project reads the people graph in projectionParts statements at once
// (after one more that resolves the scope, if any).
func (db *DB) project(ctx context.Context, scope *graph.PersonWhere) (*projection, error) {
	start := time.Now()
	var scopeIDs []string
	sa, sb := "", ""
	if scope != nil {
		ids, err := db.scopeIDs(ctx, scope)
		if err != nil {
			return nil, err
		}
		scopeIDs, sa, sb = ids, scopeA, scopeB
	}
	cypher := fill(cypherPeople, "sa", sa, "sb", sb, "units", unitsOfA, "regions", regionsOfA)
	parts := make([][]personRow, projectionParts)
	g, gctx := errgroup.WithContext(ctx)
	for part := range parts {
		params := map[string]any{"parts": int64(projectionParts), "part": int64(part), "batch": int64(projectionBatch)}
		if scope != nil {
			params["scope"] = scopeIDs
		}
		g.Go(func() error {
			return db.readEach(gctx, cypher, params, func() { parts[part] = nil }, func(rec *neo4j.Record) {
				people, _ := rec.Values[0].([]any)
				for _, x := range people {
					if x, ok := x.([]any); ok && len(x) == 8 {
						parts[part] = append(parts[part], decodePersonRow(x))
					}
				}
			})
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	at := time.Now()
	rows := slices.Concat(parts...)
	parts = nil
	byNode := make(map[int64]int32, len(rows))
	for i, r := range rows {
		byNode[r.node] = int32(i)
	}
	acq, cos := db.strengths.Tie.Acquaintance, db.strengths.Tie.CoServedHostUnit
	b := netalgo.NewGraphBuilder()
	ties := 0
	for _, r := range rows {
		ties += len(r.tieNodes)
	}
	b.Grow(len(rows), ties)
	// A person is a node once they have an edge: the builder's number
	// of rows[i] is node[i]-1.
	node := make([]int32, len(rows))
	nodeOf := func(i int32) int32 {
		if node[i] == 0 {
			node[i] = b.AddNode(rows[i].id) + 1
		}
		return node[i] - 1
	}
	for i, r := range rows {
		for k, n := range r.tieNodes {
			// A tie to someone who is not a row (not discoverable, or out
			// of the scope) is left out, as are those that AddEdge drops.
			j, ok := byNode[n]
			if w := r.tieStrengths[k]; ok && j != int32(i) && w > 0 {
				b.AddEdgeAt(nodeOf(int32(i)), nodeOf(j), w)
			}
		}
		for _, id := range r.knows {
			b.AddEdge(r.id, id, acq)
		}
		for _, id := range r.coPosted {
			b.AddEdge(r.id, id, cos)
		}
	}
	p := &projection{g: b.Build(), at: at, engine: EngineGo}
	pl := p.newPlaces()
	for _, r := range rows {
		pl.add(r.id, r.units, r.regions)
	}
	p.took = time.Since(start)
	return p, nil
}

// decodePersonRow decodes a person of cypherPeople.
func decodePersonRow(x []any) personRow {
	r := personRow{knows: stringsOf(x[4]), coPosted: stringsOf(x[5]), units: stringsOf(x[6]), regions: stringsOf(x[7])}
	r.id, _ = x[0].(string)
	r.node, _ = x[1].(int64)
	nodes, _ := x[2].([]any)
	strengths, _ := x[3].([]any)
	if len(nodes) != len(strengths) {
		return r
	}
	r.tieNodes, r.tieStrengths = make([]int64, 0, len(nodes)), make([]float64, 0, len(nodes))
	for k, n := range nodes {
		if n, ok := n.(int64); ok {
			r.tieNodes = append(r.tieNodes, n)
			r.tieStrengths = append(r.tieStrengths, orZero(floatOf(strengths[k])))
		}
	}
	return r
}

func compactInts(xs []int32) []int32 {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// ProjectionTimeout bounds the statements that read the whole people
// graph, which take longer than an interactive query on a large graph.
const ProjectionTimeout = 2 * time.Minute

// readLong is read under ProjectionTimeout (or the query timeout if
// longer).
func (db *DB) readLong(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return db.readWithin(ctx, limits{name: "analytics", timeout: max(db.timeout, ProjectionTimeout), retry: db.bulk().retry}, cypher, params)
}

// AnalyticsConfig configures Analytics.
type AnalyticsConfig struct {
	// TTL is how long a computed result is served from the cache; 0 means
	// 10 minutes.
	TTL time.Duration
	// Unweighted makes betweenness count hops instead of preferring
	// strong ties.
	Unweighted bool
	// Seed chooses the sampled sources of betweenness; 0 means 1.
	Seed uint64
	// Workers run betweenness's sources and Louvain's restarts in
	// parallel; 0 means GOMAXPROCS.
	Workers int
	// MaxEntries bounds the cache; 0 means 32.
	MaxEntries int
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
	// Engine is where brokers and communities run: EngineAuto (GDS when
	// the database has it), EngineGo or EngineGDS.
	Engine string
}

// Analytics computes brokers and communities in Go over a projection of
// the people graph (on GDS, in the database, with the projection that it
// reads back: gds.go), and caches the projection and the results for TTL:
// brokers and communities of the same scope share one projection. A
// result's ComputedAt is when its projection was read from Neo4j; refresh
// reads and computes again. Concurrent requests for the same result wait
// for one computation. It is safe for concurrent use.
type Analytics struct {
	db  *DB
	cfg AnalyticsConfig
	mu  sync.Mutex
	// entries are keyed by kind and parameters.
	entries map[string]*cacheEntry
	running int // computations under way (cached)
	gds     gdsEngine
}

type cacheEntry struct {
	ready   chan struct{}
	val     any
	err     error
	at      time.Time // the projection's time
	created time.Time
}

// NewAnalytics returns the service over db.
func NewAnalytics(db *DB, cfg AnalyticsConfig) *Analytics {
	if cfg.TTL <= 0 {
		cfg.TTL = 10 * time.Minute
	}
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.MaxEntries <= 0 {
		cfg.MaxEntries = 32
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Analytics{db: db, cfg: cfg, entries: map[string]*cacheEntry{}}
}

// TTL is how long results are served from the cache.
func (a *Analytics) TTL() time.Duration { return a.cfg.TTL }

// Invalidate empties the cache.
func (a *Analytics) Invalidate() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = map[string]*cacheEntry{}
}

// ComputeTimeout bounds one computation of the cache (a projection, a
// ranking, a partition): the statements of the in-process engine have
// their own limits (ProjectionTimeout), its algorithms in Go only this
// one; on GDS, whose one transaction does all the work, it is that
// transaction's limit (at scale 100 on 2 cores GDS took 328 s).
const ComputeTimeout = 10 * time.Minute

// maxComputations bounds the computations running at once (a brokers
// request runs two: its ranking and, inside it, the projection).
const maxComputations = 8

// cached returns the value under key, computing it with fn unless a fresh
// one is cached (or being computed). fn returns the value and the time of
// the data it was computed from. The computation does not end with the
// request that started it: at scale 100 a first brokers request takes
// about as long as a request may (30 s by default), so fn runs on a
// context of its own, detached from ctx and bounded by ComputeTimeout, and
// a request whose deadline comes first is told that the answer is being
// computed; the next request finds it (or waits for it).
func (a *Analytics) cached(ctx context.Context, key string, refresh bool, fn func(ctx context.Context) (any, time.Time, error)) (any, time.Time, error) {
	a.mu.Lock()
	if e := a.entries[key]; e != nil {
		select {
		case <-e.ready:
			if !refresh && e.err == nil && a.cfg.Now().Sub(e.at) < a.cfg.TTL {
				a.mu.Unlock()
				return e.val, e.at, nil
			}
		default:
			// Being computed: that computation is as fresh as a refresh.
			a.mu.Unlock()
			return a.wait(ctx, e)
		}
	}
	// Computations outlive requests: their number is bounded, so that
	// requests for many scopes cannot pile them up.
	if a.running >= maxComputations {
		a.mu.Unlock()
		return nil, time.Time{}, graph.Errorf(graph.CodeUnavailable, "%d analytics computations are running, the most there may be: try again when they are done", maxComputations)
	}
	a.running++
	e := &cacheEntry{ready: make(chan struct{}), created: a.cfg.Now()}
	a.evictLocked()
	a.entries[key] = e
	a.mu.Unlock()
	go func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ComputeTimeout)
		defer cancel()
		e.val, e.at, e.err = a.compute(cctx, fn)
		a.mu.Lock()
		a.running--
		if e.err != nil && a.entries[key] == e {
			delete(a.entries, key)
		}
		a.mu.Unlock()
		close(e.ready)
	}()
	return a.wait(ctx, e)
}

// compute runs fn. It runs in a goroutine of its own, where a panic would
// end the process instead of the request that gqlgen's recovery covers:
// a panic is logged and answered as an internal error.
func (a *Analytics) compute(ctx context.Context, fn func(ctx context.Context) (any, time.Time, error)) (v any, at time.Time, err error) {
	defer func() {
		if p := recover(); p != nil {
			a.db.log.Error("panic in an analytics computation", "panic", p, "stack", string(debug.Stack()))
			v, at, err = nil, time.Time{}, graph.Errorf(graph.CodeInternal, "internal error")
		}
	}()
	return fn(ctx)
}

// wait returns the computation e's result, or, if ctx ends first, an
// error that says the computation goes on.
func (a *Analytics) wait(ctx context.Context, e *cacheEntry) (any, time.Time, error) {
	select {
	case <-e.ready:
		return e.val, e.at, e.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, time.Time{}, graph.Errorf(graph.CodeUnavailable,
				"still being computed after %s (the first computation over a large graph takes longer than a request may): ask again shortly, the answer will come from the cache",
				a.cfg.Now().Sub(e.created).Round(time.Second))
		}
		return nil, time.Time{}, a.db.mapError(ctx, ctx.Err())
	}
}

// evictLocked makes room for one entry: stale ones go first, then the
// oldest.
func (a *Analytics) evictLocked() {
	now := a.cfg.Now()
	for k, e := range a.entries {
		select {
		case <-e.ready:
			if now.Sub(e.at) >= a.cfg.TTL {
				delete(a.entries, k)
			}
		default:
		}
	}
	for len(a.entries) >= a.cfg.MaxEntries {
		oldest := ""
		for k, e := range a.entries {
			if oldest == "" || e.created.Before(a.entries[oldest].created) {
				oldest = k
			}
		}
		delete(a.entries, oldest)
	}
}

func scopeKey(scope *graph.PersonWhere) string {
	if scope == nil {
		return "*"
	}
	b, _ := json.Marshal(scope)
	return string(b)
}

// projection returns the people graph of the scope: read in Go, or on GDS
// projected in the database with the algorithms run there (betweenness
// from sources, unless 0), from the cache unless refresh.
func (a *Analytics) projection(ctx context.Context, scope *graph.PersonWhere, refresh bool, sources int) (*projection, error) {
	v, _, err := a.cached(ctx, "projection|"+scopeKey(scope), refresh, func(ctx context.Context) (any, time.Time, error) {
		var p *projection
		var err error
		if a.engine(ctx) == EngineGDS {
			p, err = a.gdsProject(ctx, scope, sources)
		} else {
			p, err = a.db.project(ctx, scope)
		}
		if err != nil {
			return nil, time.Time{}, err
		}
		p.at = a.cfg.Now()
		return p, p.at, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*projection), nil
}

// PeopleGraph returns the people graph of the scope (nil: everyone), from
// the cache unless refresh, and when it was read from Neo4j.
func (a *Analytics) PeopleGraph(ctx context.Context, scope *graph.PersonWhere, refresh bool) (*netalgo.WeightedGraph, time.Time, error) {
	if scope != nil {
		if _, err := peopleWhere(*scope); err != nil {
			return nil, time.Time{}, err
		}
	}
	p, err := a.projection(ctx, scope, refresh, graph.DefaultBrokerSources)
	if err != nil {
		return nil, time.Time{}, err
	}
	return p.g, p.at, nil
}

// ranking is a computed betweenness.
type ranking struct {
	p       *projection
	order   []int32 // nodes by decreasing betweenness, then id
	scores  []float64
	sampled bool
	sources int
	took    time.Duration
	engine  string
}

// Brokers ranks people by betweenness centrality over the people graph
// (weighted unless configured otherwise: shortest paths are the strongest,
// as in path search). Graphs larger than q.Sources people (default 200)
// are estimated from that many sampled sources; the answer says so.
func (a *Analytics) Brokers(ctx context.Context, q graph.BrokerQuery) (*graph.BrokerResult, error) {
	return a.brokers(ctx, q, q.Refresh)
}

// brokers answers q; refreshProjection says whether a refresh also reads
// the people graph again.
func (a *Analytics) brokers(ctx context.Context, q graph.BrokerQuery, refreshProjection bool) (*graph.BrokerResult, error) {
	if err := graph.ValidateFirst(q.First); err != nil {
		return nil, err
	}
	if q.Sources < 0 || q.Sources > graph.MaxBrokerSources {
		return nil, graph.Errorf(graph.CodeInvalidInput, "sources: between 1 and %d, got %d", graph.MaxBrokerSources, q.Sources)
	}
	if q.Sources == 0 {
		q.Sources = graph.DefaultBrokerSources
	}
	filter, err := peopleWhere(q.Where)
	if err != nil {
		return nil, err
	}
	if q.Scope != nil {
		if _, err := peopleWhere(*q.Scope); err != nil {
			return nil, err
		}
	}
	key := "brokers|" + scopeKey(q.Scope) + "|" + strconv.Itoa(q.Sources)
	v, at, err := a.cached(ctx, key, q.Refresh, func(ctx context.Context) (any, time.Time, error) {
		p, err := a.projection(ctx, q.Scope, refreshProjection, q.Sources)
		if err != nil {
			return nil, time.Time{}, err
		}
		start := time.Now()
		engine := p.engine
		var br *netalgo.BetweennessResult
		switch {
		case engine == EngineGDS && p.bet != nil && p.betAsked == q.Sources:
			// Computed with the projection.
			br = p.bet
			start = start.Add(-p.phases.betweenness)
		case engine == EngineGDS:
			br, err = a.gdsBetweenness(ctx, q.Scope, p.g, q.Sources)
		default:
			br, err = p.g.Betweenness(ctx, netalgo.BetweennessOptions{Sources: q.Sources, Seed: a.cfg.Seed, Weighted: !a.cfg.Unweighted, Workers: a.cfg.Workers})
		}
		if err != nil {
			return nil, time.Time{}, a.db.mapError(ctx, err)
		}
		r := &ranking{p: p, scores: br.Scores, sampled: br.Sampled, sources: br.Sources, order: make([]int32, p.g.Len()), engine: engine}
		for i := range r.order {
			r.order[i] = int32(i)
		}
		sort.SliceStable(r.order, func(i, j int) bool { return r.scores[r.order[i]] > r.scores[r.order[j]] })
		r.took = time.Since(start)
		return r, p.at, nil
	})
	if err != nil {
		return nil, err
	}
	r := v.(*ranking)
	g := r.p.g
	var keep map[string]bool
	// The people of the projection are discoverable, so they meet the
	// visibility condition: only a where with more than that needs the
	// ids it keeps (reading every person's id took 2.4 s at scale 100).
	if filter.beyondVisibility() {
		recs, err := a.db.read(ctx, fill(cypherPersonIDs, "where", filter.String()), filter.params)
		if err != nil {
			return nil, err
		}
		keep = make(map[string]bool, len(recs))
		for _, rec := range recs {
			id, _ := rec.Values[0].(string)
			keep[id] = true
		}
	}
	res := &graph.BrokerResult{ComputedAt: at, Sampled: r.sampled, Sources: r.sources, People: g.Len(), Edges: g.Edges(),
		Weighted: !a.cfg.Unweighted, ProjectionMs: ms(r.p.took), ComputeMs: ms(r.took), Engine: r.engine}
	var ids []string
	for rank, i := range r.order {
		if len(res.Brokers) == q.First {
			break
		}
		id := g.IDs[i]
		if keep != nil && !keep[id] {
			continue
		}
		adj, ws := g.Neighbors(int(i))
		units, regions := map[int32]bool{}, map[int32]bool{}
		strength := 0.0
		for k, j := range adj {
			strength += ws[k]
			for _, u := range r.p.units[j] {
				units[u] = true
			}
			for _, x := range r.p.regions[j] {
				regions[x] = true
			}
		}
		res.Brokers = append(res.Brokers, &graph.Broker{Rank: rank + 1, Person: &graph.Person{ID: id}, Betweenness: r.scores[i],
			Degree: len(adj), Strength: strength, Units: len(units), Regions: len(regions)})
		ids = append(ids, id)
	}
	nodes, err := a.db.FindNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := res.Brokers[:0]
	for _, b := range res.Brokers {
		// A person deleted since the projection is left out.
		if p, ok := nodes[b.Person.ID].(*graph.Person); ok {
			b.Person = p
			out = append(out, b)
		}
	}
	res.Brokers = out
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// partition is a computed Louvain partition with its communities, largest
// first.
type partition struct {
	p           *projection
	communities []*community
	modularity  float64
	took        time.Duration
	engine      string
}

type community struct {
	members       []int32 // most central first
	internalEdges int
	units         []idCount
	regions       []idCount
	unitCount     int
	regionCount   int
}

type idCount struct {
	id string
	n  int
}

// Communities finds groups of densely connected people with Louvain
// modularity maximization over the people graph (edge weight: tie
// strength), largest first.
func (a *Analytics) Communities(ctx context.Context, q graph.CommunityQuery) (*graph.CommunityResult, error) {
	return a.communities(ctx, q, q.Refresh)
}

func (a *Analytics) communities(ctx context.Context, q graph.CommunityQuery, refreshProjection bool) (*graph.CommunityResult, error) {
	if err := graph.ValidateFirst(q.First); err != nil {
		return nil, err
	}
	if q.MinSize < 0 {
		return nil, graph.Errorf(graph.CodeInvalidInput, "minSize: must not be negative, got %d", q.MinSize)
	}
	if q.MinSize == 0 {
		q.MinSize = 2
	}
	if q.Scope != nil {
		if _, err := peopleWhere(*q.Scope); err != nil {
			return nil, err
		}
	}
	v, at, err := a.cached(ctx, "communities|"+scopeKey(q.Scope), q.Refresh, func(ctx context.Context) (any, time.Time, error) {
		p, err := a.projection(ctx, q.Scope, refreshProjection, 0)
		if err != nil {
			return nil, time.Time{}, err
		}
		start := time.Now()
		engine := p.engine
		var lr *netalgo.LouvainResult
		if engine == EngineGDS {
			// Louvain ran with the projection.
			start = start.Add(-p.phases.louvain)
			lr, err = a.gdsLouvain(ctx, p)
		} else {
			lr, err = p.g.Louvain(ctx, netalgo.LouvainOptions{Workers: a.cfg.Workers})
		}
		if err != nil {
			return nil, time.Time{}, a.db.mapError(ctx, err)
		}
		part := &partition{p: p, modularity: lr.Modularity, communities: describe(p, lr), engine: engine}
		part.took = time.Since(start)
		return part, p.at, nil
	})
	if err != nil {
		return nil, err
	}
	part := v.(*partition)
	res := &graph.CommunityResult{Modularity: part.modularity, ComputedAt: at, People: part.p.g.Len(), Edges: part.p.g.Edges(),
		ProjectionMs: ms(part.p.took), ComputeMs: ms(part.took), Engine: part.engine}
	var chosen []*community
	for _, c := range part.communities {
		if len(c.members) < q.MinSize {
			continue
		}
		res.Total++
		if len(chosen) < q.First {
			chosen = append(chosen, c)
		}
	}
	var ids []string
	for _, c := range chosen {
		for _, m := range c.members[:min(len(c.members), graph.CommunityTopMembers)] {
			ids = append(ids, part.p.g.IDs[m])
		}
		for _, u := range c.units {
			ids = append(ids, u.id)
		}
		for _, r := range c.regions {
			ids = append(ids, r.id)
		}
	}
	nodes, err := a.db.FindNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, c := range chosen {
		size := len(c.members)
		out := &graph.Community{Rank: i + 1, Size: size, InternalEdges: c.internalEdges, UnitCount: c.unitCount, RegionCount: c.regionCount}
		if size > 1 {
			out.Density = float64(c.internalEdges) / (float64(size) * float64(size-1) / 2)
		}
		for _, m := range c.members[:min(size, graph.CommunityTopMembers)] {
			if p, ok := nodes[part.p.g.IDs[m]].(*graph.Person); ok {
				out.Central = append(out.Central, p)
			}
		}
		for _, u := range c.units {
			if n, ok := nodes[u.id].(*graph.Unit); ok {
				out.Units = append(out.Units, &graph.UnitCount{Unit: n, People: u.n})
			}
		}
		for _, r := range c.regions {
			if n, ok := nodes[r.id].(*graph.Region); ok {
				out.Regions = append(out.Regions, &graph.RegionCount{Region: n, People: r.n})
			}
		}
		res.Communities = append(res.Communities, out)
	}
	return res, nil
}

// describe turns a partition into communities, largest first (then by
// their first member's id): members by internal degree, then internal
// strength, then id; units and regions by members.
func describe(p *projection, lr *netalgo.LouvainResult) []*community {
	g := p.g
	byComm := make([][]int32, lr.Communities)
	for i, c := range lr.Membership {
		byComm[c] = append(byComm[c], int32(i))
	}
	out := make([]*community, 0, len(byComm))
	innerDeg := make([]int, g.Len())
	innerW := make([]float64, g.Len())
	for _, members := range byComm {
		c := &community{members: members}
		unitN, regN := map[int32]int{}, map[int32]int{}
		for _, i := range members {
			adj, ws := g.Neighbors(int(i))
			for k, j := range adj {
				if lr.Membership[j] == lr.Membership[i] {
					innerDeg[i]++
					innerW[i] += ws[k]
				}
			}
			c.internalEdges += innerDeg[i]
			for _, u := range p.units[i] {
				unitN[u]++
			}
			for _, r := range p.regions[i] {
				regN[r]++
			}
		}
		c.internalEdges /= 2
		sort.SliceStable(c.members, func(x, y int) bool {
			a, b := c.members[x], c.members[y]
			if innerDeg[a] != innerDeg[b] {
				return innerDeg[a] > innerDeg[b]
			}
			if innerW[a] != innerW[b] {
				return innerW[a] > innerW[b]
			}
			return a < b
		})
		c.units, c.unitCount = topCounts(unitN, p.unitIDs, graph.CommunityTopUnits), len(unitN)
		c.regions, c.regionCount = topCounts(regN, p.regIDs, graph.CommunityTopRegions), len(regN)
		out = append(out, c)
	}
	first := func(c *community) int32 {
		m := c.members[0]
		for _, x := range c.members {
			m = min(m, x)
		}
		return m
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].members) != len(out[j].members) {
			return len(out[i].members) > len(out[j].members)
		}
		return first(out[i]) < first(out[j])
	})
	return out
}

func topCounts(counts map[int32]int, ids []string, limit int) []idCount {
	out := make([]idCount, 0, len(counts))
	for i, n := range counts {
		out = append(out, idCount{ids[i], n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].id < out[j].id
	})
	return out[:min(len(out), limit)]
}

// Warm computes the default brokers and communities (everyone, default
// sources) afresh, so that the first request after a schedule tick is
// served from the cache.
func (a *Analytics) Warm(ctx context.Context) error {
	if _, err := a.brokers(ctx, graph.BrokerQuery{First: 1, Refresh: true}, true); err != nil {
		return err
	}
	// The projection was just read: only the partition is recomputed.
	_, err := a.communities(ctx, graph.CommunityQuery{First: 1, Refresh: true}, false)
	return err
}

// RefreshEvery warms the cache now and then every interval until ctx ends;
// run it in its own goroutine. Errors are logged and retried at the next
// tick.
func (a *Analytics) RefreshEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := a.Warm(ctx); err != nil && ctx.Err() == nil {
			a.db.log.Warn("analytics refresh failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
