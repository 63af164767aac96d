package seed_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/seed"
)

// maxPlanned is the latest date a planned end may have.
var maxPlanned = seed.RefDate.AddDate(2, 0, 0)

func TestDemoCounts(t *testing.T) {
	b := seed.Demo()
	count := relCounts(b)

	cadres := map[string]bool{}
	batches := map[int]bool{}
	dispatchers := map[string]bool{}
	for _, r := range b.Relationships {
		if r.Type == graph.RelPostedTo {
			cadres[r.StartID] = true
			batches[*r.Batch] = true
			dispatchers[r.DispatchingUnitID] = true
		}
	}
	kinds := map[graph.UnitKind]int{}
	for _, u := range b.Units {
		kinds[u.Kind]++
	}
	dispatching := len(b.Units) - kinds[graph.UnitLocalGovernment]

	checks := []struct {
		what      string
		got, want int
	}{
		{"people", len(b.People), 300},
		{"cadres", len(cadres), 120},
		{"batches", len(batches), 6},
		{"dispatching units", dispatching, 40},
		{"units that dispatched cadres", len(dispatchers), 30},
		{"host units", kinds[graph.UnitLocalGovernment], 25},
		{"companies", len(b.Companies), 80},
		{"projects", len(b.Projects), 100},
		{"regions", len(b.Regions), 30},
		{"KNOWS", count[graph.RelKnows], 800},
		{"SECURED+INTRODUCED", count[graph.RelSecured] + count[graph.RelIntroduced], 100},
		{"INVESTS_IN", count[graph.RelInvestsIn], 40},
		{"SUPPORTS", count[graph.RelSupports], 80},
		{"EMPLOYED_BY", count[graph.RelEmployedBy], 80},
		{"LOCATED_IN", count[graph.RelLocatedIn], len(b.People)},
	}
	for _, c := range checks {
		if c.got < c.want {
			t.Errorf("%s: %d, want at least %d", c.what, c.got, c.want)
		}
	}
	for _, k := range graph.UnitKinds {
		if kinds[k] == 0 {
			t.Errorf("no unit of kind %s", k)
		}
	}
	for _, k := range graph.ProjectKinds {
		if !slices.ContainsFunc(b.Projects, func(p *graph.Project) bool { return p.Kind == k }) {
			t.Errorf("no project of kind %s", k)
		}
	}

	// Former cadres, current cadres, and cadres with two postings.
	postings := map[string]int{}
	var current, former int
	for _, r := range b.Relationships {
		if r.Type == graph.RelPostedTo {
			postings[r.StartID]++
			if r.To == nil {
				current++
			} else {
				former++
			}
		}
	}
	twice := 0
	for _, n := range postings {
		if n > 1 {
			twice++
		}
	}
	if current < 20 || former < 60 || twice < 3 {
		t.Errorf("postings: %d current, %d ended, %d cadres posted twice", current, former, twice)
	}

	hidden := 0
	for _, p := range b.People {
		if !p.Discoverable {
			hidden++
		}
	}
	if hidden == 0 || hidden > len(b.People)/10 {
		t.Errorf("%d of %d people are not discoverable, want about 3%%", hidden, len(b.People))
	}
}

func TestDemoDeterministic(t *testing.T) {
	if a, b := seed.Demo(), seed.Demo(); !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of Demo differ")
	}
}

func TestDemoNames(t *testing.T) {
	b := seed.Demo()
	byName := map[string]*graph.Person{}
	for _, p := range b.People {
		if byName[p.Name] != nil {
			t.Errorf("two people named %s", p.Name)
		}
		byName[p.Name] = p
	}
	for _, want := range []struct{ name, id string }{{"张三", "per_demo-1"}, {"李四", "per_demo-2"}} {
		p := byName[want.name]
		if p == nil {
			t.Errorf("nobody named %s", want.name)
			continue
		}
		if p.ID != want.id || !p.IsCadre || !p.Discoverable {
			t.Errorf("%s: id %s, cadre %v, discoverable %v; want %s, a discoverable cadre", want.name, p.ID, p.IsCadre, p.Discoverable, want.id)
		}
	}
	for _, surname := range []string{"曾", "单", "解", "仇", "区", "查", "欧阳", "司马", "诸葛"} {
		found := false
		for name := range byName {
			if strings.HasPrefix(name, surname) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("nobody with the surname %s", surname)
		}
	}
	companies := map[string]bool{}
	for _, c := range b.Companies {
		if companies[c.Name] {
			t.Errorf("two companies named %s", c.Name)
		}
		companies[c.Name] = true
	}
	for _, x := range b.Entities() {
		if en := nameEn(x); en == "" {
			t.Errorf("%s %s has no English name", x.NodeID(), x.DisplayName())
		}
	}
}

func TestBatches(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    *graph.Batch
	}{{"Demo", seed.Demo()}, {"Scale1", seed.Scale(1)}} {
		t.Run(tc.name, func(t *testing.T) {
			checkBatch(t, tc.b)
			checkInputs(t, tc.b)
		})
	}
}

func TestScaleSize(t *testing.T) {
	s1, s2 := seed.Scale(1), seed.Scale(2)
	if n := s1.Nodes(); n < 4000 || n > 6000 {
		t.Errorf("Scale(1): %d nodes, want 4,000 to 6,000", n)
	}
	if n := len(s1.Relationships); n < 20000 || n > 30000 {
		t.Errorf("Scale(1): %d relationships, want 20,000 to 30,000", n)
	}
	ratio := func(a, b int) float64 { return float64(b) / float64(a) }
	if r := ratio(s1.Nodes(), s2.Nodes()); r < 1.9 || r > 2.1 {
		t.Errorf("Scale(2) has %.2f times the nodes of Scale(1), want about 2", r)
	}
	if r := ratio(len(s1.Relationships), len(s2.Relationships)); r < 1.9 || r > 2.1 {
		t.Errorf("Scale(2) has %.2f times the relationships of Scale(1), want about 2", r)
	}
	if !reflect.DeepEqual(s1, seed.Scale(1)) {
		t.Error("two calls of Scale(1) differ")
	}
	if s0 := seed.Scale(0); s0.Nodes() != s1.Nodes() {
		t.Errorf("Scale(0) has %d nodes, want those of Scale(1)", s0.Nodes())
	}
	// The regions are the demo's, ids included.
	if !reflect.DeepEqual(s1.Regions, seed.Demo().Regions) {
		t.Error("Scale(1) and Demo have different regions")
	}
}

// TestDemoSummary logs what the demo holds, and names the examples the
// documentation uses.
// TestDemoSummary logs what the demo graph holds, and checks what the log
// says: every relationship type the batch carries is there (PART_OF comes
// from the entities' ParentID, not from the batch), every posting names a
// dispatching unit of the batch that is not a host, and the units that sent
// the most cadres sent several and supported projects.
func TestDemoSummary(t *testing.T) {
	b := seed.Demo()
	t.Logf("nodes: %d people, %d units, %d regions, %d companies, %d projects", len(b.People), len(b.Units), len(b.Regions), len(b.Companies), len(b.Projects))
	counts := relCounts(b)
	for _, rt := range graph.RelTypes {
		t.Logf("  %-12s %d", rt, counts[rt])
		if rt != graph.RelPartOf && counts[rt] == 0 {
			t.Errorf("no %s relationship in the demo batch", rt)
		}
	}
	if counts[graph.RelPartOf] != 0 {
		t.Errorf("%d PART_OF relationships in the batch: they come from ParentID", counts[graph.RelPartOf])
	}
	unitKind := map[string]graph.UnitKind{}
	for _, u := range b.Units {
		unitKind[u.ID] = u.Kind
	}
	// The dispatching units that sent the most cadres.
	sent := map[string]int{}
	supports := map[string]int{}
	for _, r := range b.Relationships {
		switch r.Type {
		case graph.RelPostedTo:
			sent[r.DispatchingUnitID]++
			if k, ok := unitKind[r.DispatchingUnitID]; !ok || k == graph.UnitLocalGovernment {
				t.Errorf("posting %s: dispatching unit %q is not a dispatching unit of the batch (%q)", r.ID, r.DispatchingUnitID, k)
			}
		case graph.RelSupports:
			supports[r.StartID]++
		}
	}
	units := append([]*graph.Unit(nil), b.Units...)
	sort.SliceStable(units, func(i, j int) bool { return sent[units[i].ID] > sent[units[j].ID] })
	for _, u := range units[:3] {
		t.Logf("  %s %s: %d postings, %d projects supported", u.ID, u.Name, sent[u.ID], supports[u.ID])
		if sent[u.ID] < 5 || supports[u.ID] == 0 {
			t.Errorf("%s %s, among the three that sent the most: %d postings, %d projects supported; want at least 5 and 1", u.ID, u.Name, sent[u.ID], supports[u.ID])
		}
	}
}

func BenchmarkScale(b *testing.B) {
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				s := seed.Scale(n)
				b.ReportMetric(float64(s.Nodes()), "nodes")
				b.ReportMetric(float64(len(s.Relationships)), "rels")
			}
		})
	}
}

// Helpers.

func relCounts(b *graph.Batch) map[graph.RelType]int {
	m := map[graph.RelType]int{}
	for _, r := range b.Relationships {
		m[r.Type]++
	}
	return m
}

func nameEn(n graph.Node) string {
	switch x := n.(type) {
	case *graph.Person:
		return x.NameEn
	case *graph.Unit:
		return x.NameEn
	case *graph.Region:
		return x.NameEn
	case *graph.Company:
		return x.NameEn
	case *graph.Project:
		return x.NameEn
	}
	return ""
}

func isMidnightUTC(d time.Time) bool {
	return d.Location() == time.UTC && d.Equal(d.Truncate(24*time.Hour))
}

// checkBatch checks the batch's ids, endpoints, dates and codes.
func checkBatch(t *testing.T, b *graph.Batch) {
	t.Helper()
	kinds := map[string]graph.Kind{}
	units := map[string]*graph.Unit{}
	for _, n := range b.Entities() {
		k, err := graph.ParseID(n.NodeID())
		if err != nil || k != n.NodeKind() {
			t.Fatalf("%s: bad id for a %s (%v)", n.NodeID(), n.NodeKind(), err)
		}
		if _, dup := kinds[n.NodeID()]; dup {
			t.Fatalf("%s: duplicate id", n.NodeID())
		}
		kinds[n.NodeID()] = k
		if strings.TrimSpace(n.DisplayName()) == "" {
			t.Errorf("%s: empty name", n.NodeID())
		}
		if u, ok := n.(*graph.Unit); ok {
			units[u.ID] = u
		}
	}
	ref := func(what, id string, want graph.Kind, self string) {
		if id == "" {
			return
		}
		if kinds[id] != want || id == self {
			t.Errorf("%s: %s %q is not another %s of the batch", self, what, id, want)
		}
	}
	for _, u := range b.Units {
		ref("parent", u.ParentID, graph.KindUnit, u.ID)
		ref("region", u.RegionID, graph.KindRegion, u.ID)
		if u.RegionID == "" {
			t.Errorf("%s: no region", u.ID)
		}
	}
	for _, r := range b.Regions {
		ref("parent", r.ParentID, graph.KindRegion, r.ID)
	}
	codes := map[string]bool{}
	coded := 0
	for _, c := range b.Companies {
		ref("parent", c.ParentID, graph.KindCompany, c.ID)
		ref("region", c.RegionID, graph.KindRegion, c.ID)
		if c.CreditCode == "" {
			continue
		}
		coded++
		if err := graph.ValidCreditCode(c.CreditCode); err != nil {
			t.Errorf("%s: credit code %s: %v", c.ID, c.CreditCode, err)
		}
		if codes[c.CreditCode] {
			t.Errorf("%s: duplicate credit code %s", c.ID, c.CreditCode)
		}
		codes[c.CreditCode] = true
	}
	if coded < len(b.Companies)*3/4 {
		t.Errorf("only %d of %d companies have a credit code", coded, len(b.Companies))
	}
	amounts := map[string]float64{}
	for _, p := range b.Projects {
		ref("region", p.RegionID, graph.KindRegion, p.ID)
		if p.StartDate == nil || p.StartDate.After(seed.RefDate) || !isMidnightUTC(*p.StartDate) {
			t.Errorf("%s: start date %v", p.ID, p.StartDate)
		}
		if p.EndDate != nil && (p.EndDate.Before(*p.StartDate) || p.EndDate.After(maxPlanned) || !isMidnightUTC(*p.EndDate)) {
			t.Errorf("%s: end date %v, start %v", p.ID, p.EndDate, p.StartDate)
		}
		if p.Amount != nil {
			if *p.Amount < 5e6 || *p.Amount > 5e9 {
				t.Errorf("%s: amount %.0f", p.ID, *p.Amount)
			}
			amounts[p.ID] = *p.Amount
		}
	}

	endpoints := map[graph.RelType][2]graph.Kind{
		graph.RelPostedTo:   {graph.KindPerson, graph.KindUnit},
		graph.RelMemberOf:   {graph.KindPerson, graph.KindUnit},
		graph.RelEmployedBy: {graph.KindPerson, graph.KindCompany},
		graph.RelLocatedIn:  {graph.KindPerson, graph.KindRegion},
		graph.RelSecured:    {graph.KindPerson, graph.KindProject},
		graph.RelIntroduced: {graph.KindPerson, graph.KindProject},
		graph.RelInvestsIn:  {graph.KindCompany, graph.KindProject},
		graph.RelSupports:   {graph.KindUnit, graph.KindProject},
		graph.RelKnows:      {graph.KindPerson, graph.KindPerson},
	}
	relIDs := map[string]bool{}
	pairs := map[[2]string]bool{}
	posted := map[string][]*graph.Relationship{}
	invested := map[string]float64{}
	for _, r := range b.Relationships {
		if err := graph.ParseRelID("id", r.ID); err != nil {
			t.Fatalf("%v", err)
		}
		if relIDs[r.ID] {
			t.Fatalf("%s: duplicate relationship id", r.ID)
		}
		relIDs[r.ID] = true
		ends, ok := endpoints[r.Type]
		if !ok {
			t.Fatalf("%s: type %q is not one the batch may hold", r.ID, r.Type)
		}
		if kinds[r.StartID] != ends[0] || kinds[r.EndID] != ends[1] {
			t.Fatalf("%s %s: %s → %s, want %s → %s of the batch", r.ID, r.Type, r.StartID, r.EndID, ends[0], ends[1])
		}
		for _, d := range []*time.Time{r.From, r.To} {
			if d != nil && !isMidnightUTC(*d) {
				t.Errorf("%s: date %v is not a UTC midnight", r.ID, d)
			}
		}
		if r.From != nil && r.From.After(seed.RefDate) {
			t.Errorf("%s %s: from %v is after the reference date", r.ID, r.Type, r.From)
		}
		if r.To != nil && (r.To.After(maxPlanned) || (r.From != nil && r.To.Before(*r.From))) {
			t.Errorf("%s %s: period %v to %v", r.ID, r.Type, r.From, r.To)
		}
		if r.From == nil && r.Type != graph.RelLocatedIn {
			t.Errorf("%s %s: no date", r.ID, r.Type)
		}
		switch r.Type {
		case graph.RelPostedTo:
			host, disp := units[r.EndID], units[r.DispatchingUnitID]
			if host.Kind != graph.UnitLocalGovernment || disp == nil || disp.Kind == graph.UnitLocalGovernment {
				t.Errorf("%s: posting to %s sent by %q", r.ID, host.Name, r.DispatchingUnitID)
			}
			if r.Title == "" || r.Batch == nil || r.From == nil || r.From.Year() != *r.Batch {
				t.Errorf("%s: posting title %q, batch %v, from %v", r.ID, r.Title, r.Batch, r.From)
			}
			posted[r.StartID] = append(posted[r.StartID], r)
		case graph.RelKnows:
			if r.StartID == r.EndID {
				t.Errorf("%s: %s knows themselves", r.ID, r.StartID)
			}
			pair := [2]string{min(r.StartID, r.EndID), max(r.StartID, r.EndID)}
			if pairs[pair] {
				t.Errorf("%s: %s and %s already know each other", r.ID, r.StartID, r.EndID)
			}
			pairs[pair] = true
		case graph.RelInvestsIn:
			if r.Amount == nil || *r.Amount <= 0 {
				t.Errorf("%s: investment without amount", r.ID)
			} else {
				invested[r.EndID] += *r.Amount
			}
		case graph.RelSupports:
			if r.Note == "" {
				t.Errorf("%s: support without note", r.ID)
			}
		}
	}
	for id, sum := range invested {
		if a, ok := amounts[id]; ok && sum > a+1 {
			t.Errorf("%s: investments of %.0f exceed the project's %.0f", id, sum, a)
		}
	}
	for _, p := range b.People {
		if p.IsCadre != (len(posted[p.ID]) > 0) {
			t.Errorf("%s: IsCadre %v with %d postings", p.ID, p.IsCadre, len(posted[p.ID]))
		}
		// A cadre's postings do not overlap.
		ps := posted[p.ID]
		for i := 1; i < len(ps); i++ {
			if ps[i-1].To == nil || !ps[i].From.After(*ps[i-1].To) {
				t.Errorf("%s: postings %s and %s overlap", p.ID, ps[i-1].ID, ps[i].ID)
			}
		}
	}
	// Cadres secured most projects during a posting.
	var during, byCadres int
	for _, r := range b.Relationships {
		if r.Type != graph.RelSecured && r.Type != graph.RelIntroduced {
			continue
		}
		ps := posted[r.StartID]
		if len(ps) == 0 {
			continue
		}
		byCadres++
		for _, p := range ps {
			if !r.From.Before(*p.From) && (p.To == nil || !r.From.After(*p.To)) {
				during++
				break
			}
		}
	}
	if during < byCadres*7/10 {
		t.Errorf("%d of %d cadres' project roles fall within a posting, want most", during, byCadres)
	}
}

// checkInputs checks that every entity and relationship would pass the
// service's validation as input.
func checkInputs(t *testing.T, b *graph.Batch) {
	t.Helper()
	check := func(what string, err error) {
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	opt := func(s string) *string { return &s }
	optID := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	for _, p := range b.People {
		check(p.ID, (&graph.CreatePersonInput{
			Name: p.Name, NameEn: opt(p.NameEn), Gender: p.Gender, BirthYear: p.BirthYear, Expertise: p.Expertise,
			Bio: opt(p.Bio), Phone: opt(p.Phone), Email: opt(p.Email), Wechat: opt(p.Wechat), Discoverable: &p.Discoverable,
		}).Validate())
	}
	for _, u := range b.Units {
		check(u.ID, (&graph.CreateUnitInput{
			Name: u.Name, NameEn: opt(u.NameEn), ShortName: opt(u.ShortName), Kind: u.Kind,
			Description: opt(u.Description), ParentID: optID(u.ParentID), RegionID: optID(u.RegionID),
		}).Validate())
	}
	for _, r := range b.Regions {
		check(r.ID, (&graph.CreateRegionInput{
			Name: r.Name, NameEn: opt(r.NameEn), Level: r.Level, Code: opt(r.Code), ParentID: optID(r.ParentID),
		}).Validate())
	}
	for _, c := range b.Companies {
		check(c.ID, (&graph.CreateCompanyInput{
			Name: c.Name, NameEn: opt(c.NameEn), CreditCode: opt(c.CreditCode), Industry: opt(c.Industry),
			Description: opt(c.Description), ParentID: optID(c.ParentID), RegionID: optID(c.RegionID),
		}).Validate())
	}
	for _, p := range b.Projects {
		check(p.ID, (&graph.CreateProjectInput{
			Name: p.Name, NameEn: opt(p.NameEn), Kind: p.Kind, Status: &p.Status, Amount: p.Amount,
			StartDate: p.StartDate, EndDate: p.EndDate, Description: opt(p.Description), RegionID: optID(p.RegionID),
		}).Validate())
	}
	for _, r := range b.Relationships {
		var v interface{ Validate() error }
		switch r.Type {
		case graph.RelPostedTo:
			v = &graph.AddPostingInput{PersonID: r.StartID, HostUnitID: r.EndID, DispatchingUnitID: r.DispatchingUnitID,
				Title: r.Title, Batch: r.Batch, From: *r.From, To: r.To}
		case graph.RelMemberOf:
			v = &graph.AddMembershipInput{PersonID: r.StartID, UnitID: r.EndID, Title: opt(r.Title), From: r.From, To: r.To}
		case graph.RelEmployedBy:
			v = &graph.AddEmploymentInput{PersonID: r.StartID, CompanyID: r.EndID, Title: opt(r.Title), From: r.From, To: r.To}
		case graph.RelLocatedIn:
			v = &graph.AddLocationInput{EntityID: r.StartID, RegionID: r.EndID, From: r.From, To: r.To}
		case graph.RelSecured, graph.RelIntroduced:
			v = &graph.AddProjectRoleInput{PersonID: r.StartID, ProjectID: r.EndID, Role: graph.ProjectRole(r.Type), Date: r.From}
		case graph.RelInvestsIn:
			v = &graph.AddInvestmentInput{CompanyID: r.StartID, ProjectID: r.EndID, Amount: r.Amount, Date: r.From}
		case graph.RelSupports:
			v = &graph.AddSupportInput{UnitID: r.StartID, ProjectID: r.EndID, Note: opt(r.Note), Date: r.From}
		case graph.RelKnows:
			v = &graph.AddAcquaintanceInput{PersonID: r.StartID, OtherID: r.EndID, Since: r.From, How: opt(r.How)}
		default:
			t.Fatalf("%s: unexpected type %s", r.ID, r.Type)
		}
		check(r.ID, v.Validate())
	}
}

func TestDemoInteractions(t *testing.T) {
	b := seed.Demo()
	people := map[string]bool{}
	for _, p := range b.People {
		people[p.ID] = true
	}
	if len(b.Interactions) < 500 {
		t.Errorf("%d interactions, want enough history for reconnect suggestions (≥ 500)", len(b.Interactions))
	}
	ids := map[string]bool{}
	stale, recent := 0, 0
	for _, it := range b.Interactions {
		if ids[it.ID] {
			t.Errorf("interaction id %s twice", it.ID)
		}
		ids[it.ID] = true
		in := graph.LogInteractionInput{ParticipantIDs: it.ParticipantIDs, At: it.At, Kind: it.Kind, Summary: &it.Summary, AboutIDs: it.AboutIDs}
		if err := in.Validate(); err != nil {
			t.Errorf("interaction %s: %v", it.ID, err)
		}
		for _, p := range it.ParticipantIDs {
			if !people[p] {
				t.Errorf("interaction %s: unknown participant %s", it.ID, p)
			}
		}
		if it.At.After(seed.RefDate.AddDate(0, 0, 1)) {
			t.Errorf("interaction %s after the reference date: %s", it.ID, it.At)
		}
		if seed.RefDate.Sub(it.At) > 180*24*time.Hour {
			stale++
		} else {
			recent++
		}
	}
	if stale < 100 || recent < 100 {
		t.Errorf("%d stale and %d recent interactions: reconnect suggestions need both", stale, recent)
	}
}
