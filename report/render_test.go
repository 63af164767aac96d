package report_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/report"
	"github.com/xuri/excelize/v2"
)

func ptr[T any](v T) *T { return &v }

func date(s string) time.Time {
	t, err := graph.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// sampleReport is a unit report with a former cadre with two postings
// and a project with two roles, and a serving cadre with an undated
// project without an amount; names include characters HTML must escape
// and a CSV formula.
func sampleReport() *graph.UnitReport {
	unit := &graph.Unit{ID: "unt_kw", Name: "北京市科学技术委员会", NameEn: "Beijing Municipal Science & Technology Commission", Kind: graph.UnitBeijingTianjinAgency}
	hostA := &graph.Unit{ID: "unt_sw", Name: "保定市商务局"}
	hostB := &graph.Unit{ID: "unt_gx", Name: "保定高新技术产业开发区管理委员会"}
	p1 := &graph.Project{ID: "prj_1", Name: "智能制造产业园 <一期>", Kind: graph.ProjectInvestment, Status: graph.StatusSigned, Amount: ptr(5e8)}
	p2 := &graph.Project{ID: "prj_2", Name: "=HYPERLINK(\"x\")", Kind: graph.ProjectTechnology, Status: graph.StatusLead}
	p3 := &graph.Project{ID: "prj_3", Name: "生态修复资金", Kind: graph.ProjectFunding, Status: graph.StatusLanded, Amount: ptr(2345678.9)}
	posting := func(host *graph.Unit, title, from, to string) *graph.Relationship {
		r := &graph.Relationship{Type: graph.RelPostedTo, EndID: host.ID, End: host, Title: title, From: ptr(date(from)), DispatchingUnitID: unit.ID}
		if to != "" {
			r.To = ptr(date(to))
		}
		return r
	}
	return &graph.UnitReport{
		Unit: unit, From: date("2020-01-01"), To: date("2025-12-31"), CadreCount: 2, ServingCount: 1, Interactions: 7,
		GeneratedAt: time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC),
		Totals: graph.ReportTotals{Projects: 3, Amount: 5e8 + 2345678.9,
			ByKind:   []graph.ReportRow{{Key: "INVESTMENT", Count: 1, Amount: 5e8}, {Key: "FUNDING", Count: 1, Amount: 2345678.9}, {Key: "TECHNOLOGY", Count: 1}},
			ByStatus: []graph.ReportRow{{Key: "LEAD", Count: 1}, {Key: "SIGNED", Count: 1, Amount: 5e8}, {Key: "LANDED", Count: 1, Amount: 2345678.9}},
			ByRole:   []graph.ReportRow{{Key: "SECURED", Count: 2, Amount: 5e8 + 2345678.9}, {Key: "INTRODUCED", Count: 2, Amount: 5e8}}},
		Cadres: []*graph.CadreRecord{
			{Person: &graph.Person{ID: "per_b", Name: "单新", Phone: "13800000000", Email: "secret@example.org"},
				Postings: []*graph.Relationship{posting(hostA, "副局长", "2021-03-01", "2023-02-28"), posting(hostB, "副主任", "2023-03-01", "2023-08-31")},
				Achievements: []*graph.Achievement{
					{Project: p1, Role: graph.RoleIntroduced, Date: ptr(date("2022-01-10")), Note: "对接"},
					{Project: p2, Role: graph.RoleIntroduced, Date: ptr(date("2022-06-01"))},
					{Project: p2, Role: graph.RoleSecured, Date: ptr(date("2022-07-01"))},
				}, Interactions: 4},
			{Person: &graph.Person{ID: "per_a", Name: "李四"}, Serving: true,
				Postings: []*graph.Relationship{posting(hostB, "副主任", "2024-03-01", "")},
				Achievements: []*graph.Achievement{
					{Project: p1, Role: graph.RoleSecured, Date: ptr(date("2024-05-01"))},
					{Project: p3, Role: graph.RoleSecured},
				}, Interactions: 3},
			{Person: &graph.Person{ID: "per_c", Name: "段航"}, Postings: []*graph.Relationship{posting(hostA, "副局长", "2020-01-01", "2020-12-31")}},
		},
	}
}

func sampleSummary() *graph.CitySummary {
	return &graph.CitySummary{From: date("2024-01-01"), To: date("2025-06-30"), GeneratedAt: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		Total:    graph.SummaryRow{Label: graph.LabelTotal, Cadres: 12, Projects: 9, Amount: 123456789, Interactions: 40},
		ByUnit:   []graph.SummaryRow{{Key: "unt_kw", Label: "北京市科学技术委员会", Cadres: 9, Projects: 7, Amount: 4.15902e9, Interactions: 30}, {Key: "unt_qh", Label: "清华大学", Cadres: 3, Projects: 2, Amount: 1e6, Interactions: 10}},
		ByRegion: []graph.SummaryRow{{Key: "reg_bd", Label: "保定市", Cadres: 8, Projects: 5, Amount: 1e8, Interactions: 20}, {Label: graph.LabelNoRegion, Cadres: 4}},
		ByYear:   []graph.SummaryRow{{Key: "2024", Label: "2024", Cadres: 10, Projects: 4, Amount: 5e7, Interactions: 25}, {Key: "2025", Label: "2025", Cadres: 11, Projects: 5}, {Label: graph.LabelUndated, Projects: 1, Amount: 2e6}},
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Fatalf("no UTF-8 byte order mark: % x", buf.Bytes()[:8])
	}
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], "|") != strings.Join(report.UnitCSVHeader, "|") || len(recs[0]) != 14 {
		t.Fatalf("header = %v", recs[0])
	}
	// 3 + 2 achievements, and one row for the cadre without any.
	if len(recs) != 1+6 {
		t.Fatalf("%d records, want 7:\n%s", len(recs), buf.String())
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.SplitN(h, " / ", 2)[1]] = i
	}
	row := func(i int) map[string]string {
		m := map[string]string{}
		for k, c := range col {
			m[k] = recs[i][c]
		}
		return m
	}
	first := row(1)
	for k, want := range map[string]string{
		"Dispatching unit": "北京市科学技术委员会", "Cadre": "单新", "Cadre ID": "per_b", "Serving": "已期满",
		"Postings":     "保定市商务局 副局长（2021-03-01 至 2023-02-28）；保定高新技术产业开发区管理委员会 副主任（2023-03-01 至 2023-08-31）",
		"Interactions": "4", "Project": "智能制造产业园 <一期>", "Project ID": "prj_1", "Role": "引进", "Kind": "投资项目",
		"Project status": "已签约", "Amount (10k CNY)": "50000", "Date": "2022-01-10", "Note": "对接",
	} {
		if first[k] != want {
			t.Errorf("row 1 %s = %q, want %q", k, first[k], want)
		}
	}
	if p := row(2)["Project"]; p != `'=HYPERLINK("x")` {
		t.Errorf("a formula-like name is written %q, want it quoted", p)
	}
	if a := row(2)["Amount (10k CNY)"]; a != "" {
		t.Errorf("unknown amount written %q", a)
	}
	serving := row(5)
	if serving["Serving"] != "在岗" || serving["Postings"] != "保定高新技术产业开发区管理委员会 副主任（2024-03-01 至今）" ||
		serving["Date"] != "" || serving["Amount (10k CNY)"] != "234.56789" {
		t.Errorf("row 5 = %v", serving)
	}
	if none := row(6); none["Cadre"] != "段航" || none["Project"] != "" || none["Role"] != "" {
		t.Errorf("cadre without projects = %v", none)
	}
	if strings.Contains(buf.String(), "13800000000") || strings.Contains(buf.String(), "secret@") {
		t.Errorf("private contact fields in the report")
	}
}

func TestSummaryCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteSummaryCSV(&buf, sampleSummary()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+1+2+2+3 {
		t.Fatalf("%d records:\n%s", len(recs), buf.String())
	}
	if got := strings.Join(recs[1], "|"); got != "合计||合计|12|9|12345.6789|40" {
		t.Errorf("total = %s", got)
	}
	if got := strings.Join(recs[2], "|"); got != "派出单位|unt_kw|北京市科学技术委员会|9|7|415902|30" {
		t.Errorf("unit row = %s", got)
	}
	if got := strings.Join(recs[5], "|"); got != "地区||未标注地区|4|0|0|0" {
		t.Errorf("no-region row = %s", got)
	}
	if got := strings.Join(recs[8], "|"); got != "年度||未注明日期|0|1|200|0" {
		t.Errorf("undated row = %s", got)
	}
}

func openXLSX(t *testing.T, write func(*bytes.Buffer) error) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestXLSX(t *testing.T) {
	r := sampleReport()
	f := openXLSX(t, func(b *bytes.Buffer) error { return report.WriteXLSX(b, r) })
	if got := strings.Join(f.GetSheetList(), ","); got != "概览 Summary,干部 Cadres,项目 Projects" {
		t.Fatalf("sheets = %s", got)
	}
	s := report.SheetSummary
	if v := cell(t, f, s, "A1"); !strings.Contains(v, "北京市科学技术委员会") {
		t.Errorf("title = %q", v)
	}
	// The figures, label in A and value in B.
	figures := map[string]string{}
	rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if len(row) >= 2 {
			figures[row[0]] = row[1]
		}
	}
	for k, want := range map[string]string{
		"统计期间 Period": "2020-01-01 至 2025-12-31", "干部人数 Cadres": "2", "其中在岗 Serving": "1", "已期满 Former": "1",
		"项目数 Projects": "3", "金额（万元） Amount (10k CNY)": "50234.56789", "联络互动次数 Interactions": "7",
		"投资项目": "1", "已签约": "1", "争取": "2", "引进": "2",
	} {
		if figures[k] != want {
			t.Errorf("summary %q = %q, want %q", k, figures[k], want)
		}
	}

	c := report.SheetCadres
	for ref, want := range map[string]string{
		"A1": "序号", "A2": "No.", "B1": "姓名", "B2": "Name",
		"A3": "1", "B3": "单新", "D3": "已期满", "F3": "2", "G3": "50000", "H3": "4",
		"B4": "李四", "D4": "在岗", "F4": "2", "G4": "50234.56789", "E4": "保定高新技术产业开发区管理委员会 副主任（2024-03-01 至今）",
		"B5": "段航", "F5": "0",
	} {
		if v := cell(t, f, c, ref); v != want {
			t.Errorf("%s!%s = %q, want %q", c, ref, v, want)
		}
	}
	p := report.SheetProjects
	for ref, want := range map[string]string{
		"A1": "干部", "A2": "Cadre", "G1": "金额（万元）", "G2": "Amount (10k CNY)",
		"A3": "单新", "B3": "智能制造产业园 <一期>", "D3": "引进", "E3": "投资项目", "F3": "已签约", "G3": "50000", "H3": "2022-01-10", "I3": "对接",
		"B4": `=HYPERLINK("x")`, "G4": "", // a string, not a formula
		"A7": "李四", "B7": "生态修复资金", "G7": "234.56789", "H7": "",
		"A8": "",
	} {
		if v := cell(t, f, p, ref); v != want {
			t.Errorf("%s!%s = %q, want %q", p, ref, v, want)
		}
	}
	if formula, _ := f.GetCellFormula(p, "B4"); formula != "" {
		t.Errorf("B4 holds a formula %q", formula)
	}
}

func TestSummaryXLSX(t *testing.T) {
	f := openXLSX(t, func(b *bytes.Buffer) error { return report.WriteSummaryXLSX(b, sampleSummary()) })
	if got := strings.Join(f.GetSheetList(), ","); got != "概览 Summary,派出单位 Units,地区 Regions,年度 Years" {
		t.Fatalf("sheets = %s", got)
	}
	for _, tc := range []struct{ sheet, ref, want string }{
		{report.SheetUnits, "A3", "unt_kw"}, {report.SheetUnits, "B3", "北京市科学技术委员会"}, {report.SheetUnits, "E3", "415902"},
		{report.SheetUnits, "B4", "清华大学"}, {report.SheetRegions, "B4", "未标注地区"}, {report.SheetYears, "B5", "未注明日期"},
		{report.SheetYears, "D5", "1"}, {report.SheetSummary, "C9", "12"}, {report.SheetSummary, "F9", "40"},
	} {
		if v := cell(t, f, tc.sheet, tc.ref); v != tc.want {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.ref, v, tc.want)
		}
	}
}

// external matches anything that would make a page load from elsewhere.
var external = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9]|<script|<link|<img|<iframe|@import|url\(`)

func TestHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"<!DOCTYPE html>", "北京市科学技术委员会", "Beijing Municipal Science &amp; Technology Commission", "2020-01-01 至 2025-12-31",
		"50,234.57", // the amount in 万元
		"投资项目", "已签约", "争取", "单新", "李四", "已期满", "在岗", "保定高新技术产业开发区管理委员会 副主任（2024-03-01 至今）",
		"智能制造产业园 &lt;一期&gt;", "@page", "size: A4", "@media print",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if m := external.FindString(page); m != "" {
		t.Errorf("page refers to something external: %q", m)
	}
	if strings.Contains(page, "<一期>") || strings.Contains(page, "13800000000") {
		t.Errorf("unescaped text or private fields in the page")
	}
	// The totals table: 3 projects, 7 interactions, 2 cadres.
	for _, fact := range []string{`<span class="v">3</span>`, `<span class="v">7</span>`, `<span class="v">2</span>`, `<span class="v">1 / 1</span>`} {
		if !strings.Contains(page, fact) {
			t.Errorf("page lacks the figure %s", fact)
		}
	}
}

func TestSummaryHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteSummaryHTML(&buf, sampleSummary()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"2024-01-01 至 2025-06-30", "北京市科学技术委员会", "415,902.00", "清华大学", "保定市", "未标注地区", "未注明日期", "12,345.68"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if m := external.FindString(page); m != "" {
		t.Errorf("page refers to something external: %q", m)
	}
}

func TestFormats(t *testing.T) {
	for in, want := range map[string]report.Format{"": report.HTML, "CSV": report.CSV, " xlsx ": report.XLSX, "html": report.HTML} {
		if f, err := report.ParseFormat(in); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, f, err)
		}
	}
	if _, err := report.ParseFormat("pdf"); graph.ErrorCode(err) != graph.CodeInvalidInput || !strings.HasPrefix(graph.ErrorMessage(err), "format:") {
		t.Errorf("ParseFormat(pdf) = %v", err)
	}
	r := sampleReport()
	if got := report.UnitFilename(r, report.XLSX); got != "report-unt_kw-2020-01-01-2025-12-31.xlsx" {
		t.Errorf("filename = %s", got)
	}
	if got := report.SummaryFilename(sampleSummary(), report.CSV); got != "summary-2024-01-01-2025-06-30.csv" {
		t.Errorf("filename = %s", got)
	}
	// An empty report renders in every format.
	empty := &graph.UnitReport{Unit: &graph.Unit{ID: "unt_x", Name: "空单位"}, From: date("2020-01-01"), To: date("2020-12-31")}
	for _, f := range report.Formats {
		var buf bytes.Buffer
		if err := report.WriteUnit(&buf, f, empty); err != nil || buf.Len() == 0 {
			t.Errorf("%s of an empty report: %v, %d bytes", f, err, buf.Len())
		}
		buf.Reset()
		if err := report.WriteSummary(&buf, f, &graph.CitySummary{From: empty.From, To: empty.To}); err != nil || buf.Len() == 0 {
			t.Errorf("%s of an empty summary: %v, %d bytes", f, err, buf.Len())
		}
	}
}
