package graph

import "context"

// Batch is a set of entities and relationships written together, by the
// demo seed, the scale generator and imports. Every entity and relationship
// carries its id, so loading the same batch twice updates instead of
// duplicating. ParentID and RegionID on entities become PART_OF and
// LOCATED_IN relationships.
type Batch struct {
	People        []*Person
	Units         []*Unit
	Regions       []*Region
	Companies     []*Company
	Projects      []*Project
	Relationships []*Relationship
	Interactions  []*Interaction
}

// Nodes counts the entities of the batch.
func (b *Batch) Nodes() int {
	return len(b.People) + len(b.Units) + len(b.Regions) + len(b.Companies) + len(b.Projects)
}

// Entities returns the entities of the batch: its people, units, regions,
// companies and projects, in that order.
func (b *Batch) Entities() []Node {
	ns := make([]Node, 0, b.Nodes())
	for _, x := range b.People {
		ns = append(ns, x)
	}
	for _, x := range b.Units {
		ns = append(ns, x)
	}
	for _, x := range b.Regions {
		ns = append(ns, x)
	}
	for _, x := range b.Companies {
		ns = append(ns, x)
	}
	for _, x := range b.Projects {
		ns = append(ns, x)
	}
	return ns
}

// Progress is told how many items of a long job are done out of total.
type Progress func(done, total int)

// BulkLoader writes batches.
type BulkLoader interface {
	// Load writes the batch in chunks with UNWIND; relationship endpoints
	// must exist in the batch or in the database.
	Load(ctx context.Context, b *Batch, progress Progress) (*LoadStats, error)
}

// LoadStats says what a Load wrote.
type LoadStats struct {
	Nodes         int
	Relationships int // includes PART_OF and LOCATED_IN made from entity fields
	Interactions  int
	// Fresh: the database held no entity and no interaction, and the load
	// created everything instead of merging.
	Fresh bool
}
