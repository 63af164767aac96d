package cyphertext

import (
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	got := Fill("MATCH (n:{{label}} {id: $id})-[:{{type}}]->(m:{{label}}) RETURN n", "label", "Person", "type", "KNOWS")
	if want := "MATCH (n:Person {id: $id})-[:KNOWS]->(m:Person) RETURN n"; got != want {
		t.Fatalf("fill = %q, want %q", got, want)
	}
	if got := Fill("RETURN 1"); got != "RETURN 1" {
		t.Fatalf("fill without placeholders = %q", got)
	}
	if got := Fill("MATCH (n) {{where}} RETURN n", "where", ""); got != "MATCH (n)  RETURN n" {
		t.Fatalf("fill with an empty value = %q", got)
	}
}

// oddPairs is a name without its value (a variable, so that vet and
// staticcheck let the test make the mistake).
var oddPairs = []string{"label"}

func TestFillRejectsMistakes(t *testing.T) {
	for name, call := range map[string]func(){
		"unfilled": func() { Fill("MATCH (n:{{label}}) RETURN n") },
		"unknown":  func() { Fill("MATCH (n:Person) RETURN n", "label", "Person") },
		"odd":      func() { Fill("MATCH (n:{{label}}) RETURN n", oddPairs...) },
		"unclosed": func() { Fill("MATCH (n:{{label) RETURN n", "label", "Person") },
		"misspelt": func() { Fill("MATCH (n:{{lable}}) RETURN n", "label", "Person") },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("fill did not panic")
				}
				if !strings.HasPrefix(r.(string), "cyphertext.Fill: ") {
					t.Fatalf("panic %v", r)
				}
			}()
			call()
		})
	}
}
