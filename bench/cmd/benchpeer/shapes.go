package main

import _ "embed"

// searchPeople is the search of people by name, pinyin or initials that
// the raw line and the peer's searchPeople field (bench/peer/server.mjs
// puts it into typedefs.graphql) share: Liaison's search statement
// (graph/neo4jdb/search.go) for people, up to its ORDER BY; each adds its
// LIMIT and RETURN.
//
//go:embed search-people.cypher
var searchPeople string

// A shape is one question users ask, put to the three systems: Liaison's
// GraphQL, the peer's GraphQL (@neo4j/graphql, bench/peer) and one
// hand-written Cypher statement (the floor). The three take the same
// variables (the ids of picks) except the paged list's cursor, which each
// system makes its own way (vars).
type shape struct {
	name    string
	liaison string
	peer    string
	cypher  string
	vars    func(p picks, system int) map[string]any
}

// picks are the ids and values the shapes ask about, read from the
// database once (pick), by variable name: id (a person), r (a city), q (a
// search text), e (an expertise), from and to (two cadres); and the
// paged list's cursors after pageSkip people: Liaison's and the peer's
// (after), the sort key and id for the raw statement (p, i).
type picks struct {
	values map[string]any
	after  [2]string
}

// with passes the picks named keys to every system.
func with(keys ...string) func(picks, int) map[string]any {
	return func(p picks, _ int) map[string]any {
		v := map[string]any{}
		for _, k := range keys {
			v[k] = p.values[k]
		}
		return v
	}
}

// pageSkip is where the paged list starts: page 11 of 20.
const pageSkip = 200

const (
	sysLiaison = iota
	sysPeer
	sysRaw
)

var systemNames = []string{"Liaison", "@neo4j/graphql", "raw Cypher"}

// The statements keep the orders of graph/neo4jdb: relationship lists by
// r.from DESC, r.id (acquaintances r.from DESC, o.pinyin, r.id), entity
// lists by pinyin, id; and leave out undiscoverable people, as Liaison
// does for the analyst the benchmark signs in as.
var shapes = []shape{
	{
		name: "person by id: postings (host unit), memberships, acquaintances, 20 each",
		liaison: `query($id: ID!) { node(id: $id) { ... on Person { id name
  postings(first: 20) { edges { node { title hostUnit { id name } } } }
  memberships(first: 20) { edges { node { unit { id name } } } }
  acquaintances(first: 20) { edges { node { person { id name } } } } } } }`,
		peer: `query($id: ID!) { people(where: {id: {eq: $id}, discoverable: {eq: true}}) { id name
  postingsConnection(first: 20, sort: [{edge: {from: DESC}}, {edge: {id: ASC}}]) { edges { properties { title } node { id name } } }
  membershipsConnection(first: 20, sort: [{edge: {from: DESC}}, {edge: {id: ASC}}]) { edges { node { id name } } }
  acquaintancesConnection(first: 20, where: {node: {discoverable: {eq: true}}},
    sort: [{edge: {from: DESC}}, {node: {pinyin: ASC}}, {edge: {id: ASC}}]) { edges { node { id name } } } } }`,
		cypher: `MATCH (s:Person {id: $id}) WHERE coalesce(s.discoverable, true)
CALL (s) { MATCH (s)-[r:POSTED_TO]->(o:Unit) WITH r, o ORDER BY r.from DESC, r.id LIMIT 20 RETURN collect([r.title, o.id, o.name]) AS postings }
CALL (s) { MATCH (s)-[r:MEMBER_OF]->(o:Unit) WITH r, o ORDER BY r.from DESC, r.id LIMIT 20 RETURN collect([o.id, o.name]) AS memberships }
CALL (s) { MATCH (s)-[r:KNOWS]-(o:Person) WHERE coalesce(o.discoverable, true)
  WITH r, o ORDER BY r.from DESC, o.pinyin, r.id LIMIT 20 RETURN collect([o.id, o.name]) AS acquaintances }
RETURN s.id, s.name, postings, memberships, acquaintances`,
		vars: with("id"),
	},
	{
		name: "10 units → 5 dispatched cadres each → person and host unit",
		liaison: `{ units(where: {hasDispatched: true}, first: 10) { edges { node { id name
  dispatchedCadres(first: 5) { edges { node { title person { id name } hostUnit { id name } } } } } } } }`,
		peer: `{ units(where: {hasDispatched: {eq: true}}, limit: 10, sort: [{pinyin: ASC}, {id: ASC}]) { id name
  dispatched(first: 5) { title person { id name } hostUnit { id name } } } }`,
		cypher: `MATCH (u:Unit) WHERE EXISTS { MATCH (x:Person)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = u.id AND coalesce(x.discoverable, true) }
WITH u ORDER BY u.pinyin, u.id LIMIT 10
CALL (u) { MATCH (o:Person)-[r:POSTED_TO {dispatchingUnitId: u.id}]->(h:Unit) WHERE coalesce(o.discoverable, true)
  WITH r, o, h ORDER BY r.from DESC, r.id LIMIT 5 RETURN collect([r.title, o.id, o.name, h.id, h.name]) AS cadres }
RETURN u.id, u.name, cadres`,
		vars: with(),
	},
	{
		name:    "people who served at a unit in a city (or its districts), first 20",
		liaison: `query($r: ID!) { people(where: {postings: {some: {hostUnit: {regionId: $r}}}}, first: 20) { edges { node { id name } } } }`,
		peer: `query($r: ID!) { people(where: {discoverable: {eq: true}, postingsConnection: {some: {node: {region: {some:
  {OR: [{id: {eq: $r}}, {parent: {some: {id: {eq: $r}}}}]}}}}}}, limit: 20, sort: [{pinyin: ASC}, {id: ASC}]) { id name } }`,
		cypher: `MATCH (:Region {id: $r})<-[:PART_OF*0..6]-(:Region)<-[:LOCATED_IN]-(:Unit)<-[:POSTED_TO]-(n:Person)
WHERE coalesce(n.discoverable, true)
WITH DISTINCT n ORDER BY n.pinyin, n.id LIMIT 20
RETURN n.id, n.name`,
		vars: with("r"),
	},
	{
		name:    "aggregate: cadres and the amount of their projects by batch",
		liaison: `{ cadreGroups(by: BATCH) { key label count sum } }`,
		peer:    `{ cadresByBatch { key label count sum } }`,
		cypher: `MATCH (n:Person)-[post:POSTED_TO]->(:Unit) WHERE coalesce(n.discoverable, true)
WITH DISTINCT n, CASE WHEN post.batch IS NULL THEN '' ELSE toString(post.batch) END AS key
WITH key, collect(n) AS cadres
CALL (cadres) { UNWIND cadres AS c MATCH (c)-[:SECURED|INTRODUCED]->(pr:Project)
  WITH DISTINCT pr RETURN sum(coalesce(pr.amount, 0.0)) AS sum }
RETURN key, key AS label, size(cadres) AS count, sum ORDER BY key = '' ASC, key ASC`,
		vars: with(),
	},
	{
		name:    "search people by a pinyin prefix, first 10",
		liaison: `query($q: String!) { search(query: $q, kinds: [PERSON], first: 10) { score node { id ... on Person { name } } } }`,
		peer:    `query($q: String!) { searchPeople(q: $q, first: 10) { id name score } }`,
		cypher:  searchPeople + "LIMIT 10\nRETURN n.id, n.name, score",
		vars:    with("q"),
	},
	{
		name:    "paths between two cadres: the 5 shortest of at most 4 hops (lengths)",
		liaison: `query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 4, first: 5) { length } }`,
		peer:    `query($from: ID!, $to: ID!) { pathLengths(from: $from, to: $to, first: 5) }`,
		cypher: `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 20 (a)(()-[:POSTED_TO|MEMBER_OF|EMPLOYED_BY|SECURED|INTRODUCED|INVESTS_IN|SUPPORTS|KNOWS|PART_OF]-(y:Entity)
  WHERE y = b OR coalesce(y.discoverable, true)){1,4}(b)
WITH p WHERE all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
RETURN length(p) AS len ORDER BY len LIMIT 5`,
		vars: with("from", "to"),
	},
	{
		name: "filtered list: born 1970 or later AND (female OR an expertise), first 20",
		liaison: `query($e: String!) { people(where: {AND: [{birthYearIs: {gte: 1970}}, {OR: [{genderIs: {eq: FEMALE}}, {expertiseIs: {includes: $e}}]}]}, first: 20) {
  edges { node { id name birthYear } } } }`,
		peer: `query($e: String!) { people(where: {AND: [{discoverable: {eq: true}}, {birthYear: {gte: 1970}}, {OR: [{gender: {eq: "FEMALE"}}, {expertise: {includes: $e}}]}]},
  limit: 20, sort: [{pinyin: ASC}, {id: ASC}]) { id name birthYear } }`,
		cypher: `MATCH (n:Person) WHERE coalesce(n.discoverable, true) AND n.birthYear >= 1970 AND (n.gender = 'FEMALE' OR $e IN n.expertise)
WITH n ORDER BY n.pinyin, n.id LIMIT 20
RETURN n.id, n.name, n.birthYear`,
		vars: with("e"),
	},
	{
		name:    "paged list: people, page 11 of 20, with the total and whether more follow",
		liaison: `query($after: String) { people(first: 20, after: $after) { totalCount edges { node { id name } } pageInfo { hasNextPage } } }`,
		peer: `query($after: String) { peopleConnection(first: 20, after: $after, where: {discoverable: {eq: true}}, sort: [{pinyin: ASC}, {id: ASC}]) {
  totalCount edges { node { id name } } pageInfo { hasNextPage } } }`,
		cypher: `CALL () { MATCH (n:Person) WHERE coalesce(n.discoverable, true) RETURN count(n) AS total }
CALL () { MATCH (n:Person) WHERE n.pinyin >= $p AND (n.pinyin > $p OR n.id > $i) AND coalesce(n.discoverable, true)
  WITH n ORDER BY n.pinyin, n.id LIMIT 21 RETURN collect([n.id, n.name]) AS rows }
RETURN total, rows[0..20] AS page, size(rows) > 20 AS more`,
		vars: func(p picks, system int) map[string]any {
			if system == sysRaw {
				return map[string]any{"p": p.values["p"], "i": p.values["i"]}
			}
			return map[string]any{"after": p.after[system]}
		},
	},
}
