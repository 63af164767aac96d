package neo4jdb

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/netalgo"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Brokers and communities on the Graph Data Science library, when the
// database has it (Enterprise, Aura, the open-source plugin of the local
// launcher and of compose): the people graph is projected inside the
// database (a Cypher aggregation over the same edges as cypherPeople, one
// undirected relationship per pair with the greatest weight, as
// netalgo.GraphBuilder keeps), betweenness and Louvain run there, and only
// the scores and the membership come back. The answer is shaped in Go from
// them exactly as from the in-process algorithms (analytics.go).

// Engines that compute brokers and communities (AnalyticsConfig.Engine,
// BrokerResult.Engine).
const (
	EngineAuto = ""    // GDS when gds.version() answers, else Go
	EngineGo   = "go"  // netalgo in the Liaison process
	EngineGDS  = "gds" // the Graph Data Science library in the database
)

// cypherGDSVersion answers when the library is installed.
const cypherGDSVersion = `RETURN gds.version() AS version`

// cypherGDSRun projects the people graph of cypherPeople into the catalog
// under $name: the pairs (x, y), x's id less than y's, with the greatest
// weight w of their TIE (or, for people without ties, KNOWS at $acq and
// overlapping postings at $cos), capped at 1, and the integer cost of
// netalgo.EdgeCost for weighted betweenness; then runs {{compute}} on it,
// which drops it. One statement, so that on a cluster the projection, the
// algorithm and the drop happen on the one server the read is routed to.
// The pairs come in id order: GDS numbers the nodes in the order it meets
// them, and Louvain's result depends on that order. The people are sorted,
// and each one's pairs (those with the people after them) are grouped and
// sorted in their own subquery, so that no step holds every pair: at
// scale 100 (3.9 M ties) one grouping and sort of all pairs went over the
// 512 MB a transaction may use.
// {{sa}} and {{sb}} restrict both ends to a scope.
const cypherGDSRun = `MATCH (a:Person) WHERE {{sa}} coalesce(a.discoverable, true)
WITH a ORDER BY a.id
WITH a, EXISTS { (a)-[:TIE]-() } AS tied
CALL (a, tied) {
  CALL (a, tied) {
    MATCH (a)-[t:TIE]-(b:Person) WHERE a.id < b.id AND {{sb}} coalesce(b.discoverable, true)
    RETURN b, t.strength AS w
    UNION ALL
    MATCH (a)-[:KNOWS]-(b:Person) WHERE NOT tied AND a.id < b.id AND {{sb}} coalesce(b.discoverable, true)
      AND NOT EXISTS { (b)-[:TIE]-() }
    RETURN b, $acq AS w
    UNION ALL
    MATCH (a)-[x:POSTED_TO]->(:Unit)<-[y:POSTED_TO]-(b:Person)
    WHERE NOT tied AND {{sb}} a.id < b.id AND (x.to IS NULL OR y.from <= x.to) AND (y.to IS NULL OR x.from <= y.to)
      AND coalesce(b.discoverable, true) AND NOT EXISTS { (b)-[:TIE]-() }
    RETURN DISTINCT b, $cos AS w
  }
  WITH b, max(w) AS w WHERE w > 0
  RETURN b, CASE WHEN w > 1 THEN 1.0 ELSE toFloat(w) END AS w ORDER BY b.id
}
WITH gds.graph.project($name, a, b,
  {relationshipProperties: {w: w, cost: toFloat(1 + round(-log(w) * $costScale))}},
  {undirectedRelationshipTypes: ['*']}) AS g
WITH g.graphName AS name
{{compute}}`

// cypherGDSDrop removes a projection that a failed cypherGDSRun may have
// left (no error when it is gone).
const cypherGDSDrop = `CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName`

// gdsBetweenness streams the betweenness of every projected person (the
// {{compute}} of cypherGDSRun); {{config}} is one of the configurations
// below.
const gdsBetweenness = `CALL (name) {
  CALL gds.betweenness.stream(name, {{config}}) YIELD nodeId, score
  RETURN collect([gds.util.asNode(nodeId).id, score]) AS rows
}
CALL gds.graph.drop(name, false) YIELD graphName
UNWIND rows AS r
RETURN r[0] AS id, r[1] AS score`

const (
	gdsBetweennessWeighted = `{concurrency: $concurrency, relationshipWeightProperty: 'cost'}`
	gdsBetweennessHops     = `{concurrency: $concurrency}`
	gdsSampledWeighted     = `{concurrency: $concurrency, relationshipWeightProperty: 'cost', samplingSize: $sources, samplingSeed: $seed}`
	gdsSampledHops         = `{concurrency: $concurrency, samplingSize: $sources, samplingSeed: $seed}`
)

// gdsLouvain streams the community of every projected person (the
// {{compute}} of cypherGDSRun). One thread: the partition is then the same
// on every run.
const gdsLouvain = `CALL (name) {
  CALL gds.louvain.stream(name, {relationshipWeightProperty: 'w', concurrency: 1,
    maxLevels: $maxLevels, maxIterations: $maxIterations, tolerance: 0.0}) YIELD nodeId, communityId
  RETURN collect([gds.util.asNode(nodeId).id, communityId]) AS rows
}
CALL gds.graph.drop(name, false) YIELD graphName
UNWIND rows AS r
RETURN r[0] AS id, r[1] AS communityId`

// gdsProjections numbers the projections of this process; the name also
// carries a random part, so that servers sharing a database do not collide.
var (
	gdsProjections atomic.Int64
	processNonce   = rand.Uint64()
)

// gdsEngine remembers whether the database has the library.
type gdsEngine struct {
	mu      sync.Mutex
	checked bool
	has     bool
}

// engine says where brokers and communities run: EngineGDS or EngineGo.
// Auto asks the database once; an unreachable database is asked again
// next time.
func (a *Analytics) engine(ctx context.Context) string {
	switch a.cfg.Engine {
	case EngineGo, EngineGDS:
		return a.cfg.Engine
	}
	a.gds.mu.Lock()
	defer a.gds.mu.Unlock()
	if !a.gds.checked {
		_, err := a.db.read(ctx, cypherGDSVersion, nil)
		if err == nil || graph.ErrorCode(err) != graph.CodeUnavailable {
			a.gds.checked, a.gds.has = true, err == nil
		}
	}
	if a.gds.has {
		return EngineGDS
	}
	return EngineGo
}

// gdsRun projects the scope and runs compute on the projection (one of the
// {{compute}} constants, filled), with params added to its own.
func (a *Analytics) gdsRun(ctx context.Context, scope *graph.PersonWhere, compute string, params map[string]any) ([]*neo4j.Record, error) {
	params["acq"], params["cos"] = a.db.strengths.Tie.Acquaintance, a.db.strengths.Tie.CoServedHostUnit
	params["costScale"] = float64(netalgo.CostScale)
	sa, sb := "", ""
	if scope != nil {
		ids, err := a.db.scopeIDs(ctx, scope)
		if err != nil {
			return nil, err
		}
		params["scope"] = ids
		sa, sb = scopeA, scopeB
	}
	name := "liaison-" + strconv.FormatInt(gdsProjections.Add(1), 10) + "-" + strconv.FormatUint(processNonce, 36)
	params["name"] = name
	recs, err := a.db.readLong(ctx, fill(cypherGDSRun, "sa", sa, "sb", sb, "compute", compute), params)
	if err != nil {
		// The statement may have stopped between the projection and its
		// drop: drop it (a fresh context, since ctx may have ended).
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.db.timeout)
		defer cancel()
		if _, derr := a.db.read(dctx, cypherGDSDrop, map[string]any{"name": name}); derr != nil {
			a.db.log.Warn("dropping a GDS projection failed", "name", name, "err", derr)
		}
		return nil, err
	}
	return recs, nil
}

// gdsBetweenness computes the betweenness of g's nodes in the database, on
// a projection of the same scope, normalized as netalgo.Betweenness
// normalizes (ordered pairs of other nodes; sampled scores scaled by n/k).
func (a *Analytics) gdsBetweenness(ctx context.Context, scope *graph.PersonWhere, g *netalgo.WeightedGraph, sources int) (*netalgo.BetweennessResult, error) {
	n := g.Len()
	res := &netalgo.BetweennessResult{Scores: make([]float64, n), Sources: n}
	if n < 3 {
		return res, nil
	}
	cfg := gdsBetweennessWeighted
	if a.cfg.Unweighted {
		cfg = gdsBetweennessHops
	}
	params := map[string]any{"concurrency": a.concurrency()}
	if sources > 0 && sources < n {
		res.Sampled, res.Sources = true, sources
		cfg = gdsSampledWeighted
		if a.cfg.Unweighted {
			cfg = gdsSampledHops
		}
		params["sources"], params["seed"] = sources, int64(a.cfg.Seed)
	}
	recs, err := a.gdsRun(ctx, scope, fill(gdsBetweenness, "config", cfg), params)
	if err != nil {
		return nil, err
	}
	// GDS counts each unordered pair once on an undirected graph;
	// netalgo counts ordered pairs.
	norm := 2 / (float64(n-1) * float64(n-2))
	if res.Sampled {
		norm *= float64(n) / float64(sources)
	}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		if i, ok := g.Index(id); ok {
			s, _ := r.Values[1].(float64)
			res.Scores[i] = s * norm
		}
	}
	return res, nil
}

// gdsLouvain partitions g's nodes in the database, then refines the
// partition as netalgo.Louvain refines its own, numbered and scored alike.
func (a *Analytics) gdsLouvain(ctx context.Context, scope *graph.PersonWhere, g *netalgo.WeightedGraph) (*netalgo.LouvainResult, error) {
	n := g.Len()
	member := make([]int, n)
	for i := range member {
		member[i] = -1
	}
	if n > 0 {
		recs, err := a.gdsRun(ctx, scope, gdsLouvain, map[string]any{
			"maxLevels": netalgo.DefaultMaxLevels, "maxIterations": netalgo.DefaultMaxPasses})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			id, _ := r.Values[0].(string)
			c, _ := r.Values[1].(int64)
			if i, ok := g.Index(id); ok {
				member[i] = int(c)
			}
		}
	}
	// Renumber in order of each community's first node; a node the
	// database did not answer for stands alone.
	ids := map[int]int{}
	for i, c := range member {
		key := c
		if c < 0 {
			key = -2 - i
		}
		if _, ok := ids[key]; !ok {
			ids[key] = len(ids)
		}
		member[i] = ids[key]
	}
	// The same refinement as the in-process Louvain ends with (single
	// people moving between communities, then communities merging, while
	// modularity rises): GDS's Louvain stops at a local optimum of its own
	// visiting order (karate club: 0.4188 where the best is 0.4198).
	return g.Refine(ctx, member, netalgo.LouvainOptions{})
}

func (a *Analytics) concurrency() int {
	if a.cfg.Workers > 0 {
		return a.cfg.Workers
	}
	return 4
}
