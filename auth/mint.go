package auth

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MintOptions are the optional claims of a minted token.
type MintOptions struct {
	Issuer   string
	Audience string
	// Now is the issue time; zero means time.Now().
	Now time.Time
}

// Mint signs an HS256 token for p, valid for ttl.
func Mint(secret []byte, p Principal, ttl time.Duration, o MintOptions) (string, error) {
	if len(secret) < MinSecretLen {
		return "", fmt.Errorf("auth: the JWT secret must be at least %d bytes, got %d", MinSecretLen, len(secret))
	}
	if err := p.check(); err != nil {
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
		c.Subject = p.defaultSubject()
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

// DemoPrincipals are the principals of the demo tokens: one per role; the
// cadre is 张三 (per_demo-1, of 国家发展和改革委员会 unt_demo-1) and the
// officer 李四 (per_demo-2, of 北京市科学技术委员会 unt_demo-17) of the
// demo graph.
var DemoPrincipals = map[Role]Principal{
	RoleAdmin:   {Subject: "demo-admin", Role: RoleAdmin},
	RoleOfficer: {Subject: "demo-officer", Role: RoleOfficer, Person: "per_demo-2", Unit: "unt_demo-17"},
	RoleCadre:   {Subject: "demo-cadre", Role: RoleCadre, Person: "per_demo-1", Unit: "unt_demo-1"},
	RoleAnalyst: {Subject: "demo-analyst", Role: RoleAnalyst},
}

// DemoTokens mints one token per role (DemoPrincipals).
func DemoTokens(secret []byte, ttl time.Duration, o MintOptions) (map[Role]string, error) {
	out := map[Role]string{}
	for _, r := range Roles {
		t, err := Mint(secret, DemoPrincipals[r], ttl, o)
		if err != nil {
			return nil, err
		}
		out[r] = t
	}
	return out, nil
}
