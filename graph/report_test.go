package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

func reportDay(s string) time.Time {
	t, err := graph.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReportPeriod(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p, err := graph.NewReportPeriod(time.Date(2021, 3, 1, 15, 4, 5, 0, time.UTC), reportDay("2021-03-01"))
		if err != nil {
			t.Fatal(err)
		}
		if !p.From.Equal(reportDay("2021-03-01")) || !p.To.Equal(p.From) {
			t.Errorf("period = %v, want the one day 2021-03-01", p)
		}
		// The period's instants are the city's (UTC+8) days.
		if got, want := p.Start(), time.Date(2021, 2, 28, 16, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("Start = %v, want %v", got.UTC(), want)
		}
		if got, want := p.End(), time.Date(2021, 3, 1, 16, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("End = %v, want %v", got.UTC(), want)
		}
	})
	for _, tc := range []struct {
		name, from, to, field string
	}{
		{"ErrToBeforeFrom", "2022-01-02", "2022-01-01", "to"},
		{"ErrTooLong", "1960-01-01", "2021-01-01", "to"},
		{"ErrFromTooEarly", "1900-01-01", "1901-01-01", "from"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := graph.NewReportPeriod(reportDay(tc.from), reportDay(tc.to))
			if graph.ErrorCode(err) != graph.CodeInvalidInput || !strings.HasPrefix(graph.ErrorMessage(err), tc.field+":") {
				t.Errorf("error = %v, want INVALID_INPUT naming %s", err, tc.field)
			}
		})
	}
	t.Run("Exactly50Years", func(t *testing.T) {
		if _, err := graph.NewReportPeriod(reportDay("1970-01-01"), reportDay("2020-01-01")); err != nil {
			t.Errorf("50 years refused: %v", err)
		}
	})
}

func TestParseReportPeriod(t *testing.T) {
	now := time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC) // already July 1 in the city
	p, err := graph.ParseReportPeriod("", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if day := p.From.Format(time.DateOnly) + " " + p.To.Format(time.DateOnly); day != "2026-01-01 2026-07-01" {
		t.Errorf("default period = %s, want 2026-01-01 2026-07-01", day)
	}
	if p, err = graph.ParseReportPeriod(" 2020-05-01 ", "2020-06-01", now); err != nil || p.From.Month() != 5 || p.To.Month() != 6 {
		t.Errorf("period = %v, %v", p, err)
	}
	for _, tc := range []struct{ from, to, field string }{
		{"2020-13-01", "", "from"},
		{"", "June", "to"},
		{"2026-08-01", "", "to"}, // from after the default to
	} {
		_, err := graph.ParseReportPeriod(tc.from, tc.to, now)
		if graph.ErrorCode(err) != graph.CodeInvalidInput || !strings.HasPrefix(graph.ErrorMessage(err), tc.field+":") {
			t.Errorf("ParseReportPeriod(%q, %q) = %v, want INVALID_INPUT naming %s", tc.from, tc.to, err, tc.field)
		}
	}
}

func TestValidateUnitReport(t *testing.T) {
	from, to := reportDay("2021-01-01"), reportDay("2021-12-31")
	if _, err := graph.ValidateUnitReport("unt_abc", from, to); err != nil {
		t.Errorf("valid arguments refused: %v", err)
	}
	for _, id := range []string{"per_abc", "", "not an id"} {
		err := func() error { _, err := graph.ValidateUnitReport(id, from, to); return err }()
		if graph.ErrorCode(err) != graph.CodeInvalidInput || !strings.HasPrefix(graph.ErrorMessage(err), "unitId:") {
			t.Errorf("unit %q: error = %v, want INVALID_INPUT naming unitId", id, err)
		}
	}
	if err := graph.ValidateAchievementPeople([]string{"per_a", "unt_b"}); graph.ErrorCode(err) != graph.CodeInvalidInput {
		t.Errorf("a unit among people: error = %v", err)
	}
}

func TestReportPeriodYearsAndReference(t *testing.T) {
	p := graph.ReportPeriod{From: reportDay("2019-07-01"), To: reportDay("2021-03-31")}
	var got []string
	for _, y := range p.Years() {
		got = append(got, y.From.Format(time.DateOnly)+".."+y.To.Format(time.DateOnly))
	}
	want := "2019-07-01..2019-12-31 2020-01-01..2020-12-31 2021-01-01..2021-03-31"
	if strings.Join(got, " ") != want {
		t.Errorf("Years = %v, want %s", got, want)
	}
	for _, tc := range []struct{ now, want string }{
		{"2025-01-01", "2021-03-31"}, // past period: its last day
		{"2020-05-05", "2020-05-05"}, // running period: today
		{"2018-01-01", "2019-07-01"}, // future period: its first day
	} {
		if got := p.ReferenceDay(reportDay(tc.now)); !got.Equal(reportDay(tc.want)) {
			t.Errorf("ReferenceDay(now %s) = %s, want %s", tc.now, got.Format(time.DateOnly), tc.want)
		}
	}
}

func TestCadreRecordTotals(t *testing.T) {
	amount := func(f float64) *float64 { return &f }
	a := &graph.Project{ID: "prj_a", Amount: amount(100)}
	b := &graph.Project{ID: "prj_b"}
	c := &graph.CadreRecord{Achievements: []*graph.Achievement{
		{Project: a, Role: graph.RoleSecured}, {Project: a, Role: graph.RoleIntroduced}, {Project: b, Role: graph.RoleSecured},
	}}
	if c.ProjectCount() != 2 || c.Amount() != 100 {
		t.Errorf("projects %d, amount %v; want 2 and 100 (a project with two roles counts once)", c.ProjectCount(), c.Amount())
	}
	rows := graph.SortReportRows([]graph.ReportRow{{Key: "X"}, {Key: "SIGNED"}, {Key: "LEAD"}}, graph.ProjectStatuses)
	if rows[0].Key != "LEAD" || rows[1].Key != "SIGNED" || rows[2].Key != "X" {
		t.Errorf("sorted rows = %v", rows)
	}
}
