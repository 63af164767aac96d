// Package loaders batches the database reads of one GraphQL request: every
// node and every relationship field asked for by many parents in the same
// step is fetched with one statement (no N+1).
package loaders

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/vikstrous/dataloadgen"
)

type ctxKey struct{}

// wait is how long a loader collects keys before it fetches. Resolvers of
// one level run concurrently, so a short wait gathers all their keys.
const wait = 5 * time.Millisecond

// Loaders holds the loaders of one request.
type Loaders struct {
	nodes        *dataloadgen.Loader[string, graph.Node]
	svc          Services
	args         ArgReader
	rels         graph.RelationshipService
	ties         graph.TieService
	interactions graph.InteractionService
	tieLoaders   map[graph.Page]*dataloadgen.Loader[string, *graph.List[*graph.Tie]]
	intLoaders   map[graph.Page]*dataloadgen.Loader[string, *graph.List[*graph.Interaction]]
	// achievements and progress (one loader per year) answer the fields
	// whose services take many people: Person.achievements and
	// Person.contributionProgress.
	achievements *dataloadgen.Loader[string, []*graph.Achievement]
	progress     map[int]*dataloadgen.Loader[string, *graph.CadreProgress]
	// contributions holds one loader per filter and page of
	// Person.contributions (contribKey).
	contributions map[contribKey]*dataloadgen.Loader[string, *graph.List[*graph.Contribution]]
	mu            sync.Mutex
	// related holds one loader per field and arguments: parents asking for
	// the same field with the same arguments share one statement.
	related map[relKey]*dataloadgen.Loader[string, *graph.RelList]
	// aggregates holds one loader per field and filter (relKey with the
	// zero page): the aggregates of a relationship list.
	aggregates map[relKey]*dataloadgen.Loader[string, *graph.RelAggregate]
	// claims are the lists and nodes the prefetcher fetches or fetched,
	// by loader and key (see once).
	claims map[claimKey]*claim
}

type relKey struct {
	field   graph.RelField
	current string
	at      string
	where   string // the JSON of the filter's Where and Far
	page    graph.Page
}

// Services are what the loaders read from.
type Services interface {
	graph.NodeService
	graph.RelationshipService
	graph.TieService
	graph.InteractionService
	// AggregateRelated summarizes a relationship field for many parents
	// (graph.AggregateService).
	AggregateRelated(ctx context.Context, field graph.RelField, parentIDs []string, filter graph.RelFilter) (map[string]*graph.RelAggregate, error)
	// CadreAchievements lists the achievements of many people
	// (graph.ReportService).
	CadreAchievements(ctx context.Context, personIDs []string) (map[string][]*graph.Achievement, error)
	// ContributionProgress is many people's progress in a year
	// (graph.ContributionService).
	ContributionProgress(ctx context.Context, personIDs []string, year int) (map[string]*graph.CadreProgress, error)
	// FindContributionsOf lists many people's contributions
	// (graph.ContributionService).
	FindContributionsOf(ctx context.Context, fs []graph.ContributionFilter, page graph.Page) (map[string]*graph.List[*graph.Contribution], error)
}

// Args are the arguments of a field the prefetcher fetches, as its
// resolver reads them: a list's filter, first and after, and the year of
// a person's contribution progress.
type Args struct {
	Filter graph.RelFilter
	First  *int
	After  *string
	Year   *int
	// Contributions is the filter of a person's contributions (without
	// the person).
	Contributions graph.ContributionFilter
}

// ArgReader reads the arguments of the field object.field, given raw as
// gqlgen collects them (graphql.CollectedField.ArgumentMap), into what its
// resolver passes to the loaders. ok is false when they do not read, and
// for a field the prefetcher does not fetch.
type ArgReader func(ctx context.Context, object, field string, raw map[string]any) (a Args, ok bool)

// New creates the loaders of one request; the prefetcher reads the
// arguments of relationship lists with args.
func New(svc Services, args ArgReader) *Loaders {
	return &Loaders{
		nodes:         newLoader(svc.FindNodes),
		svc:           svc,
		args:          args,
		rels:          svc,
		ties:          svc,
		interactions:  svc,
		related:       map[relKey]*dataloadgen.Loader[string, *graph.RelList]{},
		claims:        map[claimKey]*claim{},
		aggregates:    map[relKey]*dataloadgen.Loader[string, *graph.RelAggregate]{},
		tieLoaders:    map[graph.Page]*dataloadgen.Loader[string, *graph.List[*graph.Tie]]{},
		intLoaders:    map[graph.Page]*dataloadgen.Loader[string, *graph.List[*graph.Interaction]]{},
		achievements:  newLoader(chunked(svc.CadreAchievements)),
		progress:      map[int]*dataloadgen.Loader[string, *graph.CadreProgress]{},
		contributions: map[contribKey]*dataloadgen.Loader[string, *graph.List[*graph.Contribution]]{},
	}
}

// chunked calls fetch, which answers at most graph.MaxAchievementPeople
// people at once, for any number of people: one statement per chunk (one
// in all for a request's levels, which hold fewer people).
func chunked[V any](fetch func(context.Context, []string) (map[string]V, error)) func(context.Context, []string) (map[string]V, error) {
	return func(ctx context.Context, ids []string) (map[string]V, error) {
		out := make(map[string]V, len(ids))
		for len(ids) > 0 {
			n := min(len(ids), graph.MaxAchievementPeople)
			got, err := fetch(ctx, ids[:n])
			if err != nil {
				return nil, err
			}
			for k, v := range got {
				out[k] = v
			}
			ids = ids[n:]
		}
		return out, nil
	}
}

// Achievements loads a person's achievements (none: empty).
func (l *Loaders) Achievements(ctx context.Context, person string) ([]*graph.Achievement, error) {
	as, err := l.achievements.Load(ctx, person)
	if errors.Is(err, dataloadgen.ErrNotFound) || (err == nil && as == nil) {
		return []*graph.Achievement{}, nil
	}
	return as, err
}

// progressLoader returns the loader of the contribution progress of one
// year.
func (l *Loaders) progressLoader(year int) *dataloadgen.Loader[string, *graph.CadreProgress] {
	return keyed(l, l.progress, year, chunked(func(ctx context.Context, ids []string) (map[string]*graph.CadreProgress, error) {
		return l.svc.ContributionProgress(ctx, ids, year)
	}))
}

// Progress loads a person's contribution progress in year; nil when the
// service left the person out of its answer (the viewer may not read it,
// or there is no such person to see): the caller asks the service for
// that person alone, whose error says which.
func (l *Loaders) Progress(ctx context.Context, person string, year int) (*graph.CadreProgress, error) {
	p, err := l.progressLoader(year).Load(ctx, person)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return p, err
}

// ProgressYear is the year of Person.contributionProgress: the one asked,
// else this year in the city.
func ProgressYear(year *int) int {
	if year != nil {
		return *year
	}
	return time.Now().In(graph.ReportZone).Year()
}

// newLoader makes a loader of the request that batches within the wait.
func newLoader[V any](fetch func(context.Context, []string) (map[string]V, error)) *dataloadgen.Loader[string, V] {
	return dataloadgen.NewMappedLoader(fetch, dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(500))
}

// keyed returns the loader of m under k, making it with fetch on first
// use: callers asking with the same key share one loader and its batches.
func keyed[K comparable, V any](l *Loaders, m map[K]*dataloadgen.Loader[string, V], k K,
	fetch func(context.Context, []string) (map[string]V, error)) *dataloadgen.Loader[string, V] {
	l.mu.Lock()
	defer l.mu.Unlock()
	ld, ok := m[k]
	if !ok {
		ld = newLoader(fetch)
		m[k] = ld
	}
	return ld
}

// listFor returns the loader of one page shape, creating it on first use.
func listFor[T any](l *Loaders, m map[graph.Page]*dataloadgen.Loader[string, *graph.List[T]], page graph.Page,
	fetch func(context.Context, []string, graph.Page) (map[string]*graph.List[T], error)) *dataloadgen.Loader[string, *graph.List[T]] {
	return keyed(l, m, page, func(ctx context.Context, ids []string) (map[string]*graph.List[T], error) {
		return fetch(ctx, ids, page)
	})
}

func loadList[T any](ctx context.Context, ld *dataloadgen.Loader[string, *graph.List[T]], id string, page graph.Page) (*graph.List[T], error) {
	res, err := ld.Load(ctx, id)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return &graph.List[T]{Offset: page.Offset}, nil
	}
	return res, err
}

// Ties loads one page of a person's ties.
func (l *Loaders) Ties(ctx context.Context, person string, page graph.Page) (*graph.List[*graph.Tie], error) {
	return loadList(ctx, listFor(l, l.tieLoaders, page, l.ties.FindTies), person, page)
}

// Interactions loads one page of a person's interactions.
func (l *Loaders) Interactions(ctx context.Context, person string, page graph.Page) (*graph.List[*graph.Interaction], error) {
	return loadList(ctx, listFor(l, l.intLoaders, page, l.interactions.FindInteractions), person, page)
}

// With returns ctx carrying l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the loaders of the request in ctx.
func For(ctx context.Context) *Loaders {
	l, _ := ctx.Value(ctxKey{}).(*Loaders)
	if l == nil {
		panic("loaders: no loaders in context; is the middleware installed?")
	}
	return l
}

// Node loads one entity; nil when the id names nothing.
func (l *Loaders) Node(ctx context.Context, id string) (graph.Node, error) {
	if id == "" {
		return nil, nil
	}
	n, err := l.nodes.Load(ctx, id)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return n, err
}

// Nodes loads many entities, nil for those missing, in the order asked.
func (l *Loaders) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	thunks := make([]func() (graph.Node, error), len(ids))
	for i, id := range ids {
		thunks[i] = l.nodes.LoadThunk(ctx, id)
	}
	out := make([]graph.Node, len(ids))
	for i, t := range thunks {
		n, err := t()
		if err != nil && !errors.Is(err, dataloadgen.ErrNotFound) {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// FetchNodes loads entities at once, without a batching wait, and primes
// the node loader with them; nil for those missing, in the order asked.
// Root fields (node, nodes) use it: their ids are all known when they run.
func (l *Loaders) FetchNodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	found, err := l.svc.FindNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Node, len(ids))
	for i, id := range ids {
		out[i] = found[id]
		l.nodes.Prime(id, found[id])
	}
	return out, nil
}

// Prime tells the node loader about nodes another query already returned.
func (l *Loaders) Prime(n graph.Node) {
	if n != nil {
		l.nodes.Prime(n.NodeID(), n)
	}
}

// relatedLoader returns the loader of one field with one filter and page:
// parents asking for the same field with the same arguments share it.
func (l *Loaders) relatedLoader(field graph.RelField, f graph.RelFilter, page graph.Page) *dataloadgen.Loader[string, *graph.RelList] {
	return keyed(l, l.related, relKeyOf(field, f, page), func(ctx context.Context, parents []string) (map[string]*graph.RelList, error) {
		return l.rels.FindRelated(ctx, field, parents, f, page)
	})
}

// relKeyOf is the key of the loader of one field with one filter and page.
func relKeyOf(field graph.RelField, f graph.RelFilter, page graph.Page) relKey {
	k := relKey{field: field, page: page}
	if f.Current != nil {
		k.current = map[bool]string{true: "t", false: "f"}[*f.Current]
	}
	if f.At != nil {
		k.at = f.At.Format(time.DateOnly)
	}
	if f.Where != nil || f.Far != nil {
		// Plain data (filters, dates, strings): it always marshals.
		b, _ := json.Marshal([]any{f.Where, f.Far})
		k.where = string(b)
	}
	return k
}

// Related loads one page of a relationship field of parent.
func (l *Loaders) Related(ctx context.Context, field graph.RelField, parent string, f graph.RelFilter, page graph.Page) (*graph.RelList, error) {
	res, err := l.relatedLoader(field, f, page).Load(ctx, parent)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return &graph.RelList{}, nil
	}
	if err != nil {
		return nil, err
	}
	for _, r := range res.Items {
		l.Prime(r.Start)
		l.Prime(r.End)
	}
	return res, nil
}

// aggregateLoader returns the loader of the aggregates of one field with
// one filter: parents asking for it share one statement.
func (l *Loaders) aggregateLoader(field graph.RelField, f graph.RelFilter) *dataloadgen.Loader[string, *graph.RelAggregate] {
	return keyed(l, l.aggregates, relKeyOf(field, f, graph.Page{}), func(ctx context.Context, parents []string) (map[string]*graph.RelAggregate, error) {
		return l.svc.AggregateRelated(ctx, field, parents, f)
	})
}

// Aggregate loads the aggregate of a relationship field of parent (empty
// when the parent has none).
func (l *Loaders) Aggregate(ctx context.Context, field graph.RelField, parent string, f graph.RelFilter) (*graph.RelAggregate, error) {
	a, err := l.aggregateLoader(field, f).Load(ctx, parent)
	if errors.Is(err, dataloadgen.ErrNotFound) || (err == nil && a == nil) {
		return &graph.RelAggregate{}, nil
	}
	return a, err
}

// contribKey names the loader of people's contributions with one filter
// and page: the JSON of both.
type contribKey struct{ json string }

func contribKeyOf(f graph.ContributionFilter, page graph.Page) contribKey {
	// Plain data (states, kinds, dates, numbers): it always marshals.
	b, _ := json.Marshal([]any{f, page})
	return contribKey{string(b)}
}

// contributionsLoader returns the loader of people's contributions with
// the filter f (its PersonID aside) and page.
func (l *Loaders) contributionsLoader(f graph.ContributionFilter, page graph.Page) *dataloadgen.Loader[string, *graph.List[*graph.Contribution]] {
	f.PersonID = ""
	return keyed(l, l.contributions, contribKeyOf(f, page), l.contributionsOf(f, page))
}

// contributionsOf lists people's contributions with the filter f (its
// PersonID aside) and page.
func (l *Loaders) contributionsOf(f graph.ContributionFilter, page graph.Page) func(context.Context, []string) (map[string]*graph.List[*graph.Contribution], error) {
	return chunked(func(ctx context.Context, people []string) (map[string]*graph.List[*graph.Contribution], error) {
		fs := make([]graph.ContributionFilter, len(people))
		for i, p := range people {
			fs[i] = f
			fs[i].PersonID = p
		}
		return l.svc.FindContributionsOf(ctx, fs, page)
	})
}

// Contributions loads one page of a person's contributions that f (its
// PersonID aside) keeps; nil when the service left the person out (the
// viewer may not list what f asks of them): the caller asks the service
// for that person alone, whose error says why.
func (l *Loaders) Contributions(ctx context.Context, person string, f graph.ContributionFilter, page graph.Page) (*graph.List[*graph.Contribution], error) {
	c, err := l.contributionsLoader(f, page).Load(ctx, person)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return c, err
}
