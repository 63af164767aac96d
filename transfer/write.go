package transfer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/liaison/liaison/graph"
	"github.com/xuri/excelize/v2"
)

// maxSheetRows is how many data rows a worksheet holds below its header.
const maxSheetRows = excelize.TotalRows - 1

// Writer writes batches in the format: every table, with its English
// header, to a folder of CSV files or to one XLSX workbook. Rows are
// written in the order they are added; Export adds them sorted by id.
type Writer struct {
	path string
	csv  map[*Table]*csvFile
	book *excelize.File
	sw   map[*Table]*excelize.StreamWriter
	rows map[*Table]int
	err  error
}

type csvFile struct {
	f *os.File
	b *bufio.Writer
	w *csv.Writer
}

// Create starts writing to path: a workbook when it ends in .xlsx (its
// folder created if needed), else a folder (created if needed) where every
// file of the format is created or replaced. Every table gets its file or
// sheet with a header, even when no row is added.
func Create(path string) (*Writer, error) {
	w := &Writer{path: path, rows: map[*Table]int{}}
	if isWorkbook(path) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := w.createBook(); err != nil {
			return nil, err
		}
		return w, nil
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, err
	}
	w.csv = map[*Table]*csvFile{}
	for _, t := range Tables {
		f, err := os.Create(filepath.Join(path, t.FileName()))
		if err != nil {
			w.abort()
			return nil, err
		}
		b := bufio.NewWriterSize(f, 256<<10)
		cf := &csvFile{f: f, b: b, w: csv.NewWriter(b)}
		w.csv[t] = cf
		if err := cf.w.Write(headerOf(t)); err != nil {
			w.abort()
			return nil, err
		}
	}
	return w, nil
}

func (w *Writer) createBook() error {
	w.book = excelize.NewFile()
	w.sw = map[*Table]*excelize.StreamWriter{}
	first := w.book.GetSheetName(0)
	for i, t := range Tables {
		if i == 0 {
			if err := w.book.SetSheetName(first, t.Name); err != nil {
				return err
			}
		} else if _, err := w.book.NewSheet(t.Name); err != nil {
			return err
		}
		sw, err := w.book.NewStreamWriter(t.Name)
		if err != nil {
			return err
		}
		w.sw[t] = sw
		if err := w.setRow(t, 1, headerOf(t)); err != nil {
			return err
		}
	}
	return nil
}

func headerOf(t *Table) []string {
	h := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		h[i] = c.Name
	}
	return h
}

// setRow writes row n (1-based; the header is row 1) of t's sheet.
func (w *Writer) setRow(t *Table, n int, rec []string) error {
	if n > maxSheetRows+1 {
		return fmt.Errorf("%s: sheet %s would have more than %d rows; export to a folder of CSV files instead", w.path, t.Name, maxSheetRows)
	}
	cell, err := excelize.CoordinatesToCellName(1, n)
	if err != nil {
		return err
	}
	vals := make([]any, len(rec))
	for i, v := range rec {
		vals[i] = v
	}
	return w.sw[t].SetRow(cell, vals)
}

func (w *Writer) write(t *Table, rec []string) error {
	var err error
	if w.book != nil {
		err = w.setRow(t, w.rows[t]+2, rec)
	} else {
		err = w.csv[t].w.Write(rec)
	}
	if err == nil {
		w.rows[t]++
	}
	return err
}

// Add writes the entities, relationships and interactions of the batch,
// each to its table. PART_OF and LOCATED_IN relationships of units,
// companies and projects that their ParentID and RegionID stand for must
// not be in Relationships; TIE is not a type of the format.
func (w *Writer) Add(b *graph.Batch) error {
	if w.err != nil {
		return w.err
	}
	w.err = w.add(b)
	return w.err
}

func (w *Writer) add(b *graph.Batch) error {
	for _, r := range b.Relationships {
		if relTable(r.Type) == nil {
			return fmt.Errorf("relationship %s: type %s is not part of the format", r.ID, r.Type)
		}
	}
	tables := []func() error{
		func() error {
			return writeAll(w, b.People, func(p *graph.Person) (*Table, []string) { return People, personRecord(p) })
		},
		func() error {
			return writeAll(w, b.Units, func(u *graph.Unit) (*Table, []string) { return Units, unitRecord(u) })
		},
		func() error {
			return writeAll(w, b.Regions, func(r *graph.Region) (*Table, []string) { return Regions, regionRecord(r) })
		},
		func() error {
			return writeAll(w, b.Companies, func(c *graph.Company) (*Table, []string) { return Companies, companyRecord(c) })
		},
		func() error {
			return writeAll(w, b.Projects, func(p *graph.Project) (*Table, []string) { return Projects, projectRecord(p) })
		},
		func() error {
			return writeAll(w, b.Relationships, func(r *graph.Relationship) (*Table, []string) { t := relTable(r.Type); return t, relRecord(t, r) })
		},
		func() error {
			return writeAll(w, b.Interactions, func(it *graph.Interaction) (*Table, []string) { return Interactions, interactionRecord(it) })
		},
	}
	for _, write := range tables {
		if err := write(); err != nil {
			return err
		}
	}
	return nil
}

// writeAll writes each item's record to its table, and stops at the first
// error.
func writeAll[T any](w *Writer, items []T, record func(T) (*Table, []string)) error {
	for _, it := range items {
		if err := w.write(record(it)); err != nil {
			return err
		}
	}
	return nil
}

// Rows counts the data rows written so far.
func (w *Writer) Rows() int {
	n := 0
	for _, r := range w.rows {
		n += r
	}
	return n
}

// Close finishes every file, or saves the workbook.
func (w *Writer) Close() error {
	if w.book != nil {
		err := w.err
		for _, t := range Tables {
			if err == nil {
				err = w.sw[t].Flush()
			}
		}
		if err == nil {
			err = w.saveBook()
		}
		return errors.Join(err, w.book.Close())
	}
	var errs []error
	errs = append(errs, w.err)
	for _, t := range Tables {
		cf := w.csv[t]
		cf.w.Flush()
		errs = append(errs, cf.w.Error(), cf.b.Flush(), cf.f.Close())
	}
	return errors.Join(errs...)
}

// saveBook writes the workbook with its parts in a fixed order, so that
// the same rows give the same bytes: excelize orders them at random.
func (w *Writer) saveBook() error {
	var buf bytes.Buffer
	if _, err := w.book.WriteTo(&buf); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return err
	}
	parts := slices.Clone(zr.File)
	// The content types part comes first, as Office writes it.
	rank := func(f *zip.File) int {
		if f.Name == "[Content_Types].xml" {
			return 0
		}
		return 1
	}
	slices.SortFunc(parts, func(a, b *zip.File) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a.Name, b.Name))
	})
	f, err := os.Create(w.path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	for _, p := range parts {
		if err := copyPart(zw, p); err != nil {
			f.Close()
			return err
		}
	}
	return errors.Join(zw.Close(), f.Close())
}

func copyPart(zw *zip.Writer, p *zip.File) error {
	h := p.FileHeader
	dst, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	src, err := p.OpenRaw()
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	return err
}

func (w *Writer) abort() {
	for _, cf := range w.csv {
		cf.f.Close()
	}
}

// Write writes a whole batch to path, a folder or an .xlsx workbook.
func Write(path string, b *graph.Batch) error {
	w, err := Create(path)
	if err != nil {
		return err
	}
	return errors.Join(w.Add(b), w.Close())
}

// record fills a row of t by column name.
type record struct {
	t   *Table
	rec []string
}

func newRecord(t *Table) *record { return &record{t: t, rec: make([]string, len(t.Columns))} }

func (r *record) set(name, v string) *record {
	r.rec[r.t.Col(name)] = v
	return r
}

func personRecord(p *graph.Person) []string {
	r := newRecord(People).set("id", p.ID).set("name", p.Name).set("nameEn", p.NameEn).set("birthYear", fmtInt(p.BirthYear)).
		set("expertise", fmtList(p.Expertise)).set("bio", p.Bio).set("phone", p.Phone).set("email", p.Email).set("wechat", p.Wechat).
		set("discoverable", fmtBool(p.Discoverable)).set("reconnectAfterDays", fmtInt(p.ReconnectAfterDays))
	if p.Gender != nil {
		r.set("gender", string(*p.Gender))
	}
	return r.rec
}

func unitRecord(u *graph.Unit) []string {
	return newRecord(Units).set("id", u.ID).set("name", u.Name).set("nameEn", u.NameEn).set("shortName", u.ShortName).
		set("kind", string(u.Kind)).set("description", u.Description).set("parentId", u.ParentID).set("regionId", u.RegionID).rec
}

func regionRecord(g *graph.Region) []string {
	return newRecord(Regions).set("id", g.ID).set("name", g.Name).set("nameEn", g.NameEn).set("level", string(g.Level)).
		set("code", g.Code).set("parentId", g.ParentID).rec
}

func companyRecord(c *graph.Company) []string {
	return newRecord(Companies).set("id", c.ID).set("name", c.Name).set("nameEn", c.NameEn).set("creditCode", c.CreditCode).
		set("industry", c.Industry).set("description", c.Description).set("parentId", c.ParentID).set("regionId", c.RegionID).rec
}

func projectRecord(p *graph.Project) []string {
	return newRecord(Projects).set("id", p.ID).set("name", p.Name).set("nameEn", p.NameEn).set("kind", string(p.Kind)).
		set("status", string(p.Status)).set("amount", fmtFloat(p.Amount)).set("startDate", fmtDate(p.StartDate)).
		set("endDate", fmtDate(p.EndDate)).set("description", p.Description).set("regionId", p.RegionID).rec
}

// relRecord writes a relationship to its table; fields the table has no
// column for are not written.
func relRecord(t *Table, r *graph.Relationship) []string {
	rec := newRecord(t).set("id", r.ID)
	switch t {
	case Postings:
		rec.set("personId", r.StartID).set("hostUnitId", r.EndID).set("dispatchingUnitId", r.DispatchingUnitID).
			set("title", r.Title).set("batch", fmtInt(r.Batch)).set("from", fmtDate(r.From)).set("to", fmtDate(r.To)).set("note", r.Note)
	case Memberships:
		rec.set("personId", r.StartID).set("unitId", r.EndID).set("title", r.Title).set("from", fmtDate(r.From)).set("to", fmtDate(r.To))
	case Employments:
		rec.set("personId", r.StartID).set("companyId", r.EndID).set("title", r.Title).set("from", fmtDate(r.From)).set("to", fmtDate(r.To))
	case Locations:
		rec.set("entityId", r.StartID).set("regionId", r.EndID).set("from", fmtDate(r.From)).set("to", fmtDate(r.To))
	case ProjectRoles:
		rec.set("personId", r.StartID).set("projectId", r.EndID).set("role", string(r.Type)).set("date", fmtDate(r.From)).set("note", r.Note)
	case Investments:
		rec.set("companyId", r.StartID).set("projectId", r.EndID).set("amount", fmtFloat(r.Amount)).set("date", fmtDate(r.From))
	case Supports:
		rec.set("unitId", r.StartID).set("projectId", r.EndID).set("note", r.Note).set("date", fmtDate(r.From))
	case Acquaintances:
		rec.set("personId", r.StartID).set("otherId", r.EndID).set("since", fmtDate(r.From)).set("to", fmtDate(r.To)).set("how", r.How)
	}
	return rec.rec
}

func interactionRecord(it *graph.Interaction) []string {
	return newRecord(Interactions).set("id", it.ID).set("at", fmtTime(it.At)).set("kind", string(it.Kind)).set("summary", it.Summary).
		set("participantIds", fmtList(it.ParticipantIDs)).set("aboutIds", fmtList(it.AboutIDs)).
		set("loggedBy", it.LoggedBy).set("loggedAt", fmtTime(it.LoggedAt)).rec
}
