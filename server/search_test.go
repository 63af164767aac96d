package server_test

import (
	"crypto/rand"
	"math/big"
	"strings"
	"testing"

	"github.com/liaison/liaison/pinyin"
)

// rareChars are characters seldom seen in names, so that a name made of
// them is unique in the shared database.
var rareChars = []rune("翯龑燚犇骉淼焱垚赟鑫昇曌翀彧珺琰璟玥喆堃鋆铖镕锴镝韡頔赜")

// rareName is 曾 followed by three random rare characters.
func rareName(tb testing.TB) string {
	tb.Helper()
	var b strings.Builder
	b.WriteRune('曾')
	for range 3 {
		i, err := rand.Int(rand.Reader, big.NewInt(int64(len(rareChars))))
		if err != nil {
			tb.Fatal(err)
		}
		b.WriteRune(rareChars[i.Int64()])
	}
	return b.String()
}

type hit struct {
	typename, id, name, matched string
	score                       float64
}

func (e *env) search(query string, kinds []string, first int) []hit {
	e.tb.Helper()
	d := e.query(`query($q: String!, $k: [EntityKind!], $f: Int) { search(query: $q, kinds: $k, first: $f) { score matched
		node { __typename id ... on Person { name } ... on Company { name } ... on Unit { name } ... on Region { name } ... on Project { name } } } }`,
		map[string]any{"q": query, "k": kinds, "f": first})
	var out []hit
	prev := 2.0
	for _, h := range getList(d, "search") {
		x := hit{typename: getStr(h, "node.__typename"), id: getStr(h, "node.id"), name: getStr(h, "node.name"),
			matched: getStr(h, "matched"), score: getNum(h, "score")}
		if x.score > prev {
			e.tb.Errorf("search(%q): hits not best first: %v after %v", query, x.score, prev)
		}
		prev = x.score
		out = append(out, x)
	}
	return out
}

func find(hits []hit, id string) (int, hit) {
	for i, h := range hits {
		if h.id == id {
			return i, h
		}
	}
	return -1, hit{}
}

// wantMatched fails unless search(q) finds each of ids, matched by how
// (name, pinyin, initials).
func (e *env) wantMatched(t *testing.T, q string, kinds []string, first int, how string, ids ...string) {
	t.Helper()
	hits := e.search(q, kinds, first)
	for _, id := range ids {
		if i, h := find(hits, id); i < 0 || h.matched != how {
			t.Errorf("search(%q) = %+v, want %s matched by %s", q, hits, id, how)
		}
	}
}

// TestSearch finds people and companies with unique rare names by Chinese
// substring, full pinyin, initials and English name, and checks that kinds
// restricts the results.
func TestSearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	name := rareName(t)
	keys := pinyin.NameKeys(name)
	if len(keys.Full) == 0 || len(keys.Initials) == 0 {
		t.Fatalf("no pinyin for %q: %+v", name, keys)
	}
	en := "Aurora " + e.tag
	// The person's name is exactly the rare name: no tag, so that the full
	// pinyin and initials queries match the whole name.
	d := e.query(`mutation($n: String!, $en: String) { createPerson(input: {name: $n, nameEn: $en}) { id pinyin } }`,
		map[string]any{"n": name, "en": en})
	person := getStr(d, "createPerson.id")
	e.track(person)
	if got := getStr(d, "createPerson.pinyin"); got != keys.Full[0] {
		t.Errorf("pinyin = %q, want %q", got, keys.Full[0])
	}
	company := e.company(name+"科技有限公司", nil)
	t.Logf("name %s, pinyin %v, initials %v", name, keys.Full, keys.Initials)

	t.Run("ExactName", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		hits := e.search(name, nil, 10)
		if len(hits) == 0 || hits[0].id != person || hits[0].matched != "name" {
			t.Fatalf("search(%q) = %+v, want %s first, matched by name", name, hits, person)
		}
		if i, _ := find(hits, company); i < 0 {
			t.Errorf("search(%q) misses the company %s whose name starts with it: %+v", name, company, hits)
		}
	})
	t.Run("ChineseSubstring", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		e.wantMatched(t, string([]rune(name)[1:]), nil, 10, "name", person, company)
	})
	t.Run("PinyinFull", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		for _, q := range []string{keys.Full[0], strings.ToUpper(keys.Full[0])} {
			e.wantMatched(t, q, []string{"PERSON"}, 50, "pinyin", person)
		}
	})
	t.Run("PinyinInitials", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		e.wantMatched(t, keys.Initials[0], []string{"PERSON"}, 50, "initials", person)
	})
	t.Run("NameEnCaseInsensitive", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		for _, q := range []string{strings.ToUpper(en), "aurora " + e.tag, "  AURORA   " + strings.ToUpper(e.tag) + " "} {
			hits := e.search(q, nil, 10)
			if len(hits) == 0 || hits[0].id != person {
				t.Errorf("search(%q) = %+v, want %s first", q, hits, person)
			}
		}
	})
	t.Run("Kinds", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		for _, tc := range []struct {
			kinds     []string
			want, not string
			typenames string
		}{
			{kinds: []string{"COMPANY"}, want: company, not: person, typenames: "Company"},
			{kinds: []string{"PERSON"}, want: person, not: company, typenames: "Person"},
			{kinds: []string{"UNIT", "PROJECT"}, typenames: "Unit Project"},
		} {
			hits := e.search(name, tc.kinds, 20)
			for _, h := range hits {
				if !strings.Contains(tc.typenames, h.typename) {
					t.Errorf("search(kinds: %v) returned a %s: %+v", tc.kinds, h.typename, h)
				}
			}
			if i, _ := find(hits, tc.want); tc.want != "" && i < 0 {
				t.Errorf("search(kinds: %v) misses %s: %+v", tc.kinds, tc.want, hits)
			}
			if i, _ := find(hits, tc.not); tc.not != "" && i >= 0 {
				t.Errorf("search(kinds: %v) returned %s", tc.kinds, tc.not)
			}
		}
	})
	t.Run("First", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		if hits := e.search(name, nil, 1); len(hits) != 1 || hits[0].id != person {
			t.Errorf("search(first: 1) = %+v, want only %s", hits, person)
		}
	})
}
