package server

import (
	"context"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server/gql"
	"github.com/liaison/liaison/server/loaders"
)

// relListCost is a function of a relationship list's arguments as its
// resolver reads them: the filter, first and after.
type relListCost func(child int, f graph.RelFilter, first *int, after *string) int

// relLists sets the complexity function of every relationship list field
// of c: each turns the field's typed arguments into the filter its
// resolver passes to the loaders and calls cost.
func relLists(c *gql.ComplexityRoot, cost relListCost) {
	rel := func(child int, current *bool, at *time.Time, first *int, after *string) int {
		return cost(child, graph.RelFilter{Current: current, At: at}, first, after)
	}
	plain := func(child int, first *int, after *string) int { return cost(child, graph.RelFilter{}, first, after) }
	// The lists that take a where (graph.RelWhere).
	relWhere := func(child int, w *graph.RelWhere, current *bool, at *time.Time, first *int, after *string) int {
		return cost(child, graph.RelFilter{Current: current, At: at, Where: w}, first, after)
	}
	plainWhere := func(child int, w *graph.RelWhere, first *int, after *string) int {
		return cost(child, graph.RelFilter{Where: w}, first, after)
	}
	c.Person.Postings, c.Person.Memberships, c.Person.Employments, c.Person.Acquaintances = relWhere, relWhere, relWhere, relWhere
	c.Person.Locations = rel
	c.Person.Projects = plainWhere
	c.Unit.DispatchedCadres, c.Unit.HostedCadres, c.Unit.Members = relWhere, relWhere, relWhere
	c.Unit.SubUnits, c.Unit.Supports = nodeList[graph.UnitWhere](cost), plain
	c.Region.SubRegions, c.Region.Units = nodeList[graph.RegionWhere](cost), nodeList[graph.UnitWhere](cost)
	c.Region.Companies, c.Region.Projects = nodeList[graph.CompanyWhere](cost), nodeList[graph.ProjectWhere](cost)
	c.Region.People = rel
	c.Company.Employees = relWhere
	c.Company.Subsidiaries = nodeList[graph.CompanyWhere](cost)
	c.Company.Investments = plainWhere
	c.Project.People, c.Project.Investors = plainWhere, plainWhere
	c.Project.Supporters = plain
}

// nodeList is the complexity function of a list of nodes inside an entity
// (sub-units, a region's companies, ...), whose where filters the nodes.
func nodeList[W any](cost relListCost) func(child int, w *W, first *int, after *string) int {
	return func(child int, w *W, first *int, after *string) int {
		return cost(child, graph.RelFilter{Far: graph.FarWhere(w)}, first, after)
	}
}

// readRelArgs reads the raw arguments of the field object.field (a
// relationship list, ties, interactions, achievements, contribution
// progress) as gqlgen's generated code reads them for its resolver: an
// executable schema's complexity function of a field gets them unmarshalled
// and checked by that code, and relLists turns them into the filter. ok is
// false for any other field and for arguments that do not read (the
// resolver then reports the problem).
func readRelArgs(ctx context.Context, object, field string, raw map[string]any) (a loaders.Args, ok bool) {
	var c gql.ComplexityRoot
	relLists(&c, func(_ int, rf graph.RelFilter, fi *int, af *string) int {
		a, ok = loaders.Args{Filter: rf, First: fi, After: af}, true
		return 0
	})
	// A person's ties and interactions read a page only.
	c.Person.Ties = func(_ int, fi *int, af *string) int {
		a, ok = loaders.Args{First: fi, After: af}, true
		return 0
	}
	c.Person.Interactions = c.Person.Ties
	// Achievements take no arguments, progress a year, contributions a
	// filter and a page.
	c.Person.Achievements = func(int) int {
		ok = true
		return 0
	}
	c.Person.ContributionProgress = func(_ int, year *int) int {
		a, ok = loaders.Args{Year: year}, true
		return 0
	}
	c.Person.Contributions = func(_ int, review []graph.ContributionReview, kind *graph.ContributionKind, period *graph.DateRange, fi *int, af *string) int {
		f := graph.ContributionFilter{Review: review, Kind: kind}
		if period != nil {
			f.From, f.To = period.From, period.To
		}
		a, ok = loaders.Args{Contributions: f, First: fi, After: af}, true
		return 0
	}
	gql.NewExecutableSchema(gql.Config{Complexity: c}).Complexity(ctx, object, field, 0, raw)
	return a, ok
}
