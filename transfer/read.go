package transfer

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/xuri/excelize/v2"
)

// Data is what Read found in the files: the batch to load, and every
// problem. A Data with problems must not be loaded.
type Data struct {
	Batch *graph.Batch
	// Rows counts the data rows read, header lines not included.
	Rows int
	// Files names the files (or workbook sheets) read, in order.
	Files []string
	// Errors are the problems found so far, ordered by file, line and
	// column; CheckDatabase adds those only the database can tell.
	Errors Errors

	sheets  []*sheet
	pending []ref          // references to ids that no file defines
	codes   map[string]pos // credit code → the company row that has it
	codeIDs map[string]string
	checked bool
}

// Err is nil when the data has no problems, and Errors otherwise.
func (d *Data) Err() error {
	if len(d.Errors) == 0 {
		return nil
	}
	return d.Errors
}

// Lookup answers, in one query, what an import needs to know from the
// database: which of the ids exist, and which company holds each of the
// credit codes.
type Lookup interface {
	CheckImport(ctx context.Context, ids, creditCodes []string) (existing map[string]bool, codeOwners map[string]string, err error)
}

// EmptyDatabase is the Lookup of a database that holds nothing, for the
// offline import, which runs while the server is stopped and only into an
// empty database: every id the files refer to must be defined in them.
type EmptyDatabase struct{}

// CheckImport finds nothing.
func (EmptyDatabase) CheckImport(context.Context, []string, []string) (map[string]bool, map[string]string, error) {
	return map[string]bool{}, map[string]string{}, nil
}

// CheckDatabase checks what the files alone cannot: that every id the files
// reference but do not define exists in the database, and that no other
// company in the database holds a credit code of the files. It asks the
// database once and adds what it finds to d.Errors.
func (d *Data) CheckDatabase(ctx context.Context, db Lookup) error {
	if d.checked {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, r := range d.pending {
		if !seen[r.id] {
			seen[r.id] = true
			ids = append(ids, r.id)
		}
	}
	codes := make([]string, 0, len(d.codes))
	for c := range d.codes {
		codes = append(codes, c)
	}
	sort.Strings(ids)
	sort.Strings(codes)
	if len(ids) == 0 && len(codes) == 0 {
		d.checked = true
		return nil
	}
	existing, owners, err := db.CheckImport(ctx, ids, codes)
	if err != nil {
		return err
	}
	for _, r := range d.pending {
		if !existing[r.id] {
			k, _ := graph.ParseID(r.id)
			d.Errors = append(d.Errors, r.at.err("%s is neither in %s nor in the database", r.id, kindTable(k).Name))
		}
	}
	for _, c := range codes {
		if owner, ok := owners[c]; ok && owner != d.codeIDs[c] {
			d.Errors = append(d.Errors, d.codes[c].err("company %s in the database already has this credit code", owner))
		}
	}
	d.sortErrors()
	d.checked = true
	return nil
}

func (d *Data) sortErrors() {
	sort.SliceStable(d.Errors, func(i, j int) bool {
		a, b := d.Errors[i], d.Errors[j]
		if oa, ob := d.fileOrder(a.File), d.fileOrder(b.File); oa != ob {
			return oa < ob
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

func (d *Data) fileOrder(name string) int {
	for i, s := range d.sheets {
		if s.name == name {
			return i
		}
	}
	return -1
}

func kindTable(k graph.Kind) *Table {
	switch k {
	case graph.KindPerson:
		return People
	case graph.KindUnit:
		return Units
	case graph.KindRegion:
		return Regions
	case graph.KindCompany:
		return Companies
	case graph.KindProject:
		return Projects
	}
	return People
}

// Read reads a folder of CSV files, one CSV file, or an XLSX workbook (by
// the .xlsx extension) and checks every row. The error is for files that
// cannot be read at all; problems with their content are in Data.Errors.
// Files and sheets may come in any order and any may be missing; files
// that are not .csv are ignored; a CSV file or sheet with a name the
// format does not have is a problem.
func Read(path string) (*Data, error) {
	rd := newReader()
	var err error
	switch st, serr := os.Stat(path); {
	case serr != nil:
		return nil, serr
	case isWorkbook(path):
		err = rd.readWorkbook(path)
	case !st.IsDir() && strings.EqualFold(filepath.Ext(path), ".csv"):
		base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if t := tableFor(base); t != nil {
			err = rd.readCSV(path, t)
		} else {
			rd.fileErr(path, "not a file of the format; the files are %s", tableNames())
		}
	default:
		err = rd.readFolder(path)
	}
	if err != nil {
		return nil, err
	}
	rd.finish()
	return rd.d, nil
}

// ContentKey is the idempotency key of importing path: a digest of the
// bytes Read reads (a workbook, one CSV file, or a folder's CSV files with
// their names), so that importing the same files again has the same key.
func ContentKey(path string) (string, error) {
	h := sha256.New()
	add := func(name string) error {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%s\x00", filepath.Base(name))
		_, err = io.Copy(h, f)
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		if err := add(path); err != nil {
			return "", err
		}
	} else {
		entries, err := os.ReadDir(path) // sorted by name
		if err != nil {
			return "", err
		}
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
				if err := add(filepath.Join(path, e.Name())); err != nil {
					return "", err
				}
			}
		}
	}
	return "import:" + hex.EncodeToString(h.Sum(nil)), nil
}

func isWorkbook(path string) bool { return strings.EqualFold(filepath.Ext(path), ".xlsx") }

// pos is where a value is: a row of a sheet, and a column of its table
// (-1 for the whole row).
type pos struct {
	s    *sheet
	line int
	col  int
}

func (p pos) err(format string, args ...any) *Error {
	e := &Error{File: p.s.name, Line: p.line, Reason: fmt.Sprintf(format, args...)}
	if p.col >= 0 {
		e.Column = p.s.fileCol[p.col]
		e.Header = p.s.header[p.col]
	}
	return e
}

// ref is an id a row references, to be found in the files or the database.
type ref struct {
	id string
	at pos
}

// sheet is one file or worksheet being read.
type sheet struct {
	name    string // people.csv, or book.xlsx[people]
	table   *Table
	xlsx    bool
	fileCol []int    // by table column: 1-based column in the file, 0 when absent
	header  []string // by table column: the header as the file spells it
	toTable []int    // by file column: table column, or -1 (unknown, reported) or -2 (no header)
	width   int
	skip    bool // the header lacks a required column: only ids are read
}

type reader struct {
	d        *Data
	entities map[string]pos
	rels     map[string]pos
	ints     map[string]pos
	refs     []ref
	parents  []parentLink
	knows    map[[2]string]pos
	roles    map[[3]string]pos
	now      time.Time
}

type parentLink struct {
	id, parent string
	at         pos
}

func newReader() *reader {
	return &reader{
		d:        &Data{Batch: &graph.Batch{}, codes: map[string]pos{}, codeIDs: map[string]string{}},
		entities: map[string]pos{},
		rels:     map[string]pos{},
		ints:     map[string]pos{},
		knows:    map[[2]string]pos{},
		roles:    map[[3]string]pos{},
		now:      time.Now().UTC(),
	}
}

func (rd *reader) fileErr(name, format string, args ...any) {
	rd.d.Errors = append(rd.d.Errors, &Error{File: name, Reason: fmt.Sprintf(format, args...)})
}

func (rd *reader) readFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	found := map[*Table]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			continue
		}
		base := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
		t := tableFor(base)
		if t == nil {
			rd.fileErr(filepath.Join(dir, e.Name()), "not a file of the format; the files are %s", tableNames())
			continue
		}
		if other, ok := found[t]; ok {
			rd.fileErr(filepath.Join(dir, e.Name()), "holds %s like %s; give each kind one file", t.Name, other)
			continue
		}
		found[t] = e.Name()
	}
	if len(found) == 0 && len(rd.d.Errors) == 0 {
		return fmt.Errorf("%s: no CSV file of the format (%s)", dir, tableNames())
	}
	for _, t := range Tables {
		name, ok := found[t]
		if !ok {
			continue
		}
		path := filepath.Join(dir, name)
		if err := rd.readCSV(path, t); err != nil {
			return err
		}
	}
	return nil
}

func tableNames() string {
	s := make([]string, len(Tables))
	for i, t := range Tables {
		s[i] = t.FileName()
	}
	return strings.Join(s, ", ")
}

func (rd *reader) readCSV(path string, t *Table) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	s := &sheet{name: path, table: t}
	rd.d.sheets = append(rd.d.sheets, s)
	rd.d.Files = append(rd.d.Files, path)
	cr := csv.NewReader(skipBOM(f))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	headerDone := false
	row := rd.newRow(s)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rd.d.Errors = append(rd.d.Errors, &Error{File: path, Line: pe.Line, Reason: pe.Err.Error()})
				if !headerDone {
					return nil
				}
				continue
			}
			return fmt.Errorf("%s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		if !headerDone {
			headerDone = true
			rd.header(s, rec)
			continue
		}
		if blank(rec) {
			continue
		}
		if len(rec) != s.width {
			rd.d.Errors = append(rd.d.Errors, &Error{File: path, Line: line, Reason: fmt.Sprintf("%d fields, the header has %d", len(rec), s.width)})
			row.misshapen(line, rec)
			continue
		}
		row.read(line, rec)
	}
	if !headerDone {
		rd.d.Errors = append(rd.d.Errors, &Error{File: path, Reason: "empty file; want a header line"})
	}
	return nil
}

// skipBOM drops a UTF-8 byte order mark, which spreadsheets write.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, err := br.Peek(3); err == nil && string(head) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	return br
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func (rd *reader) readWorkbook(path string) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	base := filepath.Base(path)
	found := map[*Table]string{}
	for _, name := range f.GetSheetList() {
		t := tableFor(name)
		if t == nil {
			rd.fileErr(base+"["+name+"]", "not a sheet of the format; the sheets are %s", sheetNames())
			continue
		}
		if other, ok := found[t]; ok {
			rd.fileErr(base+"["+name+"]", "holds %s like sheet %s; give each kind one sheet", t.Name, other)
			continue
		}
		found[t] = name
	}
	if len(found) == 0 && len(rd.d.Errors) == 0 {
		return fmt.Errorf("%s: no sheet of the format (%s)", path, sheetNames())
	}
	for _, t := range Tables {
		name, ok := found[t]
		if !ok {
			continue
		}
		if err := rd.readSheet(f, base, name, t); err != nil {
			return err
		}
	}
	return nil
}

func sheetNames() string {
	s := make([]string, len(Tables))
	for i, t := range Tables {
		s[i] = t.Name
	}
	return strings.Join(s, ", ")
}

func (rd *reader) readSheet(f *excelize.File, base, name string, t *Table) error {
	s := &sheet{name: base + "[" + name + "]", table: t, xlsx: true}
	rd.d.sheets = append(rd.d.sheets, s)
	rd.d.Files = append(rd.d.Files, s.name)
	rows, err := f.Rows(name)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	defer rows.Close()
	row := rd.newRow(s)
	line := 0
	headerDone := false
	for rows.Next() {
		line++
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("%s:%d: %w", s.name, line, err)
		}
		if !headerDone {
			if line != 1 || blank(rec) {
				rd.d.Errors = append(rd.d.Errors, &Error{File: s.name, Line: line, Reason: "the header must be the first row"})
				return nil
			}
			headerDone = true
			rd.header(s, rec)
			continue
		}
		if blank(rec) {
			continue
		}
		if len(rec) < s.width {
			rec = append(rec, make([]string, s.width-len(rec))...)
		}
		if len(rec) > s.width {
			extra := false
			for i := s.width; i < len(rec); i++ {
				if strings.TrimSpace(rec[i]) != "" {
					rd.d.Errors = append(rd.d.Errors, &Error{File: s.name, Line: line, Column: i + 1, Reason: "a value in a column without header"})
					extra = true
				}
			}
			if extra {
				row.misshapen(line, rec)
				continue
			}
			rec = rec[:s.width]
		}
		row.read(line, rec)
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	if !headerDone {
		rd.d.Errors = append(rd.d.Errors, &Error{File: s.name, Reason: "empty sheet; want a header row"})
	}
	return nil
}

// header maps the header's cells onto the table's columns.
func (rd *reader) header(s *sheet, rec []string) {
	t := s.table
	s.width = len(rec)
	s.fileCol = make([]int, len(t.Columns))
	s.header = make([]string, len(t.Columns))
	s.toTable = make([]int, len(rec))
	for i, h := range rec {
		s.toTable[i] = -1
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF")
		}
		if strings.TrimSpace(h) == "" {
			s.toTable[i] = -2
			continue
		}
		c := t.columnFor(h)
		switch {
		case c < 0:
			rd.d.Errors = append(rd.d.Errors, &Error{File: s.name, Line: 1, Column: i + 1, Header: strings.TrimSpace(h),
				Reason: "not a column of " + t.Name + "; the columns are " + columnNames(t)})
		case s.fileCol[c] != 0:
			rd.d.Errors = append(rd.d.Errors, &Error{File: s.name, Line: 1, Column: i + 1, Header: strings.TrimSpace(h),
				Reason: fmt.Sprintf("the same column as %s (column %d)", s.header[c], s.fileCol[c])})
		default:
			s.fileCol[c] = i + 1
			s.header[c] = strings.TrimSpace(h)
			s.toTable[i] = c
		}
	}
	for i, c := range t.Columns {
		if c.Required && s.fileCol[i] == 0 {
			rd.d.Errors = append(rd.d.Errors, &Error{File: s.name, Line: 1,
				Reason: fmt.Sprintf("no column %s (%s), which is required", c.Name, c.Chinese)})
			s.skip = true
		}
		if s.header[i] == "" {
			s.header[i] = c.Name
		}
	}
}

func columnNames(t *Table) string {
	s := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		s[i] = c.Name + " (" + c.Chinese + ")"
	}
	return strings.Join(s, ", ")
}

// row is the data row being read. One row per sheet is reused.
type row struct {
	rd     *reader
	s      *sheet
	t      *Table
	line   int
	vals   []string // by table column, trimmed
	failed []bool   // by table column: a problem is already reported
	bad    bool
}

func (rd *reader) newRow(s *sheet) *row {
	n := len(s.table.Columns)
	return &row{rd: rd, s: s, t: s.table, vals: make([]string, n), failed: make([]bool, n)}
}

// read checks one data row and adds what it describes to the batch.
func (r *row) read(line int, rec []string) {
	r.rd.d.Rows++
	r.line, r.bad = line, false
	clear(r.vals)
	clear(r.failed)
	for i, v := range rec {
		if c := r.s.toTable[i]; c >= 0 {
			r.vals[c] = strings.TrimSpace(v)
		} else if c == -2 && strings.TrimSpace(v) != "" {
			r.rd.d.Errors = append(r.rd.d.Errors, &Error{File: r.s.name, Line: line, Column: i + 1, Reason: "a value in a column without header"})
			r.bad = true
		}
	}
	if r.s.skip {
		r.defineOnly()
		return
	}
	for i, c := range r.t.Columns {
		if c.Required && r.vals[i] == "" && r.s.fileCol[i] != 0 {
			r.failAt(i, "must not be empty")
		}
	}
	readers[r.t](r)
}

// misshapen counts a row that cannot be read and registers its id, so that
// references to it do not fail as well.
func (r *row) misshapen(line int, rec []string) {
	r.rd.d.Rows++
	r.line = line
	clear(r.vals)
	for i, v := range rec {
		if i < len(r.s.toTable) && r.s.toTable[i] >= 0 {
			r.vals[r.s.toTable[i]] = strings.TrimSpace(v)
		}
	}
	r.defineOnly()
}

// defineOnly registers the row's id when its sheet cannot be read
// otherwise, so that references to it do not fail as well.
func (r *row) defineOnly() {
	id := r.vals[0]
	if id == "" {
		return
	}
	switch r.t {
	case People, Units, Regions, Companies, Projects:
		r.rd.entities[id] = r.at(0)
	case Interactions:
		r.rd.ints[id] = r.at(0)
	default:
		r.rd.rels[id] = r.at(0)
	}
}

// where names another row: by line in the same file, else with the file.
func (r *row) where(p pos) string {
	if p.s == r.s {
		return fmt.Sprintf("line %d", p.line)
	}
	return fmt.Sprintf("%s:%d", p.s.name, p.line)
}

func (r *row) at(col int) pos { return pos{s: r.s, line: r.line, col: col} }

func (r *row) failAt(col int, format string, args ...any) {
	r.bad = true
	if col >= 0 {
		if r.failed[col] {
			return
		}
		r.failed[col] = true
	}
	r.rd.d.Errors = append(r.rd.d.Errors, r.at(col).err(format, args...))
}

func (r *row) fail(name string, format string, args ...any) { r.failAt(r.t.Col(name), format, args...) }

func (r *row) ok() bool { return !r.bad }

func (r *row) get(name string) string { return r.vals[r.t.Col(name)] }

func (r *row) opt(name string) *string {
	if v := r.get(name); v != "" {
		return &v
	}
	return nil
}

// valid validates the row's input when the row has no problem yet (a
// problem in a cell leaves the input incomplete), and reports whether the
// row is still without one.
func (r *row) valid(in interface{ Validate() error }) bool {
	if !r.ok() {
		return false
	}
	r.check(in.Validate())
	return r.ok()
}

// check reports a validation error of the graph package at the column its
// field names ("input.birthYear: ..." at birthYear).
func (r *row) check(err error) {
	if err == nil {
		return
	}
	msg := graph.ErrorMessage(err)
	field, reason, ok := strings.Cut(msg, ": ")
	if ok {
		if c, found := r.t.index[strings.TrimPrefix(field, "input.")]; found {
			r.failAt(c, "%s", strings.ReplaceAll(reason, "input.", ""))
			return
		}
	}
	r.failAt(-1, "%s", msg)
}

// entityID reads the id column of an entity file and defines it.
func (r *row) entityID(k graph.Kind) string {
	id := r.get("id")
	if id == "" {
		return ""
	}
	if err := graph.ParseIDOf("id", id, k); err != nil {
		r.fail("id", "%s", strings.TrimPrefix(graph.ErrorMessage(err), "id: "))
		return id
	}
	r.define(r.rd.entities, id)
	return id
}

// relID reads the id column of a relationship file and defines it.
func (r *row) relID() string {
	id := r.get("id")
	if id == "" {
		return ""
	}
	if err := graph.ParseRelID("id", id); err != nil {
		r.fail("id", "%q is not a relationship id (rel_ and letters, digits, '-' or '.')", id)
		return id
	}
	r.define(r.rd.rels, id)
	return id
}

func (r *row) define(ids map[string]pos, id string) {
	if p, ok := ids[id]; ok {
		r.fail("id", "%s is already defined at %s", id, r.where(p))
		return
	}
	ids[id] = r.at(0)
}

// ref reads a column holding the id of an entity that must exist in the
// files or in the database. The kind is checked by the graph's validation.
func (r *row) ref(name string) string {
	id := r.get(name)
	r.refID(name, id)
	return id
}

func (r *row) refID(name, id string) {
	if id == "" {
		return
	}
	if _, err := graph.ParseID(id); err == nil {
		r.rd.refs = append(r.rd.refs, ref{id: id, at: r.at(r.t.Col(name))})
	}
}

// cell reads an optional typed column: nil when empty; when parse cannot
// read it, nil and the problem problem (a format of the value, %q).
func cell[T any](r *row, name string, parse func(string) (T, bool), problem string) *T {
	v := r.get(name)
	if v == "" {
		return nil
	}
	t, ok := parse(v)
	if !ok {
		r.fail(name, problem, v)
		return nil
	}
	return &t
}

func (r *row) integer(name string) *int {
	return cell(r, name, parseInteger, "%q is not a whole number")
}

func parseInteger(v string) (int, bool) {
	if n, err := strconv.Atoi(v); err == nil {
		return n, true
	}
	f, ok := parseNumber(v)
	if !ok || f != float64(int(f)) || f > 1e9 || f < -1e9 {
		return 0, false
	}
	return int(f), true
}

func (r *row) number(name string) *float64 {
	return cell(r, name, parseNumber, "%q is not a number")
}

func (r *row) date(name string) *time.Time {
	return cell(r, name, func(v string) (time.Time, bool) {
		t, ok := parseDate(v)
		if !ok && r.s.xlsx {
			t, ok = excelDate(v)
			t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
		return t, ok
	}, "%q is not a date of the form YYYY-MM-DD")
}

func (r *row) timeAt(name string) *time.Time {
	return cell(r, name, func(v string) (time.Time, bool) {
		t, ok := parseTime(v)
		if !ok && r.s.xlsx {
			t, ok = excelDate(v)
		}
		return t, ok
	}, "%q is not a time such as 2024-05-01T09:30:00+08:00 or a date YYYY-MM-DD")
}

// excelDate reads a date cell of a workbook, which holds the days since
// 1899-12-30.
func excelDate(v string) (time.Time, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 1 || f > 2958465 {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC().Round(time.Second), true
}

func (r *row) boolean(name string) *bool {
	return cell(r, name, parseBool, "%q is neither true nor false (是, 否)")
}

// period checks an end date the graph's inputs do not carry: its year,
// and that it does not come before the start.
func (r *row) period(fromName string, from *time.Time, toName string, to *time.Time) bool {
	if maxYear := graph.Today().Year() + graph.MaxDateYearOffset; to.Year() < graph.MinDateYear || to.Year() > maxYear {
		r.fail(toName, "year must lie between %d and %d, got %d", graph.MinDateYear, maxYear, to.Year())
		return false
	}
	if from != nil && to.Before(*from) {
		r.fail(toName, "%s is before %s %s", to.Format(dateLayout), fromName, from.Format(dateLayout))
		return false
	}
	return true
}

func (r *row) list(name string) []string { return splitList(r.get(name)) }

// readers read one row of each table.
var readers map[*Table]func(*row)

func init() {
	readers = map[*Table]func(*row){
		People: readPerson, Units: readUnit, Regions: readRegion, Companies: readCompany, Projects: readProject,
		Postings: readPosting, Memberships: readMembership, Employments: readEmployment, Locations: readLocation,
		ProjectRoles: readProjectRole, Investments: readInvestment, Supports: readSupport,
		Acquaintances: readAcquaintance, Interactions: readInteraction,
	}
}

func readPerson(r *row) {
	id := r.entityID(graph.KindPerson)
	in := graph.CreatePersonInput{Name: r.get("name"), NameEn: r.opt("nameEn"), BirthYear: r.integer("birthYear"),
		Expertise: r.list("expertise"), Bio: r.opt("bio"), Phone: r.opt("phone"), Email: r.opt("email"), Wechat: r.opt("wechat"),
		Discoverable: r.boolean("discoverable"), ReconnectAfterDays: r.integer("reconnectAfterDays")}
	if v := r.get("gender"); v != "" {
		g, ok := parseGender(v)
		if !ok {
			r.fail("gender", "%q is not a gender (MALE, FEMALE, 男, 女)", v)
		}
		in.Gender = &g
	}
	if r.valid(&in) {
		p := in.Person()
		p.ID = id
		r.rd.d.Batch.People = append(r.rd.d.Batch.People, p)
	}
}

func readUnit(r *row) {
	id := r.entityID(graph.KindUnit)
	in := graph.CreateUnitInput{Name: r.get("name"), NameEn: r.opt("nameEn"), ShortName: r.opt("shortName"),
		Kind: graph.UnitKind(enumValue(r.get("kind"))), Description: r.opt("description"),
		ParentID: r.opt("parentId"), RegionID: r.opt("regionId")}
	r.ref("parentId")
	r.ref("regionId")
	if r.valid(&in) {
		u := in.Unit()
		u.ID = id
		r.parent(id, u.ParentID)
		r.rd.d.Batch.Units = append(r.rd.d.Batch.Units, u)
	}
}

func readRegion(r *row) {
	id := r.entityID(graph.KindRegion)
	in := graph.CreateRegionInput{Name: r.get("name"), NameEn: r.opt("nameEn"), Level: graph.RegionLevel(enumValue(r.get("level"))),
		Code: r.opt("code"), ParentID: r.opt("parentId")}
	r.ref("parentId")
	if r.valid(&in) {
		g := in.Region()
		g.ID = id
		r.parent(id, g.ParentID)
		r.rd.d.Batch.Regions = append(r.rd.d.Batch.Regions, g)
	}
}

func readCompany(r *row) {
	id := r.entityID(graph.KindCompany)
	in := graph.CreateCompanyInput{Name: r.get("name"), NameEn: r.opt("nameEn"), CreditCode: r.opt("creditCode"),
		Industry: r.opt("industry"), Description: r.opt("description"), ParentID: r.opt("parentId"), RegionID: r.opt("regionId")}
	r.ref("parentId")
	r.ref("regionId")
	if !r.valid(&in) {
		return
	}
	c := in.Company()
	c.ID = id
	if c.CreditCode != "" {
		if p, dup := r.rd.d.codes[c.CreditCode]; dup {
			r.fail("creditCode", "company %s at %s has the same credit code", r.rd.d.codeIDs[c.CreditCode], r.where(p))
			return
		}
		r.rd.d.codes[c.CreditCode] = r.at(r.t.Col("creditCode"))
		r.rd.d.codeIDs[c.CreditCode] = id
	}
	r.parent(id, c.ParentID)
	r.rd.d.Batch.Companies = append(r.rd.d.Batch.Companies, c)
}

func readProject(r *row) {
	id := r.entityID(graph.KindProject)
	in := graph.CreateProjectInput{Name: r.get("name"), NameEn: r.opt("nameEn"), Kind: graph.ProjectKind(enumValue(r.get("kind"))),
		Amount: r.number("amount"), StartDate: r.date("startDate"), EndDate: r.date("endDate"),
		Description: r.opt("description"), RegionID: r.opt("regionId")}
	if v := r.get("status"); v != "" {
		s := graph.ProjectStatus(enumValue(v))
		in.Status = &s
	}
	r.ref("regionId")
	if r.valid(&in) {
		p := in.Project()
		p.ID = id
		r.rd.d.Batch.Projects = append(r.rd.d.Batch.Projects, p)
	}
}

func (r *row) parent(id, parent string) {
	if parent != "" {
		r.rd.parents = append(r.rd.parents, parentLink{id: id, parent: parent, at: r.at(r.t.Col("parentId"))})
	}
}

func (r *row) addRel(rel *graph.Relationship) {
	r.rd.d.Batch.Relationships = append(r.rd.d.Batch.Relationships, rel)
}

func trimmed(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

func readPosting(r *row) {
	id := r.relID()
	in := graph.AddPostingInput{PersonID: r.ref("personId"), HostUnitID: r.ref("hostUnitId"), DispatchingUnitID: r.ref("dispatchingUnitId"),
		Title: r.get("title"), Batch: r.integer("batch"), To: r.date("to"), Note: r.opt("note")}
	if f := r.date("from"); f != nil {
		in.From = *f
	}
	if !r.valid(&in) {
		return
	}
	batch := in.Batch
	if batch == nil {
		y := in.From.Year()
		batch = &y
	}
	from := in.From
	r.addRel(&graph.Relationship{ID: id, Type: graph.RelPostedTo, StartID: in.PersonID, EndID: in.HostUnitID,
		DispatchingUnitID: in.DispatchingUnitID, Title: in.Title, Batch: batch, From: &from, To: in.To, Note: trimmed(in.Note)})
}

func readMembership(r *row) {
	id := r.relID()
	in := graph.AddMembershipInput{PersonID: r.ref("personId"), UnitID: r.ref("unitId"), Title: r.opt("title"),
		From: r.date("from"), To: r.date("to")}
	if r.valid(&in) {
		r.addRel(&graph.Relationship{ID: id, Type: graph.RelMemberOf, StartID: in.PersonID, EndID: in.UnitID,
			Title: trimmed(in.Title), From: in.From, To: in.To})
	}
}

func readEmployment(r *row) {
	id := r.relID()
	in := graph.AddEmploymentInput{PersonID: r.ref("personId"), CompanyID: r.ref("companyId"), Title: r.opt("title"),
		From: r.date("from"), To: r.date("to")}
	if r.valid(&in) {
		r.addRel(&graph.Relationship{ID: id, Type: graph.RelEmployedBy, StartID: in.PersonID, EndID: in.CompanyID,
			Title: trimmed(in.Title), From: in.From, To: in.To})
	}
}

func readLocation(r *row) {
	id := r.relID()
	in := graph.AddLocationInput{EntityID: r.ref("entityId"), RegionID: r.ref("regionId"), From: r.date("from"), To: r.date("to")}
	if r.valid(&in) {
		r.addRel(&graph.Relationship{ID: id, Type: graph.RelLocatedIn, StartID: in.EntityID, EndID: in.RegionID, From: in.From, To: in.To})
	}
}

func readProjectRole(r *row) {
	id := r.relID()
	in := graph.AddProjectRoleInput{PersonID: r.ref("personId"), ProjectID: r.ref("projectId"), Date: r.date("date"), Note: r.opt("note")}
	if v := r.get("role"); v != "" {
		role, ok := parseRole(v)
		if !ok {
			r.fail("role", "%q is not a role (SECURED, INTRODUCED, 争取, 引荐)", v)
		}
		in.Role = role
	}
	if !r.valid(&in) {
		return
	}
	key := [3]string{in.PersonID, in.ProjectID, string(in.Role)}
	if p, dup := r.rd.roles[key]; dup {
		r.fail("role", "%s gives the person this role in the project already", r.where(p))
		return
	}
	r.rd.roles[key] = r.at(0)
	t := graph.RelSecured
	if in.Role == graph.RoleIntroduced {
		t = graph.RelIntroduced
	}
	r.addRel(&graph.Relationship{ID: id, Type: t, StartID: in.PersonID, EndID: in.ProjectID, From: in.Date, Note: trimmed(in.Note)})
}

func readInvestment(r *row) {
	id := r.relID()
	in := graph.AddInvestmentInput{CompanyID: r.ref("companyId"), ProjectID: r.ref("projectId"), Amount: r.number("amount"), Date: r.date("date")}
	if r.valid(&in) {
		r.addRel(&graph.Relationship{ID: id, Type: graph.RelInvestsIn, StartID: in.CompanyID, EndID: in.ProjectID, Amount: in.Amount, From: in.Date})
	}
}

func readSupport(r *row) {
	id := r.relID()
	in := graph.AddSupportInput{UnitID: r.ref("unitId"), ProjectID: r.ref("projectId"), Note: r.opt("note"), Date: r.date("date")}
	if r.valid(&in) {
		r.addRel(&graph.Relationship{ID: id, Type: graph.RelSupports, StartID: in.UnitID, EndID: in.ProjectID, Note: trimmed(in.Note), From: in.Date})
	}
}

func readAcquaintance(r *row) {
	id := r.relID()
	in := graph.AddAcquaintanceInput{PersonID: r.ref("personId"), OtherID: r.ref("otherId"), Since: r.date("since"), How: r.opt("how")}
	to := r.date("to")
	if !r.valid(&in) {
		return
	}
	if to != nil && !r.period("since", in.Since, "to", to) {
		return
	}
	if to == nil {
		key := [2]string{min(in.PersonID, in.OtherID), max(in.PersonID, in.OtherID)}
		if p, dup := r.rd.knows[key]; dup {
			r.fail("otherId", "the two already know each other at %s; only one acquaintance of a pair may last (have no to)", r.where(p))
			return
		}
		r.rd.knows[key] = r.at(0)
	}
	r.addRel(&graph.Relationship{ID: id, Type: graph.RelKnows, StartID: in.PersonID, EndID: in.OtherID, From: in.Since, To: to, How: trimmed(in.How)})
}

func readInteraction(r *row) {
	id := r.get("id")
	if id != "" {
		if !validInteractionID(id) {
			r.fail("id", "%q is not an interaction id (int_ and letters, digits, '-' or '.')", id)
		} else {
			r.define(r.rd.ints, id)
		}
	}
	in := graph.LogInteractionInput{Kind: graph.InteractionKind(enumValue(r.get("kind"))), Summary: r.opt("summary"),
		ParticipantIDs: r.list("participantIds"), AboutIDs: r.list("aboutIds")}
	for _, p := range in.ParticipantIDs {
		r.refID("participantIds", p)
	}
	for _, a := range in.AboutIDs {
		r.refID("aboutIds", a)
	}
	if at := r.timeAt("at"); at != nil {
		in.At = *at
	}
	loggedAt := r.timeAt("loggedAt")
	loggedBy := r.get("loggedBy")
	if !r.ok() {
		return
	}
	r.check(in.Validate())
	if loggedAt != nil && loggedAt.After(r.rd.now.Add(time.Minute)) {
		r.fail("loggedAt", "must not lie in the future, got %s", loggedAt.Format(time.RFC3339))
	}
	if loggedBy != "" && len([]rune(loggedBy)) > graph.MaxShortLen {
		r.fail("loggedBy", "at most %d characters", graph.MaxShortLen)
	}
	if !r.ok() {
		return
	}
	it := &graph.Interaction{ID: id, At: in.At.UTC(), Kind: in.Kind, Summary: trimmed(in.Summary), ParticipantIDs: in.ParticipantIDs,
		AboutIDs: in.AboutIDs, LoggedBy: loggedBy, LoggedAt: r.rd.now}
	if it.LoggedBy == "" {
		it.LoggedBy = "import"
	}
	if loggedAt != nil {
		it.LoggedAt = *loggedAt
	}
	r.rd.d.Batch.Interactions = append(r.rd.d.Batch.Interactions, it)
}

// finish checks what needs every file: references, and cycles of parents.
func (rd *reader) finish() {
	d := rd.d
	for _, rf := range rd.refs {
		if _, ok := rd.entities[rf.id]; !ok {
			d.pending = append(d.pending, rf)
		}
	}
	rd.refs = nil
	parent := make(map[string]string, len(rd.parents))
	at := make(map[string]pos, len(rd.parents))
	for _, l := range rd.parents {
		parent[l.id], at[l.id] = l.parent, l.at
	}
	// Walk up from every entity; a walk that meets itself is a cycle.
	const (
		walking = 1
		walked  = 2
	)
	state := make(map[string]int8, len(parent))
	for _, l := range rd.parents {
		var path []string
		cur := l.id
		for cur != "" && state[cur] == 0 {
			state[cur] = walking
			path = append(path, cur)
			cur = parent[cur]
		}
		if cur != "" && state[cur] == walking {
			i := slices.Index(path, cur)
			cycle := path[i:]
			for j, id := range cycle {
				if len(cycle) == 1 {
					d.Errors = append(d.Errors, at[id].err("must differ from the entity itself"))
					continue
				}
				names := append(append(append([]string{}, cycle[j:]...), cycle[:j]...), id)
				d.Errors = append(d.Errors, at[id].err("parents make a cycle: %s", strings.Join(names, " → ")))
			}
		}
		for _, id := range path {
			state[id] = walked
		}
	}
	d.sortErrors()
}

// Store is the database an import writes to; *neo4jdb.DB is one.
type Store interface {
	Lookup
	// DeleteMovedRelationships removes the relationships that have the id
	// of one of rels but another type or other endpoints, so that loading
	// rels moves them instead of adding a second one. It returns the
	// people at the ends of what it removed.
	DeleteMovedRelationships(ctx context.Context, rels []*graph.Relationship) ([]string, error)
	Load(ctx context.Context, b *graph.Batch, progress graph.Progress) (*graph.LoadStats, error)
	RecomputeTies(ctx context.Context, ids []string) error
}

// BulkTies is a Store that recomputes the ties of many people at once
// (*neo4jdb.DB: what every chunk needs is read once, and a chunk holds
// thousands of people). Import uses it when the store has it, else
// Store.RecomputeTies on chunks of tieChunk people.
type BulkTies interface {
	RecomputeTiesOf(ctx context.Context, ids []string, progress graph.Progress) (int, error)
}

// ImportOptions tune Import.
type ImportOptions struct {
	// Progress is told how many rows are loaded.
	Progress graph.Progress
	// TieProgress is told for how many people ties are recomputed.
	TieProgress graph.Progress
	// SkipTies leaves the tie strengths as they are.
	SkipTies bool
	// Key, when set, makes the load retry-safe: each chunk stores the key
	// numbered by its place (Key/1, Key/2, ...) in its own transaction, so
	// an import repeated with the same key (ContentKey: the same files)
	// skips the chunks already written and writes only the rest. Keys
	// expire after graph.IdempotencyTTL.
	Key string
}

// ImportResult says what an import did and how long it took.
type ImportResult struct {
	Stats    *graph.LoadStats
	Moved    int // relationships removed because their id moved
	MoveTime time.Duration
	LoadTime time.Duration // of the load alone
	Ties     int           // people whose ties were recomputed
	TieTime  time.Duration
}

// Import writes data that Read and CheckDatabase found no problem with:
// it removes relationships whose id the files give to other endpoints,
// loads the batch in chunks (upserting by id), and recomputes the ties of
// the people the files touch. The load is not one transaction: when the
// database fails in the middle, what was written stays, and importing the
// same files again completes it.
func Import(ctx context.Context, db Store, d *Data, opts ImportOptions) (*ImportResult, error) {
	if err := d.Err(); err != nil {
		return nil, err
	}
	if !d.checked {
		return nil, errors.New("transfer: the data has not been checked against the database")
	}
	res := &ImportResult{}
	start := time.Now()
	moved, err := db.DeleteMovedRelationships(ctx, d.Batch.Relationships)
	if err != nil {
		return nil, err
	}
	res.Moved, res.MoveTime = len(moved), time.Since(start)
	start = time.Now()
	loadCtx := ctx
	if opts.Key != "" {
		loadCtx = graph.WithIdempotency(ctx, &graph.IdempotencyClaim{Key: opts.Key, Hash: opts.Key, Sequence: new(atomic.Int64)})
	}
	stats, err := db.Load(loadCtx, d.Batch, opts.Progress)
	res.Stats, res.LoadTime = stats, time.Since(start)
	if err != nil {
		return res, err
	}
	if opts.SkipTies {
		return res, nil
	}
	start = time.Now()
	people := touchedPeople(d.Batch, moved)
	var done int
	if bulk, ok := db.(BulkTies); ok {
		done, err = bulk.RecomputeTiesOf(ctx, people, opts.TieProgress)
	} else {
		done, err = recomputeTies(ctx, db, people, opts.TieProgress)
	}
	res.Ties, res.TieTime = done, time.Since(start)
	return res, err
}

// touchedPeople are the people whose ties an import may change: those in
// the files, at either end of a relationship that ties are made of, or in
// an interaction.
func touchedPeople(b *graph.Batch, also []string) []string {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if k, _ := graph.ParseID(id); k == graph.KindPerson && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, p := range b.People {
		add(p.ID)
	}
	for _, r := range b.Relationships {
		switch r.Type {
		case graph.RelPostedTo, graph.RelMemberOf, graph.RelEmployedBy, graph.RelKnows:
			add(r.StartID)
			add(r.EndID)
		}
	}
	for _, it := range b.Interactions {
		for _, p := range it.ParticipantIDs {
			add(p)
		}
	}
	for _, id := range also {
		add(id)
	}
	sort.Strings(ids)
	return ids
}

// tieChunk is how many people's ties are recomputed in one transaction; a
// chunk that fails is retried in halves, since a dense part of the graph
// can exceed the database's memory limit per transaction.
const tieChunk = 50

func recomputeTies(ctx context.Context, db Store, ids []string, progress graph.Progress) (int, error) {
	done := 0
	var run func(part []string) error
	run = func(part []string) error {
		err := db.RecomputeTies(ctx, part)
		if err != nil && len(part) > 1 && ctx.Err() == nil {
			half := len(part) / 2
			if err := run(part[:half]); err != nil {
				return err
			}
			return run(part[half:])
		}
		if err == nil {
			done += len(part)
			if progress != nil {
				progress(done, len(ids))
			}
		}
		return err
	}
	for i := 0; i < len(ids); i += tieChunk {
		if err := run(ids[i:min(i+tieChunk, len(ids))]); err != nil {
			return done, err
		}
	}
	return done, nil
}
