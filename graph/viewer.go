package graph

import "context"

// The one rule about undiscoverable people: for a viewer who is not an
// admin, a person who opted out (Discoverable false) is absent from every
// answer — lists, counts, aggregates, groups, matrices, reports, network
// analysis, neighbourhoods, paths and introducers — except to themselves.
//
// Services read the viewer from the context. A context without one sees
// no undiscoverable person: the default is the closed one, and only the
// access-control layer (for admins) and the command line (the operator)
// widen it.

// Viewer is whom an answer is for, as far as undiscoverable people go.
type Viewer struct {
	// All: undiscoverable people are part of the answer.
	All bool
	// Self is the viewer's own person id, part of the answer even when
	// undiscoverable ("" for none).
	Self string
}

type viewerKey struct{}

// WithViewer returns a context whose answers are for v.
func WithViewer(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// SeeAll returns a context whose answers include undiscoverable people:
// for the operator's own commands and for admins.
func SeeAll(ctx context.Context) context.Context {
	return WithViewer(ctx, Viewer{All: true})
}

// ViewerOf is the context's viewer; without one, the zero Viewer, who sees
// no undiscoverable person.
func ViewerOf(ctx context.Context) Viewer {
	v, _ := ctx.Value(viewerKey{}).(Viewer)
	return v
}

// Sees reports whether the viewer may see the person.
func (v Viewer) Sees(p *Person) bool {
	return p != nil && (p.Discoverable || v.All || (v.Self != "" && p.ID == v.Self))
}

// SeesNode reports whether the viewer may see the node: any node that is
// not a person, and the people Sees allows.
func (v Viewer) SeesNode(n Node) bool {
	if p, ok := n.(*Person); ok {
		return v.Sees(p)
	}
	return n != nil
}
