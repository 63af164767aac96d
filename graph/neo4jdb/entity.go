package neo4jdb

import (
	"context"
	"strings"

	"github.com/liaison/liaison/graph"
)

// The stored properties of each kind. One function per kind serves
// create, update and bulk load, so the three write the same shape.

func personProps(p *graph.Person) map[string]any {
	text, full, initials := searchText(true, p.Name, p.NameEn)
	m := map[string]any{"id": p.ID, "name": p.Name, "nameEn": nullIfEmpty(p.NameEn),
		"pinyin": firstOr(full, ""), "pinyinKeys": full, "initials": initials, "searchText": text,
		"birthYear": p.BirthYear, "expertise": p.Expertise, "bio": nullIfEmpty(p.Bio),
		"phone": nullIfEmpty(p.Phone), "email": nullIfEmpty(p.Email), "wechat": nullIfEmpty(p.Wechat),
		"discoverable": p.Discoverable, "gender": nil, "reconnectAfterDays": p.ReconnectAfterDays}
	if p.Gender != nil {
		m["gender"] = string(*p.Gender)
	}
	if p.Expertise == nil {
		m["expertise"] = []string{}
	}
	return m
}

func unitProps(u *graph.Unit) map[string]any {
	text, full, initials := searchText(false, u.Name, u.NameEn, u.ShortName)
	return map[string]any{"id": u.ID, "name": u.Name, "nameEn": nullIfEmpty(u.NameEn), "shortName": nullIfEmpty(u.ShortName),
		"pinyin": firstOr(full, ""), "pinyinKeys": full, "initials": initials, "searchText": text,
		"kind": string(u.Kind), "description": nullIfEmpty(u.Description)}
}

func regionProps(r *graph.Region) map[string]any {
	text, full, initials := searchText(false, r.Name, r.NameEn)
	return map[string]any{"id": r.ID, "name": r.Name, "nameEn": nullIfEmpty(r.NameEn),
		"pinyin": firstOr(full, ""), "pinyinKeys": full, "initials": initials, "searchText": text,
		"level": string(r.Level), "code": nullIfEmpty(r.Code)}
}

func companyProps(c *graph.Company) map[string]any {
	text, full, initials := searchText(false, c.Name, c.NameEn)
	return map[string]any{"id": c.ID, "name": c.Name, "nameEn": nullIfEmpty(c.NameEn),
		"pinyin": firstOr(full, ""), "pinyinKeys": full, "initials": initials, "searchText": text,
		"creditCode": nullIfEmpty(c.CreditCode), "industry": nullIfEmpty(c.Industry), "description": nullIfEmpty(c.Description)}
}

func projectProps(p *graph.Project) map[string]any {
	text, full, initials := searchText(false, p.Name, p.NameEn)
	return map[string]any{"id": p.ID, "name": p.Name, "nameEn": nullIfEmpty(p.NameEn),
		"pinyin": firstOr(full, ""), "pinyinKeys": full, "initials": initials, "searchText": text,
		"kind": string(p.Kind), "status": string(p.Status), "amount": p.Amount,
		"startDate": dateValue(p.StartDate), "endDate": dateValue(p.EndDate), "description": nullIfEmpty(p.Description)}
}

// links are the relationships an entity's own fields stand for.
type links struct {
	parentID *string // PART_OF, same kind; nil leaves it, "" removes it
	regionID *string // LOCATED_IN a region; nil leaves it, "" removes it
}

// Statements on one entity. The label is spliced from graph.Kind.Label,
// a fixed table, never from input.
const (
	cypherCreateNode = `CREATE (n:{{label}}:Entity) SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()`
	cypherSetNode    = `MATCH (n:{{label}} {id: $id}) WITH n, n.createdAt AS c SET n = $props, n.createdAt = c, n.updatedAt = datetime()`
	cypherDeleteNode = `MATCH (n:{{label}} {id: $id}) DETACH DELETE n RETURN count(*) AS deleted`
	cypherGetNode    = `MATCH (n:{{label}} {id: $id}) RETURN {{proj}} AS n`
	cypherExists     = `UNWIND $refs AS ref OPTIONAL MATCH (n:Entity {id: ref}) RETURN ref, n IS NOT NULL AND (NOT n:Person OR {{visible}}) AS found`
	cypherParentLoop = `MATCH (p:{{label}} {id: $parent})-[:PART_OF*1..32]->(n:{{label}} {id: $id}) RETURN count(*) > 0 AS loop`
	// Entity-field links are replaced wholesale: the old edge goes, the new
	// one (if any) comes, with a deterministic id.
	cypherSetParent = `UNWIND $rows AS row MATCH (n:{{label}} {id: row.id})
CALL (n) { MATCH (n)-[old:PART_OF]->() DELETE old }
WITH n, row WHERE row.target IS NOT NULL
MATCH (p:{{label}} {id: row.target}) CREATE (n)-[:PART_OF {id: row.relId}]->(p)`
	cypherSetRegion = `UNWIND $rows AS row MATCH (n:{{label}} {id: row.id})
CALL (n) { MATCH (n)-[old:LOCATED_IN]->(:Region) WHERE old.to IS NULL DELETE old }
WITH n, row WHERE row.target IS NOT NULL
MATCH (p:Region {id: row.target}) CREATE (n)-[:LOCATED_IN {id: row.relId}]->(p)`
	// cypherNodesByID returns the entities with the ids.
	cypherNodesByID = `MATCH (n:Entity) WHERE n.id IN $ids RETURN {{proj}} AS n`
)

// existsStmt is cypherExists for the viewer's people.
var existsStmt = fill(cypherExists, "visible", visibleN)

// withLabel fills the label of kind k.
func withLabel(cypher string, k graph.Kind) string { return fill(cypher, "label", k.Label()) }

// getNode is cypherGetNode for kind k.
func getNode(k graph.Kind) string {
	return fill(cypherGetNode, "label", k.Label(), "proj", nodeProj("n"))
}

// linkRelID derives the id of an entity-field link from the entity id.
func linkRelID(kind string, entityID string) string {
	return graph.RelIDPrefix + "_" + kind + "-" + strings.ReplaceAll(entityID, "_", "-")
}

func (db *DB) getNode(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	recs, err := db.read(ctx, getNode(k), map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, graph.NotFound(k, id)
	}
	n, err := decodeNode(recs[0].Values[0])
	if err != nil {
		return nil, err
	}
	if !graph.ViewerOf(ctx).SeesNode(n) {
		return nil, graph.NotFound(k, id)
	}
	return n, nil
}

// requireExist fails with NOT_FOUND naming the field when a referenced id
// is missing. refs maps field names to ids.
func requireExist(ctx context.Context, tx txRunner, refs [][2]string) error {
	if len(refs) == 0 {
		return nil
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r[1]
	}
	recs, err := tx.run(ctx, existsStmt, map[string]any{"refs": ids})
	if err != nil {
		return err
	}
	found := make(map[string]bool, len(recs))
	for _, rec := range recs {
		id, _ := rec.Values[0].(string)
		ok, _ := rec.Values[1].(bool)
		found[id] = ok
	}
	for _, r := range refs {
		if !found[r[1]] {
			k, _ := graph.ParseID(r[1])
			return graph.Errorf(graph.CodeNotFound, "%s: %s", r[0], graph.NotFound(k, r[1]).Message)
		}
	}
	return nil
}

// setLinks writes the parent and region links of one entity.
func setLinks(ctx context.Context, tx txRunner, k graph.Kind, id string, l links) error {
	var refs [][2]string
	if l.parentID != nil && *l.parentID != "" {
		refs = append(refs, [2]string{"input.parentId", *l.parentID})
	}
	if l.regionID != nil && *l.regionID != "" {
		refs = append(refs, [2]string{"input.regionId", *l.regionID})
	}
	if err := requireExist(ctx, tx, refs); err != nil {
		return err
	}
	if l.parentID != nil {
		if *l.parentID != "" {
			recs, err := tx.run(ctx, withLabel(cypherParentLoop, k), map[string]any{"parent": *l.parentID, "id": id})
			if err != nil {
				return err
			}
			if loop, _ := recs[0].Values[0].(bool); loop {
				return graph.Errorf(graph.CodeInvalidInput, "input.parentId: %q is part of %q, so it cannot be its parent", *l.parentID, id)
			}
		}
		row := map[string]any{"id": id, "target": nullIfEmpty(*l.parentID), "relId": linkRelID("po", id)}
		if _, err := tx.run(ctx, withLabel(cypherSetParent, k), map[string]any{"rows": []any{row}}); err != nil {
			return err
		}
	}
	if l.regionID != nil {
		row := map[string]any{"id": id, "target": nullIfEmpty(*l.regionID), "relId": linkRelID("loc", id)}
		if _, err := tx.run(ctx, withLabel(cypherSetRegion, k), map[string]any{"rows": []any{row}}); err != nil {
			return err
		}
	}
	return nil
}

// createNode writes a new entity and its links in one transaction.
func (db *DB) createNode(ctx context.Context, k graph.Kind, props map[string]any, l links) (graph.Node, error) {
	id := graph.NewID(k)
	props["id"] = id
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		if _, err := tx.run(ctx, withLabel(cypherCreateNode, k), map[string]any{"props": props}); err != nil {
			return nil, err
		}
		return createdID(id), setLinks(ctx, tx, k, id, l)
	})
	if err != nil {
		return nil, err
	}
	return db.getNode(ctx, k, id)
}

// updateNode reads the entity, lets change modify it, and writes it back
// with its links, all in one transaction.
func (db *DB) updateNode(ctx context.Context, k graph.Kind, id string, change func(graph.Node) (map[string]any, links, error)) (graph.Node, error) {
	if err := graph.ParseIDOf("id", id, k); err != nil {
		return nil, err
	}
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		recs, err := tx.run(ctx, getNode(k), map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, graph.NotFound(k, id)
		}
		cur, err := decodeNode(recs[0].Values[0])
		if err != nil {
			return nil, err
		}
		props, l, err := change(cur)
		if err != nil {
			return nil, err
		}
		props["id"] = id
		if _, err := tx.run(ctx, withLabel(cypherSetNode, k), map[string]any{"id": id, "props": props}); err != nil {
			return nil, err
		}
		return nil, setLinks(ctx, tx, k, id, l)
	})
	if err != nil {
		return nil, err
	}
	return db.getNode(ctx, k, id)
}

func (db *DB) deleteNode(ctx context.Context, k graph.Kind, id string) error {
	if err := graph.ParseIDOf("id", id, k); err != nil {
		return err
	}
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		recs, err := tx.run(ctx, withLabel(cypherDeleteNode, k), map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if n, _ := recs[0].Values[0].(int64); n == 0 {
			return nil, graph.NotFound(k, id)
		}
		return nil, nil
	})
	return err
}

func (db *DB) findByID(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	if err := graph.ParseIDOf("id", id, k); err != nil {
		return nil, err
	}
	return db.getNode(ctx, k, id)
}

// FindNodes loads entities of any kind by id in one statement.
func (db *DB) FindNodes(ctx context.Context, ids []string) (map[string]graph.Node, error) {
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, err := graph.ParseID(id); err == nil {
			valid = append(valid, id)
		}
	}
	out := make(map[string]graph.Node, len(valid))
	if len(valid) == 0 {
		return out, nil
	}
	recs, err := db.read(ctx, withProj(cypherNodesByID, "n"), map[string]any{"ids": valid})
	if err != nil {
		return nil, err
	}
	v := graph.ViewerOf(ctx)
	for _, rec := range recs {
		n, err := decodeNode(rec.Values[0])
		if err != nil {
			return nil, err
		}
		if v.SeesNode(n) {
			out[n.NodeID()] = n
		}
	}
	return out, nil
}

func as[T graph.Node](n graph.Node, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, graph.Errorf(graph.CodeInternal, "internal error")
	}
	return t, nil
}

// People.

func (db *DB) FindPersonByID(ctx context.Context, id string) (*graph.Person, error) {
	return as[*graph.Person](db.findByID(ctx, graph.KindPerson, id))
}

func (db *DB) CreatePerson(ctx context.Context, in graph.CreatePersonInput) (*graph.Person, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return as[*graph.Person](db.createNode(ctx, graph.KindPerson, personProps(in.Person()), links{}))
}

func (db *DB) UpdatePerson(ctx context.Context, id string, in graph.UpdatePersonInput) (*graph.Person, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return as[*graph.Person](db.updateNode(ctx, graph.KindPerson, id, func(n graph.Node) (map[string]any, links, error) {
		p := n.(*graph.Person)
		in.Apply(p)
		return personProps(p), links{}, nil
	}))
}

func (db *DB) DeletePerson(ctx context.Context, id string) error {
	return db.deleteNode(ctx, graph.KindPerson, id)
}

// Units.

func (db *DB) FindUnitByID(ctx context.Context, id string) (*graph.Unit, error) {
	return as[*graph.Unit](db.findByID(ctx, graph.KindUnit, id))
}

func (db *DB) CreateUnit(ctx context.Context, in graph.CreateUnitInput) (*graph.Unit, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	u := in.Unit()
	return as[*graph.Unit](db.createNode(ctx, graph.KindUnit, unitProps(u), links{parentID: in.ParentID, regionID: in.RegionID}))
}

func (db *DB) UpdateUnit(ctx context.Context, id string, in graph.UpdateUnitInput) (*graph.Unit, error) {
	if err := in.Validate(id); err != nil {
		return nil, err
	}
	return as[*graph.Unit](db.updateNode(ctx, graph.KindUnit, id, func(n graph.Node) (map[string]any, links, error) {
		u := n.(*graph.Unit)
		in.Apply(u)
		return unitProps(u), links{parentID: in.ParentID, regionID: in.RegionID}, nil
	}))
}

func (db *DB) DeleteUnit(ctx context.Context, id string) error {
	return db.deleteNode(ctx, graph.KindUnit, id)
}

// Regions.

func (db *DB) FindRegionByID(ctx context.Context, id string) (*graph.Region, error) {
	return as[*graph.Region](db.findByID(ctx, graph.KindRegion, id))
}

func (db *DB) CreateRegion(ctx context.Context, in graph.CreateRegionInput) (*graph.Region, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return as[*graph.Region](db.createNode(ctx, graph.KindRegion, regionProps(in.Region()), links{parentID: in.ParentID}))
}

func (db *DB) UpdateRegion(ctx context.Context, id string, in graph.UpdateRegionInput) (*graph.Region, error) {
	if err := in.Validate(id); err != nil {
		return nil, err
	}
	return as[*graph.Region](db.updateNode(ctx, graph.KindRegion, id, func(n graph.Node) (map[string]any, links, error) {
		r := n.(*graph.Region)
		in.Apply(r)
		return regionProps(r), links{parentID: in.ParentID}, nil
	}))
}

func (db *DB) DeleteRegion(ctx context.Context, id string) error {
	return db.deleteNode(ctx, graph.KindRegion, id)
}

// Companies.

func (db *DB) FindCompanyByID(ctx context.Context, id string) (*graph.Company, error) {
	return as[*graph.Company](db.findByID(ctx, graph.KindCompany, id))
}

func (db *DB) CreateCompany(ctx context.Context, in graph.CreateCompanyInput) (*graph.Company, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return as[*graph.Company](db.createNode(ctx, graph.KindCompany, companyProps(in.Company()), links{parentID: in.ParentID, regionID: in.RegionID}))
}

func (db *DB) UpdateCompany(ctx context.Context, id string, in graph.UpdateCompanyInput) (*graph.Company, error) {
	if err := in.Validate(id); err != nil {
		return nil, err
	}
	return as[*graph.Company](db.updateNode(ctx, graph.KindCompany, id, func(n graph.Node) (map[string]any, links, error) {
		c := n.(*graph.Company)
		in.Apply(c)
		return companyProps(c), links{parentID: in.ParentID, regionID: in.RegionID}, nil
	}))
}

func (db *DB) DeleteCompany(ctx context.Context, id string) error {
	return db.deleteNode(ctx, graph.KindCompany, id)
}

// Projects.

func (db *DB) FindProjectByID(ctx context.Context, id string) (*graph.Project, error) {
	return as[*graph.Project](db.findByID(ctx, graph.KindProject, id))
}

func (db *DB) CreateProject(ctx context.Context, in graph.CreateProjectInput) (*graph.Project, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return as[*graph.Project](db.createNode(ctx, graph.KindProject, projectProps(in.Project()), links{regionID: in.RegionID}))
}

func (db *DB) UpdateProject(ctx context.Context, id string, in graph.UpdateProjectInput) (*graph.Project, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return as[*graph.Project](db.updateNode(ctx, graph.KindProject, id, func(n graph.Node) (map[string]any, links, error) {
		p := n.(*graph.Project)
		if err := in.Apply(p); err != nil {
			return nil, links{}, err
		}
		return projectProps(p), links{regionID: in.RegionID}, nil
	}))
}

func (db *DB) DeleteProject(ctx context.Context, id string) error {
	return db.deleteNode(ctx, graph.KindProject, id)
}
