package report

import (
	"io"

	"github.com/liaison/liaison/graph"
	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbooks.
const (
	SheetSummary  = "概览 Summary"
	SheetCadres   = "干部 Cadres"
	SheetProjects = "项目 Projects"
	SheetUnits    = "派出单位 Units"
	SheetRegions  = "地区 Regions"
	SheetYears    = "年度 Years"
)

// column is one column of a sheet's table: Chinese and English header,
// width, and whether it holds an amount, a count or text.
type column struct {
	zh, en string
	width  float64
	kind   cellKind
}

type cellKind int

const (
	textCell cellKind = iota
	countCell
	amountCell
)

// book writes a workbook, keeping the first error.
type book struct {
	f                                  *excelize.File
	err                                error
	title, header, text, count, amount int
	label, wrapped, bold               int
}

func newBook() *book {
	b := &book{f: excelize.NewFile()}
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	amountFmt, countFmt := "#,##0.00", "#,##0"
	b.title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	b.header = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.text = b.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}})
	b.wrapped = b.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.count = b.style(&excelize.Style{Border: border, CustomNumFmt: &countFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	b.amount = b.style(&excelize.Style{Border: border, CustomNumFmt: &amountFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	b.label = b.style(&excelize.Style{Font: &excelize.Font{Color: "595959"}})
	b.bold = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border})
	return b
}

func (b *book) style(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewStyle(s)
	b.err = err
	return id
}

func (b *book) check(err error) {
	if b.err == nil {
		b.err = err
	}
}

// sheet creates a sheet (the first one renames the default sheet), set
// up to print on A4.
func (b *book) sheet(name string, landscape bool) {
	if b.err != nil {
		return
	}
	if b.f.SheetCount == 1 && b.f.GetSheetName(0) == "Sheet1" {
		b.check(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.check(err)
	}
	a4, orient, fit := 9, "portrait", 1
	if landscape {
		orient = "landscape"
	}
	zero := 0
	b.check(b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &fit, FitToHeight: &zero}))
}

func (b *book) set(sheet string, col, row int, v any, style int) {
	if b.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		b.err = err
		return
	}
	b.check(b.f.SetCellValue(sheet, cell, v))
	if style != 0 {
		b.check(b.f.SetCellStyle(sheet, cell, cell, style))
	}
}

// table writes a table at row: two header rows (Chinese, English), then
// the rows, and returns the next free row. With freeze, the headers stay
// in view and get a filter.
func (b *book) table(sheet string, row int, cols []column, rows [][]any, freeze bool) int {
	for i, c := range cols {
		b.set(sheet, i+1, row, c.zh, b.header)
		b.set(sheet, i+1, row+1, c.en, b.header)
		if b.err == nil && c.width > 0 {
			name, _ := excelize.ColumnNumberToName(i + 1)
			b.check(b.f.SetColWidth(sheet, name, name, c.width))
		}
	}
	first := row + 2
	for r, values := range rows {
		if b.err != nil {
			break
		}
		cell, _ := excelize.CoordinatesToCellName(1, first+r)
		b.check(b.f.SetSheetRow(sheet, cell, &values))
	}
	if len(rows) > 0 {
		for i, c := range cols {
			style := b.text
			switch {
			case c.kind == countCell:
				style = b.count
			case c.kind == amountCell:
				style = b.amount
			case c.width >= 30:
				style = b.wrapped
			}
			if b.err == nil {
				top, _ := excelize.CoordinatesToCellName(i+1, first)
				bottom, _ := excelize.CoordinatesToCellName(i+1, first+len(rows)-1)
				b.check(b.f.SetCellStyle(sheet, top, bottom, style))
			}
		}
	}
	if freeze && b.err == nil {
		top, _ := excelize.CoordinatesToCellName(1, first)
		b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: first - 1, TopLeftCell: top, ActivePane: "bottomLeft"}))
		if len(rows) > 0 {
			from, _ := excelize.CoordinatesToCellName(1, row+1)
			to, _ := excelize.CoordinatesToCellName(len(cols), first+len(rows)-1)
			b.check(b.f.AutoFilter(sheet, from+":"+to, nil))
		}
	}
	return first + len(rows)
}

func (b *book) write(w io.Writer) error {
	if b.err != nil {
		return b.err
	}
	b.f.SetActiveSheet(0)
	if err := b.f.Write(w); err != nil {
		return err
	}
	return b.f.Close()
}

// optAmount is an amount in 万元 for a cell, or empty when unknown.
func optAmount(a *float64) any {
	if a == nil {
		return ""
	}
	return wan(*a)
}

var breakdownCols = []column{{"项目", "Item", 18, textCell}, {"项目数", "Projects", 12, countCell}, {"金额（万元）", "Amount (10k CNY)", 18, amountCell}}

func breakdownRows(rows []graph.ReportRow, name func(string) string) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = []any{name(r.Key), r.Count, wan(r.Amount)}
	}
	return out
}

// WriteXLSX writes a unit report as a workbook with three sheets: 概览
// Summary (the figures and breakdowns), 干部 Cadres (one row per cadre)
// and 项目 Projects (one row per achievement).
func WriteXLSX(w io.Writer, r *graph.UnitReport) error {
	b := newBook()
	b.sheet(SheetSummary, false)
	s := SheetSummary
	b.set(s, 1, 1, r.Unit.Name+" 挂职干部工作情况报告", b.title)
	b.set(s, 1, 2, "Report on the cadres on temporary posts dispatched by "+orDash(r.Unit.NameEn, r.Unit.Name), b.label)
	facts := [][2]any{
		{"统计期间 Period", period(r.From, r.To)},
		{"生成时间 Generated", generated(r.GeneratedAt)},
		{"干部人数 Cadres", r.CadreCount},
		{"其中在岗 Serving", r.ServingCount},
		{"已期满 Former", r.CadreCount - r.ServingCount},
		{"项目数 Projects", r.Totals.Projects},
		{"金额（万元） Amount (10k CNY)", wan(r.Totals.Amount)},
		{"联络互动次数 Interactions", r.Interactions},
	}
	row := 4
	for _, f := range facts {
		b.set(s, 1, row, f[0], b.bold)
		style := b.text
		switch f[1].(type) {
		case int:
			style = b.count
		case float64:
			style = b.amount
		}
		b.set(s, 2, row, f[1], style)
		row++
	}
	row++
	for _, t := range []struct {
		zh, en string
		rows   [][]any
	}{
		{"按类别", "By kind", breakdownRows(r.Totals.ByKind, kindName)},
		{"按状态", "By status", breakdownRows(r.Totals.ByStatus, statusName)},
		{"按作用", "By role", breakdownRows(r.Totals.ByRole, roleName)},
	} {
		b.set(s, 1, row, t.zh+" "+t.en, b.bold)
		row = b.table(s, row+1, breakdownCols, t.rows, false) + 1
	}
	for _, n := range unitNotes(r) {
		b.set(s, 1, row, n, b.label)
		row++
	}
	if b.err == nil {
		b.check(b.f.SetColWidth(s, "A", "A", 30))
		b.check(b.f.SetColWidth(s, "B", "C", 22))
	}

	b.sheet(SheetCadres, true)
	cadreCols := []column{{"序号", "No.", 6, countCell}, {"姓名", "Name", 12, textCell}, {"编号", "ID", 16, textCell},
		{"状态", "Serving", 8, textCell}, {"挂职单位及职务", "Postings", 48, textCell}, {"项目数", "Projects", 9, countCell},
		{"金额（万元）", "Amount (10k CNY)", 16, amountCell}, {"互动次数", "Interactions", 10, countCell}}
	var cadreRows [][]any
	for i, c := range r.Cadres {
		cadreRows = append(cadreRows, []any{i + 1, c.Person.Name, c.Person.ID, servingName(c.Serving), postingsText(c.Postings),
			c.ProjectCount(), wan(c.Amount()), c.Interactions})
	}
	b.table(SheetCadres, 1, cadreCols, cadreRows, true)

	b.sheet(SheetProjects, true)
	projectCols := []column{{"干部", "Cadre", 12, textCell}, {"项目", "Project", 36, textCell}, {"项目编号", "Project ID", 16, textCell},
		{"作用", "Role", 8, textCell}, {"类别", "Kind", 10, textCell}, {"状态", "Status", 10, textCell},
		{"金额（万元）", "Amount (10k CNY)", 16, amountCell}, {"日期", "Date", 12, textCell}, {"备注", "Note", 30, textCell}}
	var projectRows [][]any
	for _, c := range r.Cadres {
		for _, a := range c.Achievements {
			projectRows = append(projectRows, []any{c.Person.Name, a.Project.Name, a.Project.ID, roleName(string(a.Role)),
				kindName(string(a.Project.Kind)), statusName(string(a.Project.Status)), optAmount(a.Project.Amount), optDay(a.Date), a.Note})
		}
	}
	b.table(SheetProjects, 1, projectCols, projectRows, true)
	xlsxRoles(b, r)
	return b.write(w)
}

var summaryCols = []column{{"编号", "Key", 16, textCell}, {"名称", "Name", 30, textCell}, {"干部人数", "Cadres", 10, countCell},
	{"项目数", "Projects", 10, countCell}, {"金额（万元）", "Amount (10k CNY)", 18, amountCell}, {"互动次数", "Interactions", 10, countCell}}

func summaryRows(rows []graph.SummaryRow) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = []any{r.Key, r.Label, r.Cadres, r.Projects, wan(r.Amount), r.Interactions}
	}
	return out
}

// WriteSummaryXLSX writes a city summary as a workbook: 概览 Summary (the
// period and the total), then one sheet per grouping.
func WriteSummaryXLSX(w io.Writer, s *graph.CitySummary) error {
	b := newBook()
	b.sheet(SheetSummary, false)
	b.set(SheetSummary, 1, 1, "挂职干部工作情况汇总", b.title)
	b.set(SheetSummary, 1, 2, "City-wide summary of the cadres on temporary posts", b.label)
	b.set(SheetSummary, 1, 4, "统计期间 Period", b.bold)
	b.set(SheetSummary, 2, 4, period(s.From, s.To), b.text)
	b.set(SheetSummary, 1, 5, "生成时间 Generated", b.bold)
	b.set(SheetSummary, 2, 5, generated(s.GeneratedAt), b.text)
	row := b.table(SheetSummary, 7, summaryCols, summaryRows([]graph.SummaryRow{s.Total}), false) + 1
	for _, n := range summaryNotes(s) {
		b.set(SheetSummary, 1, row, n, b.label)
		row++
	}
	for _, g := range []struct {
		sheet string
		rows  []graph.SummaryRow
	}{{SheetUnits, s.ByUnit}, {SheetRegions, s.ByRegion}, {SheetYears, s.ByYear}} {
		b.sheet(g.sheet, false)
		b.table(g.sheet, 1, summaryCols, summaryRows(g.rows), true)
	}
	xlsxCityRoles(b, s)
	return b.write(w)
}

func orDash(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
