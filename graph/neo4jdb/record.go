package neo4jdb

import (
	"fmt"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/pinyin"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// cypherNodeProj is the map projection that every query uses to return
// an entity, so that one decoder reads them all (decodeNode): for each
// kind the stored properties its decoder reads, its labels, and the
// derived fields of that kind: whether a person is a cadre, the parent and
// current region of a unit, region, company or project. The search keys
// (searchText, pinyinKeys, initials), which no decoder reads, stay in the
// database: they were most of an entity's bytes (1.3 of a unit's 1.6 KB).
// CASE is evaluated lazily, so a person's relationships (ties,
// interactions, acquaintances), the many that an expansion by type would
// walk, are not walked for a parent and a region that a person does not
// have. A node of no kind (none is written) is projected whole, as
// before, for decodeNode's error; a null stays null.
const cypherNodeProj = `CASE
 WHEN {{v}}:Person THEN {{v}} {.id, .name, .nameEn, .pinyin, .birthYear, .expertise, .bio, .phone, .email, .wechat,
  .discoverable, .gender, .reconnectAfterDays, .createdAt, .updatedAt, _labels: labels({{v}}),
  _cadre: EXISTS { ({{v}})-[:POSTED_TO]->() }}
 WHEN {{v}}:Unit THEN {{v}} {.id, .name, .nameEn, .shortName, .kind, .description, .createdAt, .updatedAt,
  _labels: labels({{v}}), _parent: {{parent}}, _region: {{region}}}
 WHEN {{v}}:Region THEN {{v}} {.id, .name, .nameEn, .level, .code, .createdAt, .updatedAt,
  _labels: labels({{v}}), _parent: {{parent}}}
 WHEN {{v}}:Company THEN {{v}} {.id, .name, .nameEn, .creditCode, .industry, .description, .createdAt, .updatedAt,
  _labels: labels({{v}}), _parent: {{parent}}, _region: {{region}}}
 WHEN {{v}}:Project THEN {{v}} {.id, .name, .nameEn, .kind, .status, .amount, .startDate, .endDate, .description,
  .createdAt, .updatedAt, _labels: labels({{v}}), _region: {{region}}}
 ELSE {{v}} {.*, _labels: labels({{v}})} END`

// cypherNodeParent and cypherNodeRegion are the derived fields of
// cypherNodeProj: the parent's id, and the current region's.
const (
	cypherNodeParent = `[({{v}})-[:PART_OF]->(pp) | pp.id][0]`
	cypherNodeRegion = `[({{v}})-[lr:LOCATED_IN]->(rr:Region) WHERE lr.to IS NULL | rr.id][0]`
)

// cypherRelProj is the map projection of relationship {{r}} with its
// nodes, bound as rs and re by cypherRelWith.
const cypherRelProj = `{type: type({{r}}), props: properties({{r}}), s: {{s}}, e: {{e}}}`

// cypherRelWith binds the endpoints that cypherRelProj projects.
const cypherRelWith = `WITH *, startNode({{r}}) AS rs, endNode({{r}}) AS re`

// nodeProj is cypherNodeProj of variable v, a variable name from this
// package, never user input.
func nodeProj(v string) string {
	return fill(cypherNodeProj, "v", v, "parent", fill(cypherNodeParent, "v", v), "region", fill(cypherNodeRegion, "v", v))
}

// relProj is cypherRelProj of relationship variable r.
func relProj(r string) string {
	return fill(cypherRelProj, "r", r, "s", nodeProj("rs"), "e", nodeProj("re"))
}

// relWith is cypherRelWith of relationship variable r.
func relWith(r string) string { return fill(cypherRelWith, "r", r) }

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func optInt(m map[string]any, k string) *int {
	switch v := m[k].(type) {
	case int64:
		i := int(v)
		return &i
	case float64:
		i := int(v)
		return &i
	}
	return nil
}

func optFloat(m map[string]any, k string) *float64 { return floatOf(m[k]) }

// floatOf is a number read from Neo4j as a float, nil when it is none.
func floatOf(v any) *float64 {
	switch v := v.(type) {
	case float64:
		return &v
	case int64:
		f := float64(v)
		return &f
	}
	return nil
}

func boolOr(m map[string]any, k string, def bool) bool {
	if b, ok := m[k].(bool); ok {
		return b
	}
	return def
}

func optDate(m map[string]any, k string) *time.Time { return dateOf(m[k]) }

// dateOf is a date (or a time) read from Neo4j, nil when it is none.
func dateOf(v any) *time.Time {
	switch v := v.(type) {
	case dbtype.Date:
		t := v.Time()
		return &t
	case time.Time:
		t := v.UTC()
		return &t
	case dbtype.LocalDateTime:
		t := v.Time()
		return &t
	}
	return nil
}

func timeOf(m map[string]any, k string) time.Time {
	if t := optDate(m, k); t != nil {
		return *t
	}
	return time.Time{}
}

func strings_(m map[string]any, k string) []string { return stringsOf(m[k]) }

// stringsOf is the strings of a list read from Neo4j.
func stringsOf(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// decodeNode turns a nodeProj map into an entity.
func decodeNode(v any) (graph.Node, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("neo4jdb: expected a node map, got %T", v)
	}
	kind := graph.Kind("")
	for _, l := range strings_(m, "_labels") {
		if k, ok := graph.KindOfLabel(l); ok {
			kind = k
			break
		}
	}
	created, updated := timeOf(m, "createdAt"), timeOf(m, "updatedAt")
	switch kind {
	case graph.KindPerson:
		p := &graph.Person{ID: str(m, "id"), Name: str(m, "name"), NameEn: str(m, "nameEn"), Pinyin: str(m, "pinyin"),
			BirthYear: optInt(m, "birthYear"), Expertise: strings_(m, "expertise"), Bio: str(m, "bio"),
			Phone: str(m, "phone"), Email: str(m, "email"), Wechat: str(m, "wechat"),
			Discoverable: boolOr(m, "discoverable", true), IsCadre: boolOr(m, "_cadre", false),
			ReconnectAfterDays: optInt(m, "reconnectAfterDays"),
			CreatedAt:          created, UpdatedAt: updated}
		if g := graph.Gender(str(m, "gender")); g.Valid() {
			p.Gender = &g
		}
		return p, nil
	case graph.KindUnit:
		return &graph.Unit{ID: str(m, "id"), Name: str(m, "name"), NameEn: str(m, "nameEn"), ShortName: str(m, "shortName"),
			Kind: graph.UnitKind(str(m, "kind")), Description: str(m, "description"),
			ParentID: str(m, "_parent"), RegionID: str(m, "_region"), CreatedAt: created, UpdatedAt: updated}, nil
	case graph.KindRegion:
		return &graph.Region{ID: str(m, "id"), Name: str(m, "name"), NameEn: str(m, "nameEn"),
			Level: graph.RegionLevel(str(m, "level")), Code: str(m, "code"), ParentID: str(m, "_parent"),
			CreatedAt: created, UpdatedAt: updated}, nil
	case graph.KindCompany:
		return &graph.Company{ID: str(m, "id"), Name: str(m, "name"), NameEn: str(m, "nameEn"),
			CreditCode: str(m, "creditCode"), Industry: str(m, "industry"), Description: str(m, "description"),
			ParentID: str(m, "_parent"), RegionID: str(m, "_region"), CreatedAt: created, UpdatedAt: updated}, nil
	case graph.KindProject:
		return &graph.Project{ID: str(m, "id"), Name: str(m, "name"), NameEn: str(m, "nameEn"),
			Kind: graph.ProjectKind(str(m, "kind")), Status: graph.ProjectStatus(str(m, "status")),
			Amount: optFloat(m, "amount"), StartDate: optDate(m, "startDate"), EndDate: optDate(m, "endDate"),
			Description: str(m, "description"), RegionID: str(m, "_region"), CreatedAt: created, UpdatedAt: updated}, nil
	}
	return nil, fmt.Errorf("neo4jdb: node without a known label: %v", m["_labels"])
}

// decodeRel turns a relProj map into a relationship with its nodes.
func decodeRel(v any) (*graph.Relationship, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("neo4jdb: expected a relationship map, got %T", v)
	}
	r := relFields(m)
	var err error
	if r.Start, err = decodeNode(m["s"]); err != nil {
		return nil, err
	}
	if r.End, err = decodeNode(m["e"]); err != nil {
		return nil, err
	}
	r.StartID, r.EndID = r.Start.NodeID(), r.End.NodeID()
	return r, nil
}

// relFields decodes {type, props} into a relationship without its nodes.
func relFields(m map[string]any) *graph.Relationship {
	props, _ := m["props"].(map[string]any)
	return relFromProps(graph.RelType(str(m, "type")), props)
}

// relFromProps is the one mapping of a relationship's stored properties
// (r {.*}) to its fields; relProps (load.go) is the way back.
func relFromProps(t graph.RelType, props map[string]any) *graph.Relationship {
	return &graph.Relationship{ID: str(props, "id"), Type: t,
		From: optDate(props, "from"), To: optDate(props, "to"), Title: str(props, "title"),
		Batch: optInt(props, "batch"), DispatchingUnitID: str(props, "dispatchingUnitId"),
		Amount: optFloat(props, "amount"), How: str(props, "how"), Note: str(props, "note"),
		TieStrength: optFloat(props, "strength")}
}

// relProps is the way back: the stored properties of r, absent where
// empty (SET r = $props then removes them).
func relProps(r *graph.Relationship) map[string]any {
	m := map[string]any{}
	put := func(k string, v any) {
		if v != nil {
			m[k] = v
		}
	}
	put("id", nullIfEmpty(r.ID))
	put("from", dateValue(r.From))
	put("to", dateValue(r.To))
	put("title", nullIfEmpty(r.Title))
	put("dispatchingUnitId", nullIfEmpty(r.DispatchingUnitID))
	put("how", nullIfEmpty(r.How))
	put("note", nullIfEmpty(r.Note))
	if r.Batch != nil {
		m["batch"] = *r.Batch
	}
	if r.Amount != nil {
		m["amount"] = *r.Amount
	}
	return m
}

// dateValue is how dates go to Neo4j: as the date type, so that Cypher
// compares them as dates.
func dateValue(t *time.Time) any {
	if t == nil {
		return nil
	}
	return neo4j.DateOf(*t)
}

// nullIfEmpty stores "" as an absent property.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// searchText is what search and nameContains match against: the name as
// written and lowercased, its pinyin in full and by initials, and the
// English and short names, lowercased.
func searchText(person bool, names ...string) (text string, full, initials []string) {
	parts := make([]string, 0, 8)
	for i, n := range names {
		if n == "" {
			continue
		}
		parts = append(parts, pinyin.Normalize(n))
		var ks pinyin.KeySet
		if i == 0 && person {
			ks = pinyin.NameKeys(n)
		} else {
			ks = pinyin.Keys(n)
		}
		if i == 0 {
			full, initials = ks.Full, ks.Initials
		}
		parts = append(parts, ks.Full...)
		parts = append(parts, ks.Initials...)
	}
	return strings.Join(dedupe(parts), " "), full, initials
}

func dedupe(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := xs[:0]
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

// withProj fills {{proj}} with the node projection of variable v.
func withProj(cypher, v string) string { return fill(cypher, "proj", nodeProj(v)) }
