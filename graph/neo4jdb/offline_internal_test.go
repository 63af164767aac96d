package neo4jdb

import (
	"fmt"
	"sort"
	"testing"

	"github.com/liaison/liaison/graph"
)

// TestListProperties: the table of list properties is what the load's
// rows hold as lists (a batch of one empty entity of each kind and one
// empty interaction, whose participants and subjects become edges).
func TestListProperties(t *testing.T) {
	empty := &graph.Batch{People: []*graph.Person{{}}, Units: []*graph.Unit{{}}, Regions: []*graph.Region{{}},
		Companies: []*graph.Company{{}}, Projects: []*graph.Project{{}}, Interactions: []*graph.Interaction{{}}}
	br, err := rowsOf(empty)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	add := func(label string, row map[string]any) {
		for k, v := range row {
			if _, ok := v.([]string); ok && k != "participants" && k != "about" {
				got = append(got, label+"."+k)
			}
		}
	}
	add("Interaction", br.interactions[0])
	for _, nr := range br.nodes {
		add(nr.kind.Label(), nr.rows[0])
	}
	for _, l := range listProperties {
		want = append(want, l.Label+"."+l.Property)
	}
	sort.Strings(got)
	sort.Strings(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the rows hold lists %v, the table says %v", got, want)
	}
	if _, _, ok := listProperty("Person", "name"); ok {
		t.Error("Person.name taken for a list property")
	}
}
