package graph

import (
	"context"
	"strings"
	"time"
)

// Contributions are what the speech asks of every cadre on a temporary
// post, recorded one by one: advice (智囊团, 建言献策), leading by example
// (领航者: talks, training, front-line work with local cadres), innovation
// (助推器: reforms, innovation resources and talent brought in), support
// from above (直通车: policies, funds and approvals won for the city) and
// promotion (宣传员: promoting the city, bringing projects and
// cooperation). The sixth role, long-term liaison (联络人), stays the
// interaction log.
//
// A cadre records their own contributions; an officer may record a
// promotion they witnessed for the cadres involved; the organization
// department (admin) confirms a contribution or returns it with a
// comment. Only confirmed contributions count in reports and targets.
//
// What counts, exactly (reports, targets):
//
//   - A contribution counts in a period when it is CONFIRMED and its date
//     lies in the period (both ends inclusive).
//   - A unit's contributions are those of which at least one cadre is a
//     cadre of the unit in the period (graph/report.go); counts and
//     amounts are over distinct contributions, so one with two cadres of
//     the unit counts once. A contribution without an amount counts 0.
//   - Progress against a target counts the cadre's confirmed contributions
//     dated in the target's year; for SUPPORT only those WON (a support
//     sought is not yet support), for ADVICE all confirmed ones.

// ContributionKind is one of the five recorded roles.
type ContributionKind string

const (
	ContributionAdvice     ContributionKind = "ADVICE"
	ContributionExample    ContributionKind = "EXAMPLE"
	ContributionInnovation ContributionKind = "INNOVATION"
	ContributionSupport    ContributionKind = "SUPPORT"
	ContributionPromotion  ContributionKind = "PROMOTION"
)

// ContributionKinds lists the kinds in the order of the speech.
var ContributionKinds = []ContributionKind{ContributionAdvice, ContributionExample, ContributionInnovation, ContributionSupport, ContributionPromotion}

// Valid reports whether k is a known kind.
func (k ContributionKind) Valid() bool { return oneOf(k, ContributionKinds) }

// RoleLiaison is the key of the sixth role in report breakdowns: it counts
// interactions, not contributions.
const RoleLiaison = "LIAISON"

// SixRoles lists the keys of the report's role sections, in the order of
// the speech.
var SixRoles = []string{string(ContributionAdvice), string(ContributionExample), string(ContributionInnovation),
	string(ContributionSupport), string(ContributionPromotion), RoleLiaison}

// ContributionStage is how far an advice or a support has come.
type ContributionStage string

const (
	StageSubmitted   ContributionStage = "SUBMITTED"
	StageAdopted     ContributionStage = "ADOPTED"
	StageImplemented ContributionStage = "IMPLEMENTED"
	StageSought      ContributionStage = "SOUGHT"
	StageWon         ContributionStage = "WON"
)

// Stages lists the stages a kind passes through, in order; nil for kinds
// without stages.
func (k ContributionKind) Stages() []ContributionStage {
	switch k {
	case ContributionAdvice:
		return []ContributionStage{StageSubmitted, StageAdopted, StageImplemented}
	case ContributionSupport:
		return []ContributionStage{StageSought, StageWon}
	}
	return nil
}

// HasAmount reports whether contributions of the kind may carry an amount
// (funds won, investment brought in).
func (k ContributionKind) HasAmount() bool {
	return k == ContributionSupport || k == ContributionInnovation || k == ContributionPromotion
}

// ContributionReview is where a contribution stands with the organization
// department.
type ContributionReview string

const (
	ReviewPending   ContributionReview = "PENDING"
	ReviewConfirmed ContributionReview = "CONFIRMED"
	ReviewReturned  ContributionReview = "RETURNED"
)

// ContributionReviews lists every review state.
var ContributionReviews = []ContributionReview{ReviewPending, ReviewConfirmed, ReviewReturned}

// Valid reports whether r is a known review state.
func (r ContributionReview) Valid() bool { return oneOf(r, ContributionReviews) }

// Contribution is one recorded contribution of one or more cadres.
type Contribution struct {
	ID          string
	Kind        ContributionKind
	Title       string
	TitleEn     string
	Date        time.Time
	Description string
	// Stage applies to ADVICE and SUPPORT; nil for the other kinds.
	Stage *ContributionStage
	// Amount in CNY, for SUPPORT, INNOVATION and PROMOTION.
	Amount *float64
	// CadreIDs are the cadres whose contribution it is (BY).
	CadreIDs []string
	// CadreNames are their names, in the same order (for reports).
	CadreNames []string `json:"-"`
	// AboutIDs are the units, companies, projects and regions it
	// concerns (CONCERNS).
	AboutIDs []string
	Review   ContributionReview
	// ReviewComment is the organization department's comment, required
	// when it returns a contribution.
	ReviewComment string
	ReviewedBy    string
	ReviewedAt    *time.Time
	// Story marks a confirmed contribution for publicity (感人事迹要广泛宣传),
	// with a short text.
	Story      bool
	StoryText  string
	RecordedBy string
	// RecordedByPerson is the person claim of the token that recorded it.
	RecordedByPerson string
	RecordedAt       time.Time
	UpdatedAt        time.Time
}

// KindContribution is the node kind of a contribution. It is not one of
// Kinds: contributions are not entities of paths, lists or the
// neighbourhood; node(id) and search find them.
const KindContribution Kind = "CONTRIBUTION"

// ContributionIDPrefix prefixes contribution ids.
const ContributionIDPrefix = "con"

// IsContributionID reports whether id has the form of a contribution id.
func IsContributionID(id string) bool {
	prefix, suffix, ok := strings.Cut(id, "_")
	return ok && prefix == ContributionIDPrefix && validIDSuffix(suffix) && len(id) <= maxIDLen
}

// NewContributionID returns a fresh contribution id.
func NewContributionID() string { return ContributionIDPrefix + "_" + randomSuffix() }

func (c *Contribution) NodeID() string      { return c.ID }
func (c *Contribution) NodeKind() Kind      { return KindContribution }
func (c *Contribution) DisplayName() string { return c.Title }

// Counts reports whether the contribution counts towards a target of its
// kind: confirmed and, for a support, won.
func (c *Contribution) Counts() bool {
	if c.Review != ReviewConfirmed {
		return false
	}
	if c.Kind == ContributionSupport {
		return c.Stage != nil && *c.Stage == StageWon
	}
	return true
}

// Limits of contributions.
const (
	MaxContributionCadres = 20
	MaxContributionAbout  = 50
	MaxStoryLen           = 500
	MaxTargetCount        = 100
	// MaxReportContributions bounds the confirmed items listed per role
	// in a unit report; counts and amounts still cover every one.
	MaxReportContributions = 500
	// MaxSummaryStories bounds the stories of a city summary.
	MaxSummaryStories = 200
)

// RecordContributionInput records a contribution. A new one is PENDING.
type RecordContributionInput struct {
	Kind        ContributionKind
	Title       string
	TitleEn     *string
	Date        time.Time
	Description *string
	Stage       *ContributionStage
	Amount      *float64
	CadreIDs    []string
	AboutIDs    []string
	StoryText   *string
}

// Validate checks a contribution.
func (in *RecordContributionInput) Validate() error {
	var v validator
	if !in.Kind.Valid() {
		v.fail("input.kind", "unknown kind %q (ADVICE, EXAMPLE, INNOVATION, SUPPORT or PROMOTION)", Truncate(string(in.Kind), 40))
	}
	v.name("input.title", in.Title)
	v.optText("input.titleEn", in.TitleEn, MaxNameLen)
	d := in.Date
	v.date("input.date", &d)
	v.notFuture("input.date", &d)
	v.optText("input.description", in.Description, MaxTextLen)
	v.stage("input.stage", in.Kind, in.Stage)
	if in.Amount != nil && in.Kind.Valid() && !in.Kind.HasAmount() {
		v.fail("input.amount", "a contribution of kind %s has no amount (only SUPPORT, INNOVATION and PROMOTION do)", in.Kind)
	}
	v.amount("input.amount", in.Amount)
	v.peopleIDs("input.cadreIds", in.CadreIDs, MaxContributionCadres)
	v.aboutIDs("input.aboutIds", in.AboutIDs)
	v.optText("input.storyText", in.StoryText, MaxStoryLen)
	return v.result()
}

func (v *validator) stage(field string, k ContributionKind, s *ContributionStage) {
	stages := k.Stages()
	switch {
	case s == nil && stages != nil:
		v.fail(field, "a contribution of kind %s needs a stage (%s)", k, joinStages(stages))
	case s != nil && stages == nil && k.Valid():
		v.fail(field, "a contribution of kind %s has no stage", k)
	case s != nil && stages != nil && !oneOf(*s, stages):
		v.fail(field, "%q is not a stage of %s (%s)", Truncate(string(*s), 40), k, joinStages(stages))
	}
}

func joinStages(ss []ContributionStage) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return strings.Join(out, ", ")
}

func (v *validator) peopleIDs(field string, ids []string, max int) {
	if len(ids) == 0 {
		v.fail(field, "at least one cadre")
	}
	if len(ids) > max {
		v.fail(field, "at most %d people, got %d", max, len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		v.reqID(field, id, KindPerson)
		if seen[id] {
			v.fail(field, "%q is listed twice", Truncate(id, 80))
		}
		seen[id] = true
	}
}

func (v *validator) aboutIDs(field string, ids []string) {
	if len(ids) > MaxContributionAbout {
		v.fail(field, "at most %d entities, got %d", MaxContributionAbout, len(ids))
	}
	for _, id := range ids {
		k, err := ParseID(id)
		switch {
		case err != nil:
			v.fail(field, "%q is not a valid id", Truncate(id, 80))
		case k == KindPerson:
			v.fail(field, "%q is a person; a contribution concerns units, companies, projects or regions", Truncate(id, 80))
		}
	}
}

// ReviewContributionInput is the organization department's decision.
type ReviewContributionInput struct {
	ID       string
	Decision ContributionReview // CONFIRMED or RETURNED
	Comment  *string
	// Stage moves an advice or support on (an advice adopted, a support
	// won) when the department confirms it.
	Stage     *ContributionStage
	Story     *bool
	StoryText *string
}

// Validate checks a review against the contribution's kind.
func (in *ReviewContributionInput) Validate(kind ContributionKind) error {
	var v validator
	if !IsContributionID(in.ID) {
		v.fail("id", "%q is not a valid contribution id", Truncate(in.ID, 80))
	}
	if in.Decision != ReviewConfirmed && in.Decision != ReviewReturned {
		v.fail("input.decision", "must be CONFIRMED or RETURNED, got %q", Truncate(string(in.Decision), 40))
	}
	v.optText("input.comment", in.Comment, MaxTextLen)
	if in.Decision == ReviewReturned && (in.Comment == nil || strings.TrimSpace(*in.Comment) == "") {
		v.fail("input.comment", "say why the contribution is returned")
	}
	if in.Stage != nil {
		v.stage("input.stage", kind, in.Stage)
	}
	if in.Story != nil && *in.Story && in.Decision != ReviewConfirmed {
		v.fail("input.story", "only a confirmed contribution can be a story")
	}
	v.optText("input.storyText", in.StoryText, MaxStoryLen)
	return v.result()
}

// ContributionFilter selects contributions.
type ContributionFilter struct {
	// PersonID: contributions of this cadre ("" any).
	PersonID string
	// Review: in these review states (empty: any).
	Review []ContributionReview
	Kind   *ContributionKind
	From   *time.Time
	To     *time.Time
}

// Validate checks a filter.
func (f *ContributionFilter) Validate() error {
	var v validator
	if f.PersonID != "" {
		v.reqID("person", f.PersonID, KindPerson)
	}
	for _, r := range f.Review {
		if !r.Valid() {
			v.fail("review", "unknown review state %q", Truncate(string(r), 40))
		}
	}
	if f.Kind != nil && !f.Kind.Valid() {
		v.fail("kind", "unknown kind %q", Truncate(string(*f.Kind), 40))
	}
	v.period("from", f.From, "to", f.To)
	return v.result()
}

// OnlyConfirmed reports whether the filter asks for confirmed
// contributions only.
func (f *ContributionFilter) OnlyConfirmed() bool {
	return len(f.Review) > 0 && !oneOf(ReviewPending, f.Review) && !oneOf(ReviewReturned, f.Review)
}

// TargetItem is the count asked of one kind.
type TargetItem struct {
	Kind  ContributionKind
	Count int
}

// ContributionTarget is a cadre's target for a year, set by the
// organization department ("两项支持、三件实事").
type ContributionTarget struct {
	PersonID string
	Year     int
	Items    []TargetItem
	Note     string
	SetBy    string
	SetAt    time.Time
}

// SetTargetInput sets (replaces) a cadre's target for a year.
type SetTargetInput struct {
	PersonID string
	Year     int
	Items    []TargetItem
	Note     *string
}

// Validate checks a target.
func (in *SetTargetInput) Validate() error {
	var v validator
	v.reqID("input.person", in.PersonID, KindPerson)
	if in.Year < MinDateYear || in.Year > Today().Year()+MaxDateYearOffset {
		v.fail("input.year", "must lie between %d and %d, got %d", MinDateYear, Today().Year()+MaxDateYearOffset, in.Year)
	}
	if len(in.Items) == 0 {
		v.fail("input.items", "at least one kind with a count")
	}
	seen := map[ContributionKind]bool{}
	for _, it := range in.Items {
		if !it.Kind.Valid() {
			v.fail("input.items", "unknown kind %q", Truncate(string(it.Kind), 40))
		}
		if seen[it.Kind] {
			v.fail("input.items", "%s is listed twice", it.Kind)
		}
		seen[it.Kind] = true
		if it.Count < 1 || it.Count > MaxTargetCount {
			v.fail("input.items", "the count of %s must lie between 1 and %d, got %d", it.Kind, MaxTargetCount, it.Count)
		}
	}
	v.optText("input.note", in.Note, MaxStoryLen)
	return v.result()
}

// TargetProgress is a cadre's progress in one kind of a year.
type TargetProgress struct {
	Kind   ContributionKind
	Target int // 0 when the target does not name the kind
	Done   int // contributions that count (Contribution.Counts)
}

// CadreProgress is a cadre's record of a year in the five recorded roles
// against their target.
type CadreProgress struct {
	PersonID string
	Year     int
	// Target is nil when none was set.
	Target *ContributionTarget
	// Kinds has one entry per kind, in the order of ContributionKinds.
	Kinds []TargetProgress
}

// Met reports whether every kind the target names is reached; false
// without a target.
func (p *CadreProgress) Met() bool {
	if p.Target == nil {
		return false
	}
	for _, k := range p.Kinds {
		if k.Done < k.Target {
			return false
		}
	}
	return true
}

// RoleSection is one of the six roles in a report: confirmed
// contributions of the kind dated in the period (for LIAISON: the
// distinct interactions, without items).
type RoleSection struct {
	Role   string
	Count  int
	Amount float64
	// Items lists at most MaxReportContributions confirmed contributions,
	// by date; Truncated says more were left out.
	Items     []*Contribution
	Truncated bool
}

// RoleReport is the six-role part of a unit report.
type RoleReport struct {
	// Roles has one section per role, in the order of SixRoles.
	Roles []*RoleSection
	// Year is the year of the targets shown: the year of the period's end.
	Year int
	// Progress has one entry per listed cadre of the report, in its order.
	Progress []*CadreProgress
}

// RoleSummaryRow is one line of the city summary by role: a role, in the
// city (Key "") or for a dispatching unit.
type RoleSummaryRow struct {
	UnitID, UnitName string
	Role             string
	Count            int
	Amount           float64
}

// CityRoles is the six-role part of the city summary.
type CityRoles struct {
	// Total has one row per role (UnitID "").
	Total []RoleSummaryRow
	// ByUnit has a row per dispatching unit and role with any count, by
	// unit name, then role.
	ByUnit []RoleSummaryRow
	// Stories are the confirmed contributions of the period marked as
	// stories, newest first, at most MaxSummaryStories.
	Stories []*Contribution
}

// ContributionService records, reviews and lists contributions and
// targets.
type ContributionService interface {
	// RecordContribution records a new PENDING contribution.
	RecordContribution(ctx context.Context, in RecordContributionInput, recordedBy, recordedByPerson string) (*Contribution, error)
	// ReviewContribution confirms or returns a contribution.
	ReviewContribution(ctx context.Context, in ReviewContributionInput, reviewedBy string) (*Contribution, error)
	// FindContribution is one contribution, NOT_FOUND when there is none
	// (or none the viewer may see).
	FindContribution(ctx context.Context, id string) (*Contribution, error)
	// FindContributions lists contributions, newest first.
	FindContributions(ctx context.Context, f ContributionFilter, page Page) (*List[*Contribution], error)
	// FindContributionsOf lists the contributions of many people at once:
	// for each filter, which names a person (at most MaxAchievementPeople),
	// the page FindContributions answers for it, keyed by the person.
	FindContributionsOf(ctx context.Context, fs []ContributionFilter, page Page) (map[string]*List[*Contribution], error)
	// SetContributionTarget sets a cadre's target for a year.
	SetContributionTarget(ctx context.Context, in SetTargetInput, setBy string) (*ContributionTarget, error)
	// ContributionProgress is each person's progress in the year.
	ContributionProgress(ctx context.Context, personIDs []string, year int) (map[string]*CadreProgress, error)
}

func (c *Contribution) TitleEnOrNil() *string       { return orNil(c.TitleEn) }
func (c *Contribution) DescriptionOrNil() *string   { return orNil(c.Description) }
func (c *Contribution) ReviewCommentOrNil() *string { return orNil(c.ReviewComment) }
func (c *Contribution) StoryTextOrNil() *string     { return orNil(c.StoryText) }
func (c *Contribution) RecordedByOrNil() *string    { return orNil(c.RecordedBy) }

func (t *ContributionTarget) NoteOrNil() *string { return orNil(t.Note) }

// RoleReportService answers the six-role parts of the reports.
type RoleReportService interface {
	// UnitRoles is the six-role part of a unit's report for [from, to],
	// with the progress of the cadres (in the year of to).
	UnitRoles(ctx context.Context, unitID string, from, to time.Time, cadreIDs []string) (*RoleReport, error)
	// CityRoles is the six-role part of the city summary.
	CityRoles(ctx context.Context, from, to time.Time) (*CityRoles, error)
}

// ReportsWithRoles is a ReportService whose reports carry their six-role
// parts: the unit report and the city summary are each one statement, and
// their role parts one more.
type ReportsWithRoles struct {
	ReportService
	Roles RoleReportService
}

// UnitReport is the report with its Roles.
func (r ReportsWithRoles) UnitReport(ctx context.Context, unitID string, from, to time.Time) (*UnitReport, error) {
	rep, err := r.ReportService.UnitReport(ctx, unitID, from, to)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rep.Cadres))
	for i, c := range rep.Cadres {
		ids[i] = c.Person.ID
	}
	if rep.Roles, err = r.Roles.UnitRoles(ctx, unitID, rep.From, rep.To, ids); err != nil {
		return nil, err
	}
	return rep, nil
}

// CitySummary is the summary with its Roles.
func (r ReportsWithRoles) CitySummary(ctx context.Context, from, to time.Time) (*CitySummary, error) {
	s, err := r.ReportService.CitySummary(ctx, from, to)
	if err != nil {
		return nil, err
	}
	if s.Roles, err = r.Roles.CityRoles(ctx, s.From, s.To); err != nil {
		return nil, err
	}
	return s, nil
}
