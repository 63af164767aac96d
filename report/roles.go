package report

import (
	_ "embed"
	"encoding/csv"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison/liaison/graph"
)

// The six roles in the reports (graph/contribution.go says what counts):
//
//   - CSV of a unit report: one table still; after the achievements, one
//     row per cadre and confirmed contribution in the same columns
//     (writeRolesCSV says which holds what).
//   - XLSX of a unit report: a sheet 六个作用 Roles with the same three tables.
//   - HTML of a unit report: a section 六个作用 with the counts, the
//     confirmed items by role and the cadres' progress against target.
//   - The city summary (HTML and XLSX): the roles by dispatching unit and
//     the stories (感人事迹).

// roleTitles names the six roles as the speech does.
var roleTitles = map[string]string{
	string(graph.ContributionAdvice):     "智囊团 · 建言献策",
	string(graph.ContributionExample):    "领航者 · 示范引领",
	string(graph.ContributionInnovation): "助推器 · 创新驱动",
	string(graph.ContributionSupport):    "直通车 · 争取支持",
	string(graph.ContributionPromotion):  "宣传员 · 推介招商",
	graph.RoleLiaison:                    "联络人 · 长期联络",
}

var stageNames = map[string]string{
	string(graph.StageSubmitted): "已提交", string(graph.StageAdopted): "已采纳", string(graph.StageImplemented): "已落实",
	string(graph.StageSought): "争取中", string(graph.StageWon): "已争取到",
}

func roleTitle(r string) string { return name(roleTitles, r) }

func stageName(s *graph.ContributionStage) string {
	if s == nil {
		return ""
	}
	return name(stageNames, string(*s))
}

func cadreNames(c *graph.Contribution) string { return strings.Join(c.CadreNames, "、") }

// writeRolesCSV appends the confirmed contributions of a unit report to
// its CSV, in the same columns as the achievements, so that the file
// stays one table: one row per cadre and confirmed contribution, the
// project columns holding the contribution (项目 its title, 项目编号 its
// id, 作用 the role, 类别 履职贡献, 项目状态 its stage, 金额, 日期, 备注
// the story or the description).
func writeRolesCSV(cw *csv.Writer, r *graph.UnitReport) error {
	if r.Roles == nil {
		return nil
	}
	for _, cr := range r.Cadres {
		cadre := []string{r.Unit.Name, cr.Person.Name, cr.Person.ID, servingName(cr.Serving), postingsText(cr.Postings), strconv.Itoa(cr.Interactions)}
		for _, s := range r.Roles.Roles {
			for _, c := range s.Items {
				if !slices.Contains(c.CadreIDs, cr.Person.ID) {
					continue
				}
				amount := ""
				if c.Amount != nil {
					amount = wanText(*c.Amount)
				}
				note := c.StoryText
				if note == "" {
					note = c.Description
				}
				row := append(append([]string{}, cadre...), c.Title, c.ID, roleTitle(s.Role), ContributionCSVKind, stageName(c.Stage), amount, day(c.Date), note)
				if err := cw.Write(safeRow(row)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// ContributionCSVKind is the 类别 of a contribution's row in the CSV.
const ContributionCSVKind = "履职贡献"

// progressLine is a cadre's progress in a report.
type progressLine struct {
	Name, ID  string
	HasTarget bool
	Met       bool
	Kinds     []progressKind
}

type progressKind struct {
	Role         string
	Title        string
	Target, Done int
}

func progressLines(r *graph.UnitReport) []progressLine {
	names := map[string]string{}
	for _, c := range r.Cadres {
		names[c.Person.ID] = c.Person.Name
	}
	var out []progressLine
	for _, p := range r.Roles.Progress {
		l := progressLine{Name: names[p.PersonID], ID: p.PersonID, HasTarget: p.Target != nil, Met: p.Met()}
		for _, k := range p.Kinds {
			l.Kinds = append(l.Kinds, progressKind{Role: string(k.Kind), Title: roleTitle(string(k.Kind)), Target: k.Target, Done: k.Done})
		}
		out = append(out, l)
	}
	return out
}

var (
	roleCols = []column{{"作用", "Role", 22, textCell}, {"数量", "Count", 10, countCell}, {"金额（万元）", "Amount (10k CNY)", 16, amountCell}}
	itemCols = []column{{"作用", "Role", 22, textCell}, {"标题", "Title", 40, textCell}, {"编号", "ID", 16, textCell},
		{"干部", "Cadres", 18, textCell}, {"日期", "Date", 12, textCell}, {"阶段", "Stage", 10, textCell},
		{"金额（万元）", "Amount (10k CNY)", 16, amountCell}}
	targetCols = []column{{"干部", "Cadre", 12, textCell}, {"干部编号", "Cadre ID", 16, textCell}, {"作用", "Role", 22, textCell},
		{"目标", "Target", 8, countCell}, {"完成", "Done", 8, countCell}}
)

// SheetRoles is the sheet of the six roles.
const SheetRoles = "六个作用 Roles"

// xlsxRoles adds the sheet of the six roles to a unit report's workbook.
func xlsxRoles(b *book, r *graph.UnitReport) {
	if r.Roles == nil {
		return
	}
	b.sheet(SheetRoles, false)
	s := SheetRoles
	var roles, items, targets [][]any
	for _, sec := range r.Roles.Roles {
		roles = append(roles, []any{roleTitle(sec.Role), sec.Count, wan(sec.Amount)})
		for _, c := range sec.Items {
			items = append(items, []any{roleTitle(sec.Role), c.Title, c.ID, cadreNames(c), day(c.Date), stageName(c.Stage), optAmount(c.Amount)})
		}
	}
	for _, p := range progressLines(r) {
		for _, k := range p.Kinds {
			targets = append(targets, []any{p.Name, p.ID, k.Title, k.Target, k.Done})
		}
	}
	b.set(s, 1, 1, "六个作用（已确认） Six roles (confirmed)", b.bold)
	row := b.table(s, 2, roleCols, roles, false) + 1
	b.set(s, 1, row, "已确认事项 Confirmed contributions", b.bold)
	row = b.table(s, row+1, itemCols, items, false) + 1
	b.set(s, 1, row, strconv.Itoa(r.Roles.Year)+" 年度目标 Targets", b.bold)
	b.table(s, row+1, targetCols, targets, false)
}

// cityRoleRows are the rows of the roles (amounts in CNY) and the
// stories.

// cityRoleCols and storyCols are the tables of the city summary's roles.
var (
	cityRoleCols = []column{{"派出单位", "Dispatching unit", 30, textCell}, {"作用", "Role", 22, textCell},
		{"数量", "Count", 10, countCell}, {"金额（万元）", "Amount (10k CNY)", 16, amountCell}}
	storyCols = []column{{"日期", "Date", 12, textCell}, {"干部", "Cadres", 18, textCell}, {"作用", "Role", 22, textCell},
		{"标题", "Title", 36, textCell}, {"事迹", "Story", 60, textCell}}
)

// SheetCityRoles is the city summary's sheet of the roles and stories.
const SheetCityRoles = "六个作用 Roles"

func cityRoleRows(s *graph.CitySummary) (rows, stories [][]any) {
	for _, r := range s.Roles.Total {
		rows = append(rows, []any{LabelCity, roleTitle(r.Role), r.Count, r.Amount})
	}
	rows = append(rows, []any{LabelCity, roleTitle(graph.RoleLiaison), s.Total.Interactions, 0.0})
	for _, r := range s.Roles.ByUnit {
		rows = append(rows, []any{r.UnitName, roleTitle(r.Role), r.Count, r.Amount})
	}
	for _, c := range s.Roles.Stories {
		stories = append(stories, []any{day(c.Date), cadreNames(c), roleTitle(string(c.Kind)), c.Title, c.StoryText})
	}
	return rows, stories
}

// LabelCity labels the city's rows of the roles.
const LabelCity = "全市 City"

func xlsxCityRoles(b *book, s *graph.CitySummary) {
	if s.Roles == nil {
		return
	}
	rows, stories := cityRoleRows(s)
	for _, r := range rows {
		r[3] = wan(r[3].(float64))
	}
	b.sheet(SheetCityRoles, false)
	row := b.table(SheetCityRoles, 1, cityRoleCols, rows, false) + 1
	b.set(SheetCityRoles, 1, row, "感人事迹 Stories", b.bold)
	b.table(SheetCityRoles, row+1, storyCols, stories, false)
}

// The HTML of the roles.
//
//go:embed roles.html
var rolesTemplate string

func init() { template.Must(pages.New("roles").Parse(rolesTemplate)) }

type roleView struct {
	Title  string
	Count  int
	Amount string
	Items  []itemView
	Liaison,
	Truncated bool
}

type itemView struct {
	Title, TitleEn, Cadres, Date, Stage, Amount, Story string
}

type rolesPage struct {
	Year     int
	Roles    []roleView
	Progress []progressLine
}

func rolesView(r *graph.RoleReport, ur *graph.UnitReport) *rolesPage {
	if r == nil {
		return nil
	}
	p := &rolesPage{Year: r.Year}
	for _, s := range r.Roles {
		v := roleView{Title: roleTitle(s.Role), Count: s.Count, Amount: wanDisplay(s.Amount), Liaison: s.Role == graph.RoleLiaison, Truncated: s.Truncated}
		for _, c := range s.Items {
			v.Items = append(v.Items, itemViewOf(c))
		}
		p.Roles = append(p.Roles, v)
	}
	if ur != nil {
		p.Progress = progressLines(ur)
	}
	return p
}

func itemViewOf(c *graph.Contribution) itemView {
	return itemView{Title: c.Title, TitleEn: c.TitleEn, Cadres: cadreNames(c), Date: day(c.Date), Stage: orDash(stageName(c.Stage), "—"),
		Amount: optWan(c.Amount), Story: c.StoryText}
}

type cityRolesPage struct {
	Rows    []cityRoleLine
	Stories []itemView
}

type cityRoleLine struct {
	Unit, Role, Count, Amount string
}

func cityRolesView(s *graph.CitySummary) *cityRolesPage {
	if s.Roles == nil {
		return nil
	}
	p := &cityRolesPage{}
	rows, _ := cityRoleRows(s)
	for _, r := range rows {
		p.Rows = append(p.Rows, cityRoleLine{Unit: r[0].(string), Role: r[1].(string), Count: itoa(r[2].(int)), Amount: wanDisplay(r[3].(float64))})
	}
	for _, c := range s.Roles.Stories {
		v := itemViewOf(c)
		v.Stage = roleTitle(string(c.Kind))
		p.Stories = append(p.Stories, v)
	}
	return p
}
