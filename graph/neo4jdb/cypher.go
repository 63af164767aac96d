package neo4jdb

import "strings"

// How statement text is composed, the one way in this package:
//
//   - every statement is a named constant next to the code that runs it;
//   - the parts that vary by kind (a label, a relationship type, a property
//     name, a fixed projection or a where clause built from this package's
//     fragments) are {{name}} placeholders, filled by fill from the fixed
//     tables of graph (Kind.Label, RelType.Cypher) or from other constants;
//   - values are never in the text: they are parameters ($name).
//
// There is no fmt.Sprintf and no + on statement text; internal/cypherlint
// proves that no text reaches the driver from input.

// fill returns the statement template tmpl with each {{name}} replaced by
// the value paired with name in pairs (name, value, name, value, ...). A
// placeholder without a value, a value for no placeholder, or an odd
// number of arguments is a programming error and panics, so that the first
// test that runs the statement finds it.
func fill(tmpl string, pairs ...string) string {
	if len(pairs)%2 != 0 {
		panic("neo4jdb.fill: odd number of arguments for " + quoteStart(tmpl))
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
			panic("neo4jdb.fill: unclosed placeholder in " + quoteStart(tmpl))
		}
		name := rest[i+2 : i+j]
		k := lookup(pairs, name)
		if k < 0 {
			panic("neo4jdb.fill: no value for {{" + name + "}} in " + quoteStart(tmpl))
		}
		used[k/2] = true
		b.WriteString(rest[:i])
		b.WriteString(pairs[k+1])
		rest = rest[i+j+2:]
	}
	for k, u := range used {
		if !u {
			panic("neo4jdb.fill: {{" + pairs[2*k] + "}} is not in " + quoteStart(tmpl))
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
