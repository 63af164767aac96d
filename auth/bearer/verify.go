// Package bearer verifies and mints the bearer tokens (JWT) whose claims
// become an auth.Principal. It is the only package that links the JWT
// library; the domain of roles, principals and the matrix is package auth.
package bearer

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// MinSecretLen is the shortest HS256 secret accepted, in bytes.
const MinSecretLen = 32

// Config says which tokens a Verifier accepts.
type Config struct {
	// Secret verifies HS256 tokens (LIAISON_JWT_SECRET).
	Secret []byte
	// JWKS is a file path or an http(s) URL of a JSON Web Key Set whose
	// RSA and P-256 keys verify RS256 and ES256 tokens (LIAISON_JWKS).
	JWKS string
	// Issuer and Audience, when set, must match the iss and aud claims.
	Issuer   string
	Audience string
	// Leeway is the clock skew allowed on exp, nbf and iat; 0 means 30 s.
	Leeway time.Duration
	// HTTPClient fetches a JWKS URL; nil means a client with a 5 s timeout.
	HTTPClient *http.Client
	// JWKSRefresh is how long a fetched JWKS is used before it is fetched
	// again; 0 means 10 minutes. An unknown kid refetches at most every
	// 10 seconds.
	JWKSRefresh time.Duration
}

// Claims are the claims of a Liaison token.
type Claims struct {
	Role   string `json:"role"`
	Unit   string `json:"unit,omitempty"`
	Person string `json:"person,omitempty"`
	jwt.RegisteredClaims
}

// Verifier checks bearer tokens. It is safe for concurrent use.
type Verifier struct {
	secret  []byte
	keys    *keySet
	parser  *jwt.Parser
	methods []string
}

// NewVerifier checks the configuration and, for a JWKS, loads it once so
// that a wrong path or URL fails at start.
func NewVerifier(ctx context.Context, cfg Config) (*Verifier, error) {
	if len(cfg.Secret) == 0 && cfg.JWKS == "" {
		return nil, errors.New("auth: neither a JWT secret nor a JWKS is configured")
	}
	v := &Verifier{}
	if len(cfg.Secret) > 0 {
		if len(cfg.Secret) < MinSecretLen {
			return nil, fmt.Errorf("auth: the JWT secret must be at least %d bytes, got %d", MinSecretLen, len(cfg.Secret))
		}
		v.secret = append([]byte(nil), cfg.Secret...)
		v.methods = append(v.methods, jwt.SigningMethodHS256.Alg())
	}
	if cfg.JWKS != "" {
		ks := &keySet{src: cfg.JWKS, client: cfg.HTTPClient, ttl: cfg.JWKSRefresh}
		if ks.client == nil {
			ks.client = &http.Client{Timeout: 5 * time.Second}
		}
		if ks.ttl <= 0 {
			ks.ttl = 10 * time.Minute
		}
		if err := ks.refresh(ctx); err != nil {
			return nil, fmt.Errorf("auth: JWKS %s: %w", cfg.JWKS, err)
		}
		v.keys = ks
		v.methods = append(v.methods, jwt.SigningMethodRS256.Alg(), jwt.SigningMethodES256.Alg())
	}
	leeway := cfg.Leeway
	if leeway <= 0 {
		leeway = 30 * time.Second
	}
	opts := []jwt.ParserOption{jwt.WithValidMethods(v.methods), jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithLeeway(leeway)}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	v.parser = jwt.NewParser(opts...)
	return v, nil
}

// Verify checks a token and returns its principal. Every failure is an
// UNAUTHENTICATED *graph.Error whose message says what is wrong without
// echoing the token.
func (v *Verifier) Verify(ctx context.Context, raw string) (*auth.Principal, error) {
	var c Claims
	_, err := v.parser.ParseWithClaims(raw, &c, func(t *jwt.Token) (any, error) {
		switch alg := t.Method.Alg(); alg {
		case jwt.SigningMethodHS256.Alg():
			if v.secret == nil {
				return nil, errors.New("HS256 is not accepted")
			}
			return v.secret, nil
		case jwt.SigningMethodRS256.Alg(), jwt.SigningMethodES256.Alg():
			if v.keys == nil {
				return nil, fmt.Errorf("%s is not accepted", alg)
			}
			kid, _ := t.Header["kid"].(string)
			return v.keys.lookup(ctx, kid, alg)
		default:
			return nil, fmt.Errorf("%s is not accepted", alg)
		}
	})
	if err != nil {
		return nil, graph.Errorf(graph.CodeUnauthenticated, "invalid token: %s", tokenProblem(err))
	}
	return principalOf(&c)
}

// tokenProblem says in a few words why a token was refused.
func tokenProblem(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "it has expired"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "a required claim (exp) is missing"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "it is not valid yet"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "wrong issuer"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "wrong audience"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "bad signature"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		// The key function's message: algorithm or key not accepted.
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return msg
	}
	return "it could not be verified"
}

func principalOf(c *Claims) (*auth.Principal, error) {
	p := &auth.Principal{Subject: c.Subject, Role: auth.Role(c.Role), Unit: c.Unit, Person: c.Person}
	if err := p.Validate(); err != nil {
		return nil, graph.Errorf(graph.CodeUnauthenticated, "invalid token: %v", err)
	}
	if p.Subject == "" {
		p.Subject = p.DefaultSubject()
	}
	return p, nil
}

// keySet is a JWKS from a file or a URL, cached.
type keySet struct {
	src    string
	client *http.Client
	ttl    time.Duration

	mu      sync.Mutex
	keys    []jwk
	fetched time.Time // last successful load
	tried   time.Time // last attempt
}

type jwk struct {
	kid, alg string
	key      any // *rsa.PublicKey or *ecdsa.PublicKey
}

func (ks *keySet) remote() bool {
	return strings.HasPrefix(ks.src, "http://") || strings.HasPrefix(ks.src, "https://")
}

func (ks *keySet) refresh(ctx context.Context) error {
	ks.tried = time.Now()
	b, err := ks.read(ctx)
	if err != nil {
		return err
	}
	keys, err := parseJWKS(b)
	if err != nil {
		return err
	}
	ks.keys, ks.fetched = keys, time.Now()
	return nil
}

func (ks *keySet) read(ctx context.Context) ([]byte, error) {
	if !ks.remote() {
		return os.ReadFile(ks.src)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ks.src, nil)
	if err != nil {
		return nil, err
	}
	resp, err := ks.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}

// lookup finds the key for a token's kid and algorithm, refetching a
// remote set when it is stale or does not know the kid.
func (ks *keySet) lookup(ctx context.Context, kid, alg string) (any, error) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.remote() {
		stale := time.Since(ks.fetched) > ks.ttl
		unknown := kid != "" && find(ks.keys, kid, alg) == nil && time.Since(ks.tried) > 10*time.Second
		if stale || unknown {
			// A failed refresh keeps the keys we have.
			_ = ks.refresh(ctx)
		}
	}
	if k := find(ks.keys, kid, alg); k != nil {
		return k, nil
	}
	if kid == "" {
		return nil, fmt.Errorf("no single %s key without a kid", alg)
	}
	return nil, fmt.Errorf("unknown key %q", graph.Truncate(kid, 40))
}

func find(keys []jwk, kid, alg string) any {
	var match []any
	for _, k := range keys {
		if (kid != "" && k.kid != kid) || (k.alg != "" && k.alg != alg) || !fits(k.key, alg) {
			continue
		}
		match = append(match, k.key)
	}
	if len(match) == 1 || (kid != "" && len(match) > 0) {
		return match[0]
	}
	return nil
}

func fits(key any, alg string) bool {
	switch k := key.(type) {
	case *rsa.PublicKey:
		return alg == "RS256"
	case *ecdsa.PublicKey:
		return alg == "ES256" && k.Curve == elliptic.P256()
	}
	return false
}

// parseJWKS reads the RSA and EC P-256 public keys of a JWKS document;
// keys of other types, or for encryption, are skipped.
func parseJWKS(b []byte) ([]jwk, error) {
	var doc struct {
		Keys []struct {
			Kty, Kid, Alg, Use, Crv string
			N, E, X, Y              string
		} `json:"keys"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("not a JWKS document: %w", err)
	}
	var out []jwk
	for i, k := range doc.Keys {
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		switch k.Kty {
		case "RSA":
			n, err1 := b64(k.N)
			e, err2 := b64(k.E)
			if err1 != nil || err2 != nil || len(n) == 0 || len(e) == 0 || len(e) > 4 {
				return nil, fmt.Errorf("key %d (%q): bad RSA n or e", i, k.Kid)
			}
			pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
			if pub.N.BitLen() < 2048 {
				return nil, fmt.Errorf("key %d (%q): RSA keys need at least 2048 bits", i, k.Kid)
			}
			out = append(out, jwk{kid: k.Kid, alg: k.Alg, key: pub})
		case "EC":
			if k.Crv != "P-256" {
				continue
			}
			x, err1 := b64(k.X)
			y, err2 := b64(k.Y)
			if err1 != nil || err2 != nil || len(x) != 32 || len(y) != 32 {
				return nil, fmt.Errorf("key %d (%q): bad EC x or y", i, k.Kid)
			}
			// The uncompressed point form lets crypto/ecdh check that the
			// point lies on the curve.
			pt := append(append([]byte{4}, x...), y...)
			pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), pt)
			if err != nil {
				return nil, fmt.Errorf("key %d (%q): %v", i, k.Kid, err)
			}
			out = append(out, jwk{kid: k.Kid, alg: k.Alg, key: pub})
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no RSA or P-256 signing key")
	}
	return out, nil
}

func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
