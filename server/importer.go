package server

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/transfer"
)

// Importing a workbook from the page (admin): the files of `liaison
// import` (an .xlsx workbook or a .zip of CSV files, Chinese or English
// headers) are uploaded and checked in full first (POST /import/check):
// every bad row comes back with its sheet or file, line, column and
// reason, and as a workbook with the bad cells marked
// (GET /import/:id/problems.xlsx); nothing is written. Only a check
// without problems may be run (POST /import/:id/run), which writes
// everything in one go in the background while GET /import/:id reports
// its progress; one import runs at a time, a second is refused with
// CONFLICT. GET /import/template.xlsx is the template to fill. Every call
// goes through Authorized (the write action); the routes are admin only
// (routeRules).

// Import limits.
const (
	// MaxImportBytes bounds an upload.
	MaxImportBytes = 20 << 20
	// maxUnpackedBytes bounds the CSV files unpacked from a .zip.
	maxUnpackedBytes = 100 << 20
	// importTTL is how long a checked upload waits to be run.
	importTTL = 30 * time.Minute
	// maxImportJobs bounds the checked uploads kept at once.
	maxImportJobs = 16
)

// importJob is one uploaded and checked set of files.
type importJob struct {
	ID      string
	owner   string
	dir     string // the temporary folder holding the files
	src     string // the workbook, or the folder of CSV files, that was read
	key     string // the idempotency key of the load (the files' digest)
	data    *transfer.Data
	created time.Time
	// existing counts the entities of the files already in the database
	// when they were checked: the import updates them and creates the rest.
	existing int

	mu       sync.Mutex
	state    string // checked, running, done, failed
	phase    string // load, ties
	done     int
	total    int
	stats    *graph.LoadStats
	ties     int
	failure  string
	finished time.Time
}

type importer struct {
	svc     Services
	mu      sync.Mutex
	jobs    map[string]*importJob
	running *importJob
}

func newImporter(svc Services) *importer { return &importer{svc: svc, jobs: map[string]*importJob{}} }

// sweep removes what expired; with the lock held.
func (im *importer) sweep(now time.Time) {
	for id, j := range im.jobs {
		j.mu.Lock()
		idle := j.state != "running" && now.Sub(j.created) > importTTL
		j.mu.Unlock()
		if idle {
			os.RemoveAll(j.dir)
			delete(im.jobs, id)
		}
	}
}

func newImportID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "imp_" + hex.EncodeToString(b[:])
}

// job finds the caller's job of the request.
func (im *importer) job(c *gin.Context) *importJob {
	im.mu.Lock()
	defer im.mu.Unlock()
	j := im.jobs[c.Param("id")]
	p := auth.FromContext(c.Request.Context())
	if j == nil || p == nil || j.owner != p.Subject {
		abortHTTP(c, httpError{status: http.StatusNotFound, code: graph.CodeNotFound, message: "id: no such import (checked uploads are kept for 30 minutes)"})
		return nil
	}
	return j
}

// mayImport answers FORBIDDEN unless the caller may write.
func mayImport(c *gin.Context) bool {
	p := auth.FromContext(c.Request.Context())
	if p == nil || !p.Can(auth.Write) {
		abortHTTP(c, httpError{status: http.StatusForbidden, code: graph.CodeForbidden, message: "import: only the admin role may import"})
		return false
	}
	return true
}

// check receives an upload, unpacks it, reads and checks every row.
func (im *importer) check(c *gin.Context) {
	if !mayImport(c) {
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxImportBytes+1<<20)
	if c.Request.ContentLength > MaxImportBytes+1<<20 {
		abortHTTP(c, httpError{status: http.StatusRequestEntityTooLarge, code: graph.CodeInvalidInput, message: fmt.Sprintf("file: larger than the limit of %d MB", MaxImportBytes>>20)})
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			abortHTTP(c, httpError{status: http.StatusRequestEntityTooLarge, code: graph.CodeInvalidInput, message: fmt.Sprintf("file: larger than the limit of %d MB", MaxImportBytes>>20)})
			return
		}
		abortHTTP(c, httpError{status: http.StatusBadRequest, code: graph.CodeInvalidInput, message: "file: send the workbook as the multipart form field \"file\""})
		return
	}
	if fh.Size > MaxImportBytes {
		abortHTTP(c, httpError{status: http.StatusRequestEntityTooLarge, code: graph.CodeInvalidInput, message: fmt.Sprintf("file: %.1f MB is larger than the limit of %d MB", float64(fh.Size)/(1<<20), MaxImportBytes>>20)})
		return
	}
	in, err := fh.Open()
	if err != nil {
		abortWith(c, err)
		return
	}
	body, err := io.ReadAll(io.LimitReader(in, MaxImportBytes+1))
	in.Close()
	if err != nil {
		abortWith(c, err)
		return
	}
	dir, err := os.MkdirTemp("", "liaison-import-")
	if err != nil {
		abortWith(c, err)
		return
	}
	src, err := unpackUpload(dir, fh.Filename, body)
	if err != nil {
		os.RemoveAll(dir)
		abortHTTP(c, httpError{status: http.StatusUnsupportedMediaType, code: graph.CodeInvalidInput, message: "file: " + err.Error()})
		return
	}
	d, err := transfer.Read(src)
	if err != nil {
		os.RemoveAll(dir)
		abortHTTP(c, httpError{status: http.StatusBadRequest, code: graph.CodeInvalidInput, message: "file: " + strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")})
		return
	}
	if len(d.Errors) == 0 {
		if err := d.CheckDatabase(c.Request.Context(), im.svc); err != nil {
			os.RemoveAll(dir)
			abortWith(c, err)
			return
		}
	}
	existing := 0
	if len(d.Errors) == 0 {
		if existing, err = im.existingEntities(c.Request.Context(), d.Batch); err != nil {
			os.RemoveAll(dir)
			abortWith(c, err)
			return
		}
	}
	key, err := transfer.ContentKey(src)
	if err != nil {
		os.RemoveAll(dir)
		abortWith(c, err)
		return
	}
	p := auth.FromContext(c.Request.Context())
	j := &importJob{ID: newImportID(), owner: p.Subject, dir: dir, src: src, key: key, data: d, created: time.Now(), existing: existing, state: "checked"}
	im.mu.Lock()
	im.sweep(time.Now())
	if len(im.jobs) >= maxImportJobs {
		im.mu.Unlock()
		os.RemoveAll(dir)
		abortHTTP(c, httpError{status: http.StatusTooManyRequests, code: graph.CodeConflict, message: "import: too many checked uploads waiting; run or wait for them (30 minutes)"})
		return
	}
	im.jobs[j.ID] = j
	im.mu.Unlock()
	c.JSON(http.StatusOK, j.report())
}

// existingEntities counts the entities of the batch that the database
// already holds.
func (im *importer) existingEntities(ctx context.Context, b *graph.Batch) (int, error) {
	ids := make([]string, 0, b.Nodes())
	for _, n := range b.Entities() {
		ids = append(ids, n.NodeID())
	}
	if len(ids) == 0 {
		return 0, nil
	}
	found, _, err := im.svc.CheckImport(ctx, ids, nil)
	return len(found), err
}

// unpackUpload writes the upload into dir and returns what to read: the
// workbook, or the folder of the CSV files of a .zip. Anything else is
// refused.
func unpackUpload(dir, name string, body []byte) (string, error) {
	notWorkbook := errors.New("not a workbook: upload an .xlsx workbook or a .zip of CSV files (the formats of liaison import)")
	if len(body) < 4 || !bytes.Equal(body[:4], []byte("PK\x03\x04")) {
		return "", notWorkbook
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return "", notWorkbook
	}
	isXLSX := false
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			isXLSX = true
		}
	}
	if isXLSX {
		base := strings.TrimSuffix(filepath.Base(strings.ReplaceAll(name, "\\", "/")), filepath.Ext(name))
		if base == "" || base == "." || strings.ContainsAny(base, "[]") {
			base = "workbook"
		}
		path := filepath.Join(dir, base+".xlsx")
		return path, os.WriteFile(path, body, 0o600)
	}
	csvDir := filepath.Join(dir, "csv")
	if err := os.Mkdir(csvDir, 0o700); err != nil {
		return "", err
	}
	var total int64
	n := 0
	for _, f := range zr.File {
		base := filepath.Base(strings.ReplaceAll(f.Name, "\\", "/"))
		if f.FileInfo().IsDir() || !strings.EqualFold(filepath.Ext(base), ".csv") || strings.HasPrefix(base, ".") || strings.HasPrefix(f.Name, "__MACOSX") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("%s: %v", base, err)
		}
		out, err := os.OpenFile(filepath.Join(csvDir, base), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			rc.Close()
			return "", fmt.Errorf("%s: twice in the .zip", base)
		}
		w, err := io.Copy(out, io.LimitReader(rc, maxUnpackedBytes-total+1))
		rc.Close()
		out.Close()
		if err != nil {
			return "", fmt.Errorf("%s: %v", base, err)
		}
		if total += w; total > maxUnpackedBytes {
			return "", fmt.Errorf("the CSV files unpack to more than %d MB", maxUnpackedBytes>>20)
		}
		n++
	}
	if n == 0 {
		return "", errors.New("the .zip holds no CSV file; upload an .xlsx workbook or a .zip of CSV files (the formats of liaison import)")
	}
	return csvDir, nil
}

// report is the JSON answer about a job.
func (j *importJob) report() gin.H {
	j.mu.Lock()
	defer j.mu.Unlock()
	d := j.data
	problems := make([]gin.H, 0, min(len(d.Errors), 1000))
	for i, e := range d.Errors {
		if i == 1000 {
			break
		}
		problems = append(problems, gin.H{"file": transfer.DisplayFile(e.File), "line": e.Line, "column": e.Column, "header": e.Header, "reason": e.Reason})
	}
	files := make([]string, len(d.Files))
	for i, f := range d.Files {
		files[i] = transfer.DisplayFile(f)
	}
	out := gin.H{"id": j.ID, "state": j.state, "rows": d.Rows, "files": files, "problemCount": len(d.Errors), "problems": problems,
		"entities": d.Batch.Nodes(), "newEntities": d.Batch.Nodes() - j.existing, "existingEntities": j.existing, "relationships": len(d.Batch.Relationships), "interactions": len(d.Batch.Interactions),
		"phase": j.phase, "done": j.done, "total": j.total}
	if j.stats != nil {
		out["written"] = gin.H{"nodes": j.stats.Nodes, "relationships": j.stats.Relationships, "interactions": j.stats.Interactions, "ties": j.ties}
	}
	if j.failure != "" {
		out["error"] = j.failure
	}
	return out
}

func (im *importer) status(c *gin.Context) {
	if j := im.job(c); j != nil {
		c.JSON(http.StatusOK, j.report())
	}
}

func (im *importer) problems(c *gin.Context) {
	j := im.job(c)
	if j == nil {
		return
	}
	var buf bytes.Buffer
	if err := transfer.WriteMarked(&buf, j.src, j.data.Errors); err != nil {
		abortWith(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="import-problems.xlsx"`)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

func (im *importer) template(c *gin.Context) {
	var buf bytes.Buffer
	if err := transfer.WriteTemplate(&buf); err != nil {
		abortWith(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="liaison-import-template.xlsx"`)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// run starts writing a checked job; one at a time.
func (im *importer) run(c *gin.Context) {
	if !mayImport(c) {
		return
	}
	j := im.job(c)
	if j == nil {
		return
	}
	if n := len(j.data.Errors); n > 0 {
		abortHTTP(c, httpError{status: http.StatusBadRequest, code: graph.CodeInvalidInput, message: fmt.Sprintf("import: %d problems; fix them and upload the files again; nothing was written", n)})
		return
	}
	im.mu.Lock()
	if im.running != nil {
		other := im.running.ID
		im.mu.Unlock()
		abortHTTP(c, httpError{status: http.StatusConflict, code: graph.CodeConflict, message: "import: another import (" + other + ") is running; try again when it is done"})
		return
	}
	j.mu.Lock()
	if j.state != "checked" {
		state := j.state
		j.mu.Unlock()
		im.mu.Unlock()
		abortHTTP(c, httpError{status: http.StatusConflict, code: graph.CodeConflict, message: "import: this upload is already " + state})
		return
	}
	j.state, j.phase = "running", "load"
	j.mu.Unlock()
	im.running = j
	im.mu.Unlock()
	// The load outlives the request; it keeps the caller's principal.
	ctx := auth.WithPrincipal(context.WithoutCancel(c.Request.Context()), auth.FromContext(c.Request.Context()))
	go im.write(ctx, j)
	c.JSON(http.StatusAccepted, j.report())
}

func (im *importer) write(ctx context.Context, j *importJob) {
	progress := func(phase string) graph.Progress {
		return func(done, total int) {
			j.mu.Lock()
			j.phase, j.done, j.total = phase, done, total
			j.mu.Unlock()
		}
	}
	res, err := transfer.Import(ctx, im.svc, j.data, transfer.ImportOptions{Progress: progress("load"), TieProgress: progress("ties"), Key: j.key})
	j.mu.Lock()
	if res != nil {
		j.stats, j.ties = res.Stats, res.Ties
	}
	if err != nil {
		j.state = "failed"
		j.failure = graph.ErrorMessage(err)
		if graph.ErrorCode(err) == graph.CodeInternal || graph.ErrorCode(err) == "" {
			j.failure = "the import stopped; what was loaded stays, and importing the same files again completes it"
		}
	} else {
		j.state = "done"
	}
	j.finished = time.Now()
	j.mu.Unlock()
	im.mu.Lock()
	im.running = nil
	im.mu.Unlock()
}

// importUploadPath is the route of uploads, which have their own body
// limit (MaxImportBytes) instead of the server's.
const importUploadPath = "/import/check"

// importRoutes adds the import routes.
func importRoutes(r *gin.Engine, svc Services, authn gin.HandlerFunc) {
	im := newImporter(svc)
	r.GET("/import/template.xlsx", authn, guardRoutes(), im.template)
	r.POST(importUploadPath, authn, guardRoutes(), im.check)
	r.GET("/import/:id", authn, guardRoutes(), im.status)
	r.GET("/import/:id/problems.xlsx", authn, guardRoutes(), im.problems)
	r.POST("/import/:id/run", authn, guardRoutes(), im.run)
}
