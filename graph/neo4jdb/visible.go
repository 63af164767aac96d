package neo4jdb

import (
	"context"

	"github.com/liaison/liaison/graph"
)

// Undiscoverable people (graph.Viewer). Every statement receives the
// context's viewer as two parameters, $viewAll and $viewSelf (read and
// txRunner.run add them), and every statement that answers with people or
// counts them keeps a person x only where visible("x") holds. A context
// without a viewer sees no undiscoverable person.

// viewParams adds the viewer's parameters to params.
func viewParams(ctx context.Context, params map[string]any) map[string]any {
	if params == nil {
		params = make(map[string]any, 2)
	}
	v := graph.ViewerOf(ctx)
	params["viewAll"] = v.All
	params["viewSelf"] = v.Self
	return params
}

// Fragments that keep the person bound to the alias when the viewer may
// see them. The alias is a fixed name of the statement, never input.
const (
	visibleN = `(coalesce(n.discoverable, true) OR $viewAll OR n.id = $viewSelf)`
	visibleO = `(coalesce(o.discoverable, true) OR $viewAll OR o.id = $viewSelf)`
	visibleP = `(coalesce(p.discoverable, true) OR $viewAll OR p.id = $viewSelf)`
	visibleQ = `(coalesce(q.discoverable, true) OR $viewAll OR q.id = $viewSelf)`
	visibleS = `(coalesce(s.discoverable, true) OR $viewAll OR s.id = $viewSelf)`
	visibleX = `(coalesce(x.discoverable, true) OR $viewAll OR x.id = $viewSelf)`
	visibleY = `(coalesce(y.discoverable, true) OR $viewAll OR y.id = $viewSelf)`
	// visiblePQ: both ends of a tie.
	visiblePQ = `(coalesce(p.discoverable, true) OR $viewAll OR p.id = $viewSelf) AND (coalesce(q.discoverable, true) OR $viewAll OR q.id = $viewSelf)`
)
