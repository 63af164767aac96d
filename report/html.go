package report

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"

	"github.com/liaison/liaison/graph"
)

// template.html holds both pages and their style; it loads nothing from
// elsewhere, so that a saved or mailed page prints the same anywhere.
//
//go:embed template.html
var templateText string

var pages = template.Must(template.New("report").Parse(templateText))

type fact struct {
	Label, LabelEn, Value string
}

type breakdownView struct {
	Title, TitleEn string
	Rows           []breakdownLine
}

type breakdownLine struct {
	Name   string
	Count  int
	Amount string
}

type cadreView struct {
	No           int
	Name         string
	Serving      bool
	Status       string
	Postings     []string
	Projects     int
	Amount       string
	Interactions int
	Achievements []achievementView
}

type achievementView struct {
	Project, Role, Kind, Status, Amount, Date, Note string
}

type unitPage struct {
	Title, TitleEn, Period, Generated string
	UnitKind                          string
	Facts                             []fact
	Breakdowns                        []breakdownView
	Cadres                            []cadreView
	HasAchievements                   bool
	Notes                             []string
	Roles                             *rolesPage // roles.go
}

var unitKindNames = map[string]string{
	string(graph.UnitCentralAgency): "中直单位", string(graph.UnitProvincialAgency): "省直单位",
	string(graph.UnitBeijingTianjinAgency): "京津单位", string(graph.UnitLocalGovernment): "地方党政机关",
	string(graph.UnitStateOwnedEnterprise): "国有企业", string(graph.UnitFinancialInstitution): "金融机构",
	string(graph.UnitUniversity): "高等院校", string(graph.UnitResearchInstitute): "科研院所", string(graph.UnitOther): "其他",
}

func breakdownLines(rows []graph.ReportRow, name func(string) string) []breakdownLine {
	out := make([]breakdownLine, len(rows))
	for i, r := range rows {
		out[i] = breakdownLine{Name: name(r.Key), Count: r.Count, Amount: wanDisplay(r.Amount)}
	}
	return out
}

func optWan(a *float64) string {
	if a == nil {
		return "—"
	}
	return wanDisplay(*a)
}

func itoa(n int) string { return groupDigits(strconv.Itoa(n)) }

// WriteHTML writes a unit report as one printable HTML page (A4).
func WriteHTML(w io.Writer, r *graph.UnitReport) error {
	p := unitPage{Title: r.Unit.Name, TitleEn: r.Unit.NameEn, Period: period(r.From, r.To), Generated: generated(r.GeneratedAt),
		UnitKind: name(unitKindNames, string(r.Unit.Kind)), Notes: unitNotes(r), Roles: rolesView(r.Roles, r)}
	p.Facts = []fact{
		{"干部人数", "Cadres", itoa(r.CadreCount)},
		{"在岗 / 已期满", "Serving / former", itoa(r.ServingCount) + " / " + itoa(r.CadreCount-r.ServingCount)},
		{"项目数", "Projects", itoa(r.Totals.Projects)},
		{"金额（万元）", "Amount (10k CNY)", wanDisplay(r.Totals.Amount)},
		{"联络互动", "Interactions", itoa(r.Interactions)},
	}
	p.Breakdowns = []breakdownView{
		{"按类别", "By kind", breakdownLines(r.Totals.ByKind, kindName)},
		{"按状态", "By status", breakdownLines(r.Totals.ByStatus, statusName)},
		{"按作用", "By role", breakdownLines(r.Totals.ByRole, roleName)},
	}
	for i, c := range r.Cadres {
		v := cadreView{No: i + 1, Name: c.Person.Name, Serving: c.Serving, Status: servingName(c.Serving), Projects: c.ProjectCount(),
			Amount: wanDisplay(c.Amount()), Interactions: c.Interactions}
		for _, ps := range c.Postings {
			v.Postings = append(v.Postings, postingText(ps))
		}
		for _, a := range c.Achievements {
			v.Achievements = append(v.Achievements, achievementView{Project: a.Project.Name, Role: roleName(string(a.Role)),
				Kind: kindName(string(a.Project.Kind)), Status: statusName(string(a.Project.Status)), Amount: optWan(a.Project.Amount),
				Date: orDash(optDay(a.Date), "—"), Note: a.Note})
		}
		p.HasAchievements = p.HasAchievements || len(v.Achievements) > 0
		p.Cadres = append(p.Cadres, v)
	}
	return pages.ExecuteTemplate(w, "unit", p)
}

type summaryLine struct {
	Key, Label   string
	Cadres       string
	Projects     string
	Amount       string
	Interactions string
}

type summaryTable struct {
	Title, TitleEn, KeyName string
	Rows                    []summaryLine
}

type summaryPage struct {
	Period, Generated string
	Facts             []fact
	Tables            []summaryTable
	Notes             []string
	Roles             *cityRolesPage // roles.go
}

// WriteSummaryHTML writes a city summary as one printable HTML page.
func WriteSummaryHTML(w io.Writer, s *graph.CitySummary) error {
	p := summaryPage{Period: period(s.From, s.To), Generated: generated(s.GeneratedAt), Notes: summaryNotes(s), Roles: cityRolesView(s)}
	p.Facts = []fact{
		{"干部人数", "Cadres", itoa(s.Total.Cadres)},
		{"派出单位", "Dispatching units", itoa(len(s.ByUnit))},
		{"项目数", "Projects", itoa(s.Total.Projects)},
		{"金额（万元）", "Amount (10k CNY)", wanDisplay(s.Total.Amount)},
		{"联络互动", "Interactions", itoa(s.Total.Interactions)},
	}
	for _, g := range summaryGroups(s)[1:] {
		t := summaryTable{Title: g.Name, TitleEn: g.NameEn, KeyName: g.KeyName}
		for _, r := range g.Rows {
			t.Rows = append(t.Rows, summaryLine{Key: r.Key, Label: r.Label, Cadres: itoa(r.Cadres), Projects: itoa(r.Projects),
				Amount: wanDisplay(r.Amount), Interactions: itoa(r.Interactions)})
		}
		p.Tables = append(p.Tables, t)
	}
	return pages.ExecuteTemplate(w, "summary", p)
}
