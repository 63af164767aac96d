package neo4jdb

import "github.com/liaison/liaison/internal/cyphertext"

// fill is cyphertext.Fill, the one way statement text of this package is
// composed (see there): named constants with {{name}} placeholders for the
// parts that vary by kind.
func fill(tmpl string, pairs ...string) string { return cyphertext.Fill(tmpl, pairs...) }
