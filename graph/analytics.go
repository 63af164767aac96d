package graph

import (
	"context"
	"encoding/csv"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Analytics: aggregates of the lists, group-by summaries, the cooperation
// matrix, and two network measures computed in Go over the people graph
// (betweenness centrality for brokers, Louvain for communities).
//
// Aggregates are computed over the whole filtered set of a list, never the
// page: Count counts the items; the statistics of a field count and summarize
// the items where the field is set (a project without an amount is in Count
// but not in Amount.Count, and Amount.Avg is the mean of the amounts given).
// Empty statistics have Count 0 and nil Min, Max and Avg (Sum 0).

// IntStats summarizes an integer field.
type IntStats struct {
	Count int
	Min   *int
	Max   *int
	Sum   int
	Avg   *float64
}

// FloatStats summarizes a number field (amounts, CNY).
type FloatStats struct {
	Count int
	Min   *float64
	Max   *float64
	Sum   float64
	Avg   *float64
}

// DateStats summarizes a calendar date field.
type DateStats struct {
	Count int
	Min   *time.Time
	Max   *time.Time
}

// DateTimeStats summarizes an instant field (createdAt, updatedAt).
type DateTimeStats struct {
	Count int
	Min   *time.Time
	Max   *time.Time
}

// PersonAggregate summarizes a filtered set of people.
type PersonAggregate struct {
	Count int
	// Cadres is how many of them have a posting.
	Cadres    int
	BirthYear *IntStats
	CreatedAt *DateTimeStats
}

// ProjectAggregate summarizes a filtered set of projects.
type ProjectAggregate struct {
	Count     int
	Amount    *FloatStats
	StartDate *DateStats
	EndDate   *DateStats
	CreatedAt *DateTimeStats
}

// EntityAggregate summarizes a filtered set of units, regions or companies.
type EntityAggregate struct {
	Count     int
	CreatedAt *DateTimeStats
}

// RelAggregate summarizes one parent's relationship list (a person's
// postings, a company's investments...) under its time filter. Batch is
// set by postings only; Amount by investments (the relationship's amount)
// and by lists of projects (the projects' amounts).
type RelAggregate struct {
	Count  int
	From   *DateStats
	To     *DateStats
	Batch  *IntStats
	Amount *FloatStats
}

// ProjectGroup is what GroupProjects groups by.
type ProjectGroup string

const (
	// GroupProjectKind: key the ProjectKind.
	GroupProjectKind ProjectGroup = "KIND"
	// GroupProjectStatus: key the ProjectStatus.
	GroupProjectStatus ProjectGroup = "STATUS"
	// GroupProjectRegion: the region the project is located in now, not
	// rolled up; key the region id, "" without one.
	GroupProjectRegion ProjectGroup = "REGION"
	// GroupProjectDispatchingUnit: the dispatching unit of a posting of a
	// cadre who secured or introduced the project; a project brought by
	// cadres of two units is in both rows; key "" for projects no cadre
	// brought.
	GroupProjectDispatchingUnit ProjectGroup = "DISPATCHING_UNIT"
	// GroupProjectYear: the year of the start date; key "" without one.
	GroupProjectYear ProjectGroup = "YEAR"
)

// ProjectGroups lists every project grouping.
var ProjectGroups = []ProjectGroup{GroupProjectKind, GroupProjectStatus, GroupProjectRegion, GroupProjectDispatchingUnit, GroupProjectYear}

// Valid reports whether g is a known grouping.
func (g ProjectGroup) Valid() bool { return oneOf(g, ProjectGroups) }

// CadreGroup is what GroupCadres groups by. A cadre belongs to the row of
// each of their postings, so rows may add up to more than the cadres.
type CadreGroup string

const (
	// GroupCadreUnitKind: the kind of the posting's dispatching unit.
	GroupCadreUnitKind CadreGroup = "DISPATCHING_UNIT_KIND"
	// GroupCadreBatch: the posting's batch year; key "" without one.
	GroupCadreBatch CadreGroup = "BATCH"
	// GroupCadreHostRegion: the region the host unit is located in now;
	// key the region id, "" without one.
	GroupCadreHostRegion CadreGroup = "HOST_REGION"
)

// CadreGroups lists every cadre grouping.
var CadreGroups = []CadreGroup{GroupCadreUnitKind, GroupCadreBatch, GroupCadreHostRegion}

// Valid reports whether g is a known grouping.
func (g CadreGroup) Valid() bool { return oneOf(g, CadreGroups) }

// GroupRow is one row of a group-by summary. For projects Count is the
// number of distinct projects and Sum their amount (a project without an
// amount adds 0). For cadres Count is the number of distinct cadres and Sum
// the amount of the distinct projects they secured or introduced.
type GroupRow struct {
	Key   string
	Label string
	Count int
	Sum   float64
}

// MaxGroupRows bounds a group-by summary; rows past it are dropped (the
// smallest ones: rows come largest first, years and batches in order).
const MaxGroupRows = 500

// MatrixRows is what the rows of a cooperation matrix stand for: who
// brought the projects.
type MatrixRows string

const (
	// MatrixByUnitKind: the kind of the dispatching unit.
	MatrixByUnitKind MatrixRows = "UNIT_KIND"
	// MatrixByUnit: the dispatching unit.
	MatrixByUnit MatrixRows = "UNIT"
	// MatrixByUnitRegion: the region the dispatching unit is located in
	// (Beijing, Tianjin, the province...); "" without one.
	MatrixByUnitRegion MatrixRows = "REGION"
)

// MatrixRowKinds lists every row dimension.
var MatrixRowKinds = []MatrixRows{MatrixByUnitKind, MatrixByUnit, MatrixByUnitRegion}

// Valid reports whether r is a known row dimension.
func (r MatrixRows) Valid() bool { return oneOf(r, MatrixRowKinds) }

// MatrixColumns is what the columns stand for: where the projects went.
type MatrixColumns string

const (
	// MatrixToRegion: the region (district, county) the project is located
	// in now; "" without one.
	MatrixToRegion MatrixColumns = "REGION"
	// MatrixToIndustry: the industry of a company investing in the
	// project; a project with investors of two industries is in both
	// columns; "unknown" without an investor or industry.
	MatrixToIndustry MatrixColumns = "INDUSTRY"
	// MatrixToYear: the year of the project's start date; "" without one.
	MatrixToYear MatrixColumns = "YEAR"
)

// MatrixColumnKinds lists every column dimension.
var MatrixColumnKinds = []MatrixColumns{MatrixToRegion, MatrixToIndustry, MatrixToYear}

// Valid reports whether c is a known column dimension.
func (c MatrixColumns) Valid() bool { return oneOf(c, MatrixColumnKinds) }

// MatrixMeasure is what a cell counts.
type MatrixMeasure string

const (
	// MeasureProjects: distinct projects.
	MeasureProjects MatrixMeasure = "PROJECTS"
	// MeasureAmount: the amount of the distinct projects, CNY (a project
	// without an amount adds 0).
	MeasureAmount MatrixMeasure = "AMOUNT"
	// MeasureCadres: distinct cadres who secured or introduced them.
	MeasureCadres MatrixMeasure = "CADRES"
)

// MatrixMeasures lists every measure.
var MatrixMeasures = []MatrixMeasure{MeasureProjects, MeasureAmount, MeasureCadres}

// Valid reports whether m is a known measure.
func (m MatrixMeasure) Valid() bool { return oneOf(m, MatrixMeasures) }

// Matrix bounds: the rows and columns with the largest totals are kept.
const (
	MaxMatrixRows    = 200
	MaxMatrixColumns = 200
)

// UnknownIndustry is the industry column of projects without one.
const UnknownIndustry = "unknown"

// MatrixHeader is one row or column of a matrix. Total is the measure over
// the whole row or column, counting a project (or cadre) once even when it
// falls in several cells of it, so totals need not equal the sum of cells.
type MatrixHeader struct {
	Key   string
	Label string
	Total float64
}

// CooperationMatrix is how much each dispatching unit (or kind or region of
// units) brought to each region, industry or year. A project is brought by
// a unit when a cadre with a posting from that unit secured or introduced
// it. Cells[i][j] is the measure of row i and column j.
type CooperationMatrix struct {
	RowKind    MatrixRows
	ColumnKind MatrixColumns
	Measure    MatrixMeasure
	Rows       []*MatrixHeader
	Columns    []*MatrixHeader
	Cells      [][]float64
	// Total is the measure over every project of the matrix, distinct.
	Total float64
	// Truncated is set when rows or columns past the bounds were dropped.
	Truncated bool
}

// WriteMatrixCSV writes the matrix as CSV: a header line ("key", "label",
// the column labels, "total"), a line of column keys, one line per row, and
// a last line of column totals.
func WriteMatrixCSV(w io.Writer, m *CooperationMatrix) error {
	cw := csv.NewWriter(w)
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	head := []string{"key", "label"}
	keys := []string{"", "key"}
	for _, c := range m.Columns {
		head = append(head, c.Label)
		keys = append(keys, c.Key)
	}
	head = append(head, "total")
	keys = append(keys, "")
	if err := cw.Write(head); err != nil {
		return err
	}
	if err := cw.Write(keys); err != nil {
		return err
	}
	for i, r := range m.Rows {
		line := []string{r.Key, r.Label}
		for j := range m.Columns {
			line = append(line, num(m.Cells[i][j]))
		}
		if err := cw.Write(append(line, num(r.Total))); err != nil {
			return err
		}
	}
	line := []string{"", "total"}
	for _, c := range m.Columns {
		line = append(line, num(c.Total))
	}
	if err := cw.Write(append(line, num(m.Total))); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// AggregateService computes aggregates, summaries and matrices, each in one
// database statement.
type AggregateService interface {
	AggregatePeople(ctx context.Context, where PersonWhere) (*PersonAggregate, error)
	AggregateUnits(ctx context.Context, where UnitWhere) (*EntityAggregate, error)
	AggregateRegions(ctx context.Context, where RegionWhere) (*EntityAggregate, error)
	AggregateCompanies(ctx context.Context, where CompanyWhere) (*EntityAggregate, error)
	AggregateProjects(ctx context.Context, where ProjectWhere) (*ProjectAggregate, error)
	// AggregateRelated summarizes a relationship field for many parents.
	AggregateRelated(ctx context.Context, field RelField, parentIDs []string, filter RelFilter) (map[string]*RelAggregate, error)
	GroupProjects(ctx context.Context, by ProjectGroup, where ProjectWhere) ([]*GroupRow, error)
	GroupCadres(ctx context.Context, by CadreGroup, where PersonWhere) ([]*GroupRow, error)
	CooperationMatrix(ctx context.Context, rows MatrixRows, columns MatrixColumns, measure MatrixMeasure, where ProjectWhere) (*CooperationMatrix, error)
}

// The people graph.
//
// Brokers and communities are computed over the people graph: one node per
// discoverable person, one undirected edge per pair with a reason to take
// each other's call. The edge weight is the pair's tie strength (TIE), or,
// for a pair without a computed tie, the strength its acquaintance (KNOWS)
// or its overlapping posting at one host unit would give (the tie
// parameters' Acquaintance and CoServedHostUnit); with several reasons the
// strongest counts.

// Bounds of the network measures.
const (
	// MaxAnalyticsFirst bounds brokers(first) and communities(first).
	MaxAnalyticsFirst = 100
	// DefaultBrokerSources is how many source people sampled betweenness
	// uses; graphs with at most this many people are computed exactly.
	DefaultBrokerSources = 200
	// MaxBrokerSources bounds BrokerQuery.Sources.
	MaxBrokerSources = 5000
	// CommunityTopMembers, CommunityTopUnits and CommunityTopRegions bound
	// the lists of a community.
	CommunityTopMembers = 10
	CommunityTopUnits   = 10
	CommunityTopRegions = 10
)

// BrokerQuery asks for the people who hold the network together.
type BrokerQuery struct {
	First int
	// Where keeps the brokers listed to these people; the centrality is
	// computed over the whole scope either way.
	Where PersonWhere
	// Scope restricts the people graph to these people; nil means
	// everyone.
	Scope *PersonWhere
	// Sources is the number of sampled source people; 0 means
	// DefaultBrokerSources. Scopes of at most Sources people are exact.
	Sources int
	// Refresh recomputes instead of answering from the cache.
	Refresh bool
}

// Broker is a person ranked by betweenness centrality.
type Broker struct {
	Rank   int
	Person *Person
	// Betweenness is normalized to [0, 1]: the share of shortest paths
	// between other pairs of people that pass through the person.
	Betweenness float64
	// Degree is the number of people the person is tied to.
	Degree int
	// Strength is the sum of the strengths of those ties.
	Strength float64
	// Units is the number of distinct units the person's contacts belong
	// to or were sent by (MEMBER_OF, the dispatching unit of POSTED_TO).
	Units int
	// Regions is the number of distinct regions the person's contacts
	// live in or serve in (LOCATED_IN, the host unit's region).
	Regions int
}

// BrokerResult is a ranking with its freshness.
type BrokerResult struct {
	Brokers []*Broker
	// ComputedAt is when the ranking was computed; it is served from the
	// cache until it is older than the cache's TTL or refresh is asked.
	ComputedAt time.Time
	// Sampled is set when betweenness was estimated from Sources source
	// people rather than all of them.
	Sampled bool
	Sources int
	// People and Edges are the size of the people graph.
	People int
	Edges  int
	// Weighted: shortest paths are the strongest ones (cost −log strength).
	Weighted bool
	// ProjectionMs and ComputeMs are how long the computation took.
	ProjectionMs float64
	ComputeMs    float64
}

// CommunityQuery asks for groups of densely connected people.
type CommunityQuery struct {
	First int
	// MinSize drops smaller communities; 0 means 2.
	MinSize int
	// Scope restricts the people graph; nil means everyone.
	Scope   *PersonWhere
	Refresh bool
}

// UnitCount is a unit and how many members of a community belong to or were
// sent by it.
type UnitCount struct {
	Unit   *Unit
	People int
}

// RegionCount is a region and how many members of a community live or
// serve in it.
type RegionCount struct {
	Region *Region
	People int
}

// Community is a group of people found by Louvain modularity maximization.
type Community struct {
	// Rank orders communities by size, largest first (1-based).
	Rank int
	Size int
	// Central are the members with the most ties inside the community
	// (then the strongest), at most CommunityTopMembers.
	Central []*Person
	// InternalEdges are the ties between members; Density is their share
	// of the pairs of members.
	InternalEdges int
	Density       float64
	// Units and Regions are the units and regions of the members, most
	// members first, at most CommunityTopUnits and CommunityTopRegions;
	// UnitCount and RegionCount count them all.
	Units       []*UnitCount
	Regions     []*RegionCount
	UnitCount   int
	RegionCount int
}

// CommunityResult lists communities with their freshness.
type CommunityResult struct {
	Communities []*Community
	// Total is the number of communities of at least MinSize people.
	Total int
	// Modularity of the whole partition, in [−½, 1].
	Modularity   float64
	ComputedAt   time.Time
	People       int
	Edges        int
	ProjectionMs float64
	ComputeMs    float64
}

// NetworkAnalysisService ranks brokers and finds communities.
type NetworkAnalysisService interface {
	Brokers(ctx context.Context, q BrokerQuery) (*BrokerResult, error)
	Communities(ctx context.Context, q CommunityQuery) (*CommunityResult, error)
}

// ValidateFirst checks an analytics first argument.
func ValidateFirst(first int) error {
	if first < 1 || first > MaxAnalyticsFirst {
		return Errorf(CodeInvalidInput, "first: between 1 and %d, got %d", MaxAnalyticsFirst, first)
	}
	return nil
}

// WeightedGraph is an undirected graph with edge weights in (0, 1] in
// compressed form: node i's neighbours are Adj[Off[i]:Off[i+1]]. Nodes are
// numbered in the order of their sorted ids.
type WeightedGraph struct {
	IDs []string
	Off []int32
	Adj []int32
	W   []float64
}

// Len is the number of nodes.
func (g *WeightedGraph) Len() int { return len(g.IDs) }

// Edges is the number of undirected edges.
func (g *WeightedGraph) Edges() int { return len(g.Adj) / 2 }

// Index returns the node number of id.
func (g *WeightedGraph) Index(id string) (int, bool) {
	i := sort.SearchStrings(g.IDs, id)
	return i, i < len(g.IDs) && g.IDs[i] == id
}

// Degree is the number of neighbours of node i.
func (g *WeightedGraph) Degree(i int) int { return int(g.Off[i+1] - g.Off[i]) }

// Neighbors returns node i's neighbours and the weights of the edges.
func (g *WeightedGraph) Neighbors(i int) ([]int32, []float64) {
	return g.Adj[g.Off[i]:g.Off[i+1]], g.W[g.Off[i]:g.Off[i+1]]
}

// GraphBuilder collects nodes and edges; Build turns them into a
// WeightedGraph. Parallel edges merge keeping the greatest weight;
// self-loops and weights ≤ 0 are dropped, weights above 1 count as 1.
type GraphBuilder struct {
	index map[string]int32
	ids   []string
	edges []rawEdge
}

type rawEdge struct {
	a, b int32
	w    float64
}

// NewGraphBuilder returns an empty builder.
func NewGraphBuilder() *GraphBuilder { return &GraphBuilder{index: map[string]int32{}} }

// AddNode adds a node without edges (it may get some later).
func (b *GraphBuilder) AddNode(id string) int32 {
	if i, ok := b.index[id]; ok {
		return i
	}
	i := int32(len(b.ids))
	b.index[id] = i
	b.ids = append(b.ids, id)
	return i
}

// AddEdge adds an undirected edge, adding its nodes.
func (b *GraphBuilder) AddEdge(x, y string, w float64) {
	if x == y || !(w > 0) {
		return
	}
	i, j := b.AddNode(x), b.AddNode(y)
	b.edges = append(b.edges, rawEdge{i, j, math.Min(w, 1)})
}

// Build returns the graph.
func (b *GraphBuilder) Build() *WeightedGraph {
	n := len(b.ids)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(x, y int) bool { return b.ids[order[x]] < b.ids[order[y]] })
	remap := make([]int32, n)
	g := &WeightedGraph{IDs: make([]string, n), Off: make([]int32, n+1)}
	for newI, oldI := range order {
		remap[oldI] = int32(newI)
		g.IDs[newI] = b.ids[oldI]
	}
	es := make([]rawEdge, 0, len(b.edges))
	for _, e := range b.edges {
		a, c := remap[e.a], remap[e.b]
		if a > c {
			a, c = c, a
		}
		es = append(es, rawEdge{a, c, e.w})
	}
	sort.Slice(es, func(x, y int) bool {
		if es[x].a != es[y].a {
			return es[x].a < es[y].a
		}
		return es[x].b < es[y].b
	})
	uniq := es[:0]
	for _, e := range es {
		if k := len(uniq); k > 0 && uniq[k-1].a == e.a && uniq[k-1].b == e.b {
			uniq[k-1].w = math.Max(uniq[k-1].w, e.w)
			continue
		}
		uniq = append(uniq, e)
	}
	deg := make([]int32, n)
	for _, e := range uniq {
		deg[e.a]++
		deg[e.b]++
	}
	for i := 0; i < n; i++ {
		g.Off[i+1] = g.Off[i] + deg[i]
	}
	g.Adj = make([]int32, 2*len(uniq))
	g.W = make([]float64, 2*len(uniq))
	pos := append([]int32(nil), g.Off[:n]...)
	// Edges are sorted by (a, b) with a < b: filling each node's smaller
	// neighbours first, then its larger ones, leaves every list sorted.
	for _, e := range uniq {
		g.Adj[pos[e.b]], g.W[pos[e.b]] = e.a, e.w
		pos[e.b]++
	}
	for _, e := range uniq {
		g.Adj[pos[e.a]], g.W[pos[e.a]] = e.b, e.w
		pos[e.a]++
	}
	return g
}

// BetweennessOptions tune Betweenness.
type BetweennessOptions struct {
	// Sources is the number of source nodes to sample; 0 or at least the
	// number of nodes means all (exact).
	Sources int
	// Seed chooses the sample; the same seed gives the same sample.
	Seed uint64
	// Weighted makes shortest paths the strongest ones: an edge costs
	// 1 + round(1000·(−ln w)), so that equally strong paths tie exactly
	// and, among them, fewer hops win. Otherwise every edge costs 1.
	Weighted bool
	// Workers run sources in parallel; 0 means GOMAXPROCS (at most 8).
	Workers int
}

// BetweennessResult holds the normalized betweenness of every node.
type BetweennessResult struct {
	Scores  []float64
	Sampled bool
	Sources int
}

// costScale is the resolution of weighted path costs: strengths within
// 0.1 % of each other cost the same.
const costScale = 1000

// EdgeCost is the integer cost of an edge of weight w in weighted
// betweenness.
func EdgeCost(w float64) int64 {
	if !(w > 0) {
		w = 1e-12
	}
	return 1 + int64(math.Round(-math.Log(math.Min(w, 1))*costScale))
}

// Betweenness computes betweenness centrality with Brandes' algorithm,
// from every node or from a deterministic sample of source nodes (the
// estimate then scales the sampled dependencies by n/k, which is unbiased).
// Scores are normalized by (n−1)(n−2): the share of ordered pairs of other
// nodes whose shortest paths pass through the node, counting a pair with
// several shortest paths by the fraction through it. It stops early with
// ctx's error.
func (g *WeightedGraph) Betweenness(ctx context.Context, opt BetweennessOptions) (*BetweennessResult, error) {
	n := g.Len()
	res := &BetweennessResult{Scores: make([]float64, n)}
	if n == 0 {
		return res, nil
	}
	sources := make([]int32, n)
	for i := range sources {
		sources[i] = int32(i)
	}
	if opt.Sources > 0 && opt.Sources < n {
		r := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
		for i := 0; i < opt.Sources; i++ {
			j := i + r.IntN(n-i)
			sources[i], sources[j] = sources[j], sources[i]
		}
		sources = sources[:opt.Sources]
		sort.Slice(sources, func(a, b int) bool { return sources[a] < sources[b] })
		res.Sampled = true
	}
	res.Sources = len(sources)
	var cost []int64
	if opt.Weighted {
		cost = make([]int64, len(g.W))
		for i, w := range g.W {
			cost[i] = EdgeCost(w)
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), 8)
	}
	workers = max(1, min(workers, len(sources)))
	partial := make([][]float64, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			b := newBrandes(g, cost)
			for i := w; i < len(sources); i += workers {
				if i%16 == w%16 && ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				b.from(int(sources[i]))
			}
			partial[w] = b.bc
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	scale := 0.0
	if n > 2 {
		scale = float64(n) / float64(len(sources)) / (float64(n-1) * float64(n-2))
	}
	for _, p := range partial {
		for v, x := range p {
			res.Scores[v] += x
		}
	}
	for v := range res.Scores {
		res.Scores[v] *= scale
	}
	return res, nil
}

// brandes holds one worker's buffers.
type brandes struct {
	g     *WeightedGraph
	cost  []int64 // nil: unweighted
	dist  []int64
	sigma []float64
	delta []float64
	done  []bool
	stack []int32
	queue []int32
	// buckets is Dial's bucket queue for the weighted search: tentative
	// distances lie within maxCost of the one being settled, so bucket
	// d mod len(buckets) holds the nodes at distance d.
	buckets [][]int32
	bc      []float64
}

func newBrandes(g *WeightedGraph, cost []int64) *brandes {
	n := g.Len()
	b := &brandes{g: g, cost: cost, dist: make([]int64, n), sigma: make([]float64, n), delta: make([]float64, n),
		done: make([]bool, n), stack: make([]int32, 0, n), bc: make([]float64, n)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	if cost != nil {
		maxCost := int64(1)
		for _, c := range cost {
			maxCost = max(maxCost, c)
		}
		b.buckets = make([][]int32, maxCost+1)
	}
	return b
}

func (b *brandes) edgeCost(e int32) int64 {
	if b.cost == nil {
		return 1
	}
	return b.cost[e]
}

// from adds the dependencies of source s to bc: a breadth-first search
// (unweighted) or Dijkstra over Dial's bucket queue (weighted; the costs
// are small integers) that counts shortest paths, then the accumulation of
// dependencies in order of non-increasing distance. Predecessors are
// recognized by their distance rather than stored.
func (b *brandes) from(s int) {
	g := b.g
	b.stack = b.stack[:0]
	b.dist[s], b.sigma[s] = 0, 1
	if b.cost == nil {
		b.queue = append(b.queue[:0], int32(s))
		for h := 0; h < len(b.queue); h++ {
			v := b.queue[h]
			b.stack = append(b.stack, v)
			dv := b.dist[v] + 1
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				w := g.Adj[e]
				if b.dist[w] < 0 {
					b.dist[w] = dv
					b.queue = append(b.queue, w)
				}
				if b.dist[w] == dv {
					b.sigma[w] += b.sigma[v]
				}
			}
		}
	} else {
		nb := int64(len(b.buckets))
		b.buckets[0] = append(b.buckets[0], int32(s))
		for cur, pending := int64(0), 1; pending > 0; cur++ {
			// No push lands in the bucket being drained: costs lie in
			// [1, nb−1].
			bk := cur % nb
			for len(b.buckets[bk]) > 0 {
				last := len(b.buckets[bk]) - 1
				v := b.buckets[bk][last]
				b.buckets[bk] = b.buckets[bk][:last]
				pending--
				if b.done[v] || b.dist[v] != cur {
					continue // settled, or a stale entry
				}
				b.done[v] = true
				b.stack = append(b.stack, v)
				for e := g.Off[v]; e < g.Off[v+1]; e++ {
					w := g.Adj[e]
					nd := cur + b.cost[e]
					switch {
					case b.dist[w] < 0 || nd < b.dist[w]:
						b.dist[w], b.sigma[w] = nd, b.sigma[v]
						b.buckets[nd%nb] = append(b.buckets[nd%nb], w)
						pending++
					case nd == b.dist[w]:
						b.sigma[w] += b.sigma[v]
					}
				}
			}
		}
	}
	for i := len(b.stack) - 1; i >= 0; i-- {
		w := b.stack[i]
		coeff := (1 + b.delta[w]) / b.sigma[w]
		for e := g.Off[w]; e < g.Off[w+1]; e++ {
			v := g.Adj[e]
			if b.dist[v] >= 0 && b.dist[v]+b.edgeCost(e) == b.dist[w] {
				b.delta[v] += b.sigma[v] * coeff
			}
		}
		if int(w) != s {
			b.bc[w] += b.delta[w]
		}
	}
	// Every node reached was settled, so the stack holds all that changed.
	for _, v := range b.stack {
		b.dist[v], b.sigma[v], b.delta[v], b.done[v] = -1, 0, 0, false
	}
}

// LouvainOptions tune Louvain.
type LouvainOptions struct {
	// Resolution γ of modularity; 0 means 1. Larger values give smaller
	// communities.
	Resolution float64
	// MaxLevels bounds the aggregation levels; 0 means 20.
	MaxLevels int
	// MaxPasses bounds the local-moving passes of one level; 0 means 50.
	MaxPasses int
}

// LouvainResult is a partition of the nodes.
type LouvainResult struct {
	// Membership[i] is node i's community, numbered from 0 in the order of
	// each community's first node.
	Membership  []int
	Communities int
	Modularity  float64
	Levels      int
}

// level is one level of Louvain: a weighted graph whose nodes are the
// communities of the level below, with self-loops holding their internal
// weight (counted in both directions, as an adjacency matrix entry A_ii).
type level struct {
	off  []int
	adj  []int
	w    []float64
	self []float64
	k    []float64 // Σ_j A_ij, self-loop included
}

func (l *level) n() int { return len(l.k) }

// Louvain partitions the nodes into communities by modularity
// maximization (Blondel et al. 2008): local moving of nodes, in node order,
// to the neighbouring community of greatest gain (the current one on a
// tie), then aggregation of communities into nodes, until nothing moves.
// Deterministic: the same graph gives the same partition.
func (g *WeightedGraph) Louvain(ctx context.Context, opt LouvainOptions) (*LouvainResult, error) {
	gamma := opt.Resolution
	if gamma <= 0 {
		gamma = 1
	}
	maxLevels, maxPasses := opt.MaxLevels, opt.MaxPasses
	if maxLevels <= 0 {
		maxLevels = 20
	}
	if maxPasses <= 0 {
		maxPasses = 50
	}
	n := g.Len()
	lv := &level{off: make([]int, n+1), adj: make([]int, len(g.Adj)), w: append([]float64(nil), g.W...),
		self: make([]float64, n), k: make([]float64, n)}
	for i := 0; i <= n; i++ {
		lv.off[i] = int(g.Off[i])
	}
	for e, j := range g.Adj {
		lv.adj[e] = int(j)
	}
	for i := 0; i < n; i++ {
		for e := lv.off[i]; e < lv.off[i+1]; e++ {
			lv.k[i] += lv.w[e]
		}
	}
	var m2 float64
	for _, k := range lv.k {
		m2 += k
	}
	member := make([]int, n)
	for i := range member {
		member[i] = i
	}
	res := &LouvainResult{}
	if m2 == 0 {
		res.Membership, res.Communities = member, n
		return res, nil
	}
	for levelNo := 0; levelNo < maxLevels; levelNo++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		comm, moved := lv.localMoving(m2, gamma, maxPasses)
		if !moved {
			break
		}
		res.Levels++
		// Renumber communities in order of their first node.
		id := make([]int, lv.n())
		for i := range id {
			id[i] = -1
		}
		c := 0
		for _, x := range comm {
			if id[x] < 0 {
				id[x] = c
				c++
			}
		}
		for i := range comm {
			comm[i] = id[comm[i]]
		}
		for i := range member {
			member[i] = comm[member[i]]
		}
		lv = lv.aggregate(comm, c)
	}
	// Final numbering in order of each community's first original node.
	id := map[int]int{}
	for i, x := range member {
		if _, ok := id[x]; !ok {
			id[x] = len(id)
		}
		member[i] = id[x]
	}
	res.Membership, res.Communities = member, len(id)
	res.Modularity = g.Modularity(member, gamma)
	return res, nil
}

// louvainEpsilon is the least gain (in edge weight) worth a move: it keeps
// rounding noise from moving nodes back and forth.
const louvainEpsilon = 1e-12

// localMoving runs the local-moving phase and returns each node's
// community and whether any node moved.
func (l *level) localMoving(m2, gamma float64, maxPasses int) ([]int, bool) {
	n := l.n()
	comm := make([]int, n)
	tot := make([]float64, n)
	for i := range comm {
		comm[i] = i
		tot[i] = l.k[i]
	}
	weightTo := make([]float64, n)
	seen := make([]bool, n)
	touched := make([]int, 0, 64)
	movedAny := false
	for pass := 0; pass < maxPasses; pass++ {
		moved := 0
		for i := 0; i < n; i++ {
			ci := comm[i]
			touched = touched[:0]
			for e := l.off[i]; e < l.off[i+1]; e++ {
				c := comm[l.adj[e]]
				if !seen[c] {
					seen[c] = true
					touched = append(touched, c)
				}
				weightTo[c] += l.w[e]
			}
			ki := l.k[i]
			tot[ci] -= ki
			best := ci
			bestGain := weightTo[ci] - gamma*tot[ci]*ki/m2
			for _, c := range touched {
				gain := weightTo[c] - gamma*tot[c]*ki/m2
				if gain > bestGain+louvainEpsilon {
					best, bestGain = c, gain
				}
			}
			tot[best] += ki
			if best != ci {
				comm[i] = best
				moved++
			}
			for _, c := range touched {
				weightTo[c], seen[c] = 0, false
			}
		}
		if moved == 0 {
			break
		}
		movedAny = true
	}
	return comm, movedAny
}

// aggregate returns the level whose nodes are the communities.
func (l *level) aggregate(comm []int, c int) *level {
	members := make([][]int, c)
	for i, x := range comm {
		members[x] = append(members[x], i)
	}
	out := &level{off: make([]int, c+1), self: make([]float64, c), k: make([]float64, c)}
	weightTo := make([]float64, c)
	seen := make([]bool, c)
	var touched []int
	for x := 0; x < c; x++ {
		touched = touched[:0]
		for _, i := range members[x] {
			out.self[x] += l.self[i]
			out.k[x] += l.k[i]
			for e := l.off[i]; e < l.off[i+1]; e++ {
				y := comm[l.adj[e]]
				if y == x {
					out.self[x] += l.w[e]
					continue
				}
				if !seen[y] {
					seen[y] = true
					touched = append(touched, y)
				}
				weightTo[y] += l.w[e]
			}
		}
		sort.Ints(touched)
		for _, y := range touched {
			out.adj = append(out.adj, y)
			out.w = append(out.w, weightTo[y])
			weightTo[y], seen[y] = 0, false
		}
		out.off[x+1] = len(out.adj)
	}
	return out
}

// Modularity is Newman's modularity of the partition with resolution γ:
// Σ_c [ in_c/2m − γ (tot_c/2m)² ].
func (g *WeightedGraph) Modularity(member []int, gamma float64) float64 {
	var m2 float64
	in := map[int]float64{}
	tot := map[int]float64{}
	for i := 0; i < g.Len(); i++ {
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			w := g.W[e]
			m2 += w
			tot[member[i]] += w
			if member[g.Adj[e]] == member[i] {
				in[member[i]] += w
			}
		}
	}
	if m2 == 0 {
		return 0
	}
	q := 0.0
	for c, t := range tot {
		q += in[c]/m2 - gamma*(t/m2)*(t/m2)
	}
	return q
}

func (g ProjectGroup) MarshalGQL(w io.Writer) { marshalEnum(g, w) }
func (g *ProjectGroup) UnmarshalGQL(v any) error {
	return unmarshalEnum(g, v, ProjectGroup.Valid, "ProjectGroup")
}

func (g CadreGroup) MarshalGQL(w io.Writer) { marshalEnum(g, w) }
func (g *CadreGroup) UnmarshalGQL(v any) error {
	return unmarshalEnum(g, v, CadreGroup.Valid, "CadreGroup")
}

func (r MatrixRows) MarshalGQL(w io.Writer) { marshalEnum(r, w) }
func (r *MatrixRows) UnmarshalGQL(v any) error {
	return unmarshalEnum(r, v, MatrixRows.Valid, "MatrixRows")
}

func (c MatrixColumns) MarshalGQL(w io.Writer) { marshalEnum(c, w) }
func (c *MatrixColumns) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, MatrixColumns.Valid, "MatrixColumns")
}

func (m MatrixMeasure) MarshalGQL(w io.Writer) { marshalEnum(m, w) }
func (m *MatrixMeasure) UnmarshalGQL(v any) error {
	return unmarshalEnum(m, v, MatrixMeasure.Valid, "MatrixMeasure")
}
