package neo4jdb_test

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

// propGraph is one random multigraph of the property test, with what the
// brute force needs.
type propGraph struct {
	nodes  []string
	hidden string // the undiscoverable person
	rels   []*graph.Relationship
	pairs  [][2]string
}

// propPath is a path found by the brute force: its length and strength.
type propPath struct {
	hops     int
	strength float64
}

// bruteForce enumerates every simple path from s to t of at most maxHops
// relationships valid at the date (nil: any), whose inner nodes are not
// the hidden person, by depth-first search.
func (g *propGraph) bruteForce(s, t string, maxHops int, at *time.Time, weights graph.LinkWeights, today time.Time) []propPath {
	adj := map[string][]*graph.Relationship{}
	for _, r := range g.rels {
		if at != nil && !r.Current(*at) {
			continue
		}
		adj[r.StartID] = append(adj[r.StartID], r)
		adj[r.EndID] = append(adj[r.EndID], r)
	}
	var out []propPath
	on := map[string]bool{}
	var walk func(u string, hops int, str float64)
	walk = func(u string, hops int, str float64) {
		if u == t {
			out = append(out, propPath{hops, str})
			return
		}
		if hops == maxHops || (u != s && u == g.hidden) {
			return
		}
		on[u] = true
		for _, r := range adj[u] {
			v := r.OtherID(u)
			if !on[v] {
				walk(v, hops+1, str*weights.Of(r, today))
			}
		}
		on[u] = false
	}
	walk(s, 0, 1)
	return out
}

// TestPathsPropertyRandomMultigraphs builds 200 seeded random multigraphs
// of 10–40 entities (parallel relationships of the same and of different
// types, triangles at the ends of the pairs asked, ended relationships,
// one undiscoverable person) in one bulk load, and checks for random pairs,
// maxHops and k ∈ {1, 3, 10} that HOPS and STRENGTH return exactly the top
// k of every simple path, found by brute force, and only valid simple
// walks.
func TestPathsPropertyRandomMultigraphs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rng := rand.New(rand.NewSource(13))
	const graphs = 200
	var batches []*graph.Batch
	var gs []*propGraph
	relN := 0
	date := func(y int) *time.Time {
		d := time.Date(y, time.Month(1+rng.Intn(12)), 1, 0, 0, 0, 0, time.UTC)
		return &d
	}
	for gi := 0; gi < graphs; gi++ {
		if gi%25 == 0 {
			batches = append(batches, &graph.Batch{})
		}
		batch := batches[len(batches)-1]
		g := &propGraph{}
		n := 10 + rng.Intn(31)
		kinds := make(map[string]graph.Kind, n)
		for j := 0; j < n; j++ {
			k := graph.KindPerson
			switch x := rng.Intn(10); {
			case x == 0 && j > 1:
				k = graph.KindUnit
			case x == 1 && j > 1:
				k = graph.KindCompany
			}
			id, err := graph.MakeID(k, fmt.Sprintf("%s-g%d-%d", f.tag, gi, j))
			if err != nil {
				t.Fatal(err)
			}
			f.track(id)
			kinds[id] = k
			g.nodes = append(g.nodes, id)
			name := fmt.Sprintf("图%d点%d%s", gi, j, f.tag)
			switch k {
			case graph.KindUnit:
				batch.Units = append(batch.Units, &graph.Unit{ID: id, Name: name, Kind: graph.UnitLocalGovernment})
			case graph.KindCompany:
				batch.Companies = append(batch.Companies, &graph.Company{ID: id, Name: name})
			default:
				p := &graph.Person{ID: id, Name: name, Discoverable: true}
				if g.hidden == "" && j >= 2 && rng.Intn(3) == 0 || g.hidden == "" && j == n-1 {
					p.Discoverable = false
					g.hidden = id
				}
				batch.People = append(batch.People, p)
			}
		}
		// typed orders a pair by kind so that the type fits its ends.
		link := func(a, b string, alt bool) {
			if a == b {
				return
			}
			ka, kb := kinds[a], kinds[b]
			if kb == graph.KindPerson && ka != graph.KindPerson {
				a, b, ka, kb = b, a, kb, ka
			}
			var typ graph.RelType
			switch {
			case ka == graph.KindPerson && kb == graph.KindPerson:
				typ = graph.RelKnows
			case ka == graph.KindPerson && kb == graph.KindUnit:
				typ = graph.RelMemberOf
				if alt {
					typ = graph.RelPostedTo
				}
			case ka == graph.KindPerson && kb == graph.KindCompany:
				typ = graph.RelEmployedBy
			case ka == graph.KindCompany && kb == graph.KindCompany:
				typ = graph.RelInvestsIn
			case ka == graph.KindUnit && kb == graph.KindCompany:
				typ = graph.RelSupports
			case ka == graph.KindCompany && kb == graph.KindUnit:
				a, b, typ = b, a, graph.RelSupports
			default:
				typ = graph.RelSupports // unit to unit
			}
			relN++
			r := &graph.Relationship{ID: fmt.Sprintf("rel_%s-%d", f.tag, relN), Type: typ, StartID: a, EndID: b}
			if rng.Intn(4) == 0 { // ended
				r.From, r.To = date(2010+rng.Intn(5)), date(2016+rng.Intn(4))
			} else {
				r.From = date(2010 + rng.Intn(13))
			}
			g.rels = append(g.rels, r)
		}
		pick := func() string { return g.nodes[rng.Intn(n)] }
		for j := 1; j < n; j++ { // a random tree keeps most pairs connected
			link(g.nodes[j], g.nodes[rng.Intn(j)], rng.Intn(2) == 0)
		}
		for j := 0; j < n/4+rng.Intn(n/2); j++ {
			link(pick(), pick(), rng.Intn(2) == 0)
		}
		for j := 0; j < 3+rng.Intn(4); j++ { // parallel: same ends, same or other type
			r := g.rels[rng.Intn(len(g.rels))]
			link(r.StartID, r.EndID, rng.Intn(2) == 0)
		}
		for p := 0; p < 1; p++ {
			s, e := pick(), pick()
			if rng.Intn(5) == 0 {
				s = g.hidden // an end may be undiscoverable
			}
			for e == s {
				e = pick()
			}
			for _, end := range []string{s, e} { // triangles at the ends
				for k := 0; k < 1+rng.Intn(2); k++ {
					x, y := pick(), pick()
					if x != end && y != end && x != y {
						link(end, x, false)
						link(x, y, true)
						link(y, end, false)
					}
				}
			}
			g.pairs = append(g.pairs, [2]string{s, e})
		}
		batch.Relationships = append(batch.Relationships, g.rels...)
		gs = append(gs, g)
	}
	start := time.Now()
	// Small loads keep every transaction small.
	for _, b := range batches {
		if _, err := f.db.Load(f.ctx, b, nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("loaded %d graphs in %v", graphs, time.Since(start))

	weights := graph.DefaultStrengths().Links
	today := graph.Today()
	var jobs []propJob
	for _, g := range gs {
		for i, p := range g.pairs {
			j := propJob{g: g, s: p[0], e: p[1], maxHops: 1 + rng.Intn(6)}
			if i == 0 && rng.Intn(4) == 0 {
				j.at = ptr(day("2018-06-01"))
			}
			jobs = append(jobs, j)
		}
	}
	var mu sync.Mutex
	var failures, checked, nonEmpty int
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		failures++
		if failures <= 20 {
			t.Errorf(format, args...)
		}
	}
	check := func(j propJob) {
		all := j.g.bruteForce(j.s, j.e, j.maxHops, j.at, weights, today)
		rels := map[string]*graph.Relationship{}
		for _, r := range j.g.rels {
			rels[r.ID] = r
		}
		for _, order := range []graph.PathOrder{graph.ByHops, graph.ByStrength} {
			want := append([]propPath{}, all...)
			sort.Slice(want, func(a, b int) bool {
				if order == graph.ByHops && want[a].hops != want[b].hops {
					return want[a].hops < want[b].hops
				}
				return want[a].strength > want[b].strength
			})
			for _, k := range []int{1, 3, 10} {
				q := graph.PathQuery{From: j.s, To: j.e, MaxHops: j.maxHops, First: k, OrderBy: order, At: j.at}
				ps, err := f.db.Paths(f.ctx, q)
				if err != nil {
					fail("%s→%s %s k %d: %v", j.s, j.e, order, k, err)
					return
				}
				what := fmt.Sprintf("%s→%s %s maxHops %d at %v k %d", j.s, j.e, order, j.maxHops, j.at != nil, k)
				n := min(k, len(want))
				if len(ps) != n {
					fail("%s: %d paths, want %d (of %d)", what, len(ps), n, len(want))
					continue
				}
				// Exactly the top k: the lengths (HOPS, with the strongest
				// first among equal lengths) or the strengths (STRENGTH).
				got := make([]propPath, len(ps))
				for i, p := range ps {
					got[i] = propPath{p.Length(), p.Strength}
				}
				for i := range got {
					if order == graph.ByHops && got[i].hops != want[i].hops ||
						math.Abs(got[i].strength-want[i].strength) > 1e-9 {
						fail("%s: path %d is %+v, want %+v (got %v, want %v)", what, i, got[i], want[i], got, want[:n])
						break
					}
				}
				seen := map[string]bool{}
				for _, p := range ps {
					checkWalk(fail, what, p, j, rels, weights, today, seen)
				}
			}
		}
		mu.Lock()
		checked++
		if len(all) > 0 {
			nonEmpty++
		}
		mu.Unlock()
	}
	ch := make(chan propJob)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				check(j)
			}
		}()
	}
	start = time.Now()
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	t.Logf("%d pairs (%d with a path), 6 queries each, in %v", checked, nonEmpty, time.Since(start))
	if nonEmpty < len(jobs)/2 {
		t.Errorf("only %d of %d pairs have a path: the test checks too little", nonEmpty, len(jobs))
	}
}

// propJob is one pair of the property test.
type propJob struct {
	g       *propGraph
	s, e    string
	maxHops int
	at      *time.Time
}

// checkWalk asserts that p is a valid simple walk of the job's graph from
// its start to its end: distinct nodes, every step a relationship of the
// graph valid under the filter joining consecutive nodes, no undiscoverable
// person inside, the strength the product of the steps', and no path twice.
func checkWalk(fail func(string, ...any), what string, p *graph.Path, j propJob, rels map[string]*graph.Relationship,
	weights graph.LinkWeights, today time.Time, seen map[string]bool) {
	if len(p.Nodes) != len(p.Steps)+1 || len(p.Steps) == 0 || len(p.Steps) > j.maxHops {
		fail("%s: a path of %d nodes and %d steps", what, len(p.Nodes), len(p.Steps))
		return
	}
	if p.Nodes[0].NodeID() != j.s || p.Nodes[len(p.Nodes)-1].NodeID() != j.e {
		fail("%s: a path from %s to %s", what, p.Nodes[0].NodeID(), p.Nodes[len(p.Nodes)-1].NodeID())
	}
	nodes := map[string]bool{}
	for i, n := range p.Nodes {
		if nodes[n.NodeID()] {
			fail("%s: the path passes %s twice", what, n.NodeID())
		}
		nodes[n.NodeID()] = true
		if i > 0 && i < len(p.Nodes)-1 && n.NodeID() == j.g.hidden {
			fail("%s: the undiscoverable person inside a path", what)
		}
	}
	str := 1.0
	var ids []string
	for i, st := range p.Steps {
		r := rels[st.ID]
		a, b := p.Nodes[i].NodeID(), p.Nodes[i+1].NodeID()
		switch {
		case r == nil:
			fail("%s: step %d is %s, not a relationship of the graph", what, i, st.ID)
			return
		case !(r.StartID == a && r.EndID == b && st.Forward) && !(r.StartID == b && r.EndID == a && !st.Forward):
			fail("%s: step %d (%s) does not join %s and %s", what, i, st.ID, a, b)
		case j.at != nil && !r.Current(*j.at):
			fail("%s: step %d (%s) is not valid at the date", what, i, st.ID)
		}
		str *= weights.Of(r, today)
		ids = append(ids, st.ID)
	}
	if math.Abs(str-p.Strength) > 1e-9 {
		fail("%s: strength %v, product of the steps %v", what, p.Strength, str)
	}
	k := strings.Join(ids, ",")
	if seen[k] {
		fail("%s: path %s twice", what, k)
	}
	seen[k] = true
}
