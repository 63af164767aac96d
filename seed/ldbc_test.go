package seed_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/seed"
)

// The LDBC tests read the files themselves, independently of the importer,
// and check the batch against what they read.

// EnvLDBCDir overrides where the LDBC SNB sample is.
const envLDBCDir = "LIAISON_LDBC_DIR"

// ldbcDir is the LDBC SNB sample: $LIAISON_LDBC_DIR, or the copy in this
// repository, seed/testdata/ldbc-snb-sample (go test runs in the package's
// directory). It fails the test when the files are missing: the check must
// not pass vacuously.
func ldbcDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(envLDBCDir)
	if dir == "" {
		dir = filepath.Join("testdata", "ldbc-snb-sample")
	}
	if _, err := os.Stat(filepath.Join(dir, "person_0_0.csv")); err != nil {
		tb.Fatalf("LDBC SNB sample not found: %v\n(it is seed/testdata/ldbc-snb-sample in the repository; %s overrides it)", err, envLDBCDir)
	}
	return dir
}

// csvRows reads a pipe-separated file: its header and its data rows.
func csvRows(tb testing.TB, dir, name string) (header []string, rows [][]string) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		tb.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "|")
		if i == 0 {
			header = f
			continue
		}
		if len(f) != len(header) {
			tb.Fatalf("%s:%d: %d fields, header has %d", name, i+1, len(f), len(header))
		}
		rows = append(rows, f)
	}
	return header, rows
}

// column returns the values of the header's first column called name.
func column(tb testing.TB, header []string, rows [][]string, name string) []string {
	tb.Helper()
	for j, h := range header {
		if h == name {
			var out []string
			for _, r := range rows {
				out = append(out, r[j])
			}
			return out
		}
	}
	tb.Fatalf("no column %s in %v", name, header)
	return nil
}

// knowsGraph is the acquaintance graph as the test reads it: LDBC person
// ids, and the set of persons (with no edge, a person is still there).
type knowsGraph struct {
	persons map[string]bool
	adj     map[string][]string
	pairs   map[[2]string]bool // unordered pairs, smaller id first
}

func readKnows(tb testing.TB, dir string) *knowsGraph {
	tb.Helper()
	g := &knowsGraph{persons: map[string]bool{}, adj: map[string][]string{}, pairs: map[[2]string]bool{}}
	h, rows := csvRows(tb, dir, "person_0_0.csv")
	for _, id := range column(tb, h, rows, "id") {
		g.persons[id] = true
	}
	_, rows = csvRows(tb, dir, "person_knows_person_0_0.csv")
	for _, r := range rows {
		a, b := r[0], r[1]
		if a == b {
			continue
		}
		p := [2]string{min(a, b), max(a, b)}
		if g.pairs[p] {
			continue
		}
		g.pairs[p] = true
		g.adj[a] = append(g.adj[a], b)
		g.adj[b] = append(g.adj[b], a)
	}
	return g
}

// distance is the number of KNOWS hops between two LDBC persons by
// breadth-first search, 0 from a person to themselves, and -1 when there
// is no path or either is no person.
func (g *knowsGraph) distance(a, b string) int {
	if !g.persons[a] || !g.persons[b] {
		return -1
	}
	dist := map[string]int{a: 0}
	queue := []string{a}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x == b {
			return dist[x]
		}
		for _, y := range g.adj[x] {
			if _, ok := dist[y]; !ok {
				dist[y] = dist[x] + 1
				queue = append(queue, y)
			}
		}
	}
	return -1
}

func TestLDBC(t *testing.T) {
	dir := ldbcDir(t)
	b, err := seed.LDBC(dir)
	if err != nil {
		t.Fatal(err)
	}

	rowsOf := func(name string) [][]string { _, r := csvRows(t, dir, name); return r }
	orgH, orgs := csvRows(t, dir, "organisation_0_0.csv")
	orgType := map[string]string{}
	types := column(t, orgH, orgs, "type")
	for i, id := range column(t, orgH, orgs, "id") {
		orgType[id] = types[i]
	}
	var universities, companies int
	for _, ty := range orgType {
		switch ty {
		case "university":
			universities++
		case "company":
			companies++
		}
	}
	g := readKnows(t, dir)
	counts := relCounts(b)
	regionParents, orgRegions := regionLinks(b)
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"people", len(b.People), len(rowsOf("person_0_0.csv"))},
		{"people (README)", len(b.People), 222},
		{"university units", len(b.Units), universities},
		{"companies", len(b.Companies), companies},
		{"organisations (README)", len(b.Units) + len(b.Companies), 7955},
		{"regions", len(b.Regions), len(rowsOf("place_0_0.csv"))},
		{"regions (README)", len(b.Regions), 1460},
		{"regions with a parent", regionParents, len(rowsOf("place_isPartOf_place_0_0.csv"))},
		{"organisations with a region", orgRegions, len(rowsOf("organisation_isLocatedIn_place_0_0.csv"))},
		{"KNOWS", counts[graph.RelKnows], len(g.pairs)},
		// The sample lists every pair once, in one direction only.
		{"KNOWS (rows of the file)", counts[graph.RelKnows], len(rowsOf("person_knows_person_0_0.csv"))},
		{"MEMBER_OF", counts[graph.RelMemberOf], len(rowsOf("person_studyAt_organisation_0_0.csv"))},
		{"EMPLOYED_BY", counts[graph.RelEmployedBy], len(rowsOf("person_workAt_organisation_0_0.csv"))},
		{"LOCATED_IN", counts[graph.RelLocatedIn], len(rowsOf("person_isLocatedIn_place_0_0.csv"))},
		{"relationships", len(b.Relationships), counts[graph.RelKnows] + counts[graph.RelMemberOf] + counts[graph.RelEmployedBy] + counts[graph.RelLocatedIn]},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}

	// Ids: valid, of the right kind, unique, and deterministic.
	kinds := map[string]graph.Kind{}
	entityID := regexp.MustCompile(`^(per|unt|com|reg)_ldbc-[0-9]+$`)
	for _, n := range b.Entities() {
		k, err := graph.ParseID(n.NodeID())
		if err != nil || k != n.NodeKind() || !entityID.MatchString(n.NodeID()) {
			t.Fatalf("%s: bad id for a %s (%v)", n.NodeID(), n.NodeKind(), err)
		}
		if _, dup := kinds[n.NodeID()]; dup {
			t.Fatalf("%s: duplicate id", n.NodeID())
		}
		kinds[n.NodeID()] = k
		if nameEn(n) != n.DisplayName() || strings.Contains(n.DisplayName(), "_") {
			t.Errorf("%s: name %q, English name %q", n.NodeID(), n.DisplayName(), nameEn(n))
		}
	}
	for id, ty := range orgType {
		want := map[string]string{"university": "unt_ldbc-", "company": "com_ldbc-"}[ty] + id
		if kinds[want] == "" {
			t.Errorf("organisation %s (%s) is not %s in the batch", id, ty, want)
		}
	}
	for _, r := range b.Regions {
		if r.ParentID != "" && kinds[r.ParentID] != graph.KindRegion {
			t.Errorf("%s: parent %s is not a region of the batch", r.ID, r.ParentID)
		}
	}
	for _, u := range b.Units {
		if u.Kind != graph.UnitUniversity || kinds[u.RegionID] != graph.KindRegion {
			t.Errorf("%s: kind %s, region %q", u.ID, u.Kind, u.RegionID)
		}
	}
	for _, c := range b.Companies {
		if kinds[c.RegionID] != graph.KindRegion || c.Industry != "" || c.CreditCode != "" {
			t.Errorf("%s: region %q, industry %q, credit code %q", c.ID, c.RegionID, c.Industry, c.CreditCode)
		}
	}
	relID := regexp.MustCompile(`^rel_ldbc-[kswl]-[0-9]+$`)
	ends := map[graph.RelType][2]graph.Kind{
		graph.RelKnows:      {graph.KindPerson, graph.KindPerson},
		graph.RelMemberOf:   {graph.KindPerson, graph.KindUnit},
		graph.RelEmployedBy: {graph.KindPerson, graph.KindCompany},
		graph.RelLocatedIn:  {graph.KindPerson, graph.KindRegion},
	}
	relIDs := map[string]bool{}
	pairs := map[[2]string]bool{}
	for _, r := range b.Relationships {
		if err := graph.ParseRelID("id", r.ID); err != nil || !relID.MatchString(r.ID) {
			t.Fatalf("%s: bad relationship id (%v)", r.ID, err)
		}
		if relIDs[r.ID] {
			t.Fatalf("%s: duplicate relationship id", r.ID)
		}
		relIDs[r.ID] = true
		e, ok := ends[r.Type]
		if !ok || kinds[r.StartID] != e[0] || kinds[r.EndID] != e[1] {
			t.Fatalf("%s %s: %s → %s: endpoints not of the batch or of the wrong kind", r.ID, r.Type, r.StartID, r.EndID)
		}
		for _, d := range []*time.Time{r.From, r.To} {
			if d != nil && !isMidnightUTC(*d) {
				t.Errorf("%s: date %v is not a UTC midnight", r.ID, d)
			}
		}
		if r.Type == graph.RelKnows {
			if r.StartID == r.EndID {
				t.Errorf("%s: %s knows themselves", r.ID, r.StartID)
			}
			p := [2]string{strings.TrimPrefix(r.StartID, "per_ldbc-"), strings.TrimPrefix(r.EndID, "per_ldbc-")}
			p = [2]string{min(p[0], p[1]), max(p[0], p[1])}
			if pairs[p] {
				t.Errorf("%s: %s and %s already know each other", r.ID, r.StartID, r.EndID)
			}
			pairs[p] = true
			if r.From == nil || r.From.Year() != 2010 {
				t.Errorf("%s: since %v, the sample's acquaintances are of 2010", r.ID, r.From)
			}
		}
	}
	if !reflect.DeepEqual(pairs, g.pairs) {
		t.Errorf("the KNOWS pairs of the batch differ from those of the file")
	}
	checkInputs(t, b)

	// One person and their relationships, field by field.
	var jose *graph.Person
	for _, p := range b.People {
		if p.ID == "per_ldbc-8796093022220" {
			jose = p
		}
	}
	if jose == nil || jose.Name != "Jose Alonso" || jose.NameEn != "Jose Alonso" || jose.Gender == nil || *jose.Gender != graph.GenderFemale ||
		jose.BirthYear == nil || *jose.BirthYear != 1987 || jose.Email != "Jose8796093022220@gmail.com" || !jose.Discoverable {
		t.Errorf("person 8796093022220 = %+v", jose)
	}
	var got []string
	for _, r := range b.Relationships {
		if r.StartID == "per_ldbc-8796093022220" && r.Type != graph.RelKnows {
			got = append(got, string(r.Type)+" "+r.EndID+" "+r.Title+" "+day(r.From)+".."+day(r.To))
		}
	}
	want := []string{
		"MEMBER_OF unt_ldbc-2435 校友 alumnus 2008 ..2008-07-01",
		"EMPLOYED_BY com_ldbc-296  2009-01-01..",
		"EMPLOYED_BY com_ldbc-298  2010-01-01..",
		"LOCATED_IN reg_ldbc-1073  ..",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("relationships of person 8796093022220:\n got %q\nwant %q", got, want)
	}
	// 1278777892244 ms is 2010-07-10T16:04:52Z.
	if k := b.Relationships[0]; k.ID != "rel_ldbc-k-1" || k.StartID != "per_ldbc-4398046511192" || k.EndID != "per_ldbc-4398046511325" || day(k.From) != "2010-07-10" {
		t.Errorf("first KNOWS = %+v", k)
	}

	again, err := seed.LDBC(dir)
	if err != nil || !reflect.DeepEqual(b, again) {
		t.Errorf("two reads of the same files differ (%v)", err)
	}
}

func day(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.Format(time.DateOnly)
}

func TestLDBCShortestPairs(t *testing.T) {
	dir := ldbcDir(t)
	pairs, err := seed.LDBCShortestPairs(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, rows := csvRows(t, dir, "interactive_13_param.txt")
	if len(pairs) != len(rows) || len(pairs) == 0 {
		t.Fatalf("%d pairs, the file has %d rows", len(pairs), len(rows))
	}
	for i, r := range rows {
		if want := [2]string{"per_ldbc-" + r[0], "per_ldbc-" + r[1]}; pairs[i] != want {
			t.Errorf("pair %d = %v, want %v", i, pairs[i], want)
		}
	}
}

// copyLDBC copies the sample to a temporary directory, where a test may
// break it.
func copyLDBC(t *testing.T, dir string) string {
	t.Helper()
	tmp := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tmp
}

// editLDBC rewrites one file of dir; edit gets its lines, header first.
func editLDBC(t *testing.T, dir, name string, edit func(lines [][]string) [][]string) {
	t.Helper()
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]string
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		lines = append(lines, strings.Split(l, "|"))
	}
	var out strings.Builder
	for _, l := range edit(lines) {
		out.WriteString(strings.Join(l, "|") + "\n")
	}
	if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// set sets field col of line (1-based, the header is line 1).
func set(line, col int, v string) func([][]string) [][]string {
	return func(ls [][]string) [][]string { ls[line-1][col] = v; return ls }
}

func TestLDBCMalformed(t *testing.T) {
	dir := ldbcDir(t)
	for _, tc := range []struct {
		name string
		file string
		edit func([][]string) [][]string
		want string
	}{
		{"Birthday", "person_0_0.csv", set(17, 4, "x"), `person_0_0.csv:17: column birthday: "x" is not a number`},
		{"Gender", "person_0_0.csv", set(3, 3, "other"), `person_0_0.csv:3: column gender: "other" is neither male nor female`},
		{"PersonID", "person_0_0.csv", set(2, 0, "12a"), `person_0_0.csv:2: column id: "12a" is not a number`},
		{"Email", "person_0_0.csv", set(4, 9, "not an address;x@example.com"), `person_0_0.csv:4: column email: "not an address" is not an e-mail address`},
		{"DuplicatePerson", "person_0_0.csv", set(5, 0, "8796093022220"), `person_0_0.csv:5: column id: duplicate person id 8796093022220`},
		{"Columns", "person_0_0.csv", func(ls [][]string) [][]string { ls[2] = ls[2][:9]; return ls },
			`person_0_0.csv:3: 9 columns, the header has 10`},
		{"Header", "person_0_0.csv", set(1, 4, "born"), `person_0_0.csv:1: header "id|firstName|lastName|gender|born|creationDate|locationIP|browserUsed|language|email" has no column birthday`},
		{"KnowsUnknown", "person_knows_person_0_0.csv", set(2, 1, "999"), `person_knows_person_0_0.csv:2: column Person.id: no person 999 in person_0_0.csv`},
		{"KnowsDate", "person_knows_person_0_0.csv", set(9, 2, "2010-07-10"), `person_knows_person_0_0.csv:9: column creationDate: "2010-07-10" is not a number`},
		{"StudyAtCompany", "person_studyAt_organisation_0_0.csv", set(2, 1, "0"), `person_studyAt_organisation_0_0.csv:2: column Organisation.id: organisation 0 is a company, not a university`},
		{"WorkAtUnknown", "person_workAt_organisation_0_0.csv", set(3, 1, "99999"), `person_workAt_organisation_0_0.csv:3: column Organisation.id: no organisation 99999 in organisation_0_0.csv`},
		{"ClassYear", "person_studyAt_organisation_0_0.csv", set(4, 2, "20x8"), `person_studyAt_organisation_0_0.csv:4: column classYear: "20x8" is not a number`},
		{"PlaceType", "place_0_0.csv", set(2, 3, "planet"), `place_0_0.csv:2: column type: "planet" is not a place type (city, country or continent)`},
		{"PlaceName", "place_0_0.csv", set(2, 1, "_"), `place_0_0.csv:2: input.name: must not be empty`},
		{"OrganisationType", "organisation_0_0.csv", set(2, 1, "ngo"), `organisation_0_0.csv:2: column type: "ngo" is not an organisation type (university or company)`},
		{"PartOfItself", "place_isPartOf_place_0_0.csv", set(2, 1, "0"), `place_isPartOf_place_0_0.csv:2: column Place.id: place 0 is part of itself`},
		{"Missing", "place_isPartOf_place_0_0.csv", nil, `place_isPartOf_place_0_0.csv: no such file`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := copyLDBC(t, dir)
			if tc.edit == nil {
				if err := os.Remove(filepath.Join(tmp, tc.file)); err != nil {
					t.Fatal(err)
				}
			} else {
				editLDBC(t, tmp, tc.file, tc.edit)
			}
			b, err := seed.LDBC(tmp)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LDBC of a broken %s = %v, %v; want an error containing\n%s", tc.file, b != nil, err, tc.want)
			}
		})
	}
}

// TestLDBCKnowsUndirected feeds the importer what the sample does not
// hold: a pair in both directions, a self-acquaintance and dates out of
// range.
func TestLDBCKnowsUndirected(t *testing.T) {
	dir := ldbcDir(t)
	tmp := copyLDBC(t, dir)
	editLDBC(t, tmp, "person_knows_person_0_0.csv", func(ls [][]string) [][]string {
		first := ls[1]                                                            // 4398046511192|4398046511325|1278777892244 (2010-07-10)
		ls = append(ls, []string{first[1], first[0], "1262304000000"})            // the reverse, 2010-01-01
		ls = append(ls, []string{first[0], first[0], "1262304000000"})            // themselves
		ls[2][2] = "-2208988800000"                                               // 1900-01-01
		ls[3][2] = strconv.FormatInt(time.Now().AddDate(1, 0, 0).UnixMilli(), 10) // in the future
		return ls
	})
	editLDBC(t, tmp, "person_0_0.csv", set(2, 4, "-5364662400000")) // born 1800
	b, err := seed.LDBC(tmp)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := seed.LDBC(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := relCounts(b)[graph.RelKnows], relCounts(orig)[graph.RelKnows]; got != want {
		t.Errorf("%d KNOWS, want %d as without the reverse and the self pair", got, want)
	}
	k := b.Relationships[0]
	if k.StartID != "per_ldbc-4398046511192" || day(k.From) != "2010-01-01" {
		t.Errorf("pair listed twice: %+v, want the first direction and the earlier date", k)
	}
	if b.Relationships[1].From != nil || b.Relationships[2].From != nil {
		t.Errorf("dates out of range kept: %v, %v", b.Relationships[1].From, b.Relationships[2].From)
	}
	if b.People[0].BirthYear != nil {
		t.Errorf("birth year %d kept", *b.People[0].BirthYear)
	}
	checkInputs(t, b)
}

// regionLinks counts the regions of the batch with a parent and the units
// and companies with a region: the PART_OF and LOCATED_IN relationships
// that the batch holds as fields, not as Relationships.
func regionLinks(b *graph.Batch) (parents, located int) {
	for _, r := range b.Regions {
		if r.ParentID != "" {
			parents++
		}
	}
	for _, u := range b.Units {
		if u.RegionID != "" {
			located++
		}
	}
	for _, c := range b.Companies {
		if c.RegionID != "" {
			located++
		}
	}
	return parents, located
}
