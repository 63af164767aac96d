package neo4jdb

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/pinyin"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Search limits.
const (
	MaxSearchResults = 50
	maxQueryRunes    = 100
)

// searchCaps bound how many of the entities whose search text contains the
// query are ranked: [0] for a query of one or two characters, [1] for a
// longer one. The TEXT index returns matches in no useful order, so when
// more match than the cap the answer ranks a sample: the cap of long
// queries is high enough for the commonest syllable of a province's
// graph ("wang", 14,494 matches at scale 100, ranked in 130-155 ms;
// "zhang", 3,469, whose best ten were other people than the ranking
// names under the old cap of 2,000). One or two characters match a good
// part of the graph ("zh" and "li" took 0.6-0.8 s to rank whole at scale
// 100), so they rank the first 2,000 the index returns. Tests change them
// (SetSearchCaps).
var searchCaps = [2]int64{2000, 25000}

// cypherSearch finds entities whose search text contains the query (the
// TEXT index answers CONTAINS) or whose names match it in the full-text
// index, and ranks them: an exact name first, then a name prefix, a full
// pinyin or initials match (the most likely reading before the others), a
// name substring, pinyin prefixes, and last anything else. Shorter names
// win ties.
const cypherSearch = `CALL () {
  MATCH (n:Entity) WHERE {{contains}}
    AND (size($labels) = 0 OR any(l IN labels(n) WHERE l IN $labels))
  RETURN n, 0.0 AS ft
  LIMIT $cap
  UNION ALL
  CALL db.index.fulltext.queryNodes($index, $ftq, {limit: 200}) YIELD node, score
  WITH node AS n, score WHERE size($labels) = 0 OR any(l IN labels(n) WHERE l IN $labels)
  RETURN n, score AS ft
}
WITH n, max(ft) AS ft
WHERE NOT n:Person OR {{visible}}
WITH n, ft, toLower(n.name) AS name, coalesce(n.pinyinKeys, []) AS full, coalesce(n.initials, []) AS ini
WITH n, CASE
    WHEN name = $q THEN [1.0, 'name']
    WHEN name STARTS WITH $q THEN [0.9, 'name']
    WHEN size(full) > 0 AND full[0] = $qc THEN [0.85, 'pinyin']
    WHEN $qc IN full THEN [0.82, 'pinyin']
    WHEN size(ini) > 0 AND ini[0] = $qc THEN [0.8, 'initials']
    WHEN $qc IN ini THEN [0.75, 'initials']
    WHEN name CONTAINS $q THEN [0.7, 'name']
    WHEN any(k IN full WHERE k STARTS WITH $qc) THEN [0.6, 'pinyin']
    WHEN any(k IN ini WHERE k STARTS WITH $qc) THEN [0.5, 'initials']
    WHEN toLower(coalesce(n.nameEn, '')) CONTAINS $q THEN [0.45, 'nameEn']
    WHEN n.searchText CONTAINS $qc THEN [0.4, 'pinyin']
    ELSE [0.1 + 0.2 * (ft / (ft + 1.0)), 'fulltext']
  END AS rank
ORDER BY rank[0] DESC, size(n.name), n.pinyin, n.id
LIMIT $first
RETURN {{proj}} AS n, rank[0] AS score, rank[1] AS matched`

// luceneEscape quotes every character the Lucene query parser treats as
// syntax, so the query is searched as text.
func luceneEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fulltextQuery turns the user's words into a Lucene query that wants all
// of them; "" when nothing is left.
func fulltextQuery(q string) string {
	words := strings.Fields(q)
	for i, w := range words {
		words[i] = luceneEscape(w)
		if words[i] == "AND" || words[i] == "OR" || words[i] == "NOT" {
			words[i] = strings.ToLower(words[i])
		}
	}
	return strings.Join(words, " AND ")
}

// Search finds entities by Chinese text, pinyin and Latin text.
func (db *DB) Search(ctx context.Context, query string, kinds []graph.Kind, first int) ([]*graph.SearchHit, error) {
	q := pinyin.Normalize(query)
	switch n := utf8.RuneCountInString(q); {
	case n == 0:
		return nil, graph.Errorf(graph.CodeInvalidInput, "query: must not be empty")
	case n > maxQueryRunes:
		return nil, graph.Errorf(graph.CodeInvalidInput, "query: at most %d characters, got %d", maxQueryRunes, n)
	}
	if first < 1 || first > MaxSearchResults {
		return nil, graph.Errorf(graph.CodeInvalidInput, "first: between 1 and %d, got %d", MaxSearchResults, first)
	}
	labels := make([]string, 0, len(kinds))
	for _, k := range kinds {
		if !k.Valid() {
			return nil, graph.Errorf(graph.CodeInvalidInput, "kinds: unknown kind %q", k)
		}
		labels = append(labels, k.Label())
	}
	ftq := fulltextQuery(q)
	if ftq == "" {
		ftq = luceneEscape(q)
	}
	qc := strings.ReplaceAll(q, " ", "")
	limit := searchCaps[1]
	if utf8.RuneCountInString(q) <= 2 {
		limit = searchCaps[0]
	}
	params := map[string]any{"q": q, "qc": qc, "labels": labels, "first": first,
		"index": FulltextIndex, "ftq": ftq, "cap": limit}
	stmt := searchStmt
	if qc == q {
		stmt = searchStmtWord
	}
	hits, err := readAll(ctx, db, stmt, params, func(rec *neo4j.Record) (*graph.SearchHit, error) {
		n, err := decodeNode(rec.Values[0])
		score, _ := rec.Values[1].(float64)
		matched, _ := rec.Values[2].(string)
		return &graph.SearchHit{Node: n, Score: score, Matched: matched}, err
	})
	if err != nil {
		return nil, err
	}
	if len(kinds) == 0 && len(hits) < first {
		return db.searchContributions(ctx, q, hits, first) // contributions.go
	}
	return hits, nil
}

// The text conditions of cypherSearch: the query as normalized ($q) and
// without its spaces ($qc). When the query has no spaces the two are the
// same text, and the second CONTAINS only doubled the index seek (about
// 0.5 of 3.2 ms for a 4-letter prefix at scale 1), so it is left out.
const (
	cypherContainsEither = `(n.searchText CONTAINS $q OR n.searchText CONTAINS $qc)`
	cypherContains       = `n.searchText CONTAINS $q`
)

// searchStmt is cypherSearch filled once, for queries with spaces;
// searchStmtWord for queries without (the most of them).
var (
	searchStmt     = fill(cypherSearch, "contains", cypherContainsEither, "visible", visibleN, "proj", nodeProj("n"))
	searchStmtWord = fill(cypherSearch, "contains", cypherContains, "visible", visibleN, "proj", nodeProj("n"))
)
