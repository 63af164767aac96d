package report_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/report"
)

func sampleRoles(r *graph.UnitReport) {
	won := graph.StageWon
	c1 := &graph.Contribution{ID: "con_1", Kind: graph.ContributionSupport, Title: "争取中央预算内资金", TitleEn: "Central budget funds",
		Date: date("2024-07-01"), Stage: &won, Amount: ptr(3e7), CadreIDs: []string{"per_a"}, CadreNames: []string{"李四"}, Review: graph.ReviewConfirmed}
	c2 := &graph.Contribution{ID: "con_2", Kind: graph.ContributionAdvice, Title: "=关于规划的建议", Date: date("2024-03-01"),
		CadreIDs: []string{"per_a", "per_b"}, CadreNames: []string{"李四", "单新"}, Review: graph.ReviewConfirmed}
	var secs []*graph.RoleSection
	for _, k := range graph.SixRoles {
		s := &graph.RoleSection{Role: k}
		switch k {
		case "SUPPORT":
			s.Count, s.Amount, s.Items = 1, 3e7, []*graph.Contribution{c1}
		case "ADVICE":
			s.Count, s.Items = 1, []*graph.Contribution{c2}
		case graph.RoleLiaison:
			s.Count = r.Interactions
		}
		secs = append(secs, s)
	}
	target := &graph.ContributionTarget{PersonID: "per_a", Year: 2025, Items: []graph.TargetItem{{Kind: graph.ContributionSupport, Count: 2}}}
	r.Roles = &graph.RoleReport{Roles: secs, Year: 2025, Progress: []*graph.CadreProgress{{PersonID: "per_a", Year: 2025, Target: target,
		Kinds: []graph.TargetProgress{{Kind: graph.ContributionSupport, Target: 2, Done: 1}}}}}
}

// TestRoleSections: every format carries the six roles, the confirmed
// items and the progress against target.
func TestRoleSections(t *testing.T) {
	r := sampleReport()
	sampleRoles(r)
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err) // one table: every row has the header's columns
	}
	var contribRows []string
	for _, row := range rows {
		if row[9] == report.ContributionCSVKind {
			contribRows = append(contribRows, row[1]+":"+row[6]+":"+row[8])
			if strings.HasPrefix(row[6], "=") {
				t.Errorf("a formula is not neutralised: %q", row[6])
			}
		}
	}
	// The joint advice once for each of its two cadres, the support for 李四.
	if len(contribRows) != 3 || !strings.Contains(strings.Join(contribRows, "|"), "李四:争取中央预算内资金:直通车 · 争取支持") {
		t.Errorf("contribution rows = %v\n%s", contribRows, buf.String())
	}

	f := openXLSX(t, func(b *bytes.Buffer) error { return report.WriteXLSX(b, r) })
	if got := cell(t, f, report.SheetRoles, "A4"); got != "智囊团 · 建言献策" {
		t.Errorf("XLSX roles A4 = %q", got)
	}
	found := false
	for row := 1; row < 40; row++ {
		found = found || cell(t, f, report.SheetRoles, "B"+strconv.Itoa(row)) == "争取中央预算内资金"
	}
	if !found {
		t.Errorf("XLSX roles sheet does not list the confirmed support")
	}

	buf.Reset()
	if err := report.WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"六个作用", "直通车 · 争取支持", "争取中央预算内资金", "李四、单新", "已争取到", "2025 年度目标完成情况", "争取支持：1 / 2", "未完成"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}
