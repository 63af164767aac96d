package graph

import (
	"context"
	"strings"
	"time"
)

// Reports are what the organization department sends back to each
// dispatching unit: its cadres in a period, their postings, the projects
// and support they secured or introduced, and how often the city stayed in
// touch with them; and a city-wide summary by dispatching unit, by host
// region and by year.
//
// What counts, exactly:
//
//   - A period is two calendar dates, both inclusive. Dates are days of the
//     city's calendar (ReportZone); an interaction, which is an instant,
//     falls in the period when it lies between the start of From and the
//     end of To in that zone.
//   - A cadre of unit U in the period is a person with a posting
//     (POSTED_TO) whose dispatching unit is U and whose period overlaps the
//     report's: it began on or before To and had not ended before From.
//     Serving and former cadres alike; a person with two such postings is
//     one cadre.
//   - A cadre is Serving when one of those postings lasts on the report's
//     reference day: To, or today when To lies in the future (but not
//     before From).
//   - A cadre's achievements are their SECURED and INTRODUCED
//     relationships to projects whose date (the relationship's `from`)
//     lies in the period; undated ones always count. They are the cadre's
//     whatever host post they held: a former cadre who still brings in a
//     project is doing what the speech asks of a liaison.
//   - Totals count distinct projects: a project two cadres of the unit
//     worked on, or one cadre both secured and introduced, counts once,
//     and so does its amount. A project without an amount counts with 0.
//     ByRole counts a project once per role, so its rows may add up to
//     more than Projects.
//   - Interactions are logged Interaction nodes with the cadre as a
//     participant, in the period. The unit's figure counts distinct
//     interactions, so a meeting with two of its cadres counts once.
//
// The city summary applies the same rules to every cadre posted in the
// period, grouped three ways (rows of a grouping are not additive: a
// person and a project may belong to several rows; Total is distinct):
//
//   - ByUnit: by the dispatching unit of the postings that overlap the
//     period. Cadres, their achievements and interactions as in a unit
//     report.
//   - ByRegion: by the region the host unit is located in now (its
//     LOCATED_IN without an end), the region itself, not rolled up to its
//     parents. Key "" collects host units without a region.
//   - ByYear: one row per calendar year the period touches, clipped to the
//     period. Cadres are those serving at some day of that year (a
//     three-year posting counts in each of its years); Projects and Amount
//     those whose achievement date lies in that year, by any cadre of the
//     period; Interactions those in that year with any cadre of the
//     period. Undated achievements have no year: they form one last row
//     with Key "" (and no cadres or interactions), present only when
//     there are any.

// ReportZone is the city's time zone (China Standard Time, no daylight
// saving): report dates are its calendar days.
var ReportZone = time.FixedZone("UTC+8", 8*60*60)

// Limits of a report.
const (
	// MaxReportYears bounds a report's period.
	MaxReportYears = 50
	// MaxReportCadres bounds the cadres listed in a unit report; the
	// totals still count every cadre (UnitReport.Truncated says so).
	MaxReportCadres = 2000
	// MaxReportAchievements bounds the achievements listed per cadre.
	MaxReportAchievements = 500
	// MaxSummaryRows bounds each grouping of the city summary.
	MaxSummaryRows = 2000
	// MaxAchievementPeople bounds CadreAchievements' batch.
	MaxAchievementPeople = MaxPageSize * 10
)

// UnitReport is a dispatching unit's report for a period.
type UnitReport struct {
	Unit     *Unit
	From, To time.Time
	// Cadres lists at most MaxReportCadres cadres, by the start of their
	// first posting in the period, then by pinyin.
	Cadres []*CadreRecord
	// CadreCount is the number of cadres in the period, listed or not.
	CadreCount int
	// Truncated says that Cadres holds fewer than CadreCount.
	Truncated bool
	// ServingCount is the number of cadres, listed or not, who are serving.
	ServingCount int
	Totals       ReportTotals
	// Interactions is the number of distinct interactions with the
	// unit's cadres in the period.
	Interactions int
	// Roles is the six-role part (contribution.go): confirmed
	// contributions of the unit's cadres by role, and their targets.
	Roles       *RoleReport
	GeneratedAt time.Time
}

// CadreRecord is one cadre in a unit report.
type CadreRecord struct {
	Person *Person
	// Postings are the cadre's postings from the unit that overlap the
	// period, oldest first; End is the host unit.
	Postings []*Relationship
	// Achievements are the projects the cadre secured or introduced in
	// the period, dated ones first by date, at most MaxReportAchievements.
	Achievements []*Achievement
	// AchievementsTruncated says that more achievements were left out.
	AchievementsTruncated bool
	// Interactions is the number of interactions with the cadre in the
	// period.
	Interactions int
	// Serving says that a posting lasts on the report's reference day.
	Serving bool
}

// Amount is the sum of the amounts of the cadre's distinct projects.
func (c *CadreRecord) Amount() float64 {
	seen := map[string]bool{}
	var sum float64
	for _, a := range c.Achievements {
		if a.Project == nil || seen[a.Project.ID] {
			continue
		}
		seen[a.Project.ID] = true
		if a.Project.Amount != nil {
			sum += *a.Project.Amount
		}
	}
	return sum
}

// ProjectCount is the number of the cadre's distinct projects.
func (c *CadreRecord) ProjectCount() int {
	seen := map[string]bool{}
	for _, a := range c.Achievements {
		if a.Project != nil {
			seen[a.Project.ID] = true
		}
	}
	return len(seen)
}

// Achievement is one project a cadre secured or introduced.
type Achievement struct {
	Project *Project
	Role    ProjectRole
	// Date is when the cadre secured or introduced it, when recorded.
	Date *time.Time
	Note string
}

// ReportTotals are a unit report's figures over distinct projects.
type ReportTotals struct {
	Projects int
	Amount   float64 // CNY
	// ByKind, ByStatus and ByRole list the kinds, statuses and roles that
	// occur, in the order of ProjectKinds, ProjectStatuses and
	// (SECURED, INTRODUCED); Key is the enum value.
	ByKind   []ReportRow
	ByStatus []ReportRow
	ByRole   []ReportRow
}

// ReportRow is one line of a breakdown.
type ReportRow struct {
	Key    string
	Count  int
	Amount float64
}

// CitySummary is the city-wide summary of a period.
type CitySummary struct {
	From, To time.Time
	// Total counts every cadre of the period and their distinct projects
	// and interactions.
	Total SummaryRow
	// ByUnit is ordered by cadres, then amount, descending; ByRegion the
	// same; ByYear by year. Each holds at most MaxSummaryRows rows;
	// the Truncated flags say when more were left out.
	ByUnit, ByRegion, ByYear []SummaryRow
	UnitsTruncated           bool
	RegionsTruncated         bool
	// Roles is the city by the six roles and the stories (contribution.go).
	Roles       *CityRoles
	GeneratedAt time.Time
}

// SummaryRow is one line of the city summary. Key is the unit or region
// id or the year ("" for no region, or for undated achievements); Label
// is its name.
type SummaryRow struct {
	Key, Label   string
	Cadres       int
	Projects     int
	Amount       float64
	Interactions int
}

// ReportService builds reports.
type ReportService interface {
	// UnitReport is the report of a dispatching unit for [from, to].
	UnitReport(ctx context.Context, unitID string, from, to time.Time) (*UnitReport, error)
	// CitySummary is the city-wide summary for [from, to].
	CitySummary(ctx context.Context, from, to time.Time) (*CitySummary, error)
	// CadreAchievements lists every achievement of each person, any date,
	// at most MaxReportAchievements each; people without any are absent.
	CadreAchievements(ctx context.Context, personIDs []string) (map[string][]*Achievement, error)
}

// ReportPeriod is a validated report period, From and To as dates
// (midnight UTC, the form dates take everywhere in graph).
type ReportPeriod struct{ From, To time.Time }

// NewReportPeriod checks a period: both dates in the years dates may
// take, To not before From, at most MaxReportYears years long. Times of
// day are dropped.
func NewReportPeriod(from, to time.Time) (ReportPeriod, error) {
	p := ReportPeriod{From: dateOnly(from), To: dateOnly(to)}
	var v validator
	v.period("from", &p.From, "to", &p.To)
	if v.err == nil && p.To.After(p.From.AddDate(MaxReportYears, 0, 0)) {
		v.fail("to", "a report covers at most %d years, got %s to %s", MaxReportYears,
			p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
	}
	return p, v.result()
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Start is the first instant of the period in the city's zone.
func (p ReportPeriod) Start() time.Time { return inZone(p.From) }

// End is the first instant after the period in the city's zone.
func (p ReportPeriod) End() time.Time { return inZone(p.To.AddDate(0, 0, 1)) }

func inZone(d time.Time) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, ReportZone)
}

// ReferenceDay is the day a cadre's Serving is judged on: To, or today
// when To lies ahead, but never before From.
func (p ReportPeriod) ReferenceDay(now time.Time) time.Time {
	today := dateOnly(now.In(ReportZone))
	switch {
	case p.To.Before(today):
		return p.To
	case today.Before(p.From):
		return p.From
	}
	return today
}

// Years splits the period into calendar years, each clipped to it.
func (p ReportPeriod) Years() []ReportPeriod {
	var out []ReportPeriod
	for y := p.From.Year(); y <= p.To.Year(); y++ {
		yp := ReportPeriod{From: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)}
		if yp.From.Before(p.From) {
			yp.From = p.From
		}
		if yp.To.After(p.To) {
			yp.To = p.To
		}
		out = append(out, yp)
	}
	return out
}

// DefaultReportPeriod is this year so far: January 1 to today, in the
// city's calendar.
func DefaultReportPeriod(now time.Time) ReportPeriod {
	today := dateOnly(now.In(ReportZone))
	return ReportPeriod{From: time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC), To: today}
}

// ParseReportPeriod reads a period from the text of two optional dates
// (YYYY-MM-DD; empty takes the default of DefaultReportPeriod) and
// validates it. Errors name the field: from or to.
func ParseReportPeriod(from, to string, now time.Time) (ReportPeriod, error) {
	def := DefaultReportPeriod(now)
	f, t := def.From, def.To
	if s := strings.TrimSpace(from); s != "" {
		d, err := ParseDate(s)
		if err != nil {
			return ReportPeriod{}, Errorf(CodeInvalidInput, "from: %s", ErrorMessage(err))
		}
		f = d
	}
	if s := strings.TrimSpace(to); s != "" {
		d, err := ParseDate(s)
		if err != nil {
			return ReportPeriod{}, Errorf(CodeInvalidInput, "to: %s", ErrorMessage(err))
		}
		t = d
	}
	return NewReportPeriod(f, t)
}

// ValidateUnitReport checks the arguments of UnitReport and returns the
// period.
func ValidateUnitReport(unitID string, from, to time.Time) (ReportPeriod, error) {
	if err := ParseIDOf("unitId", unitID, KindUnit); err != nil {
		return ReportPeriod{}, err
	}
	return NewReportPeriod(from, to)
}

// ValidateAchievementPeople checks the people of CadreAchievements.
func ValidateAchievementPeople(ids []string) error {
	if len(ids) > MaxAchievementPeople {
		return Errorf(CodeInvalidInput, "personIds: at most %d ids, got %d", MaxAchievementPeople, len(ids))
	}
	for _, id := range ids {
		if err := ParseIDOf("personIds", id, KindPerson); err != nil {
			return err
		}
	}
	return nil
}

// ServingOn reports whether one of the postings lasts on day.
func ServingOn(postings []*Relationship, day time.Time) bool {
	for _, p := range postings {
		if p.Current(day) {
			return true
		}
	}
	return false
}

// SortReportRows orders rows by the position of their key in order; keys
// not in order go last, in the order they came.
func SortReportRows[T ~string](rows []ReportRow, order []T) []ReportRow {
	out := make([]ReportRow, 0, len(rows))
	used := make([]bool, len(rows))
	for _, k := range order {
		for i, r := range rows {
			if !used[i] && r.Key == string(k) {
				out, used[i] = append(out, r), true
			}
		}
	}
	for i, r := range rows {
		if !used[i] {
			out = append(out, r)
		}
	}
	return out
}

// ProjectRoles lists the roles in the order reports show them.
var ProjectRoles = []ProjectRole{RoleSecured, RoleIntroduced}

// Labels of the summary rows that name no unit, region or year.
const (
	LabelTotal    = "合计"
	LabelNoRegion = "未标注地区"
	LabelUndated  = "未注明日期"
)
