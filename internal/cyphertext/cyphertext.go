// Package cyphertext is how statement text is composed in this module:
// every statement is a named constant next to the code that runs it, and
// the parts that vary by kind (a label, a relationship type, a property
// name, a fixed projection or a where clause built from fixed fragments)
// are {{name}} placeholders that Fill replaces with text from the fixed
// tables of package graph (Kind.Label, RelType.Cypher) or from other
// constants. Values are never in the text: they are parameters ($name).
// There is no fmt.Sprintf and no + on statement text; internal/cypherlint
// proves that no text reaches the driver from input.
package cyphertext

import "strings"

// Fill returns the statement template tmpl with each {{name}} replaced by
// the value paired with name in pairs (name, value, name, value, ...). A
// placeholder without a value, a value for no placeholder, or an odd
// number of arguments is a programming error and panics, so that the first
// test that runs the statement finds it.
func Fill(tmpl string, pairs ...string) string {
	if len(pairs)%2 != 0 {
		panic("cyphertext.Fill: odd number of arguments for " + quoteStart(tmpl))
	}
	used := make([]bool, len(pairs)/2)
	var b strings.Builder
	rest := tmpl
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			panic("cyphertext.Fill: unclosed placeholder in " + quoteStart(tmpl))
		}
		name := rest[i+2 : i+j]
		k := lookup(pairs, name)
		if k < 0 {
			panic("cyphertext.Fill: no value for {{" + name + "}} in " + quoteStart(tmpl))
		}
		used[k/2] = true
		b.WriteString(rest[:i])
		b.WriteString(pairs[k+1])
		rest = rest[i+j+2:]
	}
	for k, u := range used {
		if !u {
			panic("cyphertext.Fill: {{" + pairs[2*k] + "}} is not in " + quoteStart(tmpl))
		}
	}
	return b.String()
}

func lookup(pairs []string, name string) int {
	for k := 0; k < len(pairs); k += 2 {
		if pairs[k] == name {
			return k
		}
	}
	return -1
}

// quoteStart is the start of a template, for panic messages.
func quoteStart(tmpl string) string {
	const n = 60
	s := strings.Join(strings.Fields(tmpl), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return "\"" + s + "\""
}
