package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
	"github.com/vektah/gqlparser/v2/ast"
)

// Retry-safe mutations. A client sends an Idempotency-Key header (or, when
// it cannot set headers, "extensions": {"idempotencyKey": ...} in the
// body) with a mutation; repeating the request with the same key and the
// same input returns the first answer and writes nothing, with another
// input it answers CONFLICT. The header travels in the context
// (idempotencyHeader) to the field middleware (idempotentFields), which
// gives every mutation field of the request its own claim: the key scoped
// by the token's subject and role and by the field's position in the
// operation, and a hash of the field's name and arguments. graph/neo4jdb
// stores the claim in the write's own transaction.

// IdempotencyHeader is the request header that carries the key.
const IdempotencyHeader = "Idempotency-Key"

// IdempotencyExtension is the request body's extensions field that may
// carry the key instead.
const IdempotencyExtension = "idempotencyKey"

type requestKeyCtx struct{}

// idempotencyHeader checks the Idempotency-Key header and puts it in the
// request's context; a malformed key is refused before anything runs.
func idempotencyHeader() gin.HandlerFunc {
	return func(c *gin.Context) {
		vals := c.Request.Header.Values(IdempotencyHeader)
		if len(vals) == 0 {
			c.Next()
			return
		}
		err := graph.ValidateIdempotencyKey(IdempotencyHeader, vals[0])
		if err == nil && len(vals) > 1 {
			err = graph.Errorf(graph.CodeInvalidInput, "%s: sent %d times; send one key", IdempotencyHeader, len(vals))
		}
		if err != nil {
			abortWith(c, err)
			return
		}
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestKeyCtx{}, vals[0]))
		c.Next()
	}
}

// requestKey is the request's key: the header's, or the body's
// extensions.idempotencyKey; both must agree when both are sent.
func requestKey(ctx context.Context) (string, error) {
	h, _ := ctx.Value(requestKeyCtx{}).(string)
	oc := graphql.GetOperationContext(ctx)
	raw, ok := oc.Extensions[IdempotencyExtension]
	if !ok || raw == nil {
		return h, nil
	}
	field := "extensions." + IdempotencyExtension
	e, isStr := raw.(string)
	if !isStr {
		return "", graph.Errorf(graph.CodeInvalidInput, "%s: must be a string", field)
	}
	if err := graph.ValidateIdempotencyKey(field, e); err != nil {
		return "", err
	}
	if h != "" && h != e {
		return "", graph.Errorf(graph.CodeInvalidInput, "%s: differs from the %s header; send one key", field, IdempotencyHeader)
	}
	return e, nil
}

// idempotentFields gives each mutation field of a keyed request its claim
// and turns a repeat into the first answer.
func idempotentFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Object != "Mutation" {
		return next(ctx)
	}
	key, err := requestKey(ctx)
	if err != nil {
		return nil, err
	}
	if key == "" {
		return next(ctx)
	}
	claim, err := fieldClaim(ctx, fc, key)
	if err != nil {
		return nil, err
	}
	res, err := next(graph.WithIdempotency(ctx, claim))
	var rep *graph.Repeat
	if errors.As(err, &rep) {
		v, err := repeatAnswer(fc.Field.Definition.Type, rep)
		if it, ok := v.(*graph.Interaction); ok {
			if in, ok := fc.Args["input"].(graph.LogInteractionInput); ok {
				inputOrder(it, in)
			}
		}
		return v, err
	}
	return res, err
}

// inputOrder lists an interaction's participants and subjects in the order
// of the input, as the first answer did (the database keeps no order; the
// repeat's input is the first one's, its hash says so).
func inputOrder(it *graph.Interaction, in graph.LogInteractionInput) {
	same := func(a, b []string) bool {
		set := map[string]bool{}
		for _, x := range a {
			set[x] = true
		}
		n := 0
		for _, x := range b {
			if !set[x] {
				return false
			}
			n++
		}
		return n == len(a)
	}
	if same(it.ParticipantIDs, in.ParticipantIDs) {
		it.ParticipantIDs = in.ParticipantIDs
	}
	if same(it.AboutIDs, in.AboutIDs) {
		it.AboutIDs = append([]string{}, in.AboutIDs...)
	}
}

// fieldClaim scopes key to the principal and to the field's position among
// the operation's mutation fields (so `mutation { a: createPerson(...)
// b: createPerson(...) }` writes two people under one key), and hashes the
// field's name and arguments.
func fieldClaim(ctx context.Context, fc *graphql.FieldContext, key string) (*graph.IdempotencyClaim, error) {
	oc := graphql.GetOperationContext(ctx)
	index := 0
	for i, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"}) {
		if f.Alias == fc.Field.Alias {
			index = i
			break
		}
	}
	scope := ""
	if p := auth.FromContext(ctx); p != nil {
		scope = p.Subject + "\x00" + string(p.Role)
	}
	args, err := json.Marshal(fc.Args)
	if err != nil {
		return nil, err
	}
	return &graph.IdempotencyClaim{
		Key:  "gql:" + digest(scope, key, strconv.Itoa(index)),
		Hash: digest(fc.Field.Name, string(args)),
	}, nil
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// repeatAnswer is the first answer of a repeated mutation as the Go value
// its field resolves to: the id for the fields that return an ID
// (deletions), else the stored entity, relationship or interaction.
func repeatAnswer(t *ast.Type, rep *graph.Repeat) (any, error) {
	if t.Name() == "ID" {
		return rep.ResultID, nil
	}
	if rep.Answer == "" {
		return nil, graph.Errorf(graph.CodeConflict, "%s: the request was already applied and its result no longer exists", IdempotencyHeader)
	}
	var v any
	switch id := rep.ResultID; {
	case graph.ParseRelID("id", id) == nil:
		v = &graph.Relationship{}
	case strings.HasPrefix(id, graph.InteractionIDPrefix+"_"):
		v = &graph.Interaction{}
	default:
		k, err := graph.ParseID(id)
		if err != nil {
			return nil, graph.Errorf(graph.CodeInternal, "internal error")
		}
		v = map[graph.Kind]any{graph.KindPerson: &graph.Person{}, graph.KindUnit: &graph.Unit{}, graph.KindRegion: &graph.Region{},
			graph.KindCompany: &graph.Company{}, graph.KindProject: &graph.Project{}}[k]
	}
	if v == nil || json.Unmarshal([]byte(rep.Answer), v) != nil {
		return nil, graph.Errorf(graph.CodeInternal, "internal error")
	}
	return v, nil
}

// --- Retry-After ----------------------------------------------------------

type hintsCtx struct{}

// responseHints lets the error presenter add headers to the response.
type responseHints struct{ h http.Header }

// retryAfter gives the GraphQL handler's error presenter the response's
// headers, so that an UNAVAILABLE answer carries Retry-After.
func retryAfter() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), hintsCtx{}, &responseHints{h: c.Writer.Header()}))
		c.Next()
	}
}

// RetryAfterSeconds is the Retry-After of an UNAVAILABLE answer.
const RetryAfterSeconds = 1

func hintUnavailable(ctx context.Context) {
	if r, _ := ctx.Value(hintsCtx{}).(*responseHints); r != nil {
		r.h.Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
	}
}
