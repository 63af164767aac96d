package graph

import (
	"strings"
	"time"
)

// PathOrder says which paths come first.
type PathOrder string

const (
	// ByHops: the shortest paths, strongest first among equal lengths.
	ByHops PathOrder = "HOPS"
	// ByStrength: the strongest paths of up to maxHops, whatever their length.
	ByStrength PathOrder = "STRENGTH"
)

// Valid reports whether o is known.
func (o PathOrder) Valid() bool { return o == ByHops || o == ByStrength }

// Path limits.
const (
	DefaultMaxHops   = 4
	MaxMaxHops       = 6
	DefaultPathCount = 5
	MaxPathCount     = 20
)

// PathRelTypes are the relationship types paths may use: all but the
// derived TIE and the interaction links.
var PathRelTypes = RelTypes

// DefaultPathRelTypes are the types a path query uses when it names none:
// every type but LOCATED_IN, unless an end of the path is a region.
// "Both live in 丰台区" is no introduction, and every region is a hub
// through which the shortest paths would otherwise run (at seed scale 10
// the first path of 190 in 200 random pairs went through one).
func DefaultPathRelTypes(ends ...Kind) []RelType {
	for _, k := range ends {
		if k == KindRegion {
			return PathRelTypes
		}
	}
	out := make([]RelType, 0, len(PathRelTypes))
	for _, t := range PathRelTypes {
		if t != RelLocatedIn {
			out = append(out, t)
		}
	}
	return out
}

// PathQuery asks for cooperation paths between two entities.
type PathQuery struct {
	From, To     string
	MaxHops      int
	First        int
	RelTypes     []RelType
	ExcludeKinds []Kind
	// At keeps relationships valid at the date.
	At *time.Time
	// During keeps relationships that overlap the period.
	During  *DateRange
	OrderBy PathOrder
}

// Normalize fills defaults and checks the query.
func (q *PathQuery) Normalize() error {
	var v validator
	fk, err := ParseID(q.From)
	if err != nil {
		v.fail("from", "%q is not a valid id", Truncate(q.From, 80))
	}
	tk, err := ParseID(q.To)
	if err != nil {
		v.fail("to", "%q is not a valid id", Truncate(q.To, 80))
	}
	if q.From == q.To && q.From != "" {
		v.fail("to", "must differ from from")
	}
	v.count("maxHops", &q.MaxHops, DefaultMaxHops, MaxMaxHops)
	v.count("first", &q.First, DefaultPathCount, MaxPathCount)
	if len(q.RelTypes) == 0 {
		q.RelTypes = DefaultPathRelTypes(fk, tk)
	}
	for _, t := range q.RelTypes {
		if !t.Valid() {
			v.fail("relationshipTypes", "unknown type %q", Truncate(string(t), 40))
		}
	}
	for _, k := range q.ExcludeKinds {
		if !k.Valid() {
			v.fail("excludeKinds", "unknown kind %q", Truncate(string(k), 40))
		}
	}
	v.date("at", q.At)
	if q.During != nil {
		v.period("during.from", q.During.From, "during.to", q.During.To)
	}
	if q.OrderBy == "" {
		q.OrderBy = ByHops
	}
	if !q.OrderBy.Valid() {
		v.fail("orderBy", "unknown order %q", Truncate(string(q.OrderBy), 40))
	}
	return v.result()
}

// PathStep is one relationship of a path, with the direction it is walked
// in and the strength of the link.
type PathStep struct {
	*Relationship
	// Forward is true when the path walks from the relationship's start
	// to its end.
	Forward  bool
	Strength float64
}

// Path is a cooperation path.
type Path struct {
	Nodes []Node
	Steps []*PathStep
	// Strength is the product of the steps' strengths.
	Strength      float64
	Explanation   string // Chinese
	ExplanationEn string
}

// Length is the number of relationships.
func (p *Path) Length() int { return len(p.Steps) }

// IntroducerQuery asks who can open the way to Target, from From (a
// person, unit or region) or, without From, from anywhere.
type IntroducerQuery struct {
	Target  string
	From    *string
	First   int
	MaxHops int
}

// Normalize fills defaults and checks the query.
func (q *IntroducerQuery) Normalize() error {
	var v validator
	if _, err := ParseID(q.Target); err != nil {
		v.fail("target", "%q is not a valid id", Truncate(q.Target, 80))
	}
	if q.From != nil {
		k, err := ParseID(*q.From)
		switch {
		case err != nil:
			v.fail("from", "%q is not a valid id", Truncate(*q.From, 80))
		case k != KindPerson && k != KindUnit && k != KindRegion:
			v.fail("from", "must be a person, unit or region, got a %s", kindWord(k))
		case *q.From == q.Target:
			v.fail("from", "must differ from target")
		}
	}
	v.count("first", &q.First, DefaultPathCount, MaxPathCount)
	v.count("maxHops", &q.MaxHops, DefaultMaxHops, MaxMaxHops)
	return v.result()
}

// Introducer is a person who can open the way to a target.
type Introducer struct {
	Person *Person
	Path   *Path
	// Strength is the strength of the best path through the person.
	Strength float64
	// CurrentPost is the person's current posting, membership or
	// employment, if any.
	CurrentPost *Relationship
}

// Explain writes the sentence that says what a path is, in Chinese and in
// English: one clause per step, and one for two steps that meet at a
// shared unit or company ("…在市发改委挂职，与李四共事").
func Explain(p *Path) (zh, en string) {
	var zhs, ens []string
	for i := 0; i < len(p.Steps); i++ {
		s := p.Steps[i]
		a, b := p.Nodes[i], p.Nodes[i+1]
		if i+1 < len(p.Steps) {
			n := p.Steps[i+1]
			if s.Forward && !n.Forward && s.Type == n.Type && (s.Type == RelPostedTo || s.Type == RelMemberOf || s.Type == RelEmployedBy) {
				c := p.Nodes[i+2]
				z, e := together(s, a, b, c)
				zhs, ens = append(zhs, z), append(ens, e)
				i++
				continue
			}
		}
		z, e := clause(s, a, b)
		zhs, ens = append(zhs, z), append(ens, e)
	}
	return strings.Join(zhs, "；"), strings.Join(ens, "; ")
}

func name(n Node) string {
	if n == nil {
		return "?"
	}
	return n.DisplayName()
}

func nameEn(n Node) string {
	var s string
	switch v := n.(type) {
	case *Person:
		s = v.NameEn
		if s == "" {
			s = v.Pinyin
		}
	case *Unit:
		s = v.NameEn
	case *Region:
		s = v.NameEn
	case *Company:
		s = v.NameEn
	case *Project:
		s = v.NameEn
	}
	if s == "" {
		return name(n)
	}
	return s
}

// periodZh renders a period: "2019–2021 年", "自 2022 年起", "".
func periodZh(from, to *time.Time) string {
	switch {
	case from != nil && to != nil && from.Year() == to.Year():
		return itoa(from.Year()) + " 年"
	case from != nil && to != nil:
		return itoa(from.Year()) + "–" + itoa(to.Year()) + " 年"
	case from != nil:
		return "自 " + itoa(from.Year()) + " 年起"
	case to != nil:
		return "至 " + itoa(to.Year()) + " 年"
	}
	return ""
}

func periodEn(from, to *time.Time) string {
	switch {
	case from != nil && to != nil && from.Year() == to.Year():
		return " in " + itoa(from.Year())
	case from != nil && to != nil:
		return " in " + itoa(from.Year()) + "–" + itoa(to.Year())
	case from != nil:
		return " since " + itoa(from.Year())
	case to != nil:
		return " until " + itoa(to.Year())
	}
	return ""
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [12]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// orient returns the relationship's start and end as walked.
func orient(s *PathStep, a, b Node) (start, end Node) {
	if s.Forward {
		return a, b
	}
	return b, a
}

// lead joins a name and a period: "张三 2019–2021 年", "李四自 2022 年起".
func lead(n Node, pz string) string {
	if pz == "" || strings.HasPrefix(pz, "自") || strings.HasPrefix(pz, "至") {
		return name(n) + pz
	}
	return name(n) + " " + pz
}

// pointZh and pointEn render the date of an event: "于 2022 年", " in 2022".
func pointZh(t *time.Time) string {
	if t == nil {
		return ""
	}
	return "于 " + itoa(t.Year()) + " 年"
}

func pointEn(t *time.Time) string {
	if t == nil {
		return ""
	}
	return " in " + itoa(t.Year())
}

func clause(s *PathStep, a, b Node) (zh, en string) {
	x, y := orient(s, a, b)
	pz, pe := periodZh(s.From, s.To), periodEn(s.From, s.To)
	title := s.Title
	switch s.Type {
	case RelPostedTo:
		return lead(x, pz) + "在" + name(y) + "挂职" + withTitle(title), nameEn(x) + " was posted to " + nameEn(y) + pe
	case RelMemberOf:
		if s.To == nil {
			return lead(x, pz) + "任职于" + name(y) + title, nameEn(x) + " has worked at " + nameEn(y) + pe
		}
		return lead(x, pz) + "任职于" + name(y) + title, nameEn(x) + " worked at " + nameEn(y) + pe
	case RelEmployedBy:
		if s.To == nil {
			return lead(x, pz) + "任" + name(y) + title, nameEn(x) + " has been " + articled(title) + "at " + nameEn(y) + pe
		}
		return lead(x, pz) + "曾任" + name(y) + title, nameEn(x) + " was " + articled(title) + "at " + nameEn(y) + pe
	case RelKnows:
		x, y = a, b // symmetric: say it in the order the path walks
		how := ""
		if s.How != "" {
			how = "（" + s.How + "）"
		}
		return name(x) + "与" + name(y) + "相识" + how, nameEn(x) + " knows " + nameEn(y) + pe
	case RelLocatedIn:
		return name(x) + "位于" + name(y), nameEn(x) + " is in " + nameEn(y)
	case RelSecured:
		return name(x) + pointZh(s.From) + "争取了" + name(y), nameEn(x) + " secured " + nameEn(y) + pointEn(s.From)
	case RelIntroduced:
		return name(x) + pointZh(s.From) + "引进了" + name(y), nameEn(x) + " introduced " + nameEn(y) + pointEn(s.From)
	case RelInvestsIn:
		return name(x) + "投资了" + name(y), nameEn(x) + " invests in " + nameEn(y)
	case RelSupports:
		return name(x) + "支持" + name(y), nameEn(x) + " supports " + nameEn(y)
	case RelPartOf:
		return name(x) + "隶属于" + name(y), nameEn(x) + " is part of " + nameEn(y)
	}
	return name(x) + "—" + name(y), nameEn(x) + " — " + nameEn(y)
}

func articled(title string) string {
	if title == "" {
		return ""
	}
	return title + " "
}

// together explains a → shared ← c.
func together(s *PathStep, a, shared, c Node) (zh, en string) {
	pz, pe := periodZh(s.From, s.To), periodEn(s.From, s.To)
	switch s.Type {
	case RelPostedTo:
		return lead(a, pz) + "在" + name(shared) + "挂职" + withTitle(s.Title) + "，与" + name(c) + "共事",
			nameEn(a) + " was posted to " + nameEn(shared) + pe + ", alongside " + nameEn(c)
	case RelMemberOf:
		return name(a) + "与" + name(c) + "同在" + name(shared) + "任职", nameEn(a) + " and " + nameEn(c) + " work at " + nameEn(shared)
	default:
		return name(a) + "与" + name(c) + "同在" + name(shared) + "工作", nameEn(a) + " and " + nameEn(c) + " work at " + nameEn(shared)
	}
}

func withTitle(t string) string {
	if t == "" {
		return ""
	}
	return "任" + t
}

// Neighbourhood limits.
const (
	MaxNeighborhoodDepth = 3
	MaxNeighborsPerNode  = 100
	MaxNeighborhoodNodes = 500
)

// NeighborhoodQuery asks for the subgraph around an entity.
type NeighborhoodQuery struct {
	ID       string
	Depth    int
	First    int // neighbours per node
	Skip     int // neighbours of the centre to skip (the "more" action)
	RelTypes []RelType
	At       *time.Time
}

// Neighborhood is a subgraph for the explorer page.
type Neighborhood struct {
	Nodes         []Node
	Relationships []*Relationship
	// More lists the nodes that have neighbours not shown.
	More []string
	// Degrees counts each shown node's neighbours under the filters.
	Degrees map[string]int
}

// Normalize fills defaults and checks the query.
func (q *NeighborhoodQuery) Normalize() error {
	var v validator
	if _, err := ParseID(q.ID); err != nil {
		v.fail("id", "%q is not a valid id", Truncate(q.ID, 80))
	}
	v.count("depth", &q.Depth, 1, MaxNeighborhoodDepth)
	v.count("first", &q.First, 25, MaxNeighborsPerNode)
	if q.Skip < 0 || q.Skip > 100000 {
		v.fail("skip", "between 0 and 100000, got %d", q.Skip)
	}
	if len(q.RelTypes) == 0 {
		q.RelTypes = PathRelTypes
	}
	for _, t := range q.RelTypes {
		if !t.Valid() {
			v.fail("relationshipTypes", "unknown type %q", Truncate(string(t), 40))
		}
	}
	v.date("at", q.At)
	return v.result()
}
