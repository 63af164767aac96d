// Package seed is the demo data set and the scalable generator. Both build
// a *graph.Batch in memory; writing it to Neo4j is the loader's job.
//
// Demo is a small, realistic, bilingual graph of the cadres on temporary
// posts in Baoding (保定市, Hebei): the real regions of the
// Beijing–Tianjin–Baoding area, real public bodies as dispatching units, the
// city's departments and district and county governments as host units,
// and fictional people, companies and projects. Scale builds benchmark
// graphs of any size from the same building blocks.
//
// Everything is deterministic: the random source has a fixed seed and dates
// are drawn relative to RefDate, never to the clock, so the same call gives
// the same graph on every machine. All people are fictional and hold only
// ordinary titles in real organizations; their phone numbers (1380000xxxx)
// and e-mail domains (example.com, example.cn) are obviously not real.
//
// The batch holds no PART_OF relationships and LOCATED_IN relationships
// only for people: units, regions, companies and projects carry ParentID
// and RegionID, and the loader derives their edges from those fields.
// Dates of relationships of types without a period (SECURED, INTRODUCED,
// INVESTS_IN, SUPPORTS) are in From. Equal dates share one *time.Time, so
// callers must not modify the batch's dates in place.
package seed

import "time"

// RefDate is the day the data sets describe: postings that last beyond it
// are current (To nil), and no date lies after it but the planned end of a
// project (at most two years later). Treat it as a constant.
var RefDate = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
