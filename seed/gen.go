package seed

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/liaison/liaison/graph"
)

// The batch years of the postings: eight yearly cohorts.
const (
	firstBatch = 2019
	lastBatch  = 2026
	nBatches   = lastBatch - firstBatch + 1
)

// config sizes one generated graph. Demo and Scale differ only in their
// config: the same code builds both.
type config struct {
	prefix string // ids are <kind>_<prefix>-<n>
	seed   uint64

	// People by role.
	cadres      int // cadres on temporary posts, current and former
	officials   int // staff of the host units
	colleagues  int // staff of the dispatching units who were never posted
	researchers int // staff of universities and research institutes
	executives  int // company executives

	// dispatching and hosts are the numbers of units; beyond the listed
	// ones, departments of the listed units are added.
	dispatching int
	hosts       int
	companies   int
	projects    int

	// knows is the number of KNOWS relationships that random acquaintances
	// top the structural ones (cohorts, colleagues, project partners) up to.
	knows int

	// uniqueNames makes every person's and company's name unique and gives
	// the first people each of the special surnames; the demo wants both,
	// the benchmark graph does not need them.
	uniqueNames bool

	// fixtures are the first cadres, fixed so that documentation and tests
	// can name them.
	fixtures []fixture
}

// fixture is a cadre whose posting is fixed rather than drawn.
type fixture struct {
	name, nameEn string
	gender       graph.Gender
	birthYear    int
	expertise    []string
	home, host   string // unit names
	post         string
	batch, years int
	// projects is how many projects the cadre secured or introduced; they
	// are the first projects generated.
	projects int
}

type regionInfo struct {
	r     *graph.Region
	def   regionDef
	index int
}

type unitInfo struct {
	u       *graph.Unit
	index   int
	region  *regionInfo
	weight  int
	posts   []string
	members []int // people whose (home) unit this is
}

type companyInfo struct {
	c      *graph.Company
	region *regionInfo
	brand  zhEn
	ind    industry
	execs  []int
}

type personInfo struct {
	p      *graph.Person
	birth  int
	since  time.Time // start of the person's home membership or employment
	region *regionInfo
}

// posting is a cadre's assignment to a host unit.
type posting struct {
	person     int
	host, disp *unitInfo
	title      string
	batch      int
	from       time.Time
	to         *time.Time // nil while serving
}

// end is the last day of the posting, or ref while it lasts.
func (p *posting) end(ref time.Time) time.Time {
	if p.to != nil {
		return *p.to
	}
	return ref
}

// relSlab is how many relationships are allocated at once: a million
// separately allocated relationships would cost the garbage collector more
// than the generation itself.
const relSlab = 4096

type gen struct {
	cfg config
	rng *rand.Rand
	ref time.Time
	b   *graph.Batch

	nPerson, nUnit, nCompany, nProject, nRel int
	slab                                     []graph.Relationship
	dates                                    map[int64]*time.Time
	years                                    map[int]*int

	regions                                          []*regionInfo
	regionByKey                                      map[string]*regionInfo
	baodingSubs, baodingUrban, beijing, tianjin, sjz []*regionInfo

	unitByName          map[string]*unitInfo
	dispatching, hosts  []*unitInfo
	dispatchW, hostW    []int // cumulative weights
	byKind              map[graph.UnitKind][]*unitInfo
	companies           []*companyInfo
	companiesByRegion   map[*regionInfo][]*companyInfo
	people              []*personInfo
	postings            []*posting
	closedPostings      []*posting
	postingsByRegion    map[*regionInfo][]*posting
	postingsByHost      map[*unitInfo][]*posting
	officials           []int
	firstPosting        map[int]*posting
	knows               map[uint64]struct{}
	names, companyNames map[string]bool
	projectNames        map[string]int
	emails              map[string]int
	forcedSurnames      []zhEn
}

func generate(cfg config) *graph.Batch {
	people := cfg.cadres + cfg.officials + cfg.colleagues + cfg.researchers + cfg.executives
	g := &gen{
		cfg: cfg,
		rng: rand.New(rand.NewPCG(cfg.seed, 0x6c69616973306e)),
		ref: RefDate,
		b: &graph.Batch{
			People:        make([]*graph.Person, 0, people),
			Companies:     make([]*graph.Company, 0, cfg.companies),
			Projects:      make([]*graph.Project, 0, cfg.projects),
			Relationships: make([]*graph.Relationship, 0, 3*people+3*cfg.cadres+5*cfg.projects+cfg.knows),
		},
		dates:             make(map[int64]*time.Time),
		years:             make(map[int]*int),
		regionByKey:       make(map[string]*regionInfo),
		unitByName:        make(map[string]*unitInfo),
		byKind:            make(map[graph.UnitKind][]*unitInfo),
		companiesByRegion: make(map[*regionInfo][]*companyInfo),
		postingsByRegion:  make(map[*regionInfo][]*posting),
		postingsByHost:    make(map[*unitInfo][]*posting),
		firstPosting:      make(map[int]*posting),
		knows:             make(map[uint64]struct{}, cfg.knows),
		names:             make(map[string]bool),
		companyNames:      make(map[string]bool),
		projectNames:      make(map[string]int),
		emails:            make(map[string]int, people),
	}
	if cfg.uniqueNames {
		g.forcedSurnames = slices.Clone(specialSurnames)
	}
	g.addRegions()
	g.addUnits()
	g.addCompanies()
	g.addCadres()
	g.addStaff()
	g.addProjects()
	g.addAcquaintances()
	g.addInteractions()
	return g.b
}

// Ids.

func mustID(k graph.Kind, suffix string) string {
	id, err := graph.MakeID(k, suffix)
	if err != nil {
		panic("seed: " + err.Error())
	}
	return id
}

func (g *gen) nextID(k graph.Kind, n *int) string {
	*n++
	return mustID(k, g.cfg.prefix+"-"+strconv.Itoa(*n))
}

// rel appends a relationship of type t from start to end.
func (g *gen) rel(t graph.RelType, start, end string) *graph.Relationship {
	if len(g.slab) == cap(g.slab) {
		g.slab = make([]graph.Relationship, 0, relSlab)
	}
	g.nRel++
	g.slab = append(g.slab, graph.Relationship{
		ID:      graph.RelIDPrefix + "_" + g.cfg.prefix + "-" + strconv.Itoa(g.nRel),
		Type:    t,
		StartID: start,
		EndID:   end,
	})
	r := &g.slab[len(g.slab)-1]
	g.b.Relationships = append(g.b.Relationships, r)
	return r
}

// Random draws.

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *gen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// cumulative turns weights into running sums for weighted.
func cumulative(weights []int) []int {
	cum := make([]int, len(weights))
	sum := 0
	for i, w := range weights {
		sum += w
		cum[i] = sum
	}
	return cum
}

// weighted draws an index with probability proportional to its weight.
func (g *gen) weighted(cum []int) int {
	return sort.SearchInts(cum, g.rng.IntN(cum[len(cum)-1])+1)
}

// Dates. Every date is a UTC midnight; equal dates share one pointer, which
// keeps a large graph small. Callers must treat the batch as read-only.

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (g *gen) date(t time.Time) *time.Time {
	k := t.Unix() / 86400
	if p, ok := g.dates[k]; ok {
		return p
	}
	p := &t
	g.dates[k] = p
	return p
}

func (g *gen) year(y int) *int {
	if p, ok := g.years[y]; ok {
		return p
	}
	p := &y
	g.years[y] = p
	return p
}

// between draws a day from a to b, both included; a when b is before a.
func (g *gen) between(a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.AddDate(0, 0, g.rng.IntN(int(b.Sub(a).Hours()/24)+1))
}

// atMostRef caps t at the reference date.
func (g *gen) atMostRef(t time.Time) time.Time {
	if t.After(g.ref) {
		return g.ref
	}
	return t
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Regions.

// addRegions adds the real regions. They are the same in every graph, ids
// included, so Demo and Scale share them.
func (g *gen) addRegions() {
	for i, d := range regionDefs {
		r := &graph.Region{
			ID:     mustID(graph.KindRegion, "demo-"+strconv.Itoa(i+1)),
			Name:   d.name,
			NameEn: d.nameEn,
			Level:  d.level,
			Code:   d.code,
		}
		ri := &regionInfo{r: r, def: d, index: i}
		if d.parent != "" {
			r.ParentID = g.regionByKey[d.parent].r.ID
		}
		g.regionByKey[d.key] = ri
		g.regions = append(g.regions, ri)
		g.b.Regions = append(g.b.Regions, r)
		switch d.parent {
		case "baoding":
			g.baodingSubs = append(g.baodingSubs, ri)
			if d.level == graph.RegionDistrict {
				g.baodingUrban = append(g.baodingUrban, ri)
			}
		case "beijing":
			g.beijing = append(g.beijing, ri)
		case "tianjin":
			g.tianjin = append(g.tianjin, ri)
		}
		if d.key == "shijiazhuang" {
			g.sjz = append(g.sjz, ri)
		}
	}
}

// homeRegion is where someone working in region r lives: mostly r itself
// when it is a district or county, otherwise a district of the same city.
func (g *gen) homeRegion(r *regionInfo) *regionInfo {
	local := r.def.level == graph.RegionDistrict || r.def.level == graph.RegionCounty
	switch r.def.area {
	case areaBeijing:
		if local && g.chance(0.6) {
			return r
		}
		return pick(g, g.beijing)
	case areaTianjin:
		if local && g.chance(0.6) {
			return r
		}
		return pick(g, g.tianjin)
	case areaBaoding:
		if local && g.chance(0.8) {
			return r
		}
		return pick(g, g.baodingUrban)
	}
	return pick(g, g.sjz)
}

// inBaoding returns r, or for the city itself often one of its districts or
// counties, as the place a city-wide unit's project lands.
func (g *gen) inBaoding(r *regionInfo) *regionInfo {
	if r.def.level == graph.RegionCity && r.def.area == areaBaoding && g.chance(0.6) {
		return pick(g, g.baodingSubs)
	}
	return r
}

// Units.

func (g *gen) addUnit(d unitDef, parent *unitInfo, region *regionInfo) *unitInfo {
	u := &graph.Unit{
		ID:        g.nextID(graph.KindUnit, &g.nUnit),
		Name:      d.name,
		NameEn:    d.nameEn,
		ShortName: d.short,
		Kind:      d.kind,
		RegionID:  region.r.ID,
	}
	if parent != nil {
		u.ParentID = parent.u.ID
	}
	ui := &unitInfo{u: u, index: len(g.b.Units), region: region, weight: d.weight, posts: d.posts}
	g.b.Units = append(g.b.Units, u)
	g.unitByName[d.name] = ui
	g.byKind[d.kind] = append(g.byKind[d.kind], ui)
	if d.kind == graph.UnitLocalGovernment {
		g.hosts = append(g.hosts, ui)
	} else {
		g.dispatching = append(g.dispatching, ui)
	}
	return ui
}

func (g *gen) addListed(d unitDef) *unitInfo {
	return g.addUnit(d, g.unitByName[d.parent], g.regionByKey[d.region])
}

// addUnits adds the listed units, then departments of them until the
// configured numbers are reached.
func (g *gen) addUnits() {
	for _, d := range dispatchingDefs {
		g.addListed(d)
	}
	listed := slices.Clone(g.dispatching)
	for k := 0; len(g.dispatching) < g.cfg.dispatching; k++ {
		base := listed[k%len(listed)]
		subs := subUnits[base.u.Kind]
		round := k / len(listed)
		sub := subs[round%len(subs)]
		name, nameEn := base.u.Name+sub.zh, sub.en+", "+base.u.NameEn
		if n := round / len(subs); n > 0 {
			name += "第" + strconv.Itoa(n+1) + "分部"
			nameEn += " No. " + strconv.Itoa(n+1)
		}
		g.addUnit(unitDef{name: name, nameEn: nameEn, kind: base.u.Kind, weight: 1}, base, base.region)
	}

	for _, d := range hostDefs {
		g.addListed(d)
	}
	governments := countyGovernments()
	for _, d := range governments {
		g.addListed(d)
	}
	for k := 0; len(g.hosts) < g.cfg.hosts; k++ {
		gov := g.unitByName[governments[k%len(governments)].name]
		r := gov.region
		d := unitDef{kind: graph.UnitLocalGovernment, weight: 1}
		if round := k / len(governments); round < len(countyDepartments) {
			dep := countyDepartments[round]
			d.name, d.nameEn, d.posts = r.def.name+dep.zh, r.def.nameEn+" "+dep.en, deputyHead
		} else {
			n := strconv.Itoa(round - len(countyDepartments) + 1)
			d.name = r.def.name + "第" + n + "产业园区管理委员会"
			d.nameEn = "Administrative Committee of " + r.def.nameEn + " Industrial Park No. " + n
			d.posts = deputyDirector
		}
		g.addUnit(d, gov, r)
	}

	weights := func(us []*unitInfo) []int {
		w := make([]int, len(us))
		for i, u := range us {
			w[i] = u.weight
		}
		return cumulative(w)
	}
	g.dispatchW, g.hostW = weights(g.dispatching), weights(g.hosts)
}

// Companies.

// place is the place word of a company name: the county or county-level
// city, or the city for a district and for the city itself.
func place(r *regionInfo) zhEn {
	switch {
	case r.def.area == areaBeijing:
		return zhEn{"北京", "Beijing"}
	case r.def.area == areaTianjin:
		return zhEn{"天津", "Tianjin"}
	case r.def.level == graph.RegionCounty && utf8.RuneCountInString(r.def.name) > 2:
		en, _, _ := strings.Cut(r.def.nameEn, " ")
		return zhEn{trimAdminSuffix(r.def.name), en}
	case r.def.level == graph.RegionCounty:
		return zhEn{r.def.name, r.def.nameEn} // 唐县, not 唐
	}
	return zhEn{"保定", "Baoding"}
}

// trimAdminSuffix drops the 县, 区 or 市 of a name.
func trimAdminSuffix(name string) string {
	switch lastRune(name) {
	case '县', '区', '市':
		return strings.TrimSuffix(name, string(lastRune(name)))
	}
	return name
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func industryNamed(name string) industry {
	for _, ind := range industries {
		if ind.name == name {
			return ind
		}
	}
	panic("seed: unknown industry " + name)
}

// creditCode returns a valid unified social credit code of an enterprise
// (registration authority 9, category 1) registered in the region.
func (g *gen) creditCode(r *regionInfo) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	code := r.def.code
	if code == "" {
		code = g.regionByKey[r.def.parent].def.code
	}
	var b strings.Builder
	b.WriteString("91")
	b.WriteString(code)
	b.WriteString("MA")
	for range 7 {
		b.WriteByte(chars[g.rng.IntN(len(chars))])
	}
	check, err := graph.CreditCodeCheckChar(b.String())
	if err != nil {
		panic("seed: " + err.Error())
	}
	b.WriteByte(check)
	return b.String()
}

// addCompanies adds the fictional companies: a tenth are groups, and about
// a third of the others are subsidiaries of a group, sharing its brand.
func (g *gen) addCompanies() {
	groups := max(1, g.cfg.companies/10)
	for i := range g.cfg.companies {
		isGroup := i < groups
		var region *regionInfo
		switch x := g.rng.Float64(); {
		case isGroup && x < 0.5, !isGroup && x < 0.2:
			region = pick(g, g.beijing)
		case isGroup && x < 0.7, !isGroup && x < 0.3:
			region = pick(g, g.tianjin)
		case isGroup:
			region = pick(g, g.baodingUrban)
		default:
			region = pick(g, g.baodingSubs)
		}
		ind := pick(g, industries)
		if local := localIndustries[region.def.key]; len(local) > 0 && g.chance(0.65) {
			ind = industryNamed(pick(g, local))
		}
		var parent *companyInfo
		var name, nameEn string
		var brand zhEn
		for try := 0; ; try++ {
			brand = pick(g, brands)
			parent = nil
			if !isGroup && g.chance(0.35) {
				parent = g.companies[g.rng.IntN(groups)]
				brand = parent.brand
			}
			pl := place(region)
			if isGroup {
				name = pl.zh + brand.zh + "集团有限公司"
				nameEn = pl.en + " " + brand.en + " Group Co., Ltd."
			} else {
				form := "有限公司"
				if g.chance(0.1) {
					form = "股份有限公司"
				}
				name = pl.zh + brand.zh + ind.word.zh + form
				nameEn = pl.en + " " + brand.en + " " + ind.word.en + " Co., Ltd."
			}
			if !g.companyNames[name] || try >= 20 {
				break
			}
		}
		g.companyNames[name] = true
		c := &graph.Company{
			ID:          g.nextID(graph.KindCompany, &g.nCompany),
			Name:        name,
			NameEn:      nameEn,
			Industry:    ind.name,
			Description: ind.name + "企业，注册地" + region.def.name + "。",
			RegionID:    region.r.ID,
		}
		if isGroup {
			c.Industry = "综合"
			c.Description = "多元化企业集团，总部位于" + region.def.name + "。"
		}
		if parent != nil {
			c.ParentID = parent.c.ID
		}
		// Some firms are listed without a code, as imports often are.
		if g.chance(0.9) {
			c.CreditCode = g.creditCode(region)
		}
		ci := &companyInfo{c: c, region: region, brand: brand, ind: ind}
		g.companies = append(g.companies, ci)
		g.companiesByRegion[region] = append(g.companiesByRegion[region], ci)
		g.b.Companies = append(g.b.Companies, c)
	}
}

// People.

func (g *gen) personName(gender graph.Gender) (zh, en string) {
	given := maleGiven
	if gender == graph.GenderFemale {
		given = femaleGiven
	}
	for try := 0; ; try++ {
		var s zhEn
		switch {
		case len(g.forcedSurnames) > 0:
			s = g.forcedSurnames[0]
		case g.chance(0.05):
			s = pick(g, specialSurnames)
		default:
			s = pick(g, surnames)
		}
		first := pick(g, given)
		zh, en = s.zh+first.zh, s.en+" "+strings.ToUpper(first.en[:1])+first.en[1:]
		if g.chance(0.7) {
			if second := pick(g, given); second != first {
				zh, en = zh+second.zh, en+second.en
			}
		}
		if !g.cfg.uniqueNames || !g.names[zh] || try >= 50 {
			if len(g.forcedSurnames) > 0 {
				g.forcedSurnames = g.forcedSurnames[1:]
			}
			return zh, en
		}
	}
}

// newPerson adds a person with contact details; the caller fills in
// expertise and bio.
func (g *gen) newPerson(gender graph.Gender, birth int, name, nameEn string) int {
	if name == "" {
		name, nameEn = g.personName(gender)
	}
	if g.cfg.uniqueNames {
		g.names[name] = true
	}
	idx := len(g.people)
	local := strings.ToLower(strings.ReplaceAll(nameEn, " ", ""))
	g.emails[local]++
	if n := g.emails[local]; n > 1 {
		local += strconv.Itoa(n)
	}
	domain := "@example.cn"
	if idx%3 == 0 {
		domain = "@example.com"
	}
	phone := strconv.Itoa(10000 + idx%10000)[1:]
	p := &graph.Person{
		ID:     g.nextID(graph.KindPerson, &g.nPerson),
		Name:   name,
		NameEn: nameEn,
		Gender: &gender,
		// Numbers in the 1380000xxxx block are obviously not real.
		Phone:        "1380000" + phone,
		Email:        local + domain,
		Wechat:       "wx_" + local + "_" + strconv.Itoa(birth%100),
		Discoverable: !g.chance(0.03),
	}
	p.BirthYear = &birth
	g.people = append(g.people, &personInfo{p: p, birth: birth})
	g.b.People = append(g.b.People, p)
	return idx
}

// expertise draws one to three distinct fields from pool.
func (g *gen) expertise(pool []string) []string {
	n := 1 + g.rng.IntN(3)
	xs := make([]string, 0, n)
	for len(xs) < n {
		x := pick(g, pool)
		if !slices.Contains(xs, x) {
			xs = append(xs, x)
		}
	}
	return xs
}

func (g *gen) gender(male float64) graph.Gender {
	if g.chance(male) {
		return graph.GenderMale
	}
	return graph.GenderFemale
}

// locate places the person in a region from a date (nil: always) to a date
// (nil: still).
func (g *gen) locate(person int, r *regionInfo, from, to *time.Time) {
	rel := g.rel(graph.RelLocatedIn, g.people[person].p.ID, r.r.ID)
	rel.From, rel.To = from, to
}

// join makes the person a member of the unit.
func (g *gen) join(person int, u *unitInfo, title string, from time.Time) *graph.Relationship {
	r := g.rel(graph.RelMemberOf, g.people[person].p.ID, u.u.ID)
	r.Title, r.From = title, g.date(from)
	return r
}

// employ makes the person an employee of the company.
func (g *gen) employ(person int, c *companyInfo, title string, from time.Time) *graph.Relationship {
	r := g.rel(graph.RelEmployedBy, g.people[person].p.ID, c.c.ID)
	r.Title, r.From = title, g.date(from)
	return r
}

func (g *gen) post(person int, host, disp *unitInfo, title string, batch int, from, to time.Time) *posting {
	p := &posting{person: person, host: host, disp: disp, title: title, batch: batch, from: from}
	if !to.After(g.ref) {
		p.to = g.date(to)
		g.closedPostings = append(g.closedPostings, p)
	}
	r := g.rel(graph.RelPostedTo, g.people[person].p.ID, host.u.ID)
	r.Title, r.Batch, r.DispatchingUnitID = title, g.year(batch), disp.u.ID
	r.From, r.To = g.date(from), p.to
	// While posted, the cadre lives where the host unit is.
	g.locate(person, host.region, r.From, r.To)
	g.postings = append(g.postings, p)
	g.postingsByRegion[host.region] = append(g.postingsByRegion[host.region], p)
	g.postingsByHost[host] = append(g.postingsByHost[host], p)
	if _, ok := g.firstPosting[person]; !ok {
		g.firstPosting[person] = p
	}
	return p
}

// postingStart is when a cadre of a batch arrives: early March, give or
// take a few weeks.
func (g *gen) postingStart(batch int) time.Time {
	return day(batch, time.March, 1).AddDate(0, 0, g.rng.IntN(45))
}

// postingYears draws the length of a posting: one to three years, two most
// often.
func (g *gen) postingYears() int {
	switch x := g.rng.IntN(10); {
	case x < 3:
		return 1
	case x < 8:
		return 2
	}
	return 3
}

// otherHost draws a host unit other than not.
func (g *gen) otherHost(not *unitInfo) *unitInfo {
	for {
		if h := g.hosts[g.weighted(g.hostW)]; h != not || len(g.hosts) == 1 {
			return h
		}
	}
}

// addCadres adds the cadres with their home membership and postings; some
// have a second posting, some former cadres have since moved on.
func (g *gen) addCadres() {
	for i := range g.cfg.cadres {
		var fix *fixture
		if i < len(g.cfg.fixtures) {
			fix = &g.cfg.fixtures[i]
		}
		batch := firstBatch + i%nBatches
		home := g.dispatching[g.weighted(g.dispatchW)]
		host := g.hosts[g.weighted(g.hostW)]
		gender := g.gender(0.72)
		birth := batch - 30 - g.rng.IntN(18)
		years := g.postingYears()
		var person int
		if fix != nil {
			batch, gender, birth, years = fix.batch, fix.gender, fix.birthYear, fix.years
			home, host = g.unitByName[fix.home], g.unitByName[fix.host]
			person = g.newPerson(gender, birth, fix.name, fix.nameEn)
		} else {
			person = g.newPerson(gender, birth, "", "")
		}
		pi := g.people[person]
		pi.p.IsCadre = true
		title := pick(g, host.posts)
		if fix != nil {
			title = fix.post
		}
		memberTitle := pick(g, memberTitlesOf(home.u.Kind))
		pi.since = day(max(birth+24, batch-2-g.rng.IntN(15)), time.Month(1+g.rng.IntN(12)), 1)
		membership := g.join(person, home, memberTitle, pi.since)
		home.members = append(home.members, person)

		from := g.postingStart(batch)
		last := g.post(person, host, home, title, batch, from, from.AddDate(years, 0, -g.rng.IntN(10)))
		bio := home.u.Name + memberTitle + "。" + strconv.Itoa(batch) + "年起挂职" + host.u.Name + title
		if fix == nil && last.to != nil && g.chance(0.15) {
			// A second posting, with the next cohort after the first ended.
			b2 := last.to.Year() + 1
			if last.to.Month() < time.March {
				b2--
			}
			if b2 <= lastBatch {
				from2 := later(g.postingStart(b2), last.to.AddDate(0, 0, 1))
				host2 := g.otherHost(host)
				title2 := pick(g, host2.posts)
				last = g.post(person, host2, home, title2, b2, from2, from2.AddDate(1+g.rng.IntN(2), 0, -g.rng.IntN(10)))
				bio += "，" + strconv.Itoa(b2) + "年再赴" + host2.u.Name + "任" + title2
			}
		}
		bio += "。"

		if fix == nil && last.to != nil && last.to.Before(g.ref.AddDate(0, 0, -120)) && g.chance(0.3) {
			// Moved on after the posting: the liaison follows them there.
			moved := g.atMostRef(last.to.AddDate(0, 0, 60+g.rng.IntN(660)))
			membership.To = g.date(moved.AddDate(0, 0, -1))
			switch x := g.rng.Float64(); {
			case x < 0.5:
				u := g.dispatching[g.weighted(g.dispatchW)]
				t := pick(g, memberTitlesOf(u.u.Kind))
				g.join(person, u, t, moved)
				bio += "现任" + u.u.Name + t + "。"
			case x < 0.8:
				c := pick(g, g.companies)
				t := pick(g, execTitles)
				g.employ(person, c, t, moved)
				c.execs = append(c.execs, person)
				bio += "现任" + c.c.Name + t + "。"
			default:
				// Stayed in the city (转任).
				t := strings.TrimSuffix(pick(g, last.host.posts), "助理")
				g.join(person, last.host, t, moved)
				bio += "期满后留任" + last.host.u.Name + "。"
			}
		}

		pi.p.Expertise = g.expertise(expertiseOf(home.u.Kind))
		if fix != nil {
			pi.p.Expertise = slices.Clone(fix.expertise)
			pi.p.Discoverable = true
		}
		pi.p.Bio = bio + "熟悉" + strings.Join(pi.p.Expertise, "、") + "。"
		pi.region = g.homeRegion(home.region)
		g.locate(person, pi.region, nil, nil)
	}
}

// addStaff adds the people who were never posted: officials of the host
// units, staff of the dispatching units, researchers and executives. Each
// kind is spread over its units in turn, so that every unit has some.
func (g *gen) addStaff() {
	for i := range g.cfg.officials {
		u := g.hosts[i%len(g.hosts)]
		p := g.member(u, 0.55, 1968+g.rng.IntN(29), "长期从事", "工作")
		g.officials = append(g.officials, p)
	}
	for i := range g.cfg.colleagues {
		g.member(g.dispatching[i%len(g.dispatching)], 0.6, 1966+g.rng.IntN(32), "负责", "相关工作")
	}
	science := slices.Concat(g.byKind[graph.UnitUniversity], g.byKind[graph.UnitResearchInstitute])
	for i := range g.cfg.researchers {
		g.member(science[i%len(science)], 0.6, 1960+g.rng.IntN(36), "研究方向为", "")
	}
	for i := range g.cfg.executives {
		c := g.companies[i%len(g.companies)]
		title := pick(g, execTitles)
		if len(c.execs) == 0 {
			title = pick(g, chairTitles)
		}
		birth := 1962 + g.rng.IntN(32)
		person := g.newPerson(g.gender(0.7), birth, "", "")
		pi := g.people[person]
		pi.since = g.between(day(max(2005, birth+25), time.January, 1), day(2025, time.June, 30))
		g.employ(person, c, title, pi.since)
		c.execs = append(c.execs, person)
		pool := expertiseEnterprise
		if g.chance(0.5) {
			pool = []string{c.ind.name, "企业管理", "产业投资", "市场营销"}
		}
		pi.p.Expertise = g.expertise(pool)
		pi.p.Bio = c.c.Name + title + "，专注" + strings.Join(pi.p.Expertise, "、") + "领域。"
		pi.region = g.homeRegion(c.region)
		g.locate(person, pi.region, nil, nil)
	}
}

// member adds a person who belongs to unit u; the bio reads
// "<unit><title>，<lead><fields><tail>。".
func (g *gen) member(u *unitInfo, male float64, birth int, lead, tail string) int {
	person := g.newPerson(g.gender(male), birth, "", "")
	pi := g.people[person]
	title := pick(g, memberTitlesOf(u.u.Kind))
	pi.since = g.between(day(max(2000, birth+23), time.July, 1), day(2025, time.June, 30))
	g.join(person, u, title, pi.since)
	u.members = append(u.members, person)
	pi.p.Expertise = g.expertise(expertiseOf(u.u.Kind))
	pi.p.Bio = u.u.Name + title + "，" + lead + strings.Join(pi.p.Expertise, "、") + tail + "。"
	pi.region = g.homeRegion(u.region)
	g.locate(person, pi.region, nil, nil)
	return person
}

// Projects.

// amountRanges bound a project's amount by kind (CNY); amounts are drawn
// log-uniformly, so small projects are common and large ones rare.
var amountRanges = map[graph.ProjectKind][2]float64{
	graph.ProjectInvestment: {5e7, 5e9},
	graph.ProjectFunding:    {5e6, 5e8},
	graph.ProjectTechnology: {5e6, 2e8},
	graph.ProjectTalent:     {5e6, 5e7},
	graph.ProjectPlatform:   {2e7, 1e9},
	graph.ProjectPolicy:     {5e6, 3e8},
}

// amount draws an amount rounded to 10,000 CNY (万元), the unit in which
// projects are reported.
func (g *gen) amount(lo, hi float64) float64 {
	x := math.Exp(math.Log(lo) + g.rng.Float64()*(math.Log(hi)-math.Log(lo)))
	return math.Round(x/1e4) * 1e4
}

// status is where a project started at start stands at the reference date.
func (g *gen) status(start time.Time) graph.ProjectStatus {
	age := g.ref.Sub(start).Hours() / 24
	x := g.rng.Float64()
	var s graph.ProjectStatus
	switch {
	case age < 180:
		s = []graph.ProjectStatus{graph.StatusLead, graph.StatusNegotiating, graph.StatusSigned}[min(2, int(x*3))]
	case age < 540:
		s = graph.StatusSigned
		if x < 0.15 {
			s = graph.StatusNegotiating
		} else if x > 0.6 {
			s = graph.StatusLanded
		}
	default:
		s = graph.StatusOperating
		if x < 0.35 {
			s = graph.StatusLanded
		}
	}
	if s != graph.StatusLead && g.chance(0.07) {
		s = graph.StatusStalled
	}
	return s
}

var phaseNumerals = []string{"", "", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// projectName names a project; repeated names become later phases
// (二期, 三期 …), as they do in practice.
func (g *gen) projectName(kind graph.ProjectKind, r *regionInfo, lead *companyInfo) (zh, en string) {
	if kind == graph.ProjectInvestment {
		suffixes := investmentSuffixes
		if xs, ok := industrySuffixes[lead.ind.name]; ok {
			suffixes = xs
		}
		pl, s := place(r), pick(g, suffixes)
		if r.def.level == graph.RegionDistrict {
			pl = zhEn{trimAdminSuffix(r.def.name), strings.TrimSuffix(r.def.nameEn, " District")}
		}
		zh = lead.brand.zh + lead.ind.word.zh + pl.zh + s.zh
		en = lead.brand.en + " " + lead.ind.word.en + " " + s.en + ", " + pl.en
	} else {
		t := pick(g, projectThemes[kind])
		zh = r.def.name + t.theme.zh + t.suffix.zh
		en = r.def.nameEn + " " + t.theme.en + " " + t.suffix.en
	}
	g.projectNames[zh]++
	if n := g.projectNames[zh]; n > 1 {
		numeral := strconv.Itoa(n)
		if n < len(phaseNumerals) {
			numeral = phaseNumerals[n]
		}
		zh += "（" + numeral + "期）"
		en += " (Phase " + strconv.Itoa(n) + ")"
	}
	return zh, en
}

// sponsor is who secured or introduced a project, and when.
type sponsor struct {
	person int
	post   *posting // nil for a city official
	date   time.Time
	region *regionInfo
}

// drawSponsor picks the person behind a project: mostly a cadre during a
// posting, sometimes a former cadre afterwards (the liaison the speech asks
// for), sometimes a city official.
func (g *gen) drawSponsor() sponsor {
	x := g.rng.Float64()
	if x >= 0.8 && x < 0.92 && len(g.closedPostings) > 0 {
		for range 5 {
			p := pick(g, g.closedPostings)
			if start := p.to.AddDate(0, 0, 30); start.Before(g.ref) {
				return sponsor{person: p.person, post: p, date: g.between(start, g.ref), region: p.host.region}
			}
		}
	}
	if x >= 0.92 && len(g.officials) > 0 {
		o := pick(g, g.officials)
		return sponsor{person: o, date: g.between(day(firstBatch, time.January, 1), g.ref), region: g.people[o].region}
	}
	p := pick(g, g.postings)
	return sponsor{person: p.person, post: p, date: g.between(p.from, p.end(g.ref)), region: p.host.region}
}

// addProjects adds the projects with the people who secured or introduced
// them, the companies that invest and the units that support them.
func (g *gen) addProjects() {
	var queue []*posting // fixture cadres' projects come first
	for i, f := range g.cfg.fixtures {
		for range f.projects {
			queue = append(queue, g.firstPosting[i])
		}
	}
	kindW := cumulative(projectKindWeights)
	science := slices.Concat(g.byKind[graph.UnitUniversity], g.byKind[graph.UnitResearchInstitute])
	agencies := slices.Concat(g.byKind[graph.UnitCentralAgency], g.byKind[graph.UnitProvincialAgency])
	banks := g.byKind[graph.UnitFinancialInstitution]

	for i := range g.cfg.projects {
		kind := graph.ProjectKinds[g.weighted(kindW)]
		var s sponsor
		if i < len(queue) {
			p := queue[i]
			s = sponsor{person: p.person, post: p, date: g.between(p.from, p.end(g.ref)), region: p.host.region}
		} else {
			s = g.drawSponsor()
		}
		region := g.inBaoding(s.region)
		start := g.atMostRef(s.date.AddDate(0, 0, g.rng.IntN(120)))

		var lead *companyInfo
		if kind == graph.ProjectInvestment {
			lead = pick(g, g.companies)
			if local := g.companiesByRegion[region]; len(local) > 0 && g.chance(0.5) {
				lead = pick(g, local)
			}
		}
		name, nameEn := g.projectName(kind, region, lead)
		bounds := amountRanges[kind]
		total := g.amount(bounds[0], bounds[1])
		p := &graph.Project{
			ID:          g.nextID(graph.KindProject, &g.nProject),
			Name:        name,
			NameEn:      nameEn,
			Kind:        kind,
			Status:      g.status(start),
			StartDate:   g.date(start),
			Description: projectKindNames[kind] + "项目，落地" + region.def.name + "。",
			RegionID:    region.r.ID,
		}
		if kind != graph.ProjectPolicy || g.chance(0.7) {
			p.Amount = &total
		}
		if kind != graph.ProjectInvestment && kind != graph.ProjectPlatform && g.chance(0.5) {
			// Funding, pilots and programmes run for a fixed term.
			if end := start.AddDate(1+g.rng.IntN(3), 0, -1); !end.After(g.ref.AddDate(2, 0, 0)) {
				p.EndDate = g.date(end)
			}
		}
		g.b.Projects = append(g.b.Projects, p)

		role := graph.RelSecured
		if kind == graph.ProjectInvestment || kind == graph.ProjectPlatform || (kind == graph.ProjectTechnology && g.chance(0.5)) {
			role = graph.RelIntroduced
		}
		g.rel(role, g.people[s.person].p.ID, p.ID).From = g.date(s.date)
		if s.post != nil && g.chance(0.2) {
			// A cadre serving in the same place at the time helped.
			for range 5 {
				o := pick(g, g.postingsByRegion[s.post.host.region])
				if o.person != s.person && !o.from.After(s.date) && !o.end(g.ref).Before(s.date) {
					g.rel(role, g.people[o.person].p.ID, p.ID).From = g.date(s.date)
					g.know(s.person, o.person, later(s.post.from, o.from), "项目合作")
					break
				}
			}
		}

		g.addInvestors(p, kind, total, lead, s)

		var supporter *unitInfo
		if s.post != nil {
			support := 0.6
			if kind != graph.ProjectInvestment && kind != graph.ProjectPlatform {
				support = 0.95
			}
			if g.chance(support) {
				supporter = s.post.disp
			}
		} else if g.chance(0.5) {
			supporter = g.dispatching[g.weighted(g.dispatchW)]
		}
		if supporter != nil {
			g.support(supporter, p, supportNotes[kind], s.date)
		}
		if g.chance(0.3) {
			var pool []*unitInfo
			note := supportNotes[kind]
			switch kind {
			case graph.ProjectTechnology, graph.ProjectPlatform, graph.ProjectTalent:
				pool = science
			case graph.ProjectFunding, graph.ProjectPolicy:
				pool = agencies
			default:
				pool, note = banks, "融资支持"
			}
			if u := pick(g, pool); u != supporter {
				g.support(u, p, note, s.date)
				if len(u.members) > 0 {
					g.know(s.person, pick(g, u.members), s.date, "项目合作")
				}
			}
		}
	}
}

// addInvestors adds the companies that invest in a project: for an
// investment project its lead investor and sometimes partners sharing the
// total, for a platform or technology project sometimes one backer.
func (g *gen) addInvestors(p *graph.Project, kind graph.ProjectKind, total float64, lead *companyInfo, s sponsor) {
	type share struct {
		c      *companyInfo
		amount float64
	}
	var shares []share
	switch {
	case lead != nil:
		n := 1 + g.rng.IntN(3)
		left := total
		shares = append(shares, share{c: lead})
		for len(shares) < n {
			c := pick(g, g.companies)
			if c == lead || slices.ContainsFunc(shares, func(x share) bool { return x.c == c }) {
				n--
				continue
			}
			a := math.Round(left*(0.1+0.3*g.rng.Float64())/1e4) * 1e4
			left -= a
			shares = append(shares, share{c: c, amount: a})
		}
		shares[0].amount = left
	case (kind == graph.ProjectPlatform || kind == graph.ProjectTechnology) && g.chance(0.4):
		shares = append(shares, share{c: pick(g, g.companies), amount: math.Round(total*(0.2+0.4*g.rng.Float64())/1e4) * 1e4})
	}
	for _, sh := range shares {
		r := g.rel(graph.RelInvestsIn, sh.c.c.ID, p.ID)
		a := sh.amount
		r.Amount, r.From = &a, p.StartDate
	}
	if len(shares) > 0 && len(shares[0].c.execs) > 0 {
		// The cadre met the investor's executive while courting the firm.
		g.know(s.person, shares[0].c.execs[0], s.date.AddDate(0, 0, -g.rng.IntN(90)), "招商活动")
	}
}

func (g *gen) support(u *unitInfo, p *graph.Project, note string, date time.Time) {
	r := g.rel(graph.RelSupports, u.u.ID, p.ID)
	r.Note, r.From = note, g.date(date)
}

// Acquaintances.

// know records that two people know each other since a date, once per
// pair. It reports whether the pair is new.
func (g *gen) know(a, b int, since time.Time, how string) bool {
	if a == b {
		return false
	}
	x, y := min(a, b), max(a, b)
	key := uint64(x)<<32 | uint64(y)
	if _, ok := g.knows[key]; ok {
		return false
	}
	g.knows[key] = struct{}{}
	r := g.rel(graph.RelKnows, g.people[a].p.ID, g.people[b].p.ID)
	r.From, r.How = g.date(g.atMostRef(since)), how
	return true
}

// linkGroup makes the members of a group acquainted: every pair of a small
// group, a few partners each in a large one.
func (g *gen) linkGroup(members []int, since func(a, b int) time.Time, how string) {
	if len(members) <= 8 {
		for i, a := range members {
			for _, b := range members[i+1:] {
				g.know(a, b, since(a, b), how)
			}
		}
		return
	}
	for _, a := range members {
		for range 3 {
			if b := pick(g, members); b != a {
				g.know(a, b, since(a, b), how)
			}
		}
	}
}

// addAcquaintances adds who knows whom: cadres of one cohort in one place,
// cohort classmates, colleagues at the host unit and at home, executives of
// one company, and random acquaintances up to the configured total.
func (g *gen) addAcquaintances() {
	// Cohorts: the same batch at the same host unit, or in the same place.
	// Buckets keep the order of first appearance: map order would make the
	// graph differ between runs.
	type bucket struct{ posts []*posting }
	var order []*bucket
	buckets := make(map[[3]int]*bucket)
	add := func(key [3]int, p *posting) {
		bk := buckets[key]
		if bk == nil {
			bk = &bucket{}
			buckets[key] = bk
			order = append(order, bk)
		}
		bk.posts = append(bk.posts, p)
	}
	byBatch := make([][]*posting, nBatches)
	for _, p := range g.postings {
		add([3]int{0, p.batch, p.host.index}, p)
		add([3]int{1, p.batch, p.host.region.index}, p)
		byBatch[p.batch-firstBatch] = append(byBatch[p.batch-firstBatch], p)
	}
	postedAt := make(map[int]time.Time)
	for _, bk := range order {
		members := make([]int, len(bk.posts))
		for i, p := range bk.posts {
			members[i] = p.person
			postedAt[p.person] = p.from
		}
		g.linkGroup(members, func(a, b int) time.Time {
			return later(postedAt[a], postedAt[b]).AddDate(0, 0, g.rng.IntN(30))
		}, "同期挂职")
	}
	// Classmates of the cohort's training.
	for _, ps := range byBatch {
		for _, p := range ps {
			if g.chance(0.6) {
				o := pick(g, ps)
				g.know(p.person, o.person, later(p.from, o.from), "同期挂职")
			}
		}
	}
	// Colleagues at the host unit: its officials, and other cadres posted
	// there at the same time.
	for _, p := range g.postings {
		if m := p.host.members; len(m) > 0 {
			for range min(3, len(m)) {
				g.know(p.person, pick(g, m), p.from.AddDate(0, 0, g.rng.IntN(60)), "同事")
			}
		}
		others := g.postingsByHost[p.host]
		for range 3 {
			o := pick(g, others)
			if o.from.Before(p.end(g.ref)) && p.from.Before(o.end(g.ref)) {
				g.know(p.person, o.person, later(p.from, o.from), "同事")
			}
		}
	}
	// Colleagues at home.
	since := func(a, b int) time.Time {
		return g.between(later(g.people[a].since, g.people[b].since), g.ref)
	}
	for _, u := range slices.Concat(g.dispatching, g.hosts) {
		for _, a := range u.members {
			for range 2 {
				if b := pick(g, u.members); g.chance(0.6) {
					g.know(a, b, since(a, b), "同事")
				}
			}
		}
	}
	for _, c := range g.companies {
		g.linkGroup(c.execs, since, "同事")
	}
	// Everyone else: alumni, introductions, meetings.
	hows := []string{"校友", "朋友介绍", "招商活动", "会议结识", "项目合作"}
	for tries := 0; len(g.knows) < g.cfg.knows && tries < 4*g.cfg.knows; tries++ {
		a, b := g.rng.IntN(len(g.people)), g.rng.IntN(len(g.people))
		how := pick(g, hows)
		var t time.Time
		if how == "校友" {
			// They met at university.
			y := max(g.people[a].birth, g.people[b].birth) + 18 + g.rng.IntN(4)
			t = day(y, time.September, 1)
		} else {
			t = g.between(day(2010, time.January, 1), g.ref)
		}
		g.know(a, b, t, how)
	}
}
