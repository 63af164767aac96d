package loaders

import (
	"strings"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server/gql"
)

// TestStepsMatchSchema checks the prefetcher's table against the schema:
// every "Object.field" names a field of that object, and the type the walk
// goes on with is the field's (for a list, the type of its edges' nodes;
// "" for the Node interface).
func TestStepsMatchSchema(t *testing.T) {
	schema := gql.NewExecutableSchema(gql.Config{}).Schema()
	for name, s := range steps {
		object, field, _ := strings.Cut(name, ".")
		def := schema.Types[object]
		if def == nil || def.Fields.ForName(field) == nil {
			t.Errorf("%s: no such field", name)
			continue
		}
		typ := def.Fields.ForName(field).Type.Name()
		switch {
		case s.kind == relList, s.kind == endList, s.kind == tieList, s.kind == intList, s.conn:
			conn := schema.Types[typ]
			edges := conn.Fields.ForName("edges")
			if edges == nil {
				t.Errorf("%s: %s is no connection", name, typ)
				continue
			}
			typ = schema.Types[edges.Type.Name()].Fields.ForName("node").Type.Name()
		}
		if typ == "Node" {
			typ = ""
		}
		if s.typ != typ {
			t.Errorf("%s: the walk goes on with %q, the field is of type %q", name, s.typ, typ)
		}
	}
}

// TestTypeName checks the GraphQL type the walk gives to the objects of an
// interface field (Node).
func TestTypeName(t *testing.T) {
	for _, c := range []struct {
		o    any
		want string
	}{
		{&graph.Person{ID: "per_1"}, "Person"}, {&graph.Unit{}, "Unit"}, {&graph.Region{}, "Region"}, {&graph.Company{}, "Company"},
		{&graph.Project{}, "Project"}, {&graph.Contribution{}, "Contribution"}, {(*graph.Person)(nil), ""}, {nil, ""},
		{&graph.Relationship{}, ""}, {"per_1", ""},
	} {
		if got := TypeName(c.o); got != c.want {
			t.Errorf("TypeName(%#v) = %q, want %q", c.o, got, c.want)
		}
	}
}
