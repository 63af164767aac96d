package neo4jdb_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
)

// cypherPlantMany plants the people lo..hi-1 with one statement: ids
// prefix<i>, pinyin from a shuffle so that the sort order is not the id
// order and many rows share a key, and the test's tag as expertise.
const cypherPlantMany = `UNWIND range($lo, $hi - 1) AS i
CREATE (p:Person:Entity {id: $prefix + toString(i), name: 'k' + toString((i * 7919) % 20011), pinyin: 'k' + toString((i * 7919) % 20011),
  searchText: 'k', discoverable: true, expertise: [$tag], createdAt: datetime(), updatedAt: datetime()})`

// TestKeysetCursorUnderWrites pages through 50,000 people, 100 at a time,
// while another client inserts people whose keys fall all over the order and
// deletes planted ones. Every planted person that was never deleted must be
// seen exactly once, and no one twice.
func TestKeysetCursorUnderWrites(t *testing.T) {
	t.Parallel()
	// A Neo4j of its own: 50,000 more people in the shared one would slow
	// every test that looks at all people.
	own := neo4jtest.StartOwn(t)
	f := &fixture{tb: t, db: own.Open(5*time.Minute, nil), ctx: graph.SeeAll(context.Background()), tag: neo4jtest.Tag()}
	const n = 50_000
	prefix, err := graph.MakeID(graph.KindPerson, f.tag+"-ks")
	if err != nil {
		t.Fatal(err)
	}
	// One statement plants 10,000 (the database's memory limit of one
	// transaction, 128 MiB in the test configuration, holds no more).
	start := time.Now()
	for lo := 0; lo < n; lo += 10_000 {
		if err := f.db.Exec(f.ctx, cypherPlantMany, map[string]any{"lo": lo, "hi": lo + 10_000, "prefix": prefix, "tag": f.tag}); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("planted %d in %v", n, time.Since(start))
	var mu sync.Mutex
	deleted := map[string]bool{}
	created := map[string]bool{}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		rng := rand.New(rand.NewSource(1))
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			p, err := f.db.CreatePerson(f.ctx, graph.CreatePersonInput{Name: fmt.Sprintf("k%d", rng.Intn(20011)), Expertise: []string{f.tag}, Discoverable: ptr(true)})
			if err != nil {
				t.Errorf("create: %v", err)
				return
			}
			victim := fmt.Sprintf("%s%d", prefix, rng.Intn(n))
			mu.Lock()
			created[p.ID] = true
			deleted[victim] = true // from now on it is not present throughout
			mu.Unlock()
			if err := f.db.DeletePerson(f.ctx, victim); err != nil && graph.ErrorCode(err) != graph.CodeNotFound {
				t.Errorf("delete: %v", err)
				return
			}
		}
	}()

	seen := map[string]int{}
	page := graph.Page{Limit: graph.MaxPageSize, NoTotal: true}
	pages := 0
	start = time.Now()
	for {
		l, err := f.db.FindPeople(f.ctx, graph.PersonWhere{Expertise: &f.tag}, nil, page)
		if err != nil {
			close(stop)
			t.Fatal(err)
		}
		pages++
		for _, p := range l.Items {
			seen[p.ID]++
		}
		if !l.HasNext {
			break
		}
		page.After = l.Cursors[len(l.Cursors)-1]
	}
	took := time.Since(start)
	close(stop)
	<-done
	t.Logf("%d pages in %v; %d created, %d deleted meanwhile", pages, took, len(created), len(deleted))

	mu.Lock()
	defer mu.Unlock()
	if len(created) == 0 {
		t.Error("the other client wrote nothing while the pages were read")
	}
	missing := 0
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%s%d", prefix, i)
		if !deleted[id] && seen[id] != 1 {
			missing++
			if missing < 5 {
				t.Errorf("%s, present throughout, seen %d times", id, seen[id])
			}
		}
	}
	for id, k := range seen {
		if k > 1 {
			t.Errorf("%s seen %d times", id, k)
		}
	}
	if missing > 0 {
		t.Errorf("%d people present throughout not seen exactly once", missing)
	}
}

// TestOffsetCursorRefused: a cursor of the earlier offset form, a cursor of
// another order and garbage are INVALID_INPUT.
func TestOffsetCursorRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.person("游标甲")
	f.person("游标乙")
	l, err := f.db.FindPeople(f.ctx, graph.PersonWhere{NameContains: &f.tag}, nil, graph.Page{Limit: 1})
	if err != nil || len(l.Cursors) != 1 || !l.HasNext {
		t.Fatalf("first page: %v %+v", err, l)
	}
	byName := []graph.Order{{Field: graph.OrderName, Direction: graph.Desc}}
	for name, c := range map[string]string{
		"offset":        base64.RawURLEncoding.EncodeToString([]byte("o:0")),
		"other order":   l.Cursors[0],
		"garbage":       "not a cursor",
		"bad key types": base64.RawURLEncoding.EncodeToString([]byte(`k1:["NAME DESC","per_x",5]`)),
	} {
		_, err := f.db.FindPeople(f.ctx, graph.PersonWhere{NameContains: &f.tag}, byName, graph.Page{Limit: 1, After: c})
		if graph.ErrorCode(err) != graph.CodeInvalidInput {
			t.Errorf("%s: %v, want INVALID_INPUT", name, err)
		}
	}
	next, err := f.db.FindPeople(f.ctx, graph.PersonWhere{NameContains: &f.tag}, nil, graph.Page{Limit: 1, After: l.Cursors[0]})
	if err != nil || len(next.Items) != 1 || next.Items[0].ID == l.Items[0].ID || next.HasNext || !next.HasPrevious {
		t.Errorf("second page: %v %+v", err, next)
	}
}

// TestKeysetOrders: walking a list two at a time with its cursors gives
// the rows of one big page, in every order, ties on the sort keys included
// (the seek conditions of list.go, ascending and descending).
func TestKeysetOrders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for i, name := range []string{"甲", "乙", "甲", "丙", "乙", "甲", "丁"} {
		year := 1970 + i%3
		f.person(name, func(in *graph.CreatePersonInput) { in.BirthYear = &year })
	}
	f.person("戊") // no birth year: sorts last both ways
	where := graph.PersonWhere{NameContains: &f.tag}
	for _, order := range [][]graph.Order{
		nil,
		{{Field: graph.OrderName, Direction: graph.Desc}},
		{{Field: graph.OrderBirthYear, Direction: graph.Asc}},
		{{Field: graph.OrderBirthYear, Direction: graph.Desc}, {Field: graph.OrderName, Direction: graph.Asc}},
		{{Field: graph.OrderName, Direction: graph.Asc}, {Field: graph.OrderBirthYear, Direction: graph.Desc}},
	} {
		all, err := f.db.FindPeople(f.ctx, where, order, graph.Page{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(all.Items) != 8 {
			t.Fatalf("%v: %d people, want 8", order, len(all.Items))
		}
		var want, got []string
		for _, p := range all.Items {
			want = append(want, p.ID)
		}
		page := graph.Page{Limit: 2}
		for range 10 {
			l, err := f.db.FindPeople(f.ctx, where, order, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range l.Items {
				got = append(got, p.ID)
			}
			if !l.HasNext {
				break
			}
			page.After = l.Cursors[len(l.Cursors)-1]
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%v: pages give %v, one page %v", order, got, want)
		}
	}
}
