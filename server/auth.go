package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Defaults of the limits in Options.
const (
	DefaultRateLimit = 20 // requests per second per token subject
	DefaultRateBurst = 40
	DefaultMaxDepth  = 12
)

// authenticate puts the request's principal into its context: from the
// bearer token when opts.Auth is set, auth.Anonymous (an admin) when not.
// A missing or invalid token is answered 401 UNAUTHENTICATED, a token over
// its rate limit 429 RATE_LIMITED, both before any database work.
func authenticate(opts Options) gin.HandlerFunc {
	var lim *limiter
	if opts.Auth != nil && opts.RateLimit > 0 {
		lim = newLimiter(opts.RateLimit, opts.RateBurst)
	}
	return func(c *gin.Context) {
		if opts.Auth == nil {
			c.Request = c.Request.WithContext(auth.WithPrincipal(c.Request.Context(), auth.Anonymous))
			c.Next()
			return
		}
		raw, ok := bearerToken(c.Request.Header.Get("Authorization"))
		if !ok {
			c.Header("WWW-Authenticate", `Bearer realm="liaison"`)
			abortWith(c, &graph.Error{Code: graph.CodeUnauthenticated, Message: "authentication required: send Authorization: Bearer <token>"})
			return
		}
		p, err := opts.Auth.Verify(c.Request.Context(), raw)
		if err != nil {
			c.Header("WWW-Authenticate", `Bearer realm="liaison", error="invalid_token"`)
			abortWith(c, &graph.Error{Code: graph.CodeUnauthenticated, Message: graph.ErrorMessage(err)})
			return
		}
		if lim != nil {
			if ok, wait := lim.allow(p.Subject); !ok {
				c.Header("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
				abortWith(c, &graph.Error{Code: CodeRateLimited, Message: "too many requests for this token: slow down"})
				return
			}
		}
		c.Request = c.Request.WithContext(auth.WithPrincipal(c.Request.Context(), p))
		c.Next()
	}
}

func bearerToken(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// demoTokens serves GET /auth/demo-tokens: {role: token}, for GraphiQL and
// the explorer to pick a role. Only routed in demo mode.
func demoTokens(tokens map[auth.Role]string) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, tokens)
	}
}

// limiter is a token bucket per key.
type limiter struct {
	rate, burst float64
	now         func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	if burst < 1 {
		burst = 1
	}
	return &limiter{rate: rate, burst: float64(burst), now: time.Now, buckets: map[string]*bucket{}}
}

// allow takes a token from key's bucket; when it is empty it says how long
// until the next one.
func (l *limiter) allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buckets) > 10000 && now.Sub(l.swept) > time.Minute {
		// Forget the buckets that have refilled: they are idle.
		for k, b := range l.buckets {
			if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// depthLimit refuses operations nested deeper than max fields (TOO_COMPLEX).
// Fragments count where they are spread. Introspection (__schema, __type)
// has its own limit, introspectionDepth, so that GraphiQL's schema query
// passes while an endless fields { type { fields ... } } does not.
type depthLimit struct{ max int }

// introspectionDepth bounds the depth under __schema and __type; the
// standard introspection query needs about 13.
const introspectionDepth = 16

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                          { return "DepthLimit" }
func (depthLimit) Validate(schema graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc == nil || rc.Operation == nil {
		return nil
	}
	w := depthWalker{doc: rc.Doc, memo: map[string]int{}, intro: new(int)}
	depth, limit := w.depth(rc.Operation.SelectionSet), d.max
	if *w.intro > introspectionDepth {
		depth, limit = *w.intro, introspectionDepth
	}
	if depth > limit {
		ge := graph.Errorf(graph.CodeTooComplex, "the query is %d levels deep, more than the limit of %d", depth, limit)
		return &gqlerror.Error{Message: ge.Message, Err: ge, Extensions: map[string]any{"code": graph.CodeTooComplex}}
	}
	return nil
}

type depthWalker struct {
	doc  *ast.QueryDocument
	memo map[string]int // fragment name → depth; -1 while being walked
	// intro is the deepest introspection field seen, counted from it.
	intro *int
}

func (w depthWalker) depth(set ast.SelectionSet) int {
	best := 0
	for _, s := range set {
		d := 0
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				*w.intro = max(*w.intro, 1+w.depth(s.SelectionSet))
				continue
			}
			d = 1 + w.depth(s.SelectionSet)
		case *ast.InlineFragment:
			d = w.depth(s.SelectionSet)
		case *ast.FragmentSpread:
			d = w.fragment(s)
		}
		best = max(best, d)
	}
	return best
}

func (w depthWalker) fragment(s *ast.FragmentSpread) int {
	if d, ok := w.memo[s.Name]; ok {
		return max(d, 0) // a cycle (validation refuses them) counts 0
	}
	def := s.Definition
	if def == nil && w.doc != nil {
		def = w.doc.Fragments.ForName(s.Name)
	}
	if def == nil {
		return 0
	}
	w.memo[s.Name] = -1
	d := w.depth(def.SelectionSet)
	w.memo[s.Name] = d
	return d
}
