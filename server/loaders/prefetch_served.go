package loaders

import (
	"context"

	"github.com/liaison/liaison/graph"
)

// servedSteps are the fields whose resolver asks a service of its own, not
// a relationship list: the service answers many people in one statement,
// and the prefetcher primes the loader the resolver asks with that
// answer, through the same Authorized method.
var servedSteps = map[string]step{
	"Person.achievements":         {kind: served, typ: "Achievement", serve: serveAchievements},
	"Person.contributionProgress": {kind: served, typ: "CadreProgress", serve: serveProgress},
	"Person.contributions":        {kind: served, typ: "Contribution", conn: true, serve: serveContributions},
}

// serveAchievements fetches the achievements of people (none: empty).
func serveAchievements(ctx context.Context, l *Loaders, _ Args) (any, func([]string) (map[string]any, bool), bool) {
	return "achievements", primed(l.achievements, func() []*graph.Achievement { return []*graph.Achievement{} },
		func(people []string) (map[string][]*graph.Achievement, error) {
			return chunked(l.svc.CadreAchievements)(ctx, people)
		}), true
}

// progressKey names a loader of contribution progress for claims and
// groups.
type progressKey struct{ year int }

// serveProgress fetches the contribution progress of people in the year
// asked. A person the service left out is primed with nil: the resolver
// asks the service for that person alone, whose error (not allowed, not
// found) it reports as before.
func serveProgress(ctx context.Context, l *Loaders, a Args) (any, func([]string) (map[string]any, bool), bool) {
	year := ProgressYear(a.Year)
	return progressKey{year}, primed(l.progressLoader(year), func() *graph.CadreProgress { return nil },
		func(people []string) (map[string]*graph.CadreProgress, error) {
			return chunked(func(ctx context.Context, ids []string) (map[string]*graph.CadreProgress, error) {
				return l.svc.ContributionProgress(ctx, ids, year)
			})(ctx, people)
		}), true
}

// serveContributions fetches a page of people's contributions with the
// filter and page asked, read as the resolver reads them (false when they
// do not read). A person the service left out is primed with nil, as for
// progress.
func serveContributions(ctx context.Context, l *Loaders, a Args) (any, func([]string) (map[string]any, bool), bool) {
	page, err := graph.ParsePage(a.First, a.After, graph.DefaultPageSize, graph.MaxPageSize)
	if err != nil {
		return nil, nil, false
	}
	a.Contributions.PersonID = ""
	fetch := l.contributionsOf(a.Contributions, page)
	return contribKeyOf(a.Contributions, page), primed(l.contributionsLoader(a.Contributions, page), func() *graph.List[*graph.Contribution] { return nil },
		func(people []string) (map[string]*graph.List[*graph.Contribution], error) {
			return fetch(ctx, people)
		}), true
}
