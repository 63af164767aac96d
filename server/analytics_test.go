package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/server"
)

// TestAnalyticsAPI drives aggregates, group-by, the matrix (GraphQL and
// CSV), brokers and communities through the HTTP layer.
func TestAnalyticsAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	url := startServer(t, e.db, server.Options{Analytics: neo4jdb.NewAnalytics(e.db, neo4jdb.AnalyticsConfig{})})
	ministry := e.unit("科技部", "CENTRAL_AGENCY", nil)
	host := e.unit("区科技局", "LOCAL_GOVERNMENT", nil)
	var people []string
	for i, y := range []int{1970, 1980, 1990} {
		p := e.person([]string{"甲", "乙", "丙"}[i], map[string]any{"birthYear": y})
		people = append(people, p)
		if i == 2 {
			continue // the third only knows the second: a chain
		}
		mustQuery(t, url, `mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"personId": p, "hostUnitId": host, "dispatchingUnitId": ministry, "title": "副局长", "from": "2022-01-01"}})
	}
	mustQuery(t, url, `mutation($a: AddAcquaintanceInput!, $b: AddAcquaintanceInput!) { a: addAcquaintance(input: $a) { id } b: addAcquaintance(input: $b) { id } }`, map[string]any{
		"a": map[string]any{"personId": people[0], "otherId": people[1]}, "b": map[string]any{"personId": people[1], "otherId": people[2]}})

	d := mustQuery(t, url, `query($t: String) { people(where: { nameContains: $t }, first: 1) { totalCount aggregate { count cadres birthYear { min max sum avg } } } }`, map[string]any{"t": e.tag})
	if getNum(d, "people.aggregate.count") != 3 || getNum(d, "people.aggregate.birthYear.sum") != 5940 || getNum(d, "people.aggregate.birthYear.min") != 1970 {
		t.Errorf("people aggregate over the whole set, not the page: %s", dump(d))
	}
	d = mustQuery(t, url, `query($u: ID!) { node(id: $u) { ... on Unit { hostedCadres(first: 1) { totalCount aggregate { count } } } } }`, map[string]any{"u": host})
	if getNum(d, "node.hostedCadres.aggregate.count") != 2 {
		t.Errorf("relationship aggregate: %s", dump(d))
	}
	d = mustQuery(t, url, `query($t: String) { cadreGroups(by: BATCH, where: { nameContains: $t }) { key count } projectGroups(by: KIND) { key count sum }
		cooperationMatrix(rows: UNIT_KIND, columns: YEAR) { rows { key } columns { key } cells total } }`, map[string]any{"t": e.tag})
	// The two cadres were posted from 2022 without a batch, which is then
	// the year they started: one row.
	if g := getList(d, "cadreGroups"); len(g) != 1 || getStr(g[0], "key") != "2022" || getNum(g[0], "count") != 2 {
		t.Errorf("cadreGroups by BATCH of two cadres posted in 2022: %s", dump(g))
	}
	// Projects of the whole database (other tests write too): each kind
	// once, none empty.
	kinds := map[string]bool{}
	for _, g := range getList(d, "projectGroups") {
		k := getStr(g, "key")
		if kinds[k] || getNum(g, "count") < 1 {
			t.Errorf("projectGroups by KIND: row %s repeated or empty: %s", k, dump(g))
		}
		kinds[k] = true
	}
	// The matrix is rows × columns, and its total counts each project once:
	// at least the largest cell, at most the sum of the cells.
	rows, cols := getList(d, "cooperationMatrix.rows"), getList(d, "cooperationMatrix.columns")
	cells := getList(d, "cooperationMatrix.cells")
	total, sum, largest := getNum(d, "cooperationMatrix.total"), 0.0, 0.0
	if len(cells) != len(rows) {
		t.Errorf("matrix: %d rows of cells for %d rows", len(cells), len(rows))
	}
	for _, row := range cells {
		if len(row.([]any)) != len(cols) {
			t.Errorf("matrix: a row of %d cells for %d columns", len(row.([]any)), len(cols))
		}
		for _, c := range row.([]any) {
			sum += c.(float64)
			largest = max(largest, c.(float64))
		}
	}
	if total < largest || total > sum {
		t.Errorf("matrix total %v, want between the largest cell %v and the sum of the cells %v", total, largest, sum)
	}
	d = mustQuery(t, url, `query($t: String) { brokers(first: 3, scope: { nameContains: $t }) { computedAt sampled brokers { person { id } betweenness degree } } }`, map[string]any{"t": e.tag})
	bs := getList(d, "brokers.brokers")
	if len(bs) == 0 || getStr(bs[0], "person.id") != people[1] {
		t.Errorf("the middle of a chain of three is the broker: %s", dump(d))
	}
	d = mustQuery(t, url, `query($t: String) { communities(first: 3, scope: { nameContains: $t }) { computedAt communities { rank size central { id } } } }`, map[string]any{"t": e.tag})
	// Three people in a chain: communities of at least two (minSize) among
	// them, ranked 1, 2, ..., largest first.
	cs, members, prev := getList(d, "communities.communities"), 0, 3
	if len(cs) == 0 {
		t.Errorf("no community among three people in a chain: %s", dump(d))
	}
	for i, c := range cs {
		size := int(getNum(c, "size"))
		members += size
		if int(getNum(c, "rank")) != i+1 || size < 2 || size > prev {
			t.Errorf("community %d: rank %v, size %d (previous %d)", i, getNum(c, "rank"), size, prev)
		}
		prev = size
		for _, p := range getList(c, "central") {
			if !slices.Contains(people, getStr(p, "id")) {
				t.Errorf("community %d: %s is not one of the three", i, getStr(p, "id"))
			}
		}
	}
	if members > 3 {
		t.Errorf("communities of %d members among three people", members)
	}
	// Without analytics configured: UNAVAILABLE, not a crash.
	wantError(t, e.url, "UNAVAILABLE", `{ brokers(first: 1) { computedAt } }`, nil)

	req, _ := http.NewRequest(http.MethodGet, url+"/analytics/cooperation.csv?rows=unit_kind&columns=year", nil)
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("matrix CSV: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	req, _ = http.NewRequest(http.MethodGet, url+"/analytics/cooperation.csv?rows=NOPE", nil)
	resp, err = httpClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("bad rows: %d", resp.StatusCode)
	}
}
