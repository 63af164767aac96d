package bearer

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/liaison/liaison/auth"
)

// MintOptions are the optional claims of a minted token.
type MintOptions struct {
	Issuer   string
	Audience string
	// Now is the issue time; zero means time.Now().
	Now time.Time
}

// Mint signs an HS256 token for p, valid for ttl.
func Mint(secret []byte, p auth.Principal, ttl time.Duration, o MintOptions) (string, error) {
	if len(secret) < MinSecretLen {
		return "", fmt.Errorf("auth: the JWT secret must be at least %d bytes, got %d", MinSecretLen, len(secret))
	}
	if err := p.Validate(); err != nil {
		return "", fmt.Errorf("auth: %w", err)
	}
	if ttl <= 0 {
		return "", fmt.Errorf("auth: ttl must be positive, got %s", ttl)
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	c := Claims{Role: string(p.Role), Unit: p.Unit, Person: p.Person, RegisteredClaims: jwt.RegisteredClaims{
		Subject:   p.Subject,
		Issuer:    o.Issuer,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	if c.Subject == "" {
		c.Subject = p.DefaultSubject()
	}
	if o.Audience != "" {
		c.Audience = jwt.ClaimStrings{o.Audience}
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
}

// RandomSecret returns a new random HS256 secret (demo mode).
func RandomSecret() []byte {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return []byte(hex.EncodeToString(b[:]))
}

// DemoTokens mints one token per role (auth.DemoPrincipals).
func DemoTokens(secret []byte, ttl time.Duration, o MintOptions) (map[auth.Role]string, error) {
	out := map[auth.Role]string{}
	for _, r := range auth.Roles {
		t, err := Mint(secret, auth.DemoPrincipals[r], ttl, o)
		if err != nil {
			return nil, err
		}
		out[r] = t
	}
	return out, nil
}
