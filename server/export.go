package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server/loaders"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/xuri/excelize/v2"
)

// POST /export runs a GraphQL query whose result holds a connection and
// answers the connection's rows as a spreadsheet, CSV or XLSX: one row per
// edge (or per node of nodes), the selected fields flattened into columns
// named by their path under the node (person.name, hostUnit.name), lists
// joined with "; ". It follows the cursors itself to the end of the list,
// up to Options.ExportRowLimit rows.
//
// Every page is executed by the same gqlgen handler that serves /graphql
// (in-process, with the request's principal): the same schema, field rules,
// depth and complexity limits, masking of undiscoverable people and error
// codes. Only the document is rewritten: the connection's after argument
// becomes a variable of the export's own, and the connection's pageInfo is
// selected under an alias of the export's own.
//
// Beyond the row limit the export stops: the last row of the file says
// TRUNCATED and X-Export-Status is "truncated". X-Export-Status and
// X-Export-Rows are HTTP trailers of a CSV (its rows are streamed as each
// page arrives) and headers of an XLSX (written once the last page is in).
// An error on the first page is an ordinary error answer (the status of
// its code); on a later page a CSV ends with a row "ERROR: CODE: message"
// and X-Export-Status "error CODE".

const (
	exportPath = "/export"
	// DefaultExportRowLimit is Options.ExportRowLimit's default.
	DefaultExportRowLimit = 100_000
	// DefaultExportTimeout is Options.ExportTimeout's default.
	DefaultExportTimeout = 10 * time.Minute

	exportAfterVar     = "liaisonExportAfter"    // the variable the rewritten document pages with, if the client's has none
	exportPageInfoKey  = "liaisonExportPageInfo" // the alias of the pageInfo it adds
	exportListSep      = "; "                    // joins the values of a list in one cell
	xlsxMaxCellChars   = 32767                   // Excel's limit on the text of a cell
	exportStatusHeader = "X-Export-Status"
	exportRowsHeader   = "X-Export-Rows"
	mediaCSV           = "text/csv; charset=utf-8"
	mediaXLSX          = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// exportColumn is one column: its name and the response keys from a row
// to its values.
type exportColumn struct {
	name string
	path []string
}

// exportPlan is a validated export: the rewritten document and where its
// rows lie in the response.
type exportPlan struct {
	query    string
	opName   string
	vars     map[string]any
	after    any      // the after of the first page: the client's own, if it sent one
	afterVar string   // the variable that takes the cursor of each next page
	connKey  []string // response keys from data to the connection
	rowsKey  string   // "edges" or "nodes" (or their alias)
	columns  []exportColumn
}

// exportHandler serves POST /export through gqlh, the /graphql handler.
func exportHandler(gqlh http.Handler, schema *ast.Schema, svc Services, opts Options) gin.HandlerFunc {
	return func(c *gin.Context) {
		if e, bad := checkContentType(c.GetHeader("Content-Type")); bad {
			abortHTTP(c, e)
			return
		}
		body, err := io.ReadAll(c.Request.Body)
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				abortHTTP(c, httpError{status: http.StatusRequestEntityTooLarge, code: graph.CodeInvalidInput, message: "request body too large"})
				return
			}
			abortWith(c, graph.Errorf(graph.CodeInvalidInput, "could not read the request body"))
			return
		}
		params, rerr := postParams(bytes.NewReader(body))
		if rerr != nil {
			abortWith(c, graph.Errorf(graph.CodeInvalidInput, "%s", rerr.msg))
			return
		}
		format, err := exportFormat(c.Query("format"), body)
		if err != nil {
			abortWith(c, err)
			return
		}
		plan, err := planExport(schema, params.Query, params.OperationName, params.Variables)
		if err != nil {
			abortWith(c, err)
			return
		}
		x := &exporter{gqlh: gqlh, svc: svc, plan: plan, pageTimeout: opts.RequestTimeout}
		ctx := c.Request.Context()
		first, err := x.page(ctx, plan.after)
		if err != nil {
			abortWith(c, err)
			return
		}
		stamp := time.Now().UTC().Format("20060102-150405")
		var sink exportSink
		if format == "xlsx" {
			sink, err = newXLSXSink(plan.columns)
			if err != nil {
				abortWith(c, err)
				return
			}
		} else {
			sink = newCSVSink(c.Writer, plan.columns, stamp)
		}
		rows, status, err := x.run(ctx, first, sink, opts.ExportRowLimit)
		if err != nil {
			if xs, ok := sink.(*xlsxSink); ok { // nothing is sent yet: an ordinary error answer
				_ = xs.f.Close() // and its temporary file goes
				abortWith(c, err)
				return
			}
			if graph.ErrorCode(err) == graph.CodeInternal {
				logFor(ctx, slog.Default()).Error("internal error", "err", err, "method", c.Request.Method, "path", c.Request.URL.Path, "rows", rows)
			}
			status = "error " + graph.ErrorCode(err)
			sink.(*csvSink).fail(err)
		}
		if err := sink.finish(c.Writer, stamp, rows, status); err != nil {
			abortWith(c, err)
		}
	}
}

// exportFormat is the format asked for by the query parameter or the
// body's "format" (csv when neither says).
func exportFormat(query string, body []byte) (string, error) {
	var b struct {
		Format *string `json:"format"`
	}
	_ = json.Unmarshal(body, &b) // postParams has checked that body is a JSON object
	f := strings.ToLower(query)
	if b.Format != nil {
		if f != "" && f != strings.ToLower(*b.Format) {
			return "", graph.Errorf(graph.CodeInvalidInput, "format: the URL says %q and the body %q; say it once", query, *b.Format)
		}
		f = strings.ToLower(*b.Format)
	}
	switch f {
	case "", "csv":
		return "csv", nil
	case "xlsx":
		return "xlsx", nil
	}
	return "", graph.Errorf(graph.CodeInvalidInput, "format: %q is not csv or xlsx", f)
}

// planExport validates the document against the schema, picks its
// operation (a query), finds the connection and rewrites the document to
// page through it.
func planExport(schema *ast.Schema, query, opName string, vars map[string]any) (*exportPlan, error) {
	doc, errs := gqlparser.LoadQueryWithRules(schema, query, nil) // nil: the default rules, as gqlgen validates
	if len(errs) > 0 {
		return nil, graph.Errorf(graph.CodeInvalidInput, "query: %s", errs[0].Message)
	}
	var op *ast.OperationDefinition
	switch {
	case opName != "":
		op = doc.Operations.ForName(opName)
		if op == nil {
			return nil, graph.Errorf(graph.CodeInvalidInput, "operationName: the document has no operation %q", opName)
		}
	case len(doc.Operations) == 1:
		op = doc.Operations[0]
	default:
		return nil, graph.Errorf(graph.CodeInvalidInput, "operationName: the document has %d operations; name the one to export", len(doc.Operations))
	}
	name := "the query"
	if op.Name != "" {
		name = fmt.Sprintf("query %q", op.Name)
	}
	if op.Operation != ast.Query {
		return nil, graph.Errorf(graph.CodeInvalidInput, "export runs queries only: %s is a %s", cmpOr(op.Name, "the operation"), op.Operation)
	}
	if op.VariableDefinitions.ForName(exportAfterVar) != nil {
		return nil, graph.Errorf(graph.CodeInvalidInput, "query: $%s is the export's own variable; rename yours", exportAfterVar)
	}
	conn, connKey := findConnection(schema, op.SelectionSet, nil)
	if conn == nil {
		return nil, graph.Errorf(graph.CodeInvalidInput,
			"query: %s has no connection to export (a field with edges or nodes, pageInfo and an after argument, not under a list)", name)
	}
	p := &exportPlan{opName: op.Name, connKey: connKey, vars: maps.Clone(vars)}
	if p.vars == nil {
		p.vars = map[string]any{}
	}
	rows := rowsField(conn)
	p.rowsKey = rows.Alias
	if rows.Name == "edges" {
		for _, f := range collectFields(rows.SelectionSet) {
			switch f.Name {
			case "cursor":
			case "node":
				p.columns = append(p.columns, columnsOf(f.SelectionSet, []string{f.Alias}, nil)...)
			default:
				p.columns = append(p.columns, columnsOf(ast.SelectionSet{f}, nil, nil)...)
			}
		}
	} else {
		p.columns = columnsOf(rows.SelectionSet, nil, nil)
	}
	p.columns = dedupeColumns(p.columns)
	if len(p.columns) == 0 {
		return nil, graph.Errorf(graph.CodeInvalidInput, "query: %s.%s selects no field to put in a column", strings.Join(connKey, "."), rows.Alias)
	}

	// Page with the client's own after variable, or with one of the
	// export's own, starting where the client did.
	p.afterVar = exportAfterVar
	arg := conn.Arguments.ForName("after")
	switch {
	case arg != nil && arg.Value.Kind == ast.Variable:
		p.afterVar = arg.Value.Raw
		p.after = vars[arg.Value.Raw]
	default:
		if arg == nil {
			arg = &ast.Argument{Name: "after"}
			conn.Arguments = append(conn.Arguments, arg)
		} else if arg.Value.Kind == ast.StringValue {
			p.after = arg.Value.Raw
		}
		arg.Value = &ast.Value{Kind: ast.Variable, Raw: exportAfterVar}
		op.VariableDefinitions = append(op.VariableDefinitions, &ast.VariableDefinition{
			Variable: exportAfterVar, Type: ast.NamedType(conn.Definition.Arguments.ForName("after").Type.Name(), nil)})
	}
	conn.SelectionSet = append(conn.SelectionSet, &ast.Field{Alias: exportPageInfoKey, Name: "pageInfo", SelectionSet: ast.SelectionSet{
		&ast.Field{Alias: "hasNextPage", Name: "hasNextPage"}, &ast.Field{Alias: "endCursor", Name: "endCursor"}}})
	var buf bytes.Buffer
	formatter.NewFormatter(&buf).FormatQueryDocument(doc)
	p.query = buf.String()
	return p, nil
}

func cmpOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

// findConnection is the first connection field of set in document order,
// reached through single objects only, and the response keys to it.
func findConnection(schema *ast.Schema, set ast.SelectionSet, path []string) (*ast.Field, []string) {
	for _, f := range collectFields(set) {
		if f.Definition == nil || len(f.SelectionSet) == 0 || f.Definition.Type.Elem != nil {
			continue
		}
		key := append(slices.Clone(path), f.Alias)
		if isConnection(schema, f) {
			return f, key
		}
		if c, k := findConnection(schema, f.SelectionSet, key); c != nil {
			return c, k
		}
	}
	return nil, nil
}

// isConnection tells whether f is a connection that can be paged (its type
// has pageInfo, it takes after) and whose rows the document selects.
func isConnection(schema *ast.Schema, f *ast.Field) bool {
	t := schema.Types[f.Definition.Type.Name()]
	return t != nil && t.Fields.ForName("pageInfo") != nil && f.Definition.Arguments.ForName("after") != nil && rowsField(f) != nil
}

// rowsField is the first edges or nodes field that f selects.
func rowsField(f *ast.Field) *ast.Field {
	for _, s := range collectFields(f.SelectionSet) {
		if (s.Name == "edges" || s.Name == "nodes") && len(s.SelectionSet) > 0 {
			return s
		}
	}
	return nil
}

// collectFields are the fields of set, those of its fragments included, in
// document order.
func collectFields(set ast.SelectionSet) []*ast.Field {
	var out []*ast.Field
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			out = append(out, s)
		case *ast.InlineFragment:
			out = append(out, collectFields(s.SelectionSet)...)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				out = append(out, collectFields(s.Definition.SelectionSet)...)
			}
		}
	}
	return out
}

// columnsOf are the leaf columns under set: path is the response keys from
// the row, name the column's name so far. A nested connection's edges,
// node and nodes add nothing to the name (postings.title).
func columnsOf(set ast.SelectionSet, path, name []string) []exportColumn {
	var out []exportColumn
	for _, f := range collectFields(set) {
		p := append(slices.Clone(path), f.Alias)
		n := name
		if f.Name != "edges" && f.Name != "node" && f.Name != "nodes" {
			n = append(slices.Clone(name), f.Alias)
		}
		if len(f.SelectionSet) == 0 {
			out = append(out, exportColumn{name: strings.Join(n, "."), path: p})
			continue
		}
		out = append(out, columnsOf(f.SelectionSet, p, n)...)
	}
	return out
}

// dedupeColumns keeps the first of the columns with one path (a field
// selected twice is one field of the response).
func dedupeColumns(cols []exportColumn) []exportColumn {
	seen := map[string]bool{}
	var out []exportColumn
	for _, c := range cols {
		k := strings.Join(c.path, "\x00")
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// exporter runs the pages of one export.
type exporter struct {
	gqlh        http.Handler
	svc         Services
	plan        *exportPlan
	pageTimeout time.Duration
}

// exportPage is one page's rows and where the next begins.
type exportPage struct {
	rows      []any
	hasNext   bool
	endCursor any
}

// page executes the document for the page after the cursor through the
// /graphql handler, with the request's principal and loaders of its own.
func (x *exporter) page(ctx context.Context, after any) (*exportPage, error) {
	vars := maps.Clone(x.plan.vars)
	vars[x.plan.afterVar] = after
	body, err := json.Marshal(map[string]any{"query": x.plan.query, "operationName": x.plan.opName, "variables": vars})
	if err != nil {
		return nil, fmt.Errorf("export: encoding a page's request: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, x.pageTimeout)
	defer cancel()
	ctx = loaders.With(ctx, loaders.New(x.svc, readRelArgs))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	req.Header.Set("Content-Type", mediaJSON)
	req.Header.Set("Accept", mediaJSON)
	w := &pageWriter{header: http.Header{}}
	x.gqlh.ServeHTTP(w, req)
	var resp struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	dec := json.NewDecoder(&w.body)
	dec.UseNumber()
	if err := dec.Decode(&resp); err != nil {
		return nil, fmt.Errorf("export: a page's answer (status %d) does not decode: %w", w.status, err)
	}
	if len(resp.Errors) > 0 {
		e := resp.Errors[0]
		code, _ := e.Extensions["code"].(string)
		if code == "" {
			code = graph.CodeInternal
		}
		return nil, &graph.Error{Code: code, Message: e.Message}
	}
	var v any = resp.Data
	for _, k := range x.plan.connKey {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	conn, _ := v.(map[string]any)
	if conn == nil { // a null on the way (an entity that is not there): no rows
		return &exportPage{}, nil
	}
	pg := &exportPage{}
	pg.rows, _ = conn[x.plan.rowsKey].([]any)
	if pi, ok := conn[exportPageInfoKey].(map[string]any); ok {
		pg.hasNext, _ = pi["hasNextPage"].(bool)
		pg.endCursor = pi["endCursor"]
	}
	return pg, nil
}

// run writes the rows of pg and of the pages after it into sink, up to
// limit rows; status is "complete" or "truncated".
func (x *exporter) run(ctx context.Context, pg *exportPage, sink exportSink, limit int) (n int, status string, err error) {
	for {
		for _, r := range pg.rows {
			if n == limit {
				return n, "truncated", sink.truncated(limit)
			}
			if err := sink.row(exportCells(r, x.plan.columns)); err != nil {
				return n, "", err
			}
			n++
		}
		if !pg.hasNext || pg.endCursor == nil || len(pg.rows) == 0 {
			return n, "complete", nil
		}
		if n == limit {
			return n, "truncated", sink.truncated(limit)
		}
		sink.pageDone()
		if pg, err = x.page(ctx, pg.endCursor); err != nil {
			return n, "", err
		}
	}
}

// exportCell is one cell: its text, and whether it is a single number.
type exportCell struct {
	text   string
	number bool
}

// exportCells flattens a row into its cells, in the order of the columns.
func exportCells(row any, cols []exportColumn) []exportCell {
	out := make([]exportCell, len(cols))
	for i, c := range cols {
		vals := leafValues(row, c.path, nil)
		out[i].text = strings.Join(vals, exportListSep)
		if len(vals) == 1 {
			_, isNum := leafAt(row, c.path).(json.Number)
			out[i].number = isNum
		}
	}
	return out
}

// leafValues appends the values at path under v, each element of a list
// on the way contributing its own; nulls contribute nothing.
func leafValues(v any, path []string, out []string) []string {
	switch x := v.(type) {
	case nil:
		return out
	case []any:
		for _, e := range x {
			out = leafValues(e, path, out)
		}
		return out
	case map[string]any:
		if len(path) == 0 {
			b, _ := json.Marshal(x)
			return append(out, string(b))
		}
		return leafValues(x[path[0]], path[1:], out)
	case string:
		return append(out, x)
	case json.Number:
		return append(out, x.String())
	case bool:
		return append(out, strconv.FormatBool(x))
	default:
		return append(out, fmt.Sprint(x))
	}
}

// leafAt is the value at path under v when no list lies on the way.
func leafAt(v any, path []string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// exportSink writes the rows of an export in one format.
type exportSink interface {
	row(cells []exportCell) error
	pageDone()
	truncated(limit int) error
	finish(w gin.ResponseWriter, stamp string, rows int, status string) error
}

func truncatedNote(limit int) string {
	return fmt.Sprintf("TRUNCATED: the export stops at %d rows and the list has more; narrow the query (where) to export the rest", limit)
}

// csvSink streams CSV: UTF-8 with a byte order mark (so that Excel reads
// it as UTF-8), RFC 4180 quoting, CRLF line ends.
type csvSink struct {
	w  gin.ResponseWriter
	cw *csv.Writer
}

func newCSVSink(w gin.ResponseWriter, cols []exportColumn, stamp string) *csvSink {
	w.Header().Set("Content-Type", mediaCSV)
	w.Header().Set("Content-Disposition", `attachment; filename="export-`+stamp+`.csv"`)
	w.Header().Set("Trailer", exportStatusHeader+", "+exportRowsHeader)
	w.WriteHeader(http.StatusOK)
	_, _ = w.WriteString("\uFEFF")
	s := &csvSink{w: w, cw: csv.NewWriter(w)}
	s.cw.UseCRLF = true
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.name
	}
	_ = s.cw.Write(head)
	return s
}

func (s *csvSink) row(cells []exportCell) error {
	rec := make([]string, len(cells))
	for i, c := range cells {
		rec[i] = c.text
		if !c.number {
			rec[i] = defuseFormula(c.text)
		}
	}
	return s.cw.Write(rec)
}

// defuseFormula puts a ' before text that a spreadsheet would take for a
// formula (=, +, -, @, tab, CR first), as OWASP advises for CSV files.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *csvSink) pageDone() {
	s.cw.Flush()
	s.w.Flush()
}

func (s *csvSink) truncated(limit int) error { return s.cw.Write([]string{truncatedNote(limit)}) }

func (s *csvSink) fail(err error) {
	e := errorAnswer(err)
	_ = s.cw.Write([]string{"ERROR: " + e.code + ": " + e.message})
}

func (s *csvSink) finish(w gin.ResponseWriter, _ string, rows int, status string) error {
	s.cw.Flush()
	w.Header().Set(exportStatusHeader, status)
	w.Header().Set(exportRowsHeader, strconv.Itoa(rows))
	return nil
}

// xlsxSink writes one sheet with excelize's StreamWriter (which keeps
// rows in a temporary file, not in memory); the workbook is sent once the
// last row is in.
type xlsxSink struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	next int // the next row's number
}

func newXLSXSink(cols []exportColumn) (*xlsxSink, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Export"); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("export: %w", err)
	}
	sw, err := f.NewStreamWriter("Export")
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("export: %w", err)
	}
	s := &xlsxSink{f: f, sw: sw, next: 1}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = c.name
	}
	if err := s.write(head); err != nil {
		_ = f.Close()
		return nil, err
	}
	return s, nil
}

func (s *xlsxSink) write(vals []any) error {
	cell, err := excelize.CoordinatesToCellName(1, s.next)
	if err == nil {
		err = s.sw.SetRow(cell, vals)
	}
	if err != nil {
		return fmt.Errorf("export: row %d: %w", s.next, err)
	}
	s.next++
	return nil
}

func (s *xlsxSink) row(cells []exportCell) error {
	vals := make([]any, len(cells))
	for i, c := range cells {
		switch {
		case c.number:
			if n, err := strconv.ParseFloat(c.text, 64); err == nil {
				vals[i] = n
				continue
			}
			vals[i] = c.text
		case len(c.text) > xlsxMaxCellChars:
			r := []rune(c.text)
			vals[i] = string(r[:min(len(r), xlsxMaxCellChars)])
		default:
			vals[i] = c.text
		}
	}
	return s.write(vals)
}

func (s *xlsxSink) pageDone() {}

func (s *xlsxSink) truncated(limit int) error { return s.write([]any{truncatedNote(limit)}) }

func (s *xlsxSink) finish(w gin.ResponseWriter, stamp string, rows int, status string) error {
	defer s.f.Close()
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w.Header().Set("Content-Type", mediaXLSX)
	w.Header().Set("Content-Disposition", `attachment; filename="export-`+stamp+`.xlsx"`)
	w.Header().Set(exportStatusHeader, status)
	w.Header().Set(exportRowsHeader, strconv.Itoa(rows))
	w.WriteHeader(http.StatusOK)
	_, _ = s.f.WriteTo(w) // the status is sent: a client gone away is all that can fail here
	return nil
}

// pageWriter receives one page's answer from the /graphql handler.
type pageWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *pageWriter) Header() http.Header         { return w.header }
func (w *pageWriter) Write(b []byte) (int, error) { return w.body.Write(b) }
func (w *pageWriter) WriteHeader(status int)      { w.status = status }
