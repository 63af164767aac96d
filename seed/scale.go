package seed

import "github.com/liaison/liaison/graph"

// Scale returns a benchmark graph that grows linearly with n: scale 1 has
// about 5,000 nodes and 25,000 relationships, scale 30 about 150,000 and
// 750,000. n below 1 counts as 1.
//
// The mix per scale unit: 3,600 people (72%: 1,080 cadres, 540 city
// officials, 900 staff of dispatching units, 360 researchers, 720
// executives), 650 projects (13%), 500 companies (10%) and 200 units (4%:
// the demo's units, then departments of them); the 40 regions are the
// demo's, ids included, and are not multiplied. KNOWS make about half of
// the relationships, then locations, memberships, postings, employments and
// project roles.
//
// The graph is built by the same code as Demo with seed n. Ids are
// <kind>_scale-<i> and rel_scale-<i>, numbered from 1 at every scale: a
// larger scale reuses the ids of a smaller one for different content, so
// load one scale into a database that holds no other.
func Scale(n int) *graph.Batch {
	n = max(n, 1)
	return generate(config{
		prefix:      "scale",
		seed:        uint64(n),
		cadres:      1080 * n,
		officials:   540 * n,
		colleagues:  900 * n,
		researchers: 360 * n,
		executives:  720 * n,
		dispatching: 120 * n,
		hosts:       80 * n,
		companies:   500 * n,
		projects:    650 * n,
		knows:       12900 * n,
	})
}
