package graph

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Page sizes. Every list is bounded.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Page is a validated window of a list: skip Offset items, take Limit.
// The entity lists (people, units, regions, companies, projects) page by
// keyset instead: After is the raw cursor of the last row seen, which the
// list decodes against its order (DecodeKeyset), and Offset stays 0.
type Page struct {
	Offset int
	Limit  int
	After  string
	// NoTotal asks a list (of entities or of relationships) not to count
	// its rows (TotalCount is -1), for callers that do not need it:
	// counting costs a pass over them all.
	NoTotal bool
}

// CheckLimit refuses a page larger than MaxPageSize (or negative): the
// answer to a "first" argument out of range.
func (p Page) CheckLimit() error {
	if p.Limit > MaxPageSize || p.Limit < 0 {
		return Errorf(CodeInvalidInput, "first: at most %d, got %d", MaxPageSize, p.Limit)
	}
	return nil
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
	// Cursors, when set, are the keyset cursors of Items (one each), and
	// HasPrevious says the page was asked for after a cursor.
	Cursors     []string
	HasPrevious bool
}

// ParseKeysetPage turns the first and after arguments of an entity list
// into a Page whose After the list decodes.
func ParseKeysetPage(first *int, after *string) (Page, error) {
	p, err := ParsePage(first, nil, DefaultPageSize, MaxPageSize)
	if err != nil {
		return Page{}, err
	}
	if after != nil {
		p.After = *after
	}
	return p, nil
}

// A keyset cursor names a row by its sort key and id: the next page is the
// rows after it in the list's order, however many rows before it were
// inserted or deleted meanwhile. It is base64url of "k1:" and the JSON
// array [order, id, key...]; order names the list's sort (Keyset.Order)
// so that a cursor of another order is refused.
const keysetPrefix = "k1:"

// maxCursorLen bounds a cursor (three sort keys of bounded text and an id).
const maxCursorLen = 2048

// Keyset is the decoded position of a keyset cursor.
type Keyset struct {
	Order string
	ID    string
	// Keys are the sort key values as JSON gives them back (strings and
	// json.Number); the list converts them to its keys' types.
	Keys []any
}

// EncodeKeyset is the cursor of the row with the id and sort keys, in the
// order named order. Keys are strings, numbers, or dates and instants
// (written as text).
func EncodeKeyset(order, id string, keys []any) string {
	arr := append([]any{order, id}, keys...)
	for i, k := range arr {
		if t, ok := k.(time.Time); ok {
			arr[i] = t.Format(time.RFC3339Nano)
		}
	}
	b, _ := json.Marshal(arr)
	return base64.RawURLEncoding.EncodeToString(append([]byte(keysetPrefix), b...))
}

// DecodeKeyset reads a keyset cursor of the order named order. An offset
// cursor of earlier versions, a cursor of another order or anything else
// is INVALID_INPUT.
func DecodeKeyset(c, order string) (*Keyset, error) {
	bad := func(why string) error { return Errorf(CodeInvalidInput, "after: %s", why) }
	if len(c) > maxCursorLen {
		return nil, bad("not a valid cursor")
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, bad("not a valid cursor")
	}
	if strings.HasPrefix(string(b), cursorPrefix) {
		return nil, bad("an offset cursor of an earlier version; lists page by keyset now, start again without after")
	}
	if !strings.HasPrefix(string(b), keysetPrefix) {
		return nil, bad("not a valid cursor")
	}
	d := json.NewDecoder(bytes.NewReader(b[len(keysetPrefix):]))
	d.UseNumber()
	var arr []any
	if err := d.Decode(&arr); err != nil || len(arr) < 2 {
		return nil, bad("not a valid cursor")
	}
	o, ok1 := arr[0].(string)
	id, ok2 := arr[1].(string)
	if !ok1 || !ok2 {
		return nil, bad("not a valid cursor")
	}
	if o != order {
		return nil, bad("the cursor belongs to another order (orderBy); start again without after")
	}
	return &Keyset{Order: o, ID: id, Keys: arr[2:]}, nil
}
