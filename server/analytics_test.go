package server_test

import (
	"net/http"
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
	mustQuery(t, url, `query($t: String) { cadreGroups(by: BATCH, where: { nameContains: $t }) { key count } projectGroups(by: KIND) { key count sum }
		cooperationMatrix(rows: UNIT_KIND, columns: YEAR) { total } }`, map[string]any{"t": e.tag})
	d = mustQuery(t, url, `query($t: String) { brokers(first: 3, scope: { nameContains: $t }) { computedAt sampled brokers { person { id } betweenness degree } } }`, map[string]any{"t": e.tag})
	bs := getList(d, "brokers.brokers")
	if len(bs) == 0 || getStr(bs[0], "person.id") != people[1] {
		t.Errorf("the middle of a chain of three is the broker: %s", dump(d))
	}
	mustQuery(t, url, `query($t: String) { communities(first: 3, scope: { nameContains: $t }) { computedAt communities { size } } }`, map[string]any{"t": e.tag})
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
