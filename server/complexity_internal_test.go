package server

import (
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/codegen/templates"
	"github.com/liaison/liaison/server/gql"
)

// TestPagedFieldsHaveComplexity: every field that takes a page size
// (first) has a complexity function, so that the complexity limit counts
// its page, not 1 (gqlgen's default): a list added without one would let a
// query nest pages of 100 under pages of 100 unchecked.
func TestPagedFieldsHaveComplexity(t *testing.T) {
	root := reflect.ValueOf(complexity())
	schema := gql.NewExecutableSchema(gql.Config{}).Schema()
	checked := 0
	for _, def := range schema.Types {
		for _, f := range def.Fields {
			if f.Arguments.ForName("first") == nil || len(def.Name) > 1 && def.Name[:2] == "__" {
				continue
			}
			typ := root.FieldByName(templates.ToGo(def.Name))
			if !typ.IsValid() {
				t.Errorf("%s: no complexity struct for the type", def.Name)
				continue
			}
			fn := typ.FieldByName(templates.ToGo(f.Name))
			if !fn.IsValid() || fn.IsNil() {
				t.Errorf("%s.%s takes first but has no complexity function", def.Name, f.Name)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Fatalf("checked %d paged fields; the schema has more", checked)
	}
}
