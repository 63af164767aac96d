package neo4jdb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/pinyin"
)

// TestFilterProperty plants a small graph, builds random filter trees
// (AND / OR / NOT, operators, some / none / all over every relationship
// with far-end filters nested) and compares what each list answers with the
// same filter evaluated in Go over the planted rows: as an administrator,
// and as a viewer who may not see the undiscoverable people. The lists are
// the top-level ones and the relationship lists inside an entity (their
// where, totalCount and aggregate count).
func TestFilterProperty(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	const trees = 30
	start := time.Now()
	m := plantModel(t, f, rng)
	t.Logf("planted in %v", time.Since(start))
	start = time.Now()
	defer func() { t.Logf("%d trees in %v", 2*trees, time.Since(start)) }()
	viewers := []struct {
		name string
		ctx  context.Context
		all  bool
	}{{"admin", f.ctx, true}, {"viewer", context.Background(), false}}
	for _, v := range viewers {
		for i := 0; i < trees; i++ {
			g := &gen{rng: rng, m: m}
			kind := []graph.Kind{graph.KindPerson, graph.KindUnit, graph.KindCompany, graph.KindProject}[i%4]
			var tree any
			var got []string
			var want []string
			var err error
			switch kind {
			case graph.KindPerson:
				w := g.person(1)
				tree = w
				got, err = ids(f.db.FindPeople(v.ctx, graph.PersonWhere{IDs: m.ids(graph.KindPerson), And: []*graph.PersonWhere{w}}, nil, graph.Page{Limit: 100}))
				for _, p := range m.people {
					if (v.all || m.visible(p.ID)) && m.evalPerson(p, w, v.all) {
						want = append(want, p.ID)
					}
				}
			case graph.KindUnit:
				w := g.unit(1)
				tree = w
				got, err = ids(f.db.FindUnits(v.ctx, graph.UnitWhere{IDs: m.ids(graph.KindUnit), And: []*graph.UnitWhere{w}}, nil, graph.Page{Limit: 100}))
				for _, u := range m.units {
					if m.evalUnit(u, w, v.all) {
						want = append(want, u.ID)
					}
				}
			case graph.KindCompany:
				w := g.company(1)
				tree = w
				got, err = ids(f.db.FindCompanies(v.ctx, graph.CompanyWhere{IDs: m.ids(graph.KindCompany), And: []*graph.CompanyWhere{w}}, nil, graph.Page{Limit: 100}))
				for _, c := range m.companies {
					if m.evalCompany(c, w, v.all) {
						want = append(want, c.ID)
					}
				}
			case graph.KindProject:
				w := g.project(1)
				tree = w
				got, err = ids(f.db.FindProjects(v.ctx, graph.ProjectWhere{IDs: m.ids(graph.KindProject), And: []*graph.ProjectWhere{w}}, nil, graph.Page{Limit: 100}))
				for _, p := range m.projects {
					if m.evalProject(p, w, v.all) {
						want = append(want, p.ID)
					}
				}
			}
			js, _ := json.Marshal(tree)
			if err != nil {
				t.Fatalf("%s %s tree %d %s: %v", v.name, kind, i, js, err)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s %s tree %d %s:\n got  %v\n want %v", v.name, kind, i, js, got, want)
			}
		}
		// The same grammar on the relationship lists inside an entity:
		// every parent of the list's kind at once, as the loaders ask.
		for i, nl := range nestedLists {
			for round := 0; round < 2; round++ {
				g := &gen{rng: rng, m: m}
				w := g.rel(1, nl.spec)
				js, _ := json.Marshal(w)
				parents := m.ids(nl.parent)
				lists, err := f.db.FindRelated(v.ctx, nl.field, parents, graph.RelFilter{Where: w}, graph.Page{Limit: graph.MaxPageSize})
				if err != nil {
					t.Fatalf("%s %s tree %d %s: %v", v.name, nl.field, i, js, err)
				}
				aggs, err := f.db.AggregateRelated(v.ctx, nl.field, parents, graph.RelFilter{Where: w})
				if err != nil {
					t.Fatalf("%s %s aggregate %d %s: %v", v.name, nl.field, i, js, err)
				}
				for _, p := range parents {
					var want []string
					if v.all || m.visible(p) {
						for _, e := range m.edges(nl.spec, p) {
							if (v.all || m.visible(e.x)) && m.evalRel(nl.spec, e, w, v.all) {
								want = append(want, e.r.ID)
							}
						}
					}
					got := []string{}
					if l := lists[p]; l != nil {
						for _, r := range l.Items {
							got = append(got, r.ID)
						}
						if l.TotalCount != len(want) {
							t.Errorf("%s %s of %s %s: totalCount %d, want %d", v.name, nl.field, p, js, l.TotalCount, len(want))
						}
					}
					if a := aggs[p]; a != nil && a.Count != len(want) {
						t.Errorf("%s %s of %s %s: aggregate count %d, want %d", v.name, nl.field, p, js, a.Count, len(want))
					}
					slices.Sort(got)
					slices.Sort(want)
					if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
						t.Errorf("%s %s of %s %s:\n got  %v\n want %v", v.name, nl.field, p, js, got, want)
					}
				}
			}
		}
	}
}

// nestedLists are the relationship lists that take a where, with the
// model's name of their relationship and the kind of their parent.
var nestedLists = []struct {
	field  graph.RelField
	spec   spec
	parent graph.Kind
}{
	{graph.FieldPersonPostings, "pPost", graph.KindPerson},
	{graph.FieldPersonMemberships, "pMem", graph.KindPerson},
	{graph.FieldPersonEmployments, "pEmp", graph.KindPerson},
	{graph.FieldPersonProjects, "pProj", graph.KindPerson},
	{graph.FieldPersonAcquaintances, "pKnows", graph.KindPerson},
	{graph.FieldUnitHostedPostings, "uHosted", graph.KindUnit},
	{graph.FieldUnitDispatched, "uDisp", graph.KindUnit},
	{graph.FieldUnitMembers, "uMem", graph.KindUnit},
	{graph.FieldCompanyEmployees, "cEmp", graph.KindCompany},
	{graph.FieldCompanyInvestments, "cInv", graph.KindCompany},
	{graph.FieldProjectPeople, "jPeople", graph.KindProject},
	{graph.FieldProjectInvestors, "jInv", graph.KindProject},
}

func ids[T graph.Node](l *graph.List[T], err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, n := range l.Items {
		out = append(out, n.NodeID())
	}
	return out, nil
}

// model is the planted graph as Go values.
type model struct {
	people    []*graph.Person
	units     []*graph.Unit
	companies []*graph.Company
	projects  []*graph.Project
	rels      []*graph.Relationship
	byID      map[string]graph.Node
	today     time.Time
}

var (
	personNames  = []string{"张三", "张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰"}
	latinNames   = []string{"Zhang San", "Li Na", "Wang Fang", "Chen Jing"}
	expertises   = []string{"新能源", "金融", "教育", "数字经济", "生物医药"}
	unitNames    = []string{"工业和信息化部", "财政部", "国家发展和改革委员会", "中国银行", "清华大学", "市发展和改革委员会"}
	shortNames   = []string{"工信部", "财政部", "发改委"}
	companyNames = []string{"保定科技有限公司", "长城汽车", "华北制药", "新能源集团"}
	industries   = []string{"汽车", "制药", "新能源"}
	projectNames = []string{"智能制造产业园", "新能源基地", "数字经济中心", "人才公寓", "长城研发中心"}
	titles       = []string{"副主任", "副县长", "处长", "总经理", "副区长"}
	amounts      = []float64{1e7, 5e8, 2e9, 3.5e6}
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.Intn(len(xs))] }

func someOf[T any](rng *rand.Rand, xs []T) []T {
	var out []T
	for _, x := range xs {
		if rng.Intn(3) == 0 {
			out = append(out, x)
		}
	}
	return out
}

func randDay(rng *rand.Rand, fromYear, toYear int) time.Time {
	return time.Date(fromYear+rng.Intn(toYear-fromYear+1), time.Month(1+rng.Intn(12)), 1+rng.Intn(28), 0, 0, 0, 0, time.UTC)
}

func plantModel(t *testing.T, f *fixture, rng *rand.Rand) *model {
	m := &model{byID: map[string]graph.Node{}, today: time.Now().UTC().Truncate(24 * time.Hour)}
	id := func(k graph.Kind, i int) string {
		s, err := graph.MakeID(k, fmt.Sprintf("%s-fp%d", f.tag, i))
		if err != nil {
			t.Fatal(err)
		}
		f.track(s)
		return s
	}
	for i := 0; i < 30; i++ {
		p := &graph.Person{ID: id(graph.KindPerson, i), Name: pick(rng, personNames), Discoverable: rng.Intn(4) != 0, Expertise: someOf(rng, expertises)}
		if rng.Intn(3) == 0 {
			p.NameEn = pick(rng, latinNames)
		}
		if rng.Intn(4) != 0 {
			g := pick(rng, []graph.Gender{graph.GenderMale, graph.GenderFemale})
			p.Gender = &g
		}
		if rng.Intn(4) != 0 {
			y := 1960 + rng.Intn(36)
			p.BirthYear = &y
		}
		m.people = append(m.people, p)
	}
	for i := 0; i < 8; i++ {
		u := &graph.Unit{ID: id(graph.KindUnit, i), Name: pick(rng, unitNames), Kind: pick(rng, graph.UnitKinds)}
		if rng.Intn(2) == 0 {
			u.ShortName = pick(rng, shortNames)
		}
		m.units = append(m.units, u)
	}
	for i := 0; i < 5; i++ {
		c := &graph.Company{ID: id(graph.KindCompany, i), Name: pick(rng, companyNames)}
		if rng.Intn(3) != 0 {
			c.Industry = pick(rng, industries)
		}
		m.companies = append(m.companies, c)
	}
	for i := 0; i < 8; i++ {
		p := &graph.Project{ID: id(graph.KindProject, i), Name: pick(rng, projectNames), Kind: pick(rng, graph.ProjectKinds), Status: pick(rng, graph.ProjectStatuses)}
		if rng.Intn(4) != 0 {
			a := pick(rng, amounts)
			p.Amount = &a
		}
		if rng.Intn(4) != 0 {
			d := randDay(rng, 2015, 2024)
			p.StartDate = &d
			if rng.Intn(2) == 0 {
				e := d.AddDate(1+rng.Intn(3), 0, 0)
				p.EndDate = &e
			}
		}
		m.projects = append(m.projects, p)
	}
	n := 0
	rel := func(typ graph.RelType, start, end string, mods func(r *graph.Relationship)) {
		n++
		from := randDay(rng, 2015, 2022)
		r := &graph.Relationship{ID: fmt.Sprintf("rel_%s-fp%d", f.tag, n), Type: typ, StartID: start, EndID: end, From: &from}
		if rng.Intn(2) == 0 {
			to := from.AddDate(1+rng.Intn(3), 0, 0)
			if rng.Intn(3) == 0 {
				to = time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			r.To = &to
		}
		if mods != nil {
			mods(r)
		}
		m.rels = append(m.rels, r)
	}
	for _, p := range m.people {
		for k := rng.Intn(3); k > 0; k-- {
			rel(graph.RelPostedTo, p.ID, pick(rng, m.units).ID, func(r *graph.Relationship) {
				r.Title = pick(rng, titles)
				r.DispatchingUnitID = pick(rng, m.units).ID
				if rng.Intn(3) != 0 {
					b := 2018 + rng.Intn(7)
					r.Batch = &b
				}
			})
		}
		if rng.Intn(2) == 0 {
			rel(graph.RelMemberOf, p.ID, pick(rng, m.units).ID, func(r *graph.Relationship) {
				if rng.Intn(2) == 0 {
					r.Title = pick(rng, titles)
				}
			})
		}
		if rng.Intn(3) == 0 {
			rel(graph.RelEmployedBy, p.ID, pick(rng, m.companies).ID, func(r *graph.Relationship) { r.Title = pick(rng, titles) })
		}
		if rng.Intn(2) == 0 {
			rel(pick(rng, []graph.RelType{graph.RelSecured, graph.RelIntroduced}), p.ID, pick(rng, m.projects).ID, nil)
		}
		for k := rng.Intn(3); k > 0; k-- {
			o := pick(rng, m.people)
			if o.ID != p.ID && !m.knows(p.ID, o.ID) {
				rel(graph.RelKnows, p.ID, o.ID, nil)
			}
		}
	}
	for _, c := range m.companies {
		for k := rng.Intn(3); k > 0; k-- {
			rel(graph.RelInvestsIn, c.ID, pick(rng, m.projects).ID, func(r *graph.Relationship) {
				a := pick(rng, amounts)
				r.Amount = &a
				r.To = nil
			})
		}
	}
	b := &graph.Batch{People: m.people, Units: m.units, Companies: m.companies, Projects: m.projects, Relationships: m.rels}
	if _, err := f.db.Load(f.ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range m.people {
		m.byID[p.ID] = p
	}
	for _, u := range m.units {
		m.byID[u.ID] = u
	}
	for _, c := range m.companies {
		m.byID[c.ID] = c
	}
	for _, p := range m.projects {
		m.byID[p.ID] = p
	}
	return m
}

func (m *model) knows(a, b string) bool {
	for _, r := range m.rels {
		if r.Type == graph.RelKnows && (r.StartID == a && r.EndID == b || r.StartID == b && r.EndID == a) {
			return true
		}
	}
	return false
}

func (m *model) ids(k graph.Kind) []string {
	var out []string
	for id, n := range m.byID {
		if n.NodeKind() == k {
			out = append(out, id)
		}
	}
	return out
}

func (m *model) visible(id string) bool {
	p, ok := m.byID[id].(*graph.Person)
	return !ok || p.Discoverable
}

// The Go model of the grammar: a comparison with a missing value is false.

func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func evalStr(v *string, f *graph.StringFilter) bool {
	if f == nil {
		return true
	}
	ok := true
	if f.Eq != nil {
		ok = ok && v != nil && *v == *f.Eq
	}
	if f.In != nil {
		ok = ok && v != nil && slices.Contains(f.In, *v)
	}
	if f.Contains != nil {
		ok = ok && v != nil && strings.Contains(*v, *f.Contains)
	}
	if f.StartsWith != nil {
		ok = ok && v != nil && strings.HasPrefix(*v, *f.StartsWith)
	}
	if f.IsNull != nil {
		ok = ok && (v == nil) == *f.IsNull
	}
	return ok
}

// names is what the store keeps for a name (record.go, searchText).
type names struct {
	name string
	text string
	keys []string
}

func nameOf(person bool, ns ...string) names {
	var parts, keys []string
	for i, n := range ns {
		if n == "" {
			continue
		}
		parts = append(parts, pinyin.Normalize(n))
		ks := pinyin.Keys(n)
		if i == 0 && person {
			ks = pinyin.NameKeys(n)
		}
		if i == 0 {
			keys = append(append(keys, ks.Full...), ks.Initials...)
		}
		parts = append(append(parts, ks.Full...), ks.Initials...)
	}
	var uniq []string
	for _, p := range parts {
		if p != "" && !slices.Contains(uniq, p) {
			uniq = append(uniq, p)
		}
	}
	return names{name: ns[0], text: strings.Join(uniq, " "), keys: keys}
}

func evalName(n names, f *graph.StringFilter) bool {
	if f == nil {
		return true
	}
	ok := true
	if f.Eq != nil {
		ok = ok && n.name == *f.Eq
	}
	if f.In != nil {
		ok = ok && slices.Contains(f.In, n.name)
	}
	if f.Contains != nil {
		ok = ok && nameContains(n, *f.Contains)
	}
	if f.StartsWith != nil {
		q := pinyin.Normalize(*f.StartsWith)
		qc := strings.ReplaceAll(q, " ", "")
		hit := strings.HasPrefix(n.text, q)
		for _, k := range n.keys {
			hit = hit || strings.HasPrefix(k, qc)
		}
		ok = ok && hit
	}
	if f.IsNull != nil {
		ok = ok && !*f.IsNull
	}
	return ok
}

func nameContains(n names, s string) bool {
	q := pinyin.Normalize(s)
	return strings.Contains(n.text, q) || strings.Contains(n.text, strings.ReplaceAll(q, " ", ""))
}

func cmpOK[T int | float64](v *T, eq, gt, gte, lt, lte *T, isNull *bool) bool {
	ok := true
	test := func(b *T, f func(a, b T) bool) {
		if b != nil {
			ok = ok && v != nil && f(*v, *b)
		}
	}
	test(eq, func(a, b T) bool { return a == b })
	test(gt, func(a, b T) bool { return a > b })
	test(gte, func(a, b T) bool { return a >= b })
	test(lt, func(a, b T) bool { return a < b })
	test(lte, func(a, b T) bool { return a <= b })
	if isNull != nil {
		ok = ok && (v == nil) == *isNull
	}
	return ok
}

func evalInt(v *int, f *graph.IntFilter) bool {
	if f == nil {
		return true
	}
	ok := cmpOK(v, f.Eq, f.Gt, f.Gte, f.Lt, f.Lte, f.IsNull)
	if f.In != nil {
		ok = ok && v != nil && slices.Contains(f.In, *v)
	}
	return ok
}

func evalFloat(v *float64, f *graph.FloatFilter) bool {
	return f == nil || cmpOK(v, f.Eq, f.Gt, f.Gte, f.Lt, f.Lte, f.IsNull)
}

func dayNum(t *time.Time) *int {
	if t == nil {
		return nil
	}
	n := int(t.Unix() / 86400)
	return &n
}

func evalDate(v *time.Time, f *graph.DateFilter) bool {
	return f == nil || cmpOK(dayNum(v), dayNum(f.Eq), dayNum(f.Gt), dayNum(f.Gte), dayNum(f.Lt), dayNum(f.Lte), f.IsNull)
}

func evalEnum[T ~string](v *T, eq *T, in []T, isNull *bool) bool {
	ok := true
	if eq != nil {
		ok = ok && v != nil && *v == *eq
	}
	if in != nil {
		ok = ok && v != nil && slices.Contains(in, *v)
	}
	if isNull != nil {
		ok = ok && (v == nil) == *isNull
	}
	return ok
}

func evalList(xs []string, f *graph.StringListFilter) bool {
	if f == nil {
		return true
	}
	ok := true
	if f.Includes != nil {
		ok = ok && slices.Contains(xs, *f.Includes)
	}
	if f.IncludesAny != nil {
		hit := false
		for _, x := range xs {
			hit = hit || slices.Contains(f.IncludesAny, x)
		}
		ok = ok && hit
	}
	if f.Contains != nil {
		hit := false
		for _, x := range xs {
			hit = hit || strings.Contains(x, *f.Contains)
		}
		ok = ok && hit
	}
	if f.IsEmpty != nil {
		ok = ok && (len(xs) == 0) == *f.IsEmpty
	}
	return ok
}

// combine evaluates AND / OR / NOT of one kind.
func combine[W any](ok bool, and, or []*W, not *W, eval func(*W) bool) bool {
	for _, w := range and {
		ok = ok && eval(w)
	}
	if or != nil {
		hit := false
		for _, w := range or {
			hit = hit || eval(w)
		}
		ok = ok && hit
	}
	if not != nil {
		ok = ok && !eval(not)
	}
	return ok
}

// edge is one match of a relationship condition: the relationship, the
// far end x and, for a dispatched posting, the host unit y.
type edge struct {
	r    *graph.Relationship
	x, y string
}

type spec string

func (m *model) edges(s spec, id string) []edge {
	var out []edge
	for _, r := range m.rels {
		switch {
		case s == "pPost" && r.Type == graph.RelPostedTo && r.StartID == id,
			s == "pMem" && r.Type == graph.RelMemberOf && r.StartID == id,
			s == "pEmp" && r.Type == graph.RelEmployedBy && r.StartID == id,
			s == "pProj" && (r.Type == graph.RelSecured || r.Type == graph.RelIntroduced) && r.StartID == id,
			s == "cInv" && r.Type == graph.RelInvestsIn && r.StartID == id:
			out = append(out, edge{r: r, x: r.EndID})
		case s == "uHosted" && r.Type == graph.RelPostedTo && r.EndID == id,
			s == "uMem" && r.Type == graph.RelMemberOf && r.EndID == id,
			s == "cEmp" && r.Type == graph.RelEmployedBy && r.EndID == id,
			s == "jPeople" && (r.Type == graph.RelSecured || r.Type == graph.RelIntroduced) && r.EndID == id,
			s == "jInv" && r.Type == graph.RelInvestsIn && r.EndID == id:
			out = append(out, edge{r: r, x: r.StartID})
		case s == "uDisp" && r.Type == graph.RelPostedTo && r.DispatchingUnitID == id:
			out = append(out, edge{r: r, x: r.StartID, y: r.EndID})
		case s == "pKnows" && r.Type == graph.RelKnows && r.StartID == id:
			out = append(out, edge{r: r, x: r.EndID})
		case s == "pKnows" && r.Type == graph.RelKnows && r.EndID == id:
			out = append(out, edge{r: r, x: r.StartID})
		}
	}
	return out
}

func (m *model) quant(s spec, id string, q *graph.RelCondition, all bool) bool {
	if q == nil {
		return true
	}
	var in []edge
	for _, e := range m.edges(s, id) {
		if all || m.visible(e.x) {
			in = append(in, e)
		}
	}
	ok := true
	if q.Some != nil {
		ok = ok && slices.ContainsFunc(in, func(e edge) bool { return m.evalRel(s, e, q.Some, all) })
	}
	if q.None != nil {
		ok = ok && !slices.ContainsFunc(in, func(e edge) bool { return m.evalRel(s, e, q.None, all) })
	}
	if q.All != nil {
		ok = ok && !slices.ContainsFunc(in, func(e edge) bool { return !m.evalRel(s, e, q.All, all) })
	}
	return ok
}

func (m *model) evalRel(s spec, e edge, f *graph.RelWhere, all bool) bool {
	r := e.r
	ok := evalStr(optStr(r.Title), f.Title) && evalInt(r.Batch, f.Batch) && evalFloat(r.Amount, f.Amount) &&
		evalDate(r.From, f.From) && evalDate(r.To, f.To)
	if f.Role != nil {
		typ := graph.ProjectRole(r.Type)
		ok = ok && evalEnum(&typ, f.Role.Eq, f.Role.In, nil)
	}
	if f.Current != nil {
		cur := r.Current(m.today)
		if *f.Current {
			ok = ok && cur
		} else {
			ok = ok && r.To != nil && r.To.Before(m.today)
		}
	}
	if f.Person != nil {
		ok = ok && m.evalPerson(m.byID[e.x].(*graph.Person), f.Person, all)
	}
	if f.HostUnit != nil {
		host := e.x
		if s == "uDisp" {
			host = e.y
		}
		ok = ok && m.evalUnit(m.byID[host].(*graph.Unit), f.HostUnit, all)
	}
	if f.Unit != nil {
		ok = ok && m.evalUnit(m.byID[e.x].(*graph.Unit), f.Unit, all)
	}
	if f.Company != nil {
		ok = ok && m.evalCompany(m.byID[e.x].(*graph.Company), f.Company, all)
	}
	if f.Project != nil {
		ok = ok && m.evalProject(m.byID[e.x].(*graph.Project), f.Project, all)
	}
	if f.DispatchingUnit != nil {
		u, found := m.byID[r.DispatchingUnitID].(*graph.Unit)
		ok = ok && found && m.evalUnit(u, f.DispatchingUnit, all)
	}
	return combine(ok, f.And, f.Or, f.Not, func(w *graph.RelWhere) bool { return m.evalRel(s, e, w, all) })
}

func (m *model) evalPerson(p *graph.Person, f *graph.PersonWhere, all bool) bool {
	ok := true
	if f.IDs != nil {
		ok = ok && slices.Contains(f.IDs, p.ID)
	}
	n := nameOf(true, p.Name, p.NameEn)
	if f.NameContains != nil {
		ok = ok && nameContains(n, *f.NameContains)
	}
	if f.Gender != nil {
		ok = ok && p.Gender != nil && *p.Gender == *f.Gender
	}
	if f.BirthYear != nil {
		ok = ok && cmpOK(p.BirthYear, nil, nil, f.BirthYear.Min, nil, f.BirthYear.Max, nil)
	}
	if f.Expertise != nil {
		ok = ok && slices.Contains(p.Expertise, *f.Expertise)
	}
	if f.Discoverable != nil {
		ok = ok && p.Discoverable == *f.Discoverable
	}
	posts := m.edges("pPost", p.ID)
	if f.IsCadre != nil {
		ok = ok && (len(posts) > 0) == *f.IsCadre
	}
	if f.Batch != nil {
		ok = ok && slices.ContainsFunc(posts, func(e edge) bool { return e.r.Batch != nil && *e.r.Batch == *f.Batch })
	}
	if f.DispatchingUnitID != nil {
		ok = ok && slices.ContainsFunc(posts, func(e edge) bool { return e.r.DispatchingUnitID == *f.DispatchingUnitID })
	}
	if f.HasAcquaintances != nil {
		has := slices.ContainsFunc(m.edges("pKnows", p.ID), func(e edge) bool { return all || m.visible(e.x) })
		ok = ok && has == *f.HasAcquaintances
	}
	ok = ok && evalName(n, f.NameIs) && evalStr(optStr(p.NameEn), f.NameEnIs) && evalInt(p.BirthYear, f.BirthYearIs) && evalList(p.Expertise, f.ExpertiseIs)
	if f.GenderIs != nil {
		ok = ok && evalEnum(p.Gender, f.GenderIs.Eq, f.GenderIs.In, f.GenderIs.IsNull)
	}
	ok = ok && m.quant("pPost", p.ID, f.Postings, all) && m.quant("pMem", p.ID, f.Memberships, all) &&
		m.quant("pEmp", p.ID, f.Employments, all) && m.quant("pProj", p.ID, f.Projects, all) && m.quant("pKnows", p.ID, f.Acquaintances, all)
	return combine(ok, f.And, f.Or, f.Not, func(w *graph.PersonWhere) bool { return m.evalPerson(p, w, all) })
}

func (m *model) evalUnit(u *graph.Unit, f *graph.UnitWhere, all bool) bool {
	ok := true
	if f.IDs != nil {
		ok = ok && slices.Contains(f.IDs, u.ID)
	}
	n := nameOf(false, u.Name, u.NameEn, u.ShortName)
	if f.NameContains != nil {
		ok = ok && nameContains(n, *f.NameContains)
	}
	if f.Kind != nil {
		ok = ok && slices.Contains(f.Kind, u.Kind)
	}
	if f.HasHosted != nil {
		has := slices.ContainsFunc(m.edges("uHosted", u.ID), func(e edge) bool { return all || m.visible(e.x) })
		ok = ok && has == *f.HasHosted
	}
	ok = ok && evalName(n, f.NameIs) && evalStr(optStr(u.ShortName), f.ShortNameIs)
	if f.KindIs != nil {
		ok = ok && evalEnum(&u.Kind, f.KindIs.Eq, f.KindIs.In, nil)
	}
	ok = ok && m.quant("uHosted", u.ID, f.HostedPostings, all) && m.quant("uDisp", u.ID, f.DispatchedPostings, all) && m.quant("uMem", u.ID, f.Members, all)
	return combine(ok, f.And, f.Or, f.Not, func(w *graph.UnitWhere) bool { return m.evalUnit(u, w, all) })
}

func (m *model) evalCompany(c *graph.Company, f *graph.CompanyWhere, all bool) bool {
	ok := true
	if f.IDs != nil {
		ok = ok && slices.Contains(f.IDs, c.ID)
	}
	n := nameOf(false, c.Name, c.NameEn)
	if f.HasProjects != nil {
		ok = ok && (len(m.edges("cInv", c.ID)) > 0) == *f.HasProjects
	}
	ok = ok && evalName(n, f.NameIs) && evalStr(optStr(c.Industry), f.IndustryIs)
	ok = ok && m.quant("cEmp", c.ID, f.Employees, all) && m.quant("cInv", c.ID, f.Investments, all)
	return combine(ok, f.And, f.Or, f.Not, func(w *graph.CompanyWhere) bool { return m.evalCompany(c, w, all) })
}

func (m *model) evalProject(p *graph.Project, f *graph.ProjectWhere, all bool) bool {
	ok := true
	if f.IDs != nil {
		ok = ok && slices.Contains(f.IDs, p.ID)
	}
	n := nameOf(false, p.Name, p.NameEn)
	if f.Status != nil {
		ok = ok && slices.Contains(f.Status, p.Status)
	}
	if f.Amount != nil {
		ok = ok && cmpOK(p.Amount, nil, nil, f.Amount.Min, nil, f.Amount.Max, nil)
	}
	ok = ok && evalName(n, f.NameIs) && evalFloat(p.Amount, f.AmountIs) && evalDate(p.StartDate, f.StartDateIs) && evalDate(p.EndDate, f.EndDateIs)
	if f.KindIs != nil {
		ok = ok && evalEnum(&p.Kind, f.KindIs.Eq, f.KindIs.In, nil)
	}
	if f.StatusIs != nil {
		ok = ok && evalEnum(&p.Status, f.StatusIs.Eq, f.StatusIs.In, nil)
	}
	ok = ok && m.quant("jPeople", p.ID, f.People, all) && m.quant("jInv", p.ID, f.Investors, all)
	return combine(ok, f.And, f.Or, f.Not, func(w *graph.ProjectWhere) bool { return m.evalProject(p, w, all) })
}

// gen builds random filter trees over the planted values.
type gen struct {
	rng *rand.Rand
	m   *model
}

const maxGenDepth = 4

func (g *gen) n(k int) int { return g.rng.Intn(k) }

func (g *gen) parts(d int) int { return 1 + g.n(2) }

func (g *gen) strF(pool []string, nullable bool) *graph.StringFilter {
	f := &graph.StringFilter{}
	switch g.n(5) {
	case 0:
		f.Eq = ptr(pick(g.rng, pool))
	case 1:
		f.In = []string{pick(g.rng, pool), pick(g.rng, pool)}
	case 2:
		s := []rune(pick(g.rng, pool))
		f.Contains = ptr(string(s[g.n(len(s)):][:1]))
	case 3:
		s := []rune(pick(g.rng, pool))
		f.StartsWith = ptr(string(s[:1+g.n(2)]))
	default:
		if nullable {
			f.IsNull = ptr(g.n(2) == 0)
		} else {
			f.Eq = ptr(pick(g.rng, pool))
		}
	}
	return f
}

func (g *gen) nameF(pool []string) *graph.StringFilter {
	if g.n(2) == 0 {
		return g.strF(pool, false)
	}
	latin := []string{"zh", "z", "li", "wang", "w", "l", "chen", "zs", "zw", "gong", "xin", "cai", "bao", "zhang san", "ZHANG"}
	if g.n(2) == 0 {
		return &graph.StringFilter{StartsWith: ptr(pick(g.rng, latin))}
	}
	return &graph.StringFilter{Contains: ptr(pick(g.rng, latin))}
}

func (g *gen) intF(lo, hi int) *graph.IntFilter {
	v := lo + g.n(hi-lo+1)
	f := &graph.IntFilter{}
	switch g.n(7) {
	case 0:
		f.Eq = &v
	case 1:
		f.In = []int{v, lo + g.n(hi-lo+1)}
	case 2:
		f.Gt = &v
	case 3:
		f.Gte = &v
	case 4:
		f.Lt = &v
	case 5:
		f.Lte = &v
	default:
		f.IsNull = ptr(g.n(2) == 0)
	}
	return f
}

func (g *gen) floatF() *graph.FloatFilter {
	v := pick(g.rng, amounts)
	f := &graph.FloatFilter{}
	switch g.n(6) {
	case 0:
		f.Eq = &v
	case 1:
		f.Gt = &v
	case 2:
		f.Gte = &v
	case 3:
		f.Lt = &v
	case 4:
		f.Lte = &v
	default:
		f.IsNull = ptr(g.n(2) == 0)
	}
	return f
}

func (g *gen) dateF() *graph.DateFilter {
	v := randDay(g.rng, 2015, 2025)
	f := &graph.DateFilter{}
	switch g.n(5) {
	case 0:
		f.Gt = &v
	case 1:
		f.Gte = &v
	case 2:
		f.Lt = &v
	case 3:
		f.Lte = &v
	default:
		f.IsNull = ptr(g.n(2) == 0)
	}
	return f
}

func subs[W any](g *gen, d int, mk func(int) *W) []*W {
	out := make([]*W, 1+g.n(2))
	for i := range out {
		out[i] = mk(d + 1)
	}
	return out
}

func (g *gen) person(d int) *graph.PersonWhere {
	f := &graph.PersonWhere{}
	for i := g.parts(d); i > 0; i-- {
		switch c := g.n(22); {
		case c == 0:
			f.NameIs = g.nameF(personNames)
		case c == 1:
			f.NameEnIs = g.strF(latinNames, true)
		case c == 2:
			f.GenderIs = &graph.GenderFilter{Eq: ptr(pick(g.rng, []graph.Gender{graph.GenderMale, graph.GenderFemale}))}
			if g.n(2) == 0 {
				f.GenderIs = &graph.GenderFilter{IsNull: ptr(g.n(2) == 0)}
			}
		case c == 3:
			f.BirthYearIs = g.intF(1960, 1995)
		case c == 4:
			f.ExpertiseIs = []*graph.StringListFilter{{Includes: ptr(pick(g.rng, expertises))}, {IncludesAny: someOf(g.rng, expertises)},
				{Contains: ptr("经")}, {IsEmpty: ptr(g.n(2) == 0)}}[g.n(4)]
		case c == 5:
			f.Gender = ptr(graph.GenderFemale)
		case c == 6:
			f.BirthYear = &graph.IntRange{Min: ptr(1970 + g.n(10)), Max: ptr(1980 + g.n(10))}
		case c == 7:
			f.Expertise = ptr(pick(g.rng, expertises))
		case c == 8:
			f.IsCadre = ptr(g.n(2) == 0)
		case c == 9:
			f.Batch = ptr(2018 + g.n(7))
		case c == 10:
			f.DispatchingUnitID = ptr(pick(g.rng, g.m.units).ID)
		case c == 11:
			f.HasAcquaintances = ptr(g.n(2) == 0)
		case c == 12:
			f.NameContains = ptr(pick(g.rng, []string{"张", "zhang", "li", "w", "fang"}))
		case c == 13:
			f.Discoverable = ptr(g.n(2) == 0)
		case d >= maxGenDepth:
			f.Gender = ptr(graph.GenderMale)
		case c == 14:
			f.Postings = g.quant(d, "pPost")
		case c == 15:
			f.Memberships = g.quant(d, "pMem")
		case c == 16:
			f.Employments = g.quant(d, "pEmp")
		case c == 17:
			f.Projects = g.quant(d, "pProj")
		case c == 18:
			f.Acquaintances = g.quant(d, "pKnows")
		case c == 19:
			f.And = subs(g, d, g.person)
		case c == 20:
			f.Or = subs(g, d, g.person)
		default:
			f.Not = g.person(d + 1)
		}
	}
	return f
}

func (g *gen) unit(d int) *graph.UnitWhere {
	f := &graph.UnitWhere{}
	for i := g.parts(d); i > 0; i-- {
		switch c := g.n(12); {
		case c == 0:
			f.NameIs = g.nameF(unitNames)
		case c == 1:
			f.ShortNameIs = g.strF(shortNames, true)
		case c == 2:
			f.KindIs = &graph.UnitKindFilter{In: someOf(g.rng, graph.UnitKinds)}
		case c == 3:
			f.Kind = []graph.UnitKind{pick(g.rng, graph.UnitKinds)}
		case c == 4:
			f.HasHosted = ptr(g.n(2) == 0)
		case c == 5:
			f.NameContains = ptr(pick(g.rng, []string{"部", "gx", "fa", "yin"}))
		case d >= maxGenDepth:
			f.KindIs = &graph.UnitKindFilter{Eq: ptr(pick(g.rng, graph.UnitKinds))}
		case c == 6:
			f.HostedPostings = g.quant(d, "uHosted")
		case c == 7:
			f.DispatchedPostings = g.quant(d, "uDisp")
		case c == 8:
			f.Members = g.quant(d, "uMem")
		case c == 9:
			f.And = subs(g, d, g.unit)
		case c == 10:
			f.Or = subs(g, d, g.unit)
		default:
			f.Not = g.unit(d + 1)
		}
	}
	return f
}

func (g *gen) company(d int) *graph.CompanyWhere {
	f := &graph.CompanyWhere{}
	for i := g.parts(d); i > 0; i-- {
		switch c := g.n(8); {
		case c == 0:
			f.NameIs = g.nameF(companyNames)
		case c == 1:
			f.IndustryIs = g.strF(industries, true)
		case c == 2:
			f.HasProjects = ptr(g.n(2) == 0)
		case d >= maxGenDepth:
			f.IndustryIs = &graph.StringFilter{IsNull: ptr(true)}
		case c == 3:
			f.Employees = g.quant(d, "cEmp")
		case c == 4:
			f.Investments = g.quant(d, "cInv")
		case c == 5:
			f.And = subs(g, d, g.company)
		case c == 6:
			f.Or = subs(g, d, g.company)
		default:
			f.Not = g.company(d + 1)
		}
	}
	return f
}

func (g *gen) project(d int) *graph.ProjectWhere {
	f := &graph.ProjectWhere{}
	for i := g.parts(d); i > 0; i-- {
		switch c := g.n(13); {
		case c == 0:
			f.NameIs = g.nameF(projectNames)
		case c == 1:
			f.KindIs = &graph.ProjectKindFilter{Eq: ptr(pick(g.rng, graph.ProjectKinds))}
		case c == 2:
			f.StatusIs = &graph.ProjectStatusFilter{In: someOf(g.rng, graph.ProjectStatuses)}
		case c == 3:
			f.AmountIs = g.floatF()
		case c == 4:
			f.StartDateIs = g.dateF()
		case c == 5:
			f.EndDateIs = g.dateF()
		case c == 6:
			f.Status = []graph.ProjectStatus{pick(g.rng, graph.ProjectStatuses)}
		case c == 7:
			f.Amount = &graph.FloatRange{Min: ptr(1e7)}
		case d >= maxGenDepth:
			f.AmountIs = &graph.FloatFilter{IsNull: ptr(false)}
		case c == 8:
			f.People = g.quant(d, "jPeople")
		case c == 9:
			f.Investors = g.quant(d, "jInv")
		case c == 10:
			f.And = subs(g, d, g.project)
		case c == 11:
			f.Or = subs(g, d, g.project)
		default:
			f.Not = g.project(d + 1)
		}
	}
	return f
}

func (g *gen) quant(d int, s spec) *graph.RelCondition {
	q := &graph.RelCondition{}
	w := g.rel(d+1, s)
	switch g.n(3) {
	case 0:
		q.Some = w
	case 1:
		q.None = w
	default:
		q.All = w
	}
	return q
}

func (g *gen) rel(d int, s spec) *graph.RelWhere {
	f := &graph.RelWhere{}
	for i := g.parts(d); i > 0; i-- {
		switch c := g.n(10); {
		case c == 0:
			f.From = g.dateF()
		case c == 1:
			f.To = g.dateF()
		case c == 2:
			f.Current = ptr(g.n(2) == 0)
		case c == 3 && (s == "pPost" || s == "uHosted" || s == "uDisp" || s == "pMem" || s == "pEmp"):
			f.Title = g.strF(titles, true)
		case c == 3 && (s == "pPost" || s == "uHosted" || s == "uDisp"):
			f.Batch = g.intF(2018, 2024)
		case c == 3 && (s == "pProj" || s == "jPeople"):
			f.Role = &graph.ProjectRoleFilter{Eq: ptr(pick(g.rng, []graph.ProjectRole{graph.RoleSecured, graph.RoleIntroduced}))}
		case c == 3 && (s == "cInv" || s == "jInv"):
			f.Amount = g.floatF()
		case d >= maxGenDepth || c == 3:
			f.Current = ptr(true)
		case c <= 6:
			g.farEnd(f, d, s)
		case c == 7:
			f.And = subs(g, d, func(d int) *graph.RelWhere { return g.rel(d, s) })
		case c == 8:
			f.Or = subs(g, d, func(d int) *graph.RelWhere { return g.rel(d, s) })
		default:
			f.Not = g.rel(d+1, s)
		}
	}
	return f
}

func (g *gen) farEnd(f *graph.RelWhere, d int, s spec) {
	switch s {
	case "pPost":
		if g.n(2) == 0 {
			f.DispatchingUnit = g.unit(d + 1)
		} else {
			f.HostUnit = g.unit(d + 1)
			g.name(&f.HostUnit.IDs, graph.KindUnit)
		}
	case "uDisp":
		if g.n(2) == 0 {
			f.HostUnit = g.unit(d + 1)
			g.name(&f.HostUnit.IDs, graph.KindUnit)
		} else {
			f.Person = g.person(d + 1)
			g.name(&f.Person.IDs, graph.KindPerson)
		}
	case "pMem":
		f.Unit = g.unit(d + 1)
		g.name(&f.Unit.IDs, graph.KindUnit)
	case "pEmp", "jInv":
		f.Company = g.company(d + 1)
		g.name(&f.Company.IDs, graph.KindCompany)
	case "pProj", "cInv":
		f.Project = g.project(d + 1)
		g.name(&f.Project.IDs, graph.KindProject)
	default: // uHosted, uMem, cEmp, jPeople, pKnows
		f.Person = g.person(d + 1)
		g.name(&f.Person.IDs, graph.KindPerson)
	}
}

// name sets, one time in three, the ids of a far end's filter to some of
// the planted ones of its kind: a some over the relationship is then
// anchored at that end (quantified, filters.go).
func (g *gen) name(ids *[]string, k graph.Kind) {
	if g.n(3) == 0 {
		*ids = someOf(g.rng, g.m.ids(k))
	}
}
