package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/transfer"
	"github.com/xuri/excelize/v2"
)

// blockingStore answers the import's database calls without a database;
// Load waits until the test releases it, so that an import is running
// for as long as the test wants.
type blockingStore struct {
	Services
	loading chan struct{}
	release chan struct{}
}

func (s *blockingStore) CheckImport(ctx context.Context, ids, codes []string) (map[string]bool, map[string]string, error) {
	ex := map[string]bool{}
	for _, id := range ids {
		ex[id] = true
	}
	return ex, map[string]string{}, nil
}

func (s *blockingStore) DeleteMovedRelationships(ctx context.Context, rels []*graph.Relationship) ([]string, error) {
	return nil, nil
}

func (s *blockingStore) Load(ctx context.Context, b *graph.Batch, progress graph.Progress) (*graph.LoadStats, error) {
	s.loading <- struct{}{}
	<-s.release
	progress(1, 1)
	return &graph.LoadStats{Nodes: b.Nodes(), Relationships: len(b.Relationships), Interactions: len(b.Interactions)}, nil
}

func (s *blockingStore) RecomputeTies(ctx context.Context, ids []string) error { return nil }

func importTestServer(t *testing.T, svc Services) string {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(func(c *gin.Context) {
		c.Request = c.Request.WithContext(auth.WithPrincipal(c.Request.Context(), &auth.Principal{Subject: "importer-test", Role: auth.RoleAdmin}))
	})
	im := newImporter(svc)
	r.GET("/import/template.xlsx", im.template)
	r.POST(importUploadPath, im.check)
	r.GET("/import/:id", im.status)
	r.GET("/import/:id/problems.xlsx", im.problems)
	r.POST("/import/:id/run", im.run)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv.URL
}

type importAnswer struct {
	status int
	body   map[string]any
	raw    []byte
}

func (a importAnswer) code() string {
	errs, _ := a.body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	c, _ := ext["code"].(string)
	return c
}

func (a importAnswer) message() string {
	errs, _ := a.body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	m, _ := errs[0].(map[string]any)["message"].(string)
	return m
}

func importDo(t *testing.T, req *http.Request) importAnswer {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	a := importAnswer{status: res.StatusCode, raw: b}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &a.body); err != nil {
			t.Fatalf("%s: %v\n%s", req.URL, err, b)
		}
	}
	return a
}

func upload(t *testing.T, base, name string, content []byte) importAnswer {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+importUploadPath, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return importDo(t, req)
}

func importGet(t *testing.T, url string) importAnswer {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	return importDo(t, req)
}

func importPost(t *testing.T, url string) importAnswer {
	req, _ := http.NewRequest(http.MethodPost, url, nil)
	return importDo(t, req)
}

func template(t *testing.T, base string) []byte {
	t.Helper()
	a := importGet(t, base+"/import/template.xlsx")
	if a.status != http.StatusOK || len(a.raw) < 100 {
		t.Fatalf("template: %d %s", a.status, a.raw)
	}
	return a.raw
}

// breakCells returns the workbook with the cells set.
func breakCells(t *testing.T, book []byte, cells map[[2]string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range cells {
		if err := f.SetCellStr(k[0], k[1], v); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestImportTemplateHasDropdownsAndExamples(t *testing.T) {
	base := importTestServer(t, &blockingStore{})
	f, err := excelize.OpenReader(bytes.NewReader(template(t, base)))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(f.GetSheetList()); got != len(transfer.Tables) {
		t.Errorf("%d sheets, want %d", got, len(transfer.Tables))
	}
	for _, tb := range transfer.Tables {
		rows, err := f.GetRows(tb.Chinese)
		if err != nil || len(rows) < 2 {
			t.Fatalf("sheet %s: %d rows, %v", tb.Chinese, len(rows), err)
		}
		if rows[0][0] != tb.Columns[0].Chinese {
			t.Errorf("sheet %s starts with %q", tb.Chinese, rows[0][0])
		}
	}
	dvs, err := f.GetDataValidations(transfer.Units.Chinese)
	if err != nil || len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "CENTRAL_AGENCY") || dvs[0].Sqref != "E2:E5000" {
		t.Errorf("the unit kind dropdown: %+v, %v", dvs, err)
	}
	dvs, _ = f.GetDataValidations(transfer.People.Chinese)
	if len(dvs) != 2 { // gender and discoverable
		t.Errorf("people have %d dropdowns, want 2", len(dvs))
	}
}

func TestImportRefusesWhatIsNotAWorkbook(t *testing.T) {
	base := importTestServer(t, &blockingStore{})
	a := upload(t, base, "names.txt", []byte("张三,李四\n"))
	if a.status != http.StatusUnsupportedMediaType || a.code() != graph.CodeInvalidInput || !strings.Contains(a.message(), "not a workbook") {
		t.Errorf("a text file: %d %s %q", a.status, a.code(), a.message())
	}
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("readme.md")
	w.Write([]byte("# hi"))
	zw.Close()
	a = upload(t, base, "files.zip", z.Bytes())
	if a.status != http.StatusUnsupportedMediaType || !strings.Contains(a.message(), "no CSV file") {
		t.Errorf("a .zip without CSV: %d %q", a.status, a.message())
	}
	a = upload(t, base, "big.xlsx", bytes.Repeat([]byte("x"), MaxImportBytes+10))
	if a.status != http.StatusRequestEntityTooLarge || a.code() != graph.CodeInvalidInput || !strings.Contains(a.message(), "limit of 20 MB") {
		t.Errorf("too large: %d %s %q", a.status, a.code(), a.message())
	}
}

func TestImportReportsEveryBadRowAndWritesNothing(t *testing.T) {
	store := &blockingStore{loading: make(chan struct{}, 1), release: make(chan struct{})}
	base := importTestServer(t, store)
	bad := breakCells(t, template(t, base), map[[2]string]string{
		{transfer.People.Chinese, "E2"}:   "1800",
		{transfer.Units.Chinese, "E3"}:    "MINISTRY",
		{transfer.Postings.Chinese, "G2"}: "2024-13-45",
	})
	a := upload(t, base, "名单.xlsx", bad)
	if a.status != http.StatusOK {
		t.Fatalf("check: %d %s", a.status, a.raw)
	}
	if n := a.body["problemCount"].(float64); n != 3 {
		t.Fatalf("%v problems, want 3: %s", n, a.raw)
	}
	probs := a.body["problems"].([]any)
	want := []struct {
		file         string
		line, column float64
	}{{"名单.xlsx[人员]", 2, 5}, {"名单.xlsx[单位]", 3, 5}, {"名单.xlsx[挂职]", 2, 7}}
	for i, w := range want {
		p := probs[i].(map[string]any)
		if p["file"] != w.file || p["line"] != w.line || p["column"] != w.column || p["reason"] == "" {
			t.Errorf("problem %d = %v, want %v", i, p, w)
		}
	}
	id := a.body["id"].(string)
	run := importPost(t, base+"/import/"+id+"/run")
	if run.status != http.StatusBadRequest || run.code() != graph.CodeInvalidInput || !strings.Contains(run.message(), "nothing was written") {
		t.Errorf("running a bad upload: %d %s %q", run.status, run.code(), run.message())
	}
	select {
	case <-store.loading:
		t.Fatal("a bad upload reached the database")
	default:
	}
	// The workbook with the bad cells marked.
	m := importGet(t, base+"/import/"+id+"/problems.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(m.raw))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(transfer.ErrorsSheet)
	if len(rows) != 4 {
		t.Errorf("the problem sheet has %d rows, want a header and 3", len(rows))
	}
	comments, _ := f.GetComments(transfer.Units.Chinese)
	found := false
	for _, c := range comments {
		if c.Cell == "E3" {
			found = true
		}
	}
	if !found {
		t.Errorf("the bad unit kind has no comment: %+v", comments)
	}
	style, _ := f.GetCellStyle(transfer.Units.Chinese, "E3")
	plain, _ := f.GetCellStyle(transfer.Units.Chinese, "E2")
	if style == plain {
		t.Errorf("the bad cell is not marked")
	}
}

func TestImportOneAtATime(t *testing.T) {
	store := &blockingStore{loading: make(chan struct{}, 1), release: make(chan struct{})}
	base := importTestServer(t, store)
	book := template(t, base)
	first := upload(t, base, "a.xlsx", book)
	second := upload(t, base, "b.xlsx", book)
	if first.status != http.StatusOK || second.status != http.StatusOK || first.body["problemCount"].(float64) != 0 {
		t.Fatalf("checks: %s / %s", first.raw, second.raw)
	}
	a, b := first.body["id"].(string), second.body["id"].(string)
	if r := importPost(t, base+"/import/"+a+"/run"); r.status != http.StatusAccepted {
		t.Fatalf("run: %d %s", r.status, r.raw)
	}
	<-store.loading // the first is writing
	r := importPost(t, base+"/import/"+b+"/run")
	if r.status != http.StatusConflict || r.code() != graph.CodeConflict || !strings.Contains(r.message(), "another import") {
		t.Errorf("a second import while one runs: %d %s %q", r.status, r.code(), r.message())
	}
	if s := importGet(t, base+"/import/"+a); s.body["state"] != "running" {
		t.Errorf("state while writing: %v", s.body["state"])
	}
	close(store.release)
	var s importAnswer
	for range 200 {
		if s = importGet(t, base+"/import/"+a); s.body["state"] == "done" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	written, _ := s.body["written"].(map[string]any)
	if s.body["state"] != "done" || written["nodes"] != first.body["entities"] {
		t.Fatalf("after the write: %s", s.raw)
	}
	if r := importPost(t, base+"/import/"+a+"/run"); r.status != http.StatusConflict {
		t.Errorf("running a done import again: %d", r.status)
	}
	if r := importPost(t, base+"/import/"+b+"/run"); r.status != http.StatusAccepted {
		t.Errorf("the second after the first: %d %s", r.status, r.raw)
	}
	<-store.loading
}

// The template round trip on a real database, through the access layer:
// download, fill a row in, upload, run, and the rows are in the graph.
func TestImportTemplateFilledIn(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	tag := neo4jtest.Tag()
	person, knows := "per_fill-"+tag, "rel_fill-"+tag
	ids := []string{"per_tpl-1", "per_tpl-2", "unt_tpl-1", "unt_tpl-2", "reg_tpl-1", "com_tpl-1", "prj_tpl-1", person}
	neo4jtest.Cleanup(t, db, &ids)
	neo4jtest.CleanupPrefix(t, db, "Interaction", "int_tpl-")
	base := importTestServer(t, Authorize(db))
	book := breakCells(t, template(t, base), map[[2]string]string{
		{transfer.People.Chinese, "A4"}: person, {transfer.People.Chinese, "B4"}: "填写" + tag, {transfer.People.Chinese, "D4"}: "女", {transfer.People.Chinese, "E4"}: "1990",
		{transfer.Acquaintances.Chinese, "A3"}: knows, {transfer.Acquaintances.Chinese, "B3"}: person, {transfer.Acquaintances.Chinese, "C3"}: "per_tpl-1",
	})
	a := upload(t, base, "filled.xlsx", book)
	if a.status != http.StatusOK || a.body["problemCount"].(float64) != 0 || a.body["entities"].(float64) != 8 || a.body["newEntities"].(float64) != 8 {
		t.Fatalf("check: %d %s", a.status, a.raw)
	}
	id := a.body["id"].(string)
	if r := importPost(t, base+"/import/"+id+"/run"); r.status != http.StatusAccepted {
		t.Fatalf("run: %d %s", r.status, r.raw)
	}
	var s importAnswer
	for range 600 {
		if s = importGet(t, base+"/import/"+id); s.body["state"] == "done" || s.body["state"] == "failed" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if s.body["state"] != "done" {
		t.Fatalf("the import: %s", s.raw)
	}
	ctx := auth.WithPrincipal(context.Background(), auth.Anonymous)
	p, err := db.FindPersonByID(ctx, person)
	if err != nil || p.Gender == nil || *p.Gender != graph.GenderFemale || p.BirthYear == nil || *p.BirthYear != 1990 {
		t.Fatalf("the person filled in: %+v, %v", p, err)
	}
	rel, err := db.FindRelated(ctx, graph.FieldPersonAcquaintances, []string{person}, graph.RelFilter{}, graph.Page{Limit: 5})
	if err != nil || rel[person].TotalCount != 1 {
		t.Errorf("their acquaintance: %+v, %v", rel[person], err)
	}
	if _, err := db.FindCompanyByID(ctx, "com_tpl-1"); err != nil {
		t.Errorf("the example company: %v", err)
	}
}
