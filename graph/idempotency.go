package graph

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
)

// Idempotency: a client that sends a key with a mutation may repeat it
// (after a lost answer, a timeout, a double click) without the write
// happening twice. The server turns the key into an IdempotencyClaim in the
// context; the database stores the claim with the write, in the write's own
// transaction, and a repeat of the claim finds it there.

// IdempotencyTTL is how long a key is remembered after its write.
const IdempotencyTTL = 24 * time.Hour

// MaxIdempotencyKeyLength bounds a key sent by a client.
const MaxIdempotencyKeyLength = 200

// IdempotencyClaim asks a write to happen at most once.
type IdempotencyClaim struct {
	// Key is what is stored: the client's key scoped by whoever sent it and
	// by the field or chunk it covers.
	Key string
	// Hash is a digest of the input; the same key with another hash is a
	// CONFLICT.
	Hash string
	// Sequence, when set, numbers the writes made under the claim: the
	// n-th gets the key Key/n (bulk loads, which write their chunks in a
	// fixed order, each chunk in its own transaction). Without it, the
	// claim covers the first write made under it only.
	Sequence *atomic.Int64
	used     atomic.Bool
}

// Take returns the key and hash the next write stores, and false when the
// claim has already been used by a write (a claim without a Sequence
// covers one write).
func (c *IdempotencyClaim) Take() (key, hash string, ok bool) {
	if c == nil {
		return "", "", false
	}
	if c.Sequence != nil {
		n := c.Sequence.Add(1)
		return c.Key + "/" + strconv.FormatInt(n, 10), c.Hash, true
	}
	if c.used.Swap(true) {
		return "", "", false
	}
	return c.Key, c.Hash, true
}

type idempotencyKey struct{}

// WithIdempotency returns ctx whose writes store the claim.
func WithIdempotency(ctx context.Context, c *IdempotencyClaim) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, c)
}

// IdempotencyFrom returns the claim of ctx, nil when there is none.
func IdempotencyFrom(ctx context.Context) *IdempotencyClaim {
	c, _ := ctx.Value(idempotencyKey{}).(*IdempotencyClaim)
	return c
}

// Repeat is what a write answers when its key was stored before with the
// same input: nothing was written, and the first write's result is here.
type Repeat struct {
	// ResultID is the id of what the first write created or changed.
	ResultID string
	// Answer is that entity, relationship or interaction as JSON (of the
	// graph type) as the first write left it; "" when it no longer existed
	// (a deletion).
	Answer string
	// At is when the first write committed.
	At time.Time
}

func (r *Repeat) Error() string { return "the idempotency key was used before with the same input" }

// ValidateIdempotencyKey checks a key sent by a client: 1 to 200 printable
// ASCII characters (a UUID, a hash, a counter).
func ValidateIdempotencyKey(field, key string) error {
	switch {
	case key == "":
		return Errorf(CodeInvalidInput, "%s: empty; send a unique string such as a UUID, or no key", field)
	case len(key) > MaxIdempotencyKeyLength:
		return Errorf(CodeInvalidInput, "%s: at most %d characters, got %d", field, MaxIdempotencyKeyLength, len(key))
	case strings.IndexFunc(key, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsPrint(r) }) >= 0:
		return Errorf(CodeInvalidInput, "%s: only printable ASCII characters are allowed", field)
	}
	return nil
}
