package neo4jdb

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/netalgo"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Brokers and communities on the Graph Data Science library, when the
// database has it (Enterprise, Aura, the open-source plugin of the local
// launcher and of compose): the people graph is projected inside the
// database (a Cypher aggregation over the same edges as cypherPeople, one
// undirected relationship per pair with the greatest weight, as
// netalgo.GraphBuilder keeps), betweenness and Louvain run there, and the
// scores, the membership and the projected pairs come back (gdsProject):
// the people graph is read from the store once, by the projection. The
// answer is shaped in Go from them exactly as from the in-process
// algorithms (analytics.go); Louvain's partition is refined in Go, over
// the pairs the projection streamed.

// Engines that compute brokers and communities (AnalyticsConfig.Engine,
// BrokerResult.Engine).
const (
	EngineAuto = ""    // GDS when gds.version() answers, else Go
	EngineGo   = "go"  // netalgo in the Liaison process
	EngineGDS  = "gds" // the Graph Data Science library in the database
)

// cypherGDSVersion answers when the library is installed.
const cypherGDSVersion = `RETURN gds.version() AS version`

// gdsPairs is the people graph at person a (bound, with tied: whether a
// has ties), as cypherPeople reads it: a's people b with the greatest
// weight w of their TIE (or, when neither has ties, KNOWS at $acq and
// overlapping postings at $cos), capped at 1: each pair once, from the
// person with the smaller id. {{sb}} restricts b to a scope.
const gdsPairs = `CALL (a, tied) {
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
  WITH b, CASE WHEN w > 1 THEN 1.0 ELSE toFloat(w) END AS w`

// cypherGDSProject projects the people graph of cypherPeople into the
// catalog under $name (gdsPairs, each pair from its smaller id, with the
// integer cost of netalgo.EdgeCost for weighted betweenness) and answers
// its size and how long the projection took. The pairs come in id order:
// GDS numbers the nodes in the order it meets them, and Louvain's result
// depends on that order. The people are sorted, and each one's pairs
// (those with the people after them) are grouped and sorted in their own
// subquery, so that no step holds every pair: at scale 100 (3.9 M ties)
// one grouping and sort of all pairs went over the 512 MB a transaction
// may use. {{sa}} and {{sb}} restrict both ends to a scope.
const cypherGDSProject = `MATCH (a:Person) WHERE {{sa}} coalesce(a.discoverable, true)
WITH a ORDER BY a.id
WITH a, EXISTS { (a)-[:TIE]-() } AS tied
CALL (a, tied) {
  {{pairs}}
  RETURN b, w ORDER BY b.id
}
WITH gds.graph.project($name, a, b,
  {relationshipProperties: {w: w, cost: toFloat(1 + round(-log(w) * $costScale))}},
  {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.projectMillis AS ms`

// cypherGDSDrop removes a projection (no error when it is gone).
const cypherGDSDrop = `CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName`

// gdsLouvainStream streams the community of every projected person, with
// the node ids that gdsPairsStream names them by. One thread: the
// partition is then the same on every run.
const gdsLouvainStream = `CALL gds.louvain.stream($name, {relationshipWeightProperty: 'w', concurrency: 1,
  maxLevels: $maxLevels, maxIterations: $maxIterations, tolerance: 0.0}) YIELD nodeId, communityId
RETURN nodeId, gds.util.asNode(nodeId).id AS id, communityId`

// gdsBetweennessStream streams the betweenness of every projected person;
// {{config}} is one of the configurations below.
const gdsBetweennessStream = `CALL gds.betweenness.stream($name, {{config}}) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score`

const (
	gdsBetweennessWeighted = `{concurrency: $concurrency, relationshipWeightProperty: 'cost'}`
	gdsBetweennessHops     = `{concurrency: $concurrency}`
	gdsSampledWeighted     = `{concurrency: $concurrency, relationshipWeightProperty: 'cost', samplingSize: $sources, samplingSeed: $seed}`
	gdsSampledHops         = `{concurrency: $concurrency, samplingSize: $sources, samplingSeed: $seed}`
)

// gdsPairsStream streams the projected pairs with their weights, by node
// id, each once (an undirected projection holds every pair in both
// directions), grouped by their first person: one record per pair cost
// the driver 5 times as much (scale 30: 14.7 s for 1.05 M records, 2.7 s
// for the same pairs in 62,000).
const gdsPairsStream = `CALL gds.graph.relationshipProperty.stream($name, 'w') YIELD sourceNodeId, targetNodeId, propertyValue
WHERE sourceNodeId < targetNodeId
RETURN sourceNodeId, collect(targetNodeId) AS targets, collect(propertyValue) AS weights`

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

// gdsSteps runs steps in one read transaction, on the projection it names
// (a fresh name for each attempt), which it drops at the end: on a
// cluster, every statement of one transaction runs on the one server the
// read is routed to, whose catalog holds the projection. A failed
// attempt's projection is dropped afterwards.
func (a *Analytics) gdsSteps(ctx context.Context, params map[string]any, steps func(ctx context.Context, tx neo4j.ManagedTransaction) error) error {
	var names []string
	// The whole of GDS's work is this transaction (at scale 100 on 2
	// cores: 328 s), so it may take as long as a computation may.
	l := limits{name: "analytics", timeout: max(a.db.timeout, ComputeTimeout), retry: a.db.bulk().retry}
	tctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	a.db.roundTrips.Add(1)
	err := a.db.retry(tctx, l, false, func(ctx context.Context) error {
		s := a.db.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: a.db.dbName, AccessMode: neo4j.AccessModeRead})
		defer s.Close(context.WithoutCancel(ctx))
		_, err := s.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			name := "liaison-" + strconv.FormatInt(gdsProjections.Add(1), 10) + "-" + strconv.FormatUint(processNonce, 36)
			names = append(names, name)
			params["name"] = name
			if err := steps(ctx, tx); err != nil {
				return nil, err
			}
			_, err := tx.Run(ctx, cypherGDSDrop, params)
			return nil, err
		}, neo4j.WithTxTimeout(l.timeout))
		return err
	})
	if err == nil {
		return nil
	}
	// An attempt may have stopped between the projection and its drop:
	// drop them all (a fresh context, since ctx may have ended).
	dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), a.db.timeout)
	defer dcancel()
	for _, name := range names {
		if _, derr := a.db.read(dctx, cypherGDSDrop, map[string]any{"name": name}); derr != nil {
			a.db.log.Warn("dropping a GDS projection failed", "name", name, "err", derr)
		}
	}
	return a.db.mapLimits(tctx, err, l)
}

// each streams the records of one statement of tx into fn.
func each(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, fn func(*neo4j.Record)) error {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		fn(res.Record())
	}
	return res.Err()
}

// gdsParams are the parameters of cypherGDSProject for the scope, and its
// text.
func (a *Analytics) gdsParams(ctx context.Context, scope *graph.PersonWhere) (string, map[string]any, error) {
	params := map[string]any{"acq": a.db.strengths.Tie.Acquaintance, "cos": a.db.strengths.Tie.CoServedHostUnit,
		"costScale": float64(netalgo.CostScale), "concurrency": a.concurrency(), "seed": int64(a.cfg.Seed),
		"maxLevels": netalgo.DefaultMaxLevels, "maxIterations": netalgo.DefaultMaxPasses}
	sa, sb := "", ""
	if scope != nil {
		ids, err := a.db.scopeIDs(ctx, scope)
		if err != nil {
			return "", nil, err
		}
		params["scope"] = ids
		sa, sb = scopeA, scopeB
	}
	return fill(cypherGDSProject, "sa", sa, "pairs", fill(gdsPairs, "sb", sb)), params, nil
}

// gdsProjectStep runs cypherGDSProject and answers how many people it
// holds (people with at least one pair).
func gdsProjectStep(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (int, time.Duration, error) {
	n, took := 0, time.Duration(0)
	err := each(ctx, tx, cypher, params, func(r *neo4j.Record) {
		if v, ok := r.Values[0].(int64); ok {
			n = int(v)
		}
		if v, ok := r.Values[1].(int64); ok {
			took = time.Duration(v) * time.Millisecond
		}
	})
	return n, took, err
}

// betweennessStep streams the betweenness of the projection's n people
// into score (by id), normalized as netalgo.Betweenness normalizes
// (ordered pairs of other nodes; sampled scores scaled by n/k); sources
// ≥ n is exact.
func (a *Analytics) betweennessStep(ctx context.Context, tx neo4j.ManagedTransaction, params map[string]any, n, sources int, score func(id string, s float64)) (sampled bool, used int, err error) {
	if n < 3 {
		return false, n, nil
	}
	cfg := gdsBetweennessWeighted
	if a.cfg.Unweighted {
		cfg = gdsBetweennessHops
	}
	used = n
	if sources > 0 && sources < n {
		sampled, used = true, sources
		cfg = gdsSampledWeighted
		if a.cfg.Unweighted {
			cfg = gdsSampledHops
		}
	}
	params["sources"] = sources
	// GDS counts each unordered pair once on an undirected graph;
	// netalgo counts ordered pairs.
	norm := 2 / (float64(n-1) * float64(n-2))
	if sampled {
		norm *= float64(n) / float64(sources)
	}
	err = each(ctx, tx, fill(gdsBetweennessStream, "config", cfg), params, func(r *neo4j.Record) {
		id, _ := r.Values[0].(string)
		s, _ := r.Values[1].(float64)
		score(id, s*norm)
	})
	return sampled, used, err
}

// gdsProject is the GDS engine's projection of the scope: the people
// graph projected in the database, Louvain's partition and (sources > 0)
// betweenness from that many sources computed there, and the pairs, the
// partition, the scores and each person's units and regions read back in
// the same transaction. The people graph is read from the store once.
func (a *Analytics) gdsProject(ctx context.Context, scope *graph.PersonWhere, sources int) (*projection, error) {
	start := time.Now()
	project, params, err := a.gdsParams(ctx, scope)
	if err != nil {
		return nil, err
	}
	sa := ""
	if scope != nil {
		sa = scopeA
	}
	var p *projection
	err = a.gdsSteps(ctx, params, func(ctx context.Context, tx neo4j.ManagedTransaction) error {
		p = &projection{engine: EngineGDS}
		n, took, err := gdsProjectStep(ctx, tx, project, params)
		if err != nil {
			return err
		}
		p.phases.project = took
		if n == 0 {
			p.g = netalgo.NewGraphBuilder().Build()
			return nil
		}
		t := time.Now()
		ids := make(map[int64]string, n)
		community := make(map[string]int64, n)
		if err := each(ctx, tx, gdsLouvainStream, params, func(r *neo4j.Record) {
			node, _ := r.Values[0].(int64)
			id, _ := r.Values[1].(string)
			c, _ := r.Values[2].(int64)
			ids[node], community[id] = id, c
		}); err != nil {
			return err
		}
		p.phases.louvain = time.Since(t)
		t = time.Now()
		b := netalgo.NewGraphBuilder()
		p.phases.pairRows = 0
		if err := each(ctx, tx, gdsPairsStream, params, func(r *neo4j.Record) {
			p.phases.pairRows++
			x, _ := r.Values[0].(int64)
			ys, _ := r.Values[1].([]any)
			ws, _ := r.Values[2].([]any)
			for k, y := range ys {
				y, _ := y.(int64)
				w, _ := ws[k].(float64)
				b.AddEdge(ids[x], ids[y], w)
			}
		}); err != nil {
			return err
		}
		p.g = b.Build()
		p.phases.pairs = time.Since(t)
		p.louvain = make([]int, p.g.Len())
		for i, id := range p.g.IDs {
			c, ok := community[id]
			p.louvain[i] = int(c)
			if !ok {
				p.louvain[i] = -1
			}
		}
		if sources > 0 {
			t = time.Now()
			br := &netalgo.BetweennessResult{Scores: make([]float64, p.g.Len())}
			br.Sampled, br.Sources, err = a.betweennessStep(ctx, tx, params, n, sources, func(id string, s float64) {
				if i, ok := p.g.Index(id); ok {
					br.Scores[i] = s
				}
			})
			if err != nil {
				return err
			}
			p.bet, p.betAsked = br, sources
			p.phases.betweenness = time.Since(t)
		}
		t = time.Now()
		pl := p.newPlaces()
		if err := each(ctx, tx, fill(cypherPeoplePlaces, "sa", sa, "units", unitsOfA, "regions", regionsOfA), params, func(r *neo4j.Record) {
			id, _ := r.Values[0].(string)
			pl.add(id, stringsOf(r.Values[1]), stringsOf(r.Values[2]))
		}); err != nil {
			return err
		}
		p.phases.places = time.Since(t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.took = time.Since(start) - p.phases.louvain - p.phases.betweenness
	a.db.log.Debug("GDS projection", "people", p.g.Len(), "pairs", p.g.Edges(), "projectMs", ms(p.phases.project),
		"louvainMs", ms(p.phases.louvain), "pairsMs", ms(p.phases.pairs), "pairRows", p.phases.pairRows, "betweennessMs", ms(p.phases.betweenness),
		"placesMs", ms(p.phases.places), "totalMs", ms(time.Since(start)))
	return p, nil
}

// gdsBetweenness computes the betweenness of g's nodes in the database,
// on a projection of its own (the cached one was computed with other
// sources).
func (a *Analytics) gdsBetweenness(ctx context.Context, scope *graph.PersonWhere, g *netalgo.WeightedGraph, sources int) (*netalgo.BetweennessResult, error) {
	project, params, err := a.gdsParams(ctx, scope)
	if err != nil {
		return nil, err
	}
	var res *netalgo.BetweennessResult
	err = a.gdsSteps(ctx, params, func(ctx context.Context, tx neo4j.ManagedTransaction) error {
		res = &netalgo.BetweennessResult{Scores: make([]float64, g.Len())}
		n, _, err := gdsProjectStep(ctx, tx, project, params)
		if err != nil {
			return err
		}
		res.Sampled, res.Sources, err = a.betweennessStep(ctx, tx, params, n, sources, func(id string, s float64) {
			if i, ok := g.Index(id); ok {
				res.Scores[i] = s
			}
		})
		return err
	})
	return res, err
}

// gdsLouvain refines the projection's partition as netalgo.Louvain
// refines its own, numbered and scored alike.
func (a *Analytics) gdsLouvain(ctx context.Context, p *projection) (*netalgo.LouvainResult, error) {
	member := append([]int(nil), p.louvain...)
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
	return p.g.Refine(ctx, member, netalgo.LouvainOptions{})
}

func (a *Analytics) concurrency() int {
	if a.cfg.Workers > 0 {
		return a.cfg.Workers
	}
	return 4
}
