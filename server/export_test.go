package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
	"github.com/xuri/excelize/v2"
)

// cypherPlantExport plants the people lo..hi-1 for the export test: ids
// prefix<i>, the test's tag as one of two expertise fields, an English
// name that needs CSV quoting on every fifth, one that a spreadsheet would
// take for a formula on every 97th, and every 1000th (from 7) undiscoverable.
const cypherPlantExport = `UNWIND range($lo, $hi - 1) AS i
CREATE (p:Person:Entity {id: $prefix + toString(i), name: '导出' + toString((i * 7919) % 20011), pinyin: 'dao chu ' + toString((i * 7919) % 20011),
  searchText: 'dc', discoverable: i % 1000 <> 7, expertise: [$tag, 'e' + toString(i % 3)], birthYear: 1950 + i % 50,
  nameEn: CASE WHEN i % 97 = 0 THEN '=1+' + toString(i) WHEN i % 5 = 0 THEN 'a,"b"' + toString(i) + '\nc' ELSE 'n' + toString(i) END,
  reconnectAfterDays: 180, createdAt: datetime(), updatedAt: datetime()})`

const exportPeopleQuery = `query Export($tag: String, $after: String) {
  people(where: {expertise: $tag}, orderBy: [{field: NAME}], first: 100, after: $after) {
    edges { node { id name nameEn birthYear expertise } }
    pageInfo { hasNextPage endCursor }
  }
}`

// exportAnswer is an export's status, headers, trailers and body.
type exportAnswer struct {
	status  int
	header  http.Header
	trailer http.Header
	body    []byte
}

// postExport posts a GraphQL request to /export with token ("" for none).
func postExport(tb testing.TB, url, token, format string, body map[string]any) exportAnswer {
	tb.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPost, url+"/export?format="+format, bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{Timeout: 3 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatalf("POST /export: %v", err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("reading the export: %v", err)
	}
	return exportAnswer{status: resp.StatusCode, header: resp.Header, trailer: resp.Trailer, body: out}
}

// exportStatus is X-Export-Status and X-Export-Rows, from the trailer (CSV)
// or the header (XLSX).
func (a exportAnswer) exportStatus() (string, string) {
	if s := a.trailer.Get("X-Export-Status"); s != "" {
		return s, a.trailer.Get("X-Export-Rows")
	}
	return a.header.Get("X-Export-Status"), a.header.Get("X-Export-Rows")
}

// csvRecords checks the BOM and reads the records of a CSV export.
func (a exportAnswer) csvRecords(tb testing.TB) [][]string {
	tb.Helper()
	if a.status != http.StatusOK {
		tb.Fatalf("export: status %d: %s", a.status, a.body)
	}
	if !bytes.HasPrefix(a.body, []byte("\xEF\xBB\xBF")) {
		tb.Fatalf("the CSV does not begin with a UTF-8 byte order mark: %q", a.body[:min(20, len(a.body))])
	}
	r := csv.NewReader(bytes.NewReader(a.body[3:]))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("the CSV does not read: %v", err)
	}
	return recs
}

// xlsxRecords reads the sheet of an XLSX export with excelize.
func (a exportAnswer) xlsxRecords(tb testing.TB) [][]string {
	tb.Helper()
	if a.status != http.StatusOK {
		tb.Fatalf("export: status %d: %s", a.status, a.body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(a.body))
	if err != nil {
		tb.Fatalf("the XLSX does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Export")
	if err != nil {
		tb.Fatalf("the XLSX has no sheet Export: %v", err)
	}
	return rows
}

// graphQLRows pages through query with token on /graphql and returns one
// record per person, as an export should write it (csv: with the
// formula guard).
func graphQLRows(tb testing.TB, url, token string, vars map[string]any, csv bool) [][]string {
	tb.Helper()
	var out [][]string
	vars = with(map[string]any{}, vars)
	for {
		r := send(tb, graphQLRequest(tb, url, map[string]any{"query": exportPeopleQuery, "variables": vars}, "Authorization", "Bearer "+token))
		if len(r.Errors) > 0 || r.Status != http.StatusOK {
			tb.Fatalf("/graphql: %d %s", r.Status, r.Body)
		}
		for _, e := range getList(r.Data, "people.edges") {
			var exp []string
			for _, x := range getList(e, "node.expertise") {
				exp = append(exp, x.(string))
			}
			nameEn := getStr(e, "node.nameEn")
			if csv && strings.ContainsAny(nameEn[:1], "=+-@") {
				nameEn = "'" + nameEn
			}
			out = append(out, []string{getStr(e, "node.id"), getStr(e, "node.name"), nameEn,
				fmt.Sprint(getNum(e, "node.birthYear")), strings.Join(exp, "; ")})
		}
		if get(r.Data, "people.pageInfo.hasNextPage") != true {
			return out
		}
		vars["after"] = get(r.Data, "people.pageInfo.endCursor")
	}
}

// TestExport exports 20,000 planted people as CSV (admin) and XLSX
// (analyst) and checks them row by row against the GraphQL answer; then
// the quoting, the nested columns, the row limit, and that /export refuses
// what /graphql refuses.
func TestExport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const n = 20_000
	prefix, err := graph.MakeID(graph.KindPerson, e.tag+"-ex")
	if err != nil {
		t.Fatal(err)
	}
	neo4jtest.CleanupPrefix(t, e.db, "Person", prefix)
	for lo := 0; lo < n; lo += 5000 {
		if err := e.db.Exec(context.Background(), cypherPlantExport, map[string]any{"lo": lo, "hi": lo + 5000, "prefix": prefix, "tag": e.tag}); err != nil {
			t.Fatal(err)
		}
	}
	url := startServer(t, e.db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret}), RateLimit: -1})
	admin := azToken(t, auth.Principal{Subject: "ex-admin", Role: auth.RoleAdmin})
	analyst := azToken(t, auth.Principal{Subject: "ex-analyst", Role: auth.RoleAnalyst})
	vars := map[string]any{"tag": e.tag}
	req := map[string]any{"query": exportPeopleQuery, "variables": vars, "operationName": "Export"}
	header := []string{"id", "name", "nameEn", "birthYear", "expertise"}

	t.Run("csv of 20000 rows equals the GraphQL answer", func(t *testing.T) {
		want := graphQLRows(t, url, admin, vars, true)
		if len(want) != n {
			t.Fatalf("/graphql answers %d people, want %d", len(want), n)
		}
		a := postExport(t, url, admin, "csv", req)
		if ct := a.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := a.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="export-`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		got := a.csvRecords(t)
		compareRecords(t, got, header, want)
		if s, rows := a.exportStatus(); s != "complete" || rows != fmt.Sprint(n) {
			t.Errorf("X-Export-Status %q, X-Export-Rows %q; want complete, %d", s, rows, n)
		}
		// RFC 4180: CRLF line ends, quotes doubled inside a quoted field.
		if !bytes.Contains(a.body, []byte("\r\n")) || !bytes.Contains(a.body, []byte(`"a,""b""`)) {
			t.Errorf("the CSV lacks CRLF line ends or RFC 4180 quoting")
		}
		if !bytes.Contains(a.body, []byte(",'=1+")) {
			t.Errorf("a value that looks like a formula is not defused")
		}
	})

	t.Run("xlsx for a non-admin: the same rows, undiscoverable people absent", func(t *testing.T) {
		want := graphQLRows(t, url, analyst, vars, false)
		if len(want) != n-n/1000 {
			t.Fatalf("/graphql answers the analyst %d people, want %d", len(want), n-n/1000)
		}
		for _, r := range want {
			if strings.HasSuffix(r[0], "007") && strings.HasPrefix(r[0], prefix) {
				t.Fatalf("undiscoverable %s in the analyst's answer", r[0])
			}
		}
		a := postExport(t, url, analyst, "xlsx", req)
		if ct := a.header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("Content-Type %q", ct)
		}
		compareRecords(t, a.xlsxRecords(t), header, want)
		if s, rows := a.exportStatus(); s != "complete" || rows != fmt.Sprint(len(want)) {
			t.Errorf("X-Export-Status %q, X-Export-Rows %q", s, rows)
		}
	})

	t.Run("row limit", func(t *testing.T) {
		small := startServer(t, e.db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret}), RateLimit: -1, ExportRowLimit: 400})
		all := map[string][][]string{"csv": graphQLRows(t, url, admin, vars, true), "xlsx": graphQLRows(t, url, admin, vars, false)}
		// The limit falls on a page boundary (CSV, pages of 100) and inside
		// a page (XLSX, pages of 30).
		for _, format := range []string{"csv", "xlsx"} {
			body := req
			if format == "xlsx" {
				body = map[string]any{"query": strings.Replace(exportPeopleQuery, "first: 100", "first: 30", 1), "variables": vars}
			}
			a := postExport(t, small, admin, format, body)
			var recs [][]string
			if format == "csv" {
				recs = a.csvRecords(t)
			} else {
				recs = a.xlsxRecords(t)
			}
			if len(recs) != 402 || !strings.HasPrefix(recs[401][0], "TRUNCATED: the export stops at 400 rows") {
				t.Fatalf("%s: %d records, last %q; want 400 rows and a TRUNCATED row", format, len(recs), recs[len(recs)-1])
			}
			compareRecords(t, recs[:401], header, all[format][:400])
			if s, rows := a.exportStatus(); s != "truncated" || rows != "400" {
				t.Errorf("%s: X-Export-Status %q, X-Export-Rows %q", format, s, rows)
			}
		}
		// Exactly the limit (the 400 people born in 1950) is complete.
		a := postExport(t, small, admin, "csv", map[string]any{"variables": vars,
			"query": `query($tag: String) { people(where: {expertise: $tag, birthYear: {min: 1950, max: 1950}}, first: 50) { edges { node { id } } } }`})
		if recs := a.csvRecords(t); len(recs) != 401 {
			t.Fatalf("people born 1950: %d records, want 401", len(recs))
		}
		if s, rows := a.exportStatus(); s != "complete" || rows != "400" {
			t.Errorf("400 rows with a limit of 400: X-Export-Status %q, X-Export-Rows %q", s, rows)
		}
	})

	t.Run("refused as /graphql refuses", func(t *testing.T) {
		cases := []struct {
			name, token, query string
		}{
			{"anonymous", "", exportPeopleQuery},
			{"a field the role may not read", analyst, `{ auditLog(first: 10) { edges { node { id } } } }`},
		}
		for _, c := range cases {
			a := postExport(t, url, c.token, "csv", map[string]any{"query": c.query, "variables": vars})
			g := send(t, graphQLRequest(t, url, map[string]any{"query": c.query, "variables": vars}, "Authorization", map[bool]string{true: "Bearer " + c.token}[c.token != ""]))
			if len(g.Errors) == 0 {
				t.Fatalf("%s: /graphql answers without an error", c.name)
			}
			var ex struct{ Errors []gqlError }
			if err := json.Unmarshal(a.body, &ex); err != nil || len(ex.Errors) == 0 {
				t.Fatalf("%s: export answers %d %s", c.name, a.status, a.body)
			}
			if ex.Errors[0].Code() != g.Errors[0].Code() || ex.Errors[0].Message != g.Errors[0].Message || a.status == http.StatusOK {
				t.Errorf("%s: export answers %d %s %q; /graphql %s %q", c.name, a.status, ex.Errors[0].Code(), ex.Errors[0].Message, g.Errors[0].Code(), g.Errors[0].Message)
			}
		}
		tight := startServer(t, e.db, server.Options{MaxComplexity: 50})
		a := postExport(t, tight, "", "csv", req)
		if a.status != http.StatusUnprocessableEntity || !bytes.Contains(a.body, []byte(graph.CodeTooComplex)) {
			t.Errorf("over the complexity limit: %d %s", a.status, a.body)
		}
	})

	t.Run("bad requests", func(t *testing.T) {
		before := neo4jtest.Fingerprint(t, e.db, e.tag)
		cases := []struct {
			name, format, query, want string
		}{
			{"mutation", "csv", `mutation { createPerson(input: {name: "导出变更` + e.tag + `"}) { id } }`, "export runs queries only"},
			{"no connection", "csv", `query Lonely { node(id: "x") { id } }`, `query "Lonely" has no connection to export`},
			{"not valid", "csv", `{ people { edges { node { nope } } } }`, `Cannot query field "nope"`},
			{"format", "pdf", exportPeopleQuery, `format: "pdf" is not csv or xlsx`},
		}
		for _, c := range cases {
			a := postExport(t, url, admin, c.format, map[string]any{"query": c.query, "variables": vars})
			var ex struct{ Errors []gqlError }
			_ = json.Unmarshal(a.body, &ex)
			if a.status != http.StatusBadRequest || len(ex.Errors) == 0 || ex.Errors[0].Code() != graph.CodeInvalidInput || !strings.Contains(ex.Errors[0].Message, c.want) {
				t.Errorf("%s: %d %s; want 400 INVALID_INPUT mentioning %q", c.name, a.status, a.body, c.want)
			}
		}
		if after := neo4jtest.Fingerprint(t, e.db, e.tag); after != before {
			t.Errorf("a refused export changed the graph")
		}
	})
}

// TestExportNested exports the postings of a unit (through node and an
// inline fragment): single values under the node become columns named by
// their path, lists are joined, and an undiscoverable cadre's posting is
// absent for a non-admin.
func TestExportNested(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	host := e.unit("导出接收单位", "LOCAL_GOVERNMENT", nil)
	disp := e.unit("导出派出单位", "CENTRAL_AGENCY", nil)
	people := []string{
		e.person("导出甲", map[string]any{"expertise": []string{"水利", "交通"}}),
		e.person("导出乙", nil),
		e.person("导出丙", map[string]any{"discoverable": false}),
	}
	for i, p := range people {
		in := map[string]any{"personId": p, "hostUnitId": host, "dispatchingUnitId": disp, "title": fmt.Sprintf("职务%d", i), "batch": 2020 + i, "from": fmt.Sprintf("202%d-03-01", i)}
		if i == 0 {
			in["note"] = `说明,"引号"`
		}
		e.query(`mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`, map[string]any{"in": in})
	}
	azCleanup(t, e.db, e)
	url := startServer(t, e.db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret}), RateLimit: -1})
	q := `query($u: ID!) { node(id: $u) { ... on Unit { name hostedCadres(first: 2) { totalCount edges { cursor node {
		title batch note person { name expertise } dispatchingUnit { name } } } } } } }`
	want := [][]string{
		{"title", "batch", "note", "person.name", "person.expertise", "dispatchingUnit.name"},
		{"职务2", "2022", "", "导出丙" + e.tag, "", "导出派出单位" + e.tag},
		{"职务1", "2021", "", "导出乙" + e.tag, "", "导出派出单位" + e.tag},
		{"职务0", "2020", `说明,"引号"`, "导出甲" + e.tag, "水利; 交通", "导出派出单位" + e.tag},
	}
	for _, role := range []auth.Role{auth.RoleAdmin, auth.RoleOfficer} {
		tok := azToken(t, auth.Principal{Subject: "ex-" + string(role), Role: role, Person: people[0]})
		got := postExport(t, url, tok, "csv", map[string]any{"query": q, "variables": map[string]any{"u": host}}).csvRecords(t)
		w := want
		if role != auth.RoleAdmin {
			w = append([][]string{want[0]}, want[2:]...)
		}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("%s: export\n%q\nwant\n%q", role, got, w)
		}
	}
}

// compareRecords checks the header and then every row.
func compareRecords(t *testing.T, got [][]string, header []string, want [][]string) {
	t.Helper()
	if len(got) == 0 || strings.Join(got[0], ",") != strings.Join(header, ",") {
		t.Fatalf("header %q, want %q", got[:min(1, len(got))], header)
	}
	if len(got)-1 != len(want) {
		t.Fatalf("%d rows, want %d", len(got)-1, len(want))
	}
	for i, w := range want {
		if strings.Join(got[i+1], "\x00") != strings.Join(w, "\x00") {
			t.Fatalf("row %d: %q, want %q", i+1, got[i+1], w)
		}
	}
}
