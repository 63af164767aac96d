package neo4jdb

import (
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	got := fill("MATCH (n:{{label}} {id: $id})-[:{{type}}]->(m:{{label}}) RETURN n", "label", "Person", "type", "KNOWS")
	if want := "MATCH (n:Person {id: $id})-[:KNOWS]->(m:Person) RETURN n"; got != want {
		t.Fatalf("fill = %q, want %q", got, want)
	}
	if got := fill("RETURN 1"); got != "RETURN 1" {
		t.Fatalf("fill without placeholders = %q", got)
	}
	if got := fill("MATCH (n) {{where}} RETURN n", "where", ""); got != "MATCH (n)  RETURN n" {
		t.Fatalf("fill with an empty value = %q", got)
	}
}

func TestFillRejectsMistakes(t *testing.T) {
	for name, call := range map[string]func(){
		"unfilled": func() { fill("MATCH (n:{{label}}) RETURN n") },
		"unknown":  func() { fill("MATCH (n:Person) RETURN n", "label", "Person") },
		"odd":      func() { fill("MATCH (n:{{label}}) RETURN n", "label") },
		"unclosed": func() { fill("MATCH (n:{{label) RETURN n", "label", "Person") },
		"misspelt": func() { fill("MATCH (n:{{lable}}) RETURN n", "label", "Person") },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("fill did not panic")
				}
				if !strings.HasPrefix(r.(string), "neo4jdb.fill: ") {
					t.Fatalf("panic %v", r)
				}
			}()
			call()
		})
	}
}
