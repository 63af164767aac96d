package neo4jdb_test

import (
	"sync"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

// TestConcurrentInteractions logs many interactions of one pair at once:
// every one is kept and the pair's tie counts them all (the writes
// conflict on the pair's TIE; the driver retries the losers).
func TestConcurrentInteractions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, b := f.person("甲"), f.person("乙")
	const n = 30
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := f.db.LogInteraction(f.ctx, graph.LogInteractionInput{ParticipantIDs: []string{a.ID, b.ID},
				At: time.Now().Add(-time.Duration(i+1) * time.Hour), Kind: graph.InteractionCall}, "test")
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
			t.Logf("logInteraction: %v", err)
		}
	}
	m, err := f.db.FindInteractions(f.ctx, []string{a.ID}, graph.Page{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := m[a.ID].TotalCount; got != n-failed || failed > 0 {
		t.Errorf("%d interactions stored, %d acknowledged of %d", got, n-failed, n)
	}
	ties, err := f.db.FindTies(f.ctx, []string{a.ID}, graph.Page{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if l := ties[a.ID]; l.TotalCount != 1 || l.Items[0].InteractionCount != n {
		t.Errorf("tie after %d concurrent interactions: %+v", n, l.Items)
	}
}

// TestConcurrentUpdates updates one person from many goroutines: each
// update is applied whole, and the last one read back is one of them.
func TestConcurrentUpdates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.person("丙")
	const n = 20
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			bio := string(rune('A' + i))
			if _, err := f.db.UpdatePerson(f.ctx, p.ID, graph.UpdatePersonInput{Bio: &bio, Wechat: &bio}); err != nil {
				t.Errorf("update %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	got, err := f.db.FindPersonByID(f.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bio == "" || got.Bio != got.Wechat {
		t.Errorf("a half-applied update: bio %q, wechat %q", got.Bio, got.Wechat)
	}
}
