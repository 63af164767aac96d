package seed

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
)

// LDBC file names, as the LDBC SNB Datagen writes them for one partition.
const (
	ldbcPerson         = "person_0_0.csv"
	ldbcKnows          = "person_knows_person_0_0.csv"
	ldbcStudyAt        = "person_studyAt_organisation_0_0.csv"
	ldbcWorkAt         = "person_workAt_organisation_0_0.csv"
	ldbcPersonLocation = "person_isLocatedIn_place_0_0.csv"
	ldbcOrganisation   = "organisation_0_0.csv"
	ldbcOrgLocation    = "organisation_isLocatedIn_place_0_0.csv"
	ldbcPlace          = "place_0_0.csv"
	ldbcPlacePartOf    = "place_isPartOf_place_0_0.csv"
	ldbcQuery13Params  = "interactive_13_param.txt"
)

// LDBCIDPrefix is the suffix prefix of every id LDBC makes: entities are
// <kind>_ldbc-<LDBC id> and relationships rel_ldbc-<file letter>-<row>.
const LDBCIDPrefix = "ldbc-"

// LDBC reads the social network of an LDBC SNB Interactive data set in
// CsvBasic form (pipe-separated, a header line, dates in epoch
// milliseconds), such as the sample in seed/testdata/ldbc-snb-sample, and
// maps it onto Liaison's graph. docs/ldbc-mapping.md has the full table.
//
//   - person_0_0.csv: a Person per row, id per_ldbc-<id>; Name and NameEn
//     "<firstName> <lastName>"; gender male/female; BirthYear the UTC year
//     of birthday; Email the first address of the ';'-separated list;
//     Discoverable. creationDate, locationIP, browserUsed and language are
//     not kept.
//   - place_0_0.csv: a Region per row, id reg_ldbc-<id>, level CITY,
//     COUNTRY or CONTINENT from type, Name and NameEn the name with '_'
//     read as ' '; place_isPartOf_place_0_0.csv gives ParentID.
//   - organisation_0_0.csv: every organisation, referenced or not, so that
//     the graph is the whole data set: type university is a Unit of kind
//     UNIVERSITY (unt_ldbc-<id>), type company a Company (com_ldbc-<id>,
//     no industry, no credit code); names with '_' read as ' ';
//     organisation_isLocatedIn_place_0_0.csv gives RegionID.
//   - person_knows_person_0_0.csv: KNOWS rel_ldbc-k-<n>, From the UTC date
//     of creationDate. KNOWS is undirected: a pair listed twice (in either
//     direction) gives one relationship, directed as first listed, dated
//     by the earlier creationDate; a person knowing themselves is dropped.
//   - person_studyAt_organisation_0_0.csv: MEMBER_OF person → university
//     rel_ldbc-s-<n>, Title "校友 alumnus <classYear>", From unknown, To
//     <classYear>-07-01 (graduation).
//   - person_workAt_organisation_0_0.csv: EMPLOYED_BY person → company
//     rel_ldbc-w-<n>, From <workFrom>-01-01, To unknown (current).
//   - person_isLocatedIn_place_0_0.csv: LOCATED_IN person → region
//     rel_ldbc-l-<n>, undated.
//
// <n> is the 1-based number of the row among the file's data rows (its
// line number minus one when the file has no blank lines), so the same files always give the same ids and
// loading them again updates instead of duplicating.
//
// Every entity and relationship passes the service's input validation. A
// date that validation would reject (a year before 1949 or more than 30
// years ahead, an acquaintance in the future, a birth year outside
// 1900..this year) is dropped, leaving the field unknown, rather than
// failing the import. Everything else that does not fit fails it, with
// the file, the line and, where one is to blame, the column: malformed
// numbers, unknown genders, place or organisation types, rows with the
// wrong number of columns, duplicate ids, references to ids the files do
// not define, a study at a company or work at a university.
func LDBC(dir string) (*graph.Batch, error) {
	l := &ldbcImport{
		dir:     dir,
		b:       &graph.Batch{},
		people:  map[string]*graph.Person{},
		regions: map[string]*graph.Region{},
		units:   map[string]*graph.Unit{},
		comps:   map[string]*graph.Company{},
	}
	for _, step := range []func() error{l.places, l.placeParents, l.organisations, l.orgLocations,
		l.persons, l.knows, l.studyAt, l.workAt, l.personLocations} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return l.b, nil
}

// LDBCShortestPairs reads interactive_13_param.txt, the parameters of LDBC
// Interactive Complex query 13 (length of the shortest KNOWS path between
// two persons), and returns each pair as Liaison person ids. The ids need
// not be of persons that exist: the query's answer is then -1.
func LDBCShortestPairs(dir string) ([][2]string, error) {
	var pairs [][2]string
	err := readLDBC(dir, ldbcQuery13Params, []string{"person1Id", "person2Id"}, func(r *ldbcRow) error {
		a, err := r.id(0, graph.KindPerson)
		if err != nil {
			return err
		}
		b, err := r.id(1, graph.KindPerson)
		if err != nil {
			return err
		}
		pairs = append(pairs, [2]string{a, b})
		return nil
	})
	return pairs, err
}

type ldbcImport struct {
	dir     string
	b       *graph.Batch
	people  map[string]*graph.Person // by Liaison id
	regions map[string]*graph.Region
	units   map[string]*graph.Unit
	comps   map[string]*graph.Company
}

var ldbcLevels = map[string]graph.RegionLevel{
	"city":      graph.RegionCity,
	"country":   graph.RegionCountry,
	"continent": graph.RegionContinent,
}

func (l *ldbcImport) places() error {
	return readLDBC(l.dir, ldbcPlace, []string{"id", "name", "type"}, func(r *ldbcRow) error {
		id, err := r.id(0, graph.KindRegion)
		if err != nil {
			return err
		}
		if l.regions[id] != nil {
			return r.errf(0, "duplicate place id %s", r.get(0))
		}
		level, ok := ldbcLevels[r.get(2)]
		if !ok {
			return r.errf(2, "%q is not a place type (city, country or continent)", r.get(2))
		}
		name := ldbcName(r.get(1))
		reg := &graph.Region{ID: id, Name: name, NameEn: name, Level: level}
		if err := (&graph.CreateRegionInput{Name: name, NameEn: &name, Level: level}).Validate(); err != nil {
			return r.invalid(err)
		}
		l.regions[id] = reg
		l.b.Regions = append(l.b.Regions, reg)
		return nil
	})
}

func (l *ldbcImport) placeParents() error {
	return readLDBC(l.dir, ldbcPlacePartOf, []string{"Place.id", "Place.id"}, func(r *ldbcRow) error {
		child, err := l.region(r, 0)
		if err != nil {
			return err
		}
		parent, err := l.region(r, 1)
		if err != nil {
			return err
		}
		c := l.regions[child]
		switch {
		case child == parent:
			return r.errf(1, "place %s is part of itself", r.get(0))
		case c.ParentID != "":
			return r.errf(0, "place %s is already part of place %s", r.get(0), strings.TrimPrefix(c.ParentID, "reg_"+LDBCIDPrefix))
		}
		c.ParentID = parent
		return nil
	})
}

func (l *ldbcImport) organisations() error {
	return readLDBC(l.dir, ldbcOrganisation, []string{"id", "type", "name"}, func(r *ldbcRow) error {
		name := ldbcName(r.get(2))
		switch r.get(1) {
		case "university":
			id, err := r.id(0, graph.KindUnit)
			if err != nil {
				return err
			}
			if l.units[id] != nil || l.comps["com"+strings.TrimPrefix(id, "unt")] != nil {
				return r.errf(0, "duplicate organisation id %s", r.get(0))
			}
			if err := (&graph.CreateUnitInput{Name: name, NameEn: &name, Kind: graph.UnitUniversity}).Validate(); err != nil {
				return r.invalid(err)
			}
			u := &graph.Unit{ID: id, Name: name, NameEn: name, Kind: graph.UnitUniversity}
			l.units[id] = u
			l.b.Units = append(l.b.Units, u)
		case "company":
			id, err := r.id(0, graph.KindCompany)
			if err != nil {
				return err
			}
			if l.comps[id] != nil || l.units["unt"+strings.TrimPrefix(id, "com")] != nil {
				return r.errf(0, "duplicate organisation id %s", r.get(0))
			}
			if err := (&graph.CreateCompanyInput{Name: name, NameEn: &name}).Validate(); err != nil {
				return r.invalid(err)
			}
			c := &graph.Company{ID: id, Name: name, NameEn: name}
			l.comps[id] = c
			l.b.Companies = append(l.b.Companies, c)
		default:
			return r.errf(1, "%q is not an organisation type (university or company)", r.get(1))
		}
		return nil
	})
}

// org finds the organisation of column i: a university unit or a company.
func (l *ldbcImport) org(r *ldbcRow, i int) (*graph.Unit, *graph.Company, error) {
	uid, err := r.id(i, graph.KindUnit)
	if err != nil {
		return nil, nil, err
	}
	if u := l.units[uid]; u != nil {
		return u, nil, nil
	}
	if c := l.comps["com"+strings.TrimPrefix(uid, "unt")]; c != nil {
		return nil, c, nil
	}
	return nil, nil, r.errf(i, "no organisation %s in %s", r.get(i), ldbcOrganisation)
}

func (l *ldbcImport) orgLocations() error {
	return readLDBC(l.dir, ldbcOrgLocation, []string{"Organisation.id", "Place.id"}, func(r *ldbcRow) error {
		u, c, err := l.org(r, 0)
		if err != nil {
			return err
		}
		region, err := l.region(r, 1)
		if err != nil {
			return err
		}
		if (u != nil && u.RegionID != "") || (c != nil && c.RegionID != "") {
			return r.errf(0, "organisation %s is located twice", r.get(0))
		}
		if u != nil {
			u.RegionID = region
		} else {
			c.RegionID = region
		}
		return nil
	})
}

func (l *ldbcImport) persons() error {
	return readLDBC(l.dir, ldbcPerson, []string{"id", "firstName", "lastName", "gender", "birthday", "email"}, func(r *ldbcRow) error {
		id, err := r.id(0, graph.KindPerson)
		if err != nil {
			return err
		}
		if l.people[id] != nil {
			return r.errf(0, "duplicate person id %s", r.get(0))
		}
		name := strings.TrimSpace(r.get(1) + " " + r.get(2))
		if name == "" {
			return r.errf(1, "a person needs a firstName or a lastName")
		}
		p := &graph.Person{ID: id, Name: name, NameEn: name, Discoverable: true}
		switch r.get(3) {
		case "male":
			p.Gender = ptrTo(graph.GenderMale)
		case "female":
			p.Gender = ptrTo(graph.GenderFemale)
		case "":
		default:
			return r.errf(3, "%q is neither male nor female", r.get(3))
		}
		if r.get(4) != "" {
			born, err := r.epoch(4)
			if err != nil {
				return err
			}
			if y := born.Year(); y >= graph.MinBirthYear && y <= graph.Today().Year() {
				p.BirthYear = &y
			}
		}
		email, _, _ := strings.Cut(r.get(5), ";")
		p.Email = strings.TrimSpace(email)
		in := graph.CreatePersonInput{Name: p.Name, NameEn: &p.NameEn, Gender: p.Gender, BirthYear: p.BirthYear, Email: &p.Email, Discoverable: &p.Discoverable}
		if err := in.Validate(); err != nil {
			if strings.HasPrefix(graph.ErrorMessage(err), "input.email") {
				return r.errf(5, "%q is not an e-mail address", p.Email)
			}
			return r.invalid(err)
		}
		l.people[id] = p
		l.b.People = append(l.b.People, p)
		return nil
	})
}

func (l *ldbcImport) knows() error {
	seen := map[[2]string]*graph.Relationship{}
	return readLDBC(l.dir, ldbcKnows, []string{"Person.id", "Person.id", "creationDate"}, func(r *ldbcRow) error {
		a, err := l.person(r, 0)
		if err != nil {
			return err
		}
		b, err := l.person(r, 1)
		if err != nil {
			return err
		}
		var since *time.Time
		if r.get(2) != "" {
			t, err := r.epoch(2)
			if err != nil {
				return err
			}
			if d := ldbcDay(t); d != nil && !d.After(graph.Today()) {
				since = d
			}
		}
		if a == b {
			return nil // nobody is their own acquaintance
		}
		pair := [2]string{min(a, b), max(a, b)}
		if k := seen[pair]; k != nil {
			if since != nil && (k.From == nil || since.Before(*k.From)) {
				k.From = since
			}
			return nil
		}
		k := &graph.Relationship{ID: r.relID("k"), Type: graph.RelKnows, StartID: a, EndID: b, From: since}
		seen[pair] = k
		l.b.Relationships = append(l.b.Relationships, k)
		return nil
	})
}

func (l *ldbcImport) studyAt() error {
	return readLDBC(l.dir, ldbcStudyAt, []string{"Person.id", "Organisation.id", "classYear"}, func(r *ldbcRow) error {
		p, err := l.person(r, 0)
		if err != nil {
			return err
		}
		u, _, err := l.org(r, 1)
		if err != nil {
			return err
		}
		if u == nil {
			return r.errf(1, "organisation %s is a company, not a university", r.get(1))
		}
		rel := &graph.Relationship{ID: r.relID("s"), Type: graph.RelMemberOf, StartID: p, EndID: u.ID, Title: "校友 alumnus"}
		if r.get(2) != "" {
			y, err := r.year(2)
			if err != nil {
				return err
			}
			rel.To = ldbcYearDay(y, time.July)
			rel.Title += " " + strconv.Itoa(y)
		}
		l.b.Relationships = append(l.b.Relationships, rel)
		return nil
	})
}

func (l *ldbcImport) workAt() error {
	return readLDBC(l.dir, ldbcWorkAt, []string{"Person.id", "Organisation.id", "workFrom"}, func(r *ldbcRow) error {
		p, err := l.person(r, 0)
		if err != nil {
			return err
		}
		_, c, err := l.org(r, 1)
		if err != nil {
			return err
		}
		if c == nil {
			return r.errf(1, "organisation %s is a university, not a company", r.get(1))
		}
		rel := &graph.Relationship{ID: r.relID("w"), Type: graph.RelEmployedBy, StartID: p, EndID: c.ID}
		if r.get(2) != "" {
			y, err := r.year(2)
			if err != nil {
				return err
			}
			rel.From = ldbcYearDay(y, time.January)
		}
		l.b.Relationships = append(l.b.Relationships, rel)
		return nil
	})
}

func (l *ldbcImport) personLocations() error {
	return readLDBC(l.dir, ldbcPersonLocation, []string{"Person.id", "Place.id"}, func(r *ldbcRow) error {
		p, err := l.person(r, 0)
		if err != nil {
			return err
		}
		reg, err := l.region(r, 1)
		if err != nil {
			return err
		}
		l.b.Relationships = append(l.b.Relationships, &graph.Relationship{ID: r.relID("l"), Type: graph.RelLocatedIn, StartID: p, EndID: reg})
		return nil
	})
}

// ldbcName turns a DBpedia-style name (Kam_Air) into a display name.
func ldbcName(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "_", " ")) }

// ldbcDay is the UTC date of t, or nil when validation would reject it.
func ldbcDay(t time.Time) *time.Time {
	t = t.UTC()
	return ldbcDate(t.Year(), t.Month(), t.Day())
}

func ldbcYearDay(y int, m time.Month) *time.Time { return ldbcDate(y, m, 1) }

func ldbcDate(y int, m time.Month, d int) *time.Time {
	if y < graph.MinDateYear || y > graph.Today().Year()+graph.MaxDateYearOffset {
		return nil
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func ptrTo[T any](v T) *T { return &v }

// ldbcRow is one data row of an LDBC file, its columns in the order the
// reader asked for.
type ldbcRow struct {
	file   string
	line   int // 1-based line in the file; the header is line 1
	row    int // 1-based data row
	cols   []string
	fields []string
}

func (r *ldbcRow) get(i int) string { return r.fields[i] }

func (r *ldbcRow) errf(i int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: column %s: %s", r.file, r.line, r.cols[i], fmt.Sprintf(format, args...))
}

// invalid reports a validation error of the row's entity.
func (r *ldbcRow) invalid(err error) error {
	return fmt.Errorf("%s:%d: %s", r.file, r.line, graph.ErrorMessage(err))
}

func (r *ldbcRow) num(i int) (int64, error) {
	n, err := strconv.ParseInt(r.get(i), 10, 64)
	if err != nil {
		return 0, r.errf(i, "%q is not a number", r.get(i))
	}
	return n, nil
}

// epoch reads epoch milliseconds.
func (r *ldbcRow) epoch(i int) (time.Time, error) {
	ms, err := r.num(i)
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(ms).UTC(), nil
}

func (r *ldbcRow) year(i int) (int, error) {
	n, err := r.num(i)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > 9999 {
		return 0, r.errf(i, "%d is not a year", n)
	}
	return int(n), nil
}

// id reads an LDBC id (a non-negative number) as a Liaison id of kind k.
func (r *ldbcRow) id(i int, k graph.Kind) (string, error) {
	s := r.get(i)
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return "", r.errf(i, "%q is not a number", s)
	}
	id, err := graph.MakeID(k, LDBCIDPrefix+s)
	if err != nil {
		return "", r.errf(i, "%q is too long for an id", s)
	}
	return id, nil
}

// person reads the person id of column i, which person_0_0.csv must define.
func (l *ldbcImport) person(r *ldbcRow, i int) (string, error) {
	return ldbcRef(r, i, graph.KindPerson, l.people, "person", ldbcPerson)
}

// region reads the place id of column i, which place_0_0.csv must define.
func (l *ldbcImport) region(r *ldbcRow, i int) (string, error) {
	return ldbcRef(r, i, graph.KindRegion, l.regions, "place", ldbcPlace)
}

func ldbcRef[T any](r *ldbcRow, i int, k graph.Kind, known map[string]*T, what, file string) (string, error) {
	id, err := r.id(i, k)
	if err != nil {
		return "", err
	}
	if known[id] == nil {
		return "", r.errf(i, "no %s %s in %s", what, r.get(i), file)
	}
	return id, nil
}

func (r *ldbcRow) relID(letter string) string {
	return graph.RelIDPrefix + "_" + LDBCIDPrefix + letter + "-" + strconv.Itoa(r.row)
}

// readLDBC reads the pipe-separated file name of dir and calls fn for
// every data row, with the columns cols picked out by the header. A name
// that occurs twice in cols (Person.id|Person.id) matches the header's
// occurrences in order. Blank lines are skipped; fields are not quoted.
func readLDBC(dir, name string, cols []string, fn func(*ldbcRow) error) error {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return fmt.Errorf("ldbc: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	var idx []int
	var ncols int
	r := &ldbcRow{file: name, cols: cols, fields: make([]string, len(cols))}
	for sc.Scan() {
		r.line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if idx == nil {
			text = strings.TrimPrefix(text, "\uFEFF")
			header := strings.Split(text, "|")
			ncols = len(header)
			used := make([]bool, len(header))
			for _, c := range cols {
				at := -1
				for j, h := range header {
					if !used[j] && strings.TrimSpace(h) == c {
						at = j
						break
					}
				}
				if at < 0 {
					return fmt.Errorf("%s:1: header %q has no column %s", name, text, c)
				}
				used[at] = true
				idx = append(idx, at)
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fields := strings.Split(text, "|")
		if len(fields) != ncols {
			return fmt.Errorf("%s:%d: %d columns, the header has %d", name, r.line, len(fields), ncols)
		}
		r.row++
		for i, j := range idx {
			r.fields[i] = strings.TrimSpace(fields[j])
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", name, r.line+1, err)
	}
	if idx == nil {
		return fmt.Errorf("%s: empty file, want a header line", name)
	}
	return nil
}
