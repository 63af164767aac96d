package graph

import "context"

// ImportService is what an import of files needs from the database
// (transfer.Store): the one-query check of the ids and credit codes the
// files reference, the removal of relationships whose id moves, and the bulk
// load (the ties of the people touched are recomputed by TieService).
type ImportService interface {
	BulkLoader
	// CheckImport says which of ids exist and which company holds each of
	// the credit codes.
	CheckImport(ctx context.Context, ids, creditCodes []string) (existing map[string]bool, codeOwners map[string]string, err error)
	// DeleteMovedRelationships removes the relationships that have the id
	// of one of rels but another type or other endpoints; it returns the
	// people at their ends.
	DeleteMovedRelationships(ctx context.Context, rels []*Relationship) ([]string, error)
}
