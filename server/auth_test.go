package server_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// azSecret is the HS256 secret of the auth tests.
var azSecret = []byte("liaison-test-secret-0123456789abcdef")

func azVerifier(tb testing.TB, cfg bearer.Config) *bearer.Verifier {
	tb.Helper()
	v, err := bearer.NewVerifier(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// azToken mints an HS256 token with azSecret.
func azToken(tb testing.TB, p auth.Principal) string {
	tb.Helper()
	t, err := bearer.Mint(azSecret, p, time.Hour, bearer.MintOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// azClaims are valid claims for a signed-by-hand token.
func azClaims(role, person string, exp time.Duration) bearer.Claims {
	now := time.Now()
	return bearer.Claims{Role: role, Person: person, RegisteredClaims: jwt.RegisteredClaims{Subject: "t-" + role,
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(exp))}}
}

func azSign(tb testing.TB, m jwt.SigningMethod, kid string, c jwt.Claims, key any) string {
	tb.Helper()
	t := jwt.NewWithClaims(m, c)
	if kid != "" {
		t.Header["kid"] = kid
	}
	s, err := t.SignedString(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// postAs posts a GraphQL request with a bearer token ("" for none).
func postAs(tb testing.TB, url, token, query string, vars map[string]any) gqlResponse {
	tb.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return send(tb, req)
}

// wantCode fails unless the response's first error has code (and, when
// status is not 0, the HTTP status is status).
func wantCode(tb testing.TB, r gqlResponse, status int, code string) {
	tb.Helper()
	if len(r.Errors) == 0 || r.Errors[0].Code() != code {
		tb.Fatalf("want %s, got status %d: %s", code, r.Status, r.Body)
	}
	if status != 0 && r.Status != status {
		tb.Fatalf("want status %d with %s, got %d: %s", status, code, r.Status, r.Body)
	}
}

func wantOK(tb testing.TB, r gqlResponse) {
	tb.Helper()
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		tb.Fatalf("want success, got status %d: %s", r.Status, r.Body)
	}
}

// jwkOf is the public JWK of an RSA or P-256 key.
func jwkOf(kid string, key any) map[string]any {
	enc := base64.RawURLEncoding.EncodeToString
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return map[string]any{"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
			"n": enc(k.N.Bytes()), "e": enc(big.NewInt(int64(k.E)).Bytes())}
	case *ecdsa.PrivateKey:
		x, y := make([]byte, 32), make([]byte, 32)
		k.X.FillBytes(x)
		k.Y.FillBytes(y)
		return map[string]any{"kty": "EC", "kid": kid, "crv": "P-256", "alg": "ES256", "x": enc(x), "y": enc(y)}
	}
	panic("unknown key type")
}

func jwksJSON(keys ...map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"keys": keys})
	return b
}

// TestAuthentication: tokens that are missing, malformed, expired, badly
// signed or of an algorithm not accepted are UNAUTHENTICATED (401);
// HS256, RS256 and ES256 tokens from a JWKS file or URL are accepted.
// These requests never reach the database.
func TestAuthentication(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	q := `{ __typename }`
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherRSA, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jwksFile := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(jwksFile, jwksJSON(jwkOf("rsa-1", rsaKey), jwkOf("ec-1", ecKey)), 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("HS256", func(t *testing.T) {
		t.Parallel()
		url := startServer(t, db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret, Issuer: "liaison", Audience: "city"})})
		good, _ := bearer.Mint(azSecret, auth.Principal{Role: auth.RoleAnalyst}, time.Hour, bearer.MintOptions{Issuer: "liaison", Audience: "city"})
		wantOK(t, postAs(t, url, good, q, nil))

		expired := azSign(t, jwt.SigningMethodHS256, "", func() bearer.Claims {
			c := azClaims("admin", "", -time.Hour)
			c.Issuer, c.Audience = "liaison", jwt.ClaimStrings{"city"}
			return c
		}(), azSecret)
		wrongIss, _ := bearer.Mint(azSecret, auth.Principal{Role: auth.RoleAdmin}, time.Hour, bearer.MintOptions{Issuer: "other", Audience: "city"})
		wrongAud, _ := bearer.Mint(azSecret, auth.Principal{Role: auth.RoleAdmin}, time.Hour, bearer.MintOptions{Issuer: "liaison", Audience: "other"})
		noExp := azSign(t, jwt.SigningMethodHS256, "", jwt.MapClaims{"role": "admin", "iss": "liaison", "aud": "city"}, azSecret)
		badSig := azSign(t, jwt.SigningMethodHS256, "", azClaims("admin", "", time.Hour), []byte("another-secret-0123456789abcdefghij"))
		none := azSign(t, jwt.SigningMethodNone, "", azClaims("admin", "", time.Hour), jwt.UnsafeAllowNoneSignatureType)
		rs := azSign(t, jwt.SigningMethodRS256, "rsa-1", azClaims("admin", "", time.Hour), rsaKey)
		hs512 := azSign(t, jwt.SigningMethodHS512, "", azClaims("admin", "", time.Hour), azSecret)
		unknownRole := azSign(t, jwt.SigningMethodHS256, "", func() bearer.Claims {
			c := azClaims("root", "", time.Hour)
			c.Issuer, c.Audience = "liaison", jwt.ClaimStrings{"city"}
			return c
		}(), azSecret)
		cadreNoPerson := azSign(t, jwt.SigningMethodHS256, "", func() bearer.Claims {
			c := azClaims("cadre", "", time.Hour)
			c.Issuer, c.Audience = "liaison", jwt.ClaimStrings{"city"}
			return c
		}(), azSecret)
		for name, tok := range map[string]string{"missing": "", "garbage": "not-a-jwt", "expired": expired, "wrong-issuer": wrongIss,
			"wrong-audience": wrongAud, "no-exp": noExp, "bad-signature": badSig, "alg-none": none, "rs256-without-jwks": rs,
			"hs512": hs512, "unknown-role": unknownRole, "cadre-without-person": cadreNoPerson} {
			r := postAs(t, url, tok, q, nil)
			wantCode(t, r, http.StatusUnauthorized, "UNAUTHENTICATED")
			if len(tok) > 20 && strings.Contains(r.Body, tok) {
				t.Errorf("%s: the answer echoes the token", name)
			}
		}
		// Not a bearer scheme.
		req, _ := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Basic YWRtaW46YWRtaW4=")
		wantCode(t, send(t, req), http.StatusUnauthorized, "UNAUTHENTICATED")
	})

	t.Run("JWKSFile", func(t *testing.T) {
		t.Parallel()
		url := startServer(t, db, server.Options{Auth: azVerifier(t, bearer.Config{JWKS: jwksFile})})
		wantOK(t, postAs(t, url, azSign(t, jwt.SigningMethodRS256, "rsa-1", azClaims("officer", "", time.Hour), rsaKey), q, nil))
		wantOK(t, postAs(t, url, azSign(t, jwt.SigningMethodES256, "ec-1", azClaims("analyst", "", time.Hour), ecKey), q, nil))
		// Without a kid, the one key of the algorithm's type.
		wantOK(t, postAs(t, url, azSign(t, jwt.SigningMethodES256, "", azClaims("analyst", "", time.Hour), ecKey), q, nil))
		for name, tok := range map[string]string{
			"other-rsa-key":   azSign(t, jwt.SigningMethodRS256, "rsa-1", azClaims("admin", "", time.Hour), otherRSA),
			"unknown-kid":     azSign(t, jwt.SigningMethodRS256, "rsa-9", azClaims("admin", "", time.Hour), rsaKey),
			"kid-of-ec-key":   azSign(t, jwt.SigningMethodRS256, "ec-1", azClaims("admin", "", time.Hour), rsaKey),
			"hs256-no-secret": azToken(t, auth.Principal{Role: auth.RoleAdmin}),
			// The RSA public key used as an HMAC secret (algorithm confusion).
			"hs256-with-public-key": azSign(t, jwt.SigningMethodHS256, "rsa-1", azClaims("admin", "", time.Hour), rsaKey.PublicKey.N.Bytes()),
			"expired-es256":         azSign(t, jwt.SigningMethodES256, "ec-1", azClaims("admin", "", -time.Minute*5), ecKey),
		} {
			r := postAs(t, url, tok, q, nil)
			if len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" || r.Status != http.StatusUnauthorized {
				t.Errorf("%s: want 401 UNAUTHENTICATED, got %d %s", name, r.Status, r.Body)
			}
		}
	})

	t.Run("JWKSURL", func(t *testing.T) {
		t.Parallel()
		var fetches atomic.Int32
		var doc atomic.Pointer[[]byte]
		first := jwksJSON(jwkOf("rsa-1", rsaKey))
		doc.Store(&first)
		ks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fetches.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.Write(*doc.Load())
		}))
		t.Cleanup(ks.Close)
		v := azVerifier(t, bearer.Config{JWKS: ks.URL, JWKSRefresh: time.Hour})
		url := startServer(t, db, server.Options{Auth: v})
		for range 3 {
			wantOK(t, postAs(t, url, azSign(t, jwt.SigningMethodRS256, "rsa-1", azClaims("admin", "", time.Hour), rsaKey), q, nil))
		}
		if n := fetches.Load(); n != 1 {
			t.Errorf("the JWKS was fetched %d times, want once (cached)", n)
		}
		// A rotated set is picked up once the cache is stale.
		rotated := jwksJSON(jwkOf("ec-2", ecKey))
		doc.Store(&rotated)
		v2 := azVerifier(t, bearer.Config{JWKS: ks.URL, JWKSRefresh: time.Millisecond})
		url2 := startServer(t, db, server.Options{Auth: v2})
		time.Sleep(5 * time.Millisecond)
		wantOK(t, postAs(t, url2, azSign(t, jwt.SigningMethodES256, "ec-2", azClaims("admin", "", time.Hour), ecKey), q, nil))
		// An unreachable JWKS fails at start.
		if _, err := bearer.NewVerifier(context.Background(), bearer.Config{JWKS: "http://127.0.0.1:1/jwks.json"}); err == nil {
			t.Error("NewVerifier with an unreachable JWKS succeeded")
		}
	})

	t.Run("Config", func(t *testing.T) {
		t.Parallel()
		if _, err := bearer.NewVerifier(context.Background(), bearer.Config{}); err == nil {
			t.Error("NewVerifier without secret or JWKS succeeded")
		}
		if _, err := bearer.NewVerifier(context.Background(), bearer.Config{Secret: []byte("short")}); err == nil {
			t.Error("NewVerifier with a short secret succeeded")
		}
	})

	t.Run("DemoTokens", func(t *testing.T) {
		t.Parallel()
		secret := bearer.RandomSecret()
		tokens, err := bearer.DemoTokens(secret, time.Hour, bearer.MintOptions{})
		if err != nil {
			t.Fatal(err)
		}
		url := startServer(t, db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: secret}), DemoTokens: tokens})
		a := httpGet(t, url+"/auth/demo-tokens")
		var got map[string]string
		if err := json.Unmarshal(a.Body, &got); err != nil || a.Status != http.StatusOK {
			t.Fatalf("GET /auth/demo-tokens: %d %v", a.Status, err)
		}
		for _, r := range auth.Roles {
			if got[string(r)] == "" {
				t.Fatalf("no demo token for %s: %v", r, got)
			}
			wantOK(t, postAs(t, url, got[string(r)], q, nil))
		}
		// Outside demo mode the route does not exist.
		url2 := startServer(t, db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: secret})})
		if a := httpGet(t, url2+"/auth/demo-tokens"); a.Status != http.StatusNotFound {
			t.Errorf("GET /auth/demo-tokens outside demo mode: %d, want 404", a.Status)
		}
	})
}

// TestRateLimit: a token over its budget gets 429 RATE_LIMITED; another
// token is not affected.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	url := startServer(t, db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret}), RateLimit: 0.5, RateBurst: 3})
	a := azToken(t, auth.Principal{Subject: "rate-a", Role: auth.RoleAnalyst})
	b := azToken(t, auth.Principal{Subject: "rate-b", Role: auth.RoleAnalyst})
	for i := range 3 {
		if r := postAs(t, url, a, `{ __typename }`, nil); r.Status != http.StatusOK {
			t.Fatalf("request %d within the burst: %d %s", i, r.Status, r.Body)
		}
	}
	r := postAs(t, url, a, `{ __typename }`, nil)
	wantCode(t, r, http.StatusTooManyRequests, server.CodeRateLimited)
	wantOK(t, postAs(t, url, b, `{ __typename }`, nil))
}

// TestDepthLimit: a query nested deeper than MaxDepth is TOO_COMPLEX, also
// through fragments; GraphiQL's introspection passes, an endless one not.
func TestDepthLimit(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	url := startServer(t, db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret}), MaxDepth: 6, Introspection: true})
	tok := azToken(t, auth.Principal{Role: auth.RoleAdmin})
	// units 1, edges 2, node 3, members 4, edges 5, node 6, id 7.
	deep := `{ units(first: 1) { edges { node { members(first: 1) { edges { node { id } } } } } } }`
	r := postAs(t, url, tok, deep, nil)
	wantCode(t, r, 0, "TOO_COMPLEX")
	if !strings.Contains(r.Errors[0].Message, "7 levels") {
		t.Errorf("message %q does not say the depth", r.Errors[0].Message)
	}
	wantCode(t, postAs(t, url, tok, `query { units(first: 1) { ...U } } fragment U on UnitConnection { edges { node { ...N } } }
fragment N on Unit { members(first: 1) { edges { node { id } } } }`, nil), 0, "TOO_COMPLEX")
	wantOK(t, postAs(t, url, tok, `{ units(first: 1) { edges { node { members(first: 1) { totalCount } } } } }`, nil))
	wantOK(t, postAs(t, url, tok, introspectionQuery, nil))
	endless := `{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } } } } } }`
	// gqlparser's validation already refuses it (INVALID_INPUT); the depth
	// limit would otherwise.
	if r := postAs(t, url, tok, endless, nil); len(r.Errors) == 0 || (r.Errors[0].Code() != "TOO_COMPLEX" && r.Errors[0].Code() != "INVALID_INPUT") {
		t.Errorf("endless introspection: %d %s", r.Status, r.Body)
	}
}

// introspectionQuery is GraphiQL's schema query.
const introspectionQuery = `query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
  types { ...FullType } directives { name description locations args { ...InputValue } } } }
fragment FullType on __Type { kind name description fields(includeDeprecated: true) { name description args { ...InputValue }
  type { ...TypeRef } isDeprecated deprecationReason } inputFields { ...InputValue } interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }`
