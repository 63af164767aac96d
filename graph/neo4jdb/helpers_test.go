package neo4jdb_test

import (
	"time"

	"github.com/liaison/liaison/graph"
)

func day(s string) time.Time {
	t, err := graph.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}
