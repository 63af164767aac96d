package transfer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

func TestListCells(t *testing.T) {
	for _, xs := range [][]string{
		nil,
		{"招商引资"},
		{"a", "b c", "d"},
		{`semi;colon`, `full；width`, `back\slash`, `trailing\`},
	} {
		cell := fmtList(xs)
		if got := splitList(cell); !reflect.DeepEqual(got, xs) {
			t.Errorf("splitList(fmtList(%q)) = %q (cell %q)", xs, got, cell)
		}
	}
	if got := splitList(" a ；b;; c ;"); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("splitList with a full-width separator, blanks and spaces = %q", got)
	}
}

func TestCellValues(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"2024-03-01", "2024-03-01"}, {"2024/3/1", "2024-03-01"}, {"2024.03.01", "2024-03-01"}, {"2024-3-1", "2024-03-01"},
	} {
		d, ok := parseDate(c.in)
		if !ok || d.Format(time.DateOnly) != c.want {
			t.Errorf("parseDate(%q) = %v, %v; want %s", c.in, d, ok, c.want)
		}
	}
	for _, bad := range []string{"2024-02-30", "01/03/2024", "2024-3", "yesterday", "20240301"} {
		if _, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) accepted", bad)
		}
	}
	at, ok := parseTime("2024-05-01T09:30:00+08:00")
	if !ok || !at.Equal(time.Date(2024, 5, 1, 1, 30, 0, 0, time.UTC)) || at.Location() != time.UTC {
		t.Errorf("parseTime with offset = %v, %v", at, ok)
	}
	if at, ok := parseTime("2024-05-01 09:30"); !ok || !at.Equal(time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("parseTime without offset = %v, %v (want UTC)", at, ok)
	}
	for in, want := range map[string]bool{"true": true, "TRUE": true, "是": true, "1": true, "false": false, "否": false, "No": false} {
		if got, ok := parseBool(in); !ok || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := parseBool("maybe"); ok {
		t.Error("parseBool(maybe) accepted")
	}
	if f, ok := parseNumber("1,500,000.5"); !ok || f != 1500000.5 {
		t.Errorf("parseNumber with separators = %v, %v", f, ok)
	}
	if g, ok := parseGender("女"); !ok || g != graph.GenderFemale {
		t.Errorf("parseGender(女) = %v, %v", g, ok)
	}
	if enumValue(" central agency ") != "CENTRAL_AGENCY" || enumValue("state-owned_enterprise") != "STATE_OWNED_ENTERPRISE" {
		t.Error("enumValue does not normalize case, spaces and hyphens")
	}
	f := 283750000.0
	if fmtFloat(&f) != "283750000" {
		t.Errorf("fmtFloat = %s", fmtFloat(&f))
	}
	if !validInteractionID("int_scale-1") || validInteractionID("rel_scale-1") || validInteractionID("int_") || validInteractionID("int_a b") {
		t.Error("validInteractionID")
	}
}

// Every table's headers are unique in both languages, and every column a
// graph validation error can name is a column of its table.
func TestTables(t *testing.T) {
	for _, tb := range Tables {
		seen := map[string]bool{}
		for _, c := range tb.Columns {
			for _, h := range []string{c.Name, c.Chinese} {
				if seen[h] {
					t.Errorf("%s: header %q twice", tb.Name, h)
				}
				seen[h] = true
			}
		}
		if tb.Columns[0].Name != "id" || !tb.Columns[0].Required {
			t.Errorf("%s: the first column is not a required id", tb.Name)
		}
		if readers[tb] == nil {
			t.Errorf("%s: no reader", tb.Name)
		}
		if tableFor(tb.Chinese) != tb || tableFor(tb.Name) != tb {
			t.Errorf("%s: not found by its names", tb.Name)
		}
	}
	for _, rt := range graph.RelTypes {
		if rt == graph.RelPartOf {
			continue
		}
		if relTable(rt) == nil {
			t.Errorf("relationship type %s has no table", rt)
		}
	}
}

// docs/import-format.md has a table for every file, with both headers of
// every column.
func TestFormatDocumented(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "import-format.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, tb := range Tables {
		head := "### " + tb.FileName() + " (" + tb.Chinese + ")"
		i := strings.Index(doc, head)
		if i < 0 {
			t.Errorf("no section %q", head)
			continue
		}
		section := doc[i+len(head):]
		if j := strings.Index(section, "\n### "); j >= 0 {
			section = section[:j]
		}
		for _, c := range tb.Columns {
			req := ""
			if c.Required {
				req = "yes"
			}
			if row := "| `" + c.Name + "` | " + c.Chinese + " | " + c.Type + " | " + req + " |"; !strings.Contains(section, row) {
				t.Errorf("%s: no row %q", tb.FileName(), row)
			}
		}
	}
}
