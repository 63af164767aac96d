package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/xuri/excelize/v2"
)

// reportWantError fails unless the answer is the status with a JSON error
// of the code whose message mentions every part of want.
func reportWantError(tb testing.TB, a getAnswer, status int, code string, want ...string) {
	tb.Helper()
	if a.Status != status {
		tb.Fatalf("status %d, want %d: %s", a.Status, status, a.Body)
	}
	var body struct{ Errors []gqlError }
	if err := json.Unmarshal(a.Body, &body); err != nil || len(body.Errors) != 1 {
		tb.Fatalf("error body %s: %v", a.Body, err)
	}
	e := body.Errors[0]
	if e.Code() != code {
		tb.Fatalf("extensions.code = %q, want %q (%s)", e.Code(), code, a.Body)
	}
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			tb.Fatalf("message %q does not mention %q", e.Message, w)
		}
	}
}

func reportFilename(tb testing.TB, disposition string) (string, string) {
	tb.Helper()
	typ, params, err := mime.ParseMediaType(disposition)
	if err != nil {
		tb.Fatalf("Content-Disposition %q: %v", disposition, err)
	}
	return typ, params["filename"]
}

func TestReportEndpoints(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	must := func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		e.track(id)
		return id
	}
	unit, err := e.db.CreateUnit(ctx, graph.CreateUnitInput{Name: "北京市科学技术委员会" + e.tag, Kind: graph.UnitBeijingTianjinAgency})
	must(unit.ID, err)
	host, err := e.db.CreateUnit(ctx, graph.CreateUnitInput{Name: "保定市商务局" + e.tag, Kind: graph.UnitLocalGovernment})
	must(host.ID, err)
	cadre, err := e.db.CreatePerson(ctx, graph.CreatePersonInput{Name: "李四" + e.tag})
	must(cadre.ID, err)
	amount, status := 2.5e7, graph.StatusLanded
	project, err := e.db.CreateProject(ctx, graph.CreateProjectInput{Name: "博士后科研工作站" + e.tag, Kind: graph.ProjectTalent, Status: &status, Amount: &amount})
	must(project.ID, err)
	if _, err := e.db.AddPosting(ctx, graph.AddPostingInput{PersonID: cadre.ID, HostUnitID: host.ID, DispatchingUnitID: unit.ID,
		Title: "副局长", From: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.AddProjectRole(ctx, graph.AddProjectRoleInput{PersonID: cadre.ID, ProjectID: project.ID, Role: graph.RoleSecured}); err != nil {
		t.Fatal(err)
	}
	base := e.url + "/reports/units/" + unit.ID
	const period = "from=2021-01-01&to=2021-12-31"

	t.Run("HTML", func(t *testing.T) {
		t.Parallel()
		for _, url := range []string{base + "?" + period, base + "?" + period + "&format=html"} {
			a := httpGet(t, url)
			if a.Status != http.StatusOK || a.ContentType != "text/html; charset=utf-8" {
				t.Fatalf("status %d, Content-Type %q: %s", a.Status, a.ContentType, a.Body)
			}
			if typ, _ := reportFilename(t, a.Disposition); typ != "inline" {
				t.Errorf("Content-Disposition = %q, want inline", a.Disposition)
			}
			page := string(a.Body)
			for _, want := range []string{unit.Name, cadre.Name, project.Name, "2021-01-01 至 2021-12-31", "2,500.00", "人才支持"} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		}
	})
	t.Run("CSV", func(t *testing.T) {
		t.Parallel()
		a := httpGet(t, base+"?"+period+"&format=csv")
		if a.Status != http.StatusOK || a.ContentType != "text/csv; charset=utf-8" {
			t.Fatalf("status %d, Content-Type %q: %s", a.Status, a.ContentType, a.Body)
		}
		typ, name := reportFilename(t, a.Disposition)
		if typ != "attachment" || name != "report-"+unit.ID+"-2021-01-01-2021-12-31.csv" {
			t.Errorf("Content-Disposition = %q", a.Disposition)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(a.Body, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[1][1] != cadre.Name || recs[1][6] != project.Name || recs[1][11] != "2500" {
			t.Errorf("records = %v", recs)
		}
	})
	t.Run("XLSX", func(t *testing.T) {
		t.Parallel()
		a := httpGet(t, base+"?"+period+"&format=xlsx")
		if a.Status != http.StatusOK || a.ContentType != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("status %d, Content-Type %q", a.Status, a.ContentType)
		}
		if _, name := reportFilename(t, a.Disposition); name != "report-"+unit.ID+"-2021-01-01-2021-12-31.xlsx" {
			t.Errorf("Content-Disposition = %q", a.Disposition)
		}
		f, err := excelize.OpenReader(bytes.NewReader(a.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if v, _ := f.GetCellValue("干部 Cadres", "B3"); v != cadre.Name {
			t.Errorf("Cadres!B3 = %q, want %q", v, cadre.Name)
		}
		if v, _ := f.GetCellValue("项目 Projects", "B3"); v != project.Name {
			t.Errorf("Projects!B3 = %q, want %q", v, project.Name)
		}
	})
	t.Run("DefaultPeriod", func(t *testing.T) {
		t.Parallel()
		a := httpGet(t, base+"?format=csv")
		if a.Status != http.StatusOK {
			t.Fatalf("status %d: %s", a.Status, a.Body)
		}
		p := graph.DefaultReportPeriod(time.Now())
		want := "report-" + unit.ID + "-" + p.From.Format(time.DateOnly) + "-" + p.To.Format(time.DateOnly) + ".csv"
		if _, name := reportFilename(t, a.Disposition); name != want {
			t.Errorf("filename = %q, want %q (this year so far)", name, want)
		}
	})
	t.Run("Summary", func(t *testing.T) {
		t.Parallel()
		for f, typ := range map[string]string{"": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8",
			"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
			a := httpGet(t, e.url+"/reports/summary?"+period+"&format="+f)
			if a.Status != http.StatusOK || a.ContentType != typ {
				t.Fatalf("format %q: status %d, Content-Type %q: %.300s", f, a.Status, a.ContentType, a.Body)
			}
			if f == "" && !strings.Contains(string(a.Body), unit.Name) {
				t.Errorf("summary page lacks the unit %s", unit.Name)
			}
			if f == "csv" {
				if _, name := reportFilename(t, a.Disposition); name != "summary-2021-01-01-2021-12-31.csv" {
					t.Errorf("filename = %q", name)
				}
			}
		}
	})
	t.Run("Errors", func(t *testing.T) {
		t.Parallel()
		reportWantError(t, httpGet(t, base+"?from=2021-13-01"), http.StatusBadRequest, graph.CodeInvalidInput, "from")
		reportWantError(t, httpGet(t, base+"?from=2021-02-01&to=2021-01-01"), http.StatusBadRequest, graph.CodeInvalidInput, "to:")
		reportWantError(t, httpGet(t, base+"?to=yesterday"), http.StatusBadRequest, graph.CodeInvalidInput, "to:")
		reportWantError(t, httpGet(t, base+"?format=pdf"), http.StatusBadRequest, graph.CodeInvalidInput, "format")
		reportWantError(t, httpGet(t, e.url+"/reports/units/"+cadre.ID), http.StatusBadRequest, graph.CodeInvalidInput, "unitId")
		reportWantError(t, httpGet(t, e.url+"/reports/units/unt_missing"+e.tag), http.StatusNotFound, graph.CodeNotFound, "unitId")
		reportWantError(t, httpGet(t, e.url+"/reports/summary?from=1900-01-01"), http.StatusBadRequest, graph.CodeInvalidInput, "from")
	})
}

// TestReportUnavailable: without Neo4j a report is a 503 with the error
// in JSON, quickly.
func TestReportUnavailable(t *testing.T) {
	t.Parallel()
	base := unreachableServer(t)
	for _, path := range []string{"/reports/units/unt_x1?format=xlsx", "/reports/summary"} {
		start := time.Now()
		reportWantError(t, httpGet(t, base+path), http.StatusServiceUnavailable, graph.CodeUnavailable)
		if d := time.Since(start); d > 8*time.Second {
			t.Errorf("%s took %v", path, d)
		}
	}
}
