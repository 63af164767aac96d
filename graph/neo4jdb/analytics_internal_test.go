package neo4jdb

import (
	"context"
	"sort"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/netalgo"
)

// Projected reads the people graph of the scope afresh as a reads it (in
// Go, or projected on GDS), with each person's units and regions, sorted
// (tests).
func Projected(ctx context.Context, a *Analytics, scope *graph.PersonWhere) (*netalgo.WeightedGraph, map[string][]string, map[string][]string, error) {
	p, err := a.projection(ctx, scope, true, 0)
	if err != nil {
		return nil, nil, nil, err
	}
	units, regions := map[string][]string{}, map[string][]string{}
	for i, id := range p.g.IDs {
		for _, u := range p.units[i] {
			units[id] = append(units[id], p.unitIDs[u])
		}
		for _, r := range p.regions[i] {
			regions[id] = append(regions[id], p.regIDs[r])
		}
		sort.Strings(units[id])
		sort.Strings(regions[id])
	}
	return p.g, units, regions, nil
}
