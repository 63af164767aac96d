package graph_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liaison/liaison/graph"
)

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"per_demo-1", "unt_abc", "rel_x", "per_", "_x", "per_a b", "per_' OR 1=1", "prj_" + strings.Repeat("a", 70), "com_测试"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := graph.ParseID(s)
		if err != nil {
			if graph.ErrorCode(err) != graph.CodeInvalidInput {
				t.Fatalf("ParseID(%q) error code %q", s, graph.ErrorCode(err))
			}
			return
		}
		if !k.Valid() || len(s) > 64 {
			t.Fatalf("ParseID(%q) = %q", s, k)
		}
		// A valid id contains nothing that could break out of a string.
		if strings.ContainsAny(s, "'\"`\\ \n{}()") {
			t.Fatalf("ParseID accepted %q", s)
		}
	})
}

func FuzzCursor(f *testing.F) {
	for _, s := range []string{graph.EncodeCursor(0), graph.EncodeCursor(99), "", "bzox", "%%%", "o:-1", strings.Repeat("A", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pos, err := graph.DecodeCursor(s)
		if err != nil {
			return
		}
		if pos < 0 {
			t.Fatalf("DecodeCursor(%q) = %d", s, pos)
		}
		if graph.EncodeCursor(pos) != s {
			// Other spellings of the same number may decode; they must
			// still page from a sane offset.
			if _, err := graph.ParsePage(nil, &s, 20, 100); err != nil {
				t.Fatalf("ParsePage rejected a cursor DecodeCursor accepted: %v", err)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-01-01", "2024-13-01", "2024-02-30", "0000-01-01", " 2024-01-01 ", "2024/01/01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := graph.ParseDate(s)
		if err != nil {
			if graph.ErrorCode(err) != graph.CodeInvalidInput || !utf8.ValidString(graph.ErrorMessage(err)) {
				t.Fatalf("ParseDate(%q): %v", s, err)
			}
			return
		}
		if d.Format("2006-01-02") != strings.TrimSpace(s) {
			t.Fatalf("ParseDate(%q) = %s", s, d)
		}
	})
}

func FuzzValidatePerson(f *testing.F) {
	f.Add("张三", "13800000000", "a@example.cn", 1980)
	f.Add("", "x", "y", 0)
	f.Fuzz(func(t *testing.T, name, phone, email string, year int) {
		in := graph.CreatePersonInput{Name: name, Phone: &phone, Email: &email, BirthYear: &year}
		if err := in.Validate(); err != nil && graph.ErrorCode(err) != graph.CodeInvalidInput {
			t.Fatalf("Validate: %v", err)
		}
	})
}
