package graph

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Page sizes. Every list is bounded.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Page is a validated window of a list: skip Offset items, take Limit.
type Page struct {
	Offset int
	Limit  int
}

// maxOffset keeps a cursor from asking the database to skip the world.
const maxOffset = 1_000_000

const cursorPrefix = "o:"

// EncodeCursor is the opaque cursor of the item at position pos (0-based).
func EncodeCursor(pos int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(pos)))
}

// DecodeCursor is the inverse of EncodeCursor.
func DecodeCursor(c string) (int, error) {
	if len(c) > 32 {
		return 0, Errorf(CodeInvalidInput, "after: not a valid cursor")
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
		return 0, Errorf(CodeInvalidInput, "after: not a valid cursor")
	}
	n, err := strconv.Atoi(string(b[len(cursorPrefix):]))
	if err != nil || n < 0 || n > maxOffset {
		return 0, Errorf(CodeInvalidInput, "after: not a valid cursor")
	}
	return n, nil
}

// ParsePage turns the first and after arguments of a connection field
// into a Page, with the default and maximum sizes given.
func ParsePage(first *int, after *string, def, max int) (Page, error) {
	p := Page{Limit: def}
	if first != nil {
		switch {
		case *first < 0:
			return Page{}, Errorf(CodeInvalidInput, "first: must not be negative, got %d", *first)
		case *first > max:
			return Page{}, Errorf(CodeInvalidInput, "first: at most %d, got %d", max, *first)
		}
		p.Limit = *first
	}
	if after != nil && *after != "" {
		pos, err := DecodeCursor(*after)
		if err != nil {
			return Page{}, err
		}
		p.Offset = pos + 1
	}
	return p, nil
}

// List is one page of entities.
type List[T any] struct {
	Items      []T
	TotalCount int
	Offset     int
	HasNext    bool
}
