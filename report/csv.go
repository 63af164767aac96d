package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/liaison/liaison/graph"
)

// bom makes Excel read a CSV file as UTF-8.
const bom = "\ufeff"

// UnitCSVHeader is the header row of a unit report's CSV.
var UnitCSVHeader = []string{
	"派出单位 / Dispatching unit", "干部 / Cadre", "干部编号 / Cadre ID", "在岗 / Serving", "挂职岗位 / Postings",
	"互动次数 / Interactions", "项目 / Project", "项目编号 / Project ID", "作用 / Role", "类别 / Kind",
	"项目状态 / Project status", "金额（万元） / Amount (10k CNY)", "日期 / Date", "备注 / Note",
}

// SummaryCSVHeader is the header row of a city summary's CSV.
var SummaryCSVHeader = []string{
	"维度 / Dimension", "编号 / Key", "名称 / Name", "干部人数 / Cadres", "项目数 / Projects",
	"金额（万元） / Amount (10k CNY)", "互动次数 / Interactions",
}

// WriteCSV writes a unit report as CSV: one row per achievement (see the
// package documentation for the columns).
func WriteCSV(w io.Writer, r *graph.UnitReport) error {
	return writeCSV(w, UnitCSVHeader, func(cw *csv.Writer) error { return unitRows(cw, r) })
}

// writeCSV writes a CSV file as spreadsheets open it (a byte order mark,
// CRLF): the header, then the rows body writes.
func writeCSV(w io.Writer, header []string, body func(*csv.Writer) error) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := body(cw); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func unitRows(cw *csv.Writer, r *graph.UnitReport) error {
	for _, c := range r.Cadres {
		cadre := []string{r.Unit.Name, c.Person.Name, c.Person.ID, servingName(c.Serving), postingsText(c.Postings), strconv.Itoa(c.Interactions)}
		if len(c.Achievements) == 0 {
			if err := cw.Write(safeRow(append(cadre, make([]string, 8)...))); err != nil {
				return err
			}
		}
		for _, a := range c.Achievements {
			amount := ""
			if a.Project.Amount != nil {
				amount = wanText(*a.Project.Amount)
			}
			row := append(append([]string{}, cadre...), a.Project.Name, a.Project.ID, roleName(string(a.Role)),
				kindName(string(a.Project.Kind)), statusName(string(a.Project.Status)), amount, optDay(a.Date), a.Note)
			if err := cw.Write(safeRow(row)); err != nil {
				return err
			}
		}
	}
	return writeRolesCSV(cw, r)
}

// WriteSummaryCSV writes a city summary as CSV: the total, then the rows
// by unit, by region and by year.
func WriteSummaryCSV(w io.Writer, s *graph.CitySummary) error {
	return writeCSV(w, SummaryCSVHeader, func(cw *csv.Writer) error {
		for _, g := range summaryGroups(s) {
			for _, row := range g.Rows {
				rec := []string{g.Name, row.Key, row.Label, strconv.Itoa(row.Cadres), strconv.Itoa(row.Projects),
					wanText(row.Amount), strconv.Itoa(row.Interactions)}
				if err := cw.Write(safeRow(rec)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// summaryGroup is one grouping of a city summary, as every format shows it.
type summaryGroup struct {
	Name, NameEn string // 派出单位 / By dispatching unit
	KeyName      string // the column header of the row label
	Rows         []graph.SummaryRow
}

func summaryGroups(s *graph.CitySummary) []summaryGroup {
	return []summaryGroup{
		{Name: "合计", NameEn: "Total", KeyName: "合计", Rows: []graph.SummaryRow{s.Total}},
		{Name: "派出单位", NameEn: "By dispatching unit", KeyName: "派出单位", Rows: s.ByUnit},
		{Name: "地区", NameEn: "By host region", KeyName: "地区", Rows: s.ByRegion},
		{Name: "年度", NameEn: "By year", KeyName: "年度", Rows: s.ByYear},
	}
}

func safeRow(row []string) []string {
	for i, s := range row {
		row[i] = safeCell(s)
	}
	return row
}
