package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/server"
)

// authConfig is the authentication part of the configuration.
type authConfig struct {
	secret    string        // LIAISON_JWT_SECRET
	jwks      string        // LIAISON_JWKS: file or URL
	issuer    string        // LIAISON_JWT_ISSUER
	audience  string        // LIAISON_JWT_AUDIENCE
	demo      bool          // LIAISON_DEMO
	rateLimit float64       // LIAISON_RATE_LIMIT, requests/s per token; negative: none
	rateBurst int           // LIAISON_RATE_BURST
	maxDepth  int           // LIAISON_MAX_DEPTH
	demoTTL   time.Duration // lifetime of the demo tokens
}

func loadAuthConfig(getenv func(string) string) (authConfig, error) {
	a := authConfig{secret: getenv("LIAISON_JWT_SECRET"), jwks: getenv("LIAISON_JWKS"),
		issuer: getenv("LIAISON_JWT_ISSUER"), audience: getenv("LIAISON_JWT_AUDIENCE"), demoTTL: 7 * 24 * time.Hour}
	var err error
	if v := getenv("LIAISON_DEMO"); v != "" {
		if a.demo, err = strconv.ParseBool(v); err != nil {
			return a, fmt.Errorf("LIAISON_DEMO: %q is not true or false", v)
		}
	}
	if v := getenv("LIAISON_RATE_LIMIT"); v != "" {
		if a.rateLimit, err = strconv.ParseFloat(v, 64); err != nil || a.rateLimit == 0 {
			return a, fmt.Errorf("LIAISON_RATE_LIMIT: %q is not a number of requests per second (negative: no limit)", v)
		}
	}
	if v := getenv("LIAISON_RATE_BURST"); v != "" {
		if a.rateBurst, err = strconv.Atoi(v); err != nil || a.rateBurst < 1 {
			return a, fmt.Errorf("LIAISON_RATE_BURST: %q is not a positive integer", v)
		}
	}
	if v := getenv("LIAISON_MAX_DEPTH"); v != "" {
		if a.maxDepth, err = strconv.Atoi(v); err != nil || a.maxDepth < 1 {
			return a, fmt.Errorf("LIAISON_MAX_DEPTH: %q is not a positive integer", v)
		}
	}
	if a.secret != "" && len(a.secret) < bearer.MinSecretLen {
		return a, fmt.Errorf("LIAISON_JWT_SECRET: must be at least %d bytes, got %d", bearer.MinSecretLen, len(a.secret))
	}
	return a, nil
}

// serverAuth builds the server's authentication options. Outside demo
// mode a secret or a JWKS is required. In demo mode, without a secret one
// is generated, and one token per role is printed to stdout and served at
// /auth/demo-tokens.
func serverAuth(ctx context.Context, a authConfig, stdout io.Writer) (server.Options, error) {
	var o server.Options
	secret := []byte(a.secret)
	if a.demo && len(secret) == 0 {
		secret = bearer.RandomSecret()
	}
	if len(secret) == 0 && a.jwks == "" {
		return o, errors.New("no authentication configured: set LIAISON_JWT_SECRET (HS256, at least 32 bytes) or LIAISON_JWKS (RS256/ES256 keys, a file or URL), or LIAISON_DEMO=true for a local demo")
	}
	v, err := bearer.NewVerifier(ctx, bearer.Config{Secret: secret, JWKS: a.jwks, Issuer: a.issuer, Audience: a.audience})
	if err != nil {
		return o, err
	}
	o.Auth, o.RateLimit, o.RateBurst, o.MaxDepth = v, a.rateLimit, a.rateBurst, a.maxDepth
	if a.demo {
		tokens, err := bearer.DemoTokens(secret, a.demoTTL, bearer.MintOptions{Issuer: a.issuer, Audience: a.audience})
		if err != nil {
			return o, err
		}
		o.DemoTokens = tokens
		fmt.Fprintf(stdout, "demo mode: tokens valid for %s (also at GET /auth/demo-tokens); send one as Authorization: Bearer <token>\n", a.demoTTL)
		for _, r := range auth.Roles {
			who := ""
			if p := auth.DemoPrincipals[r].Person; p != "" {
				who = " (" + p + ")"
			}
			fmt.Fprintf(stdout, "  %-8s%s %s\n", r, who, tokens[r])
		}
	}
	return o, nil
}

// tokenCmd mints an HS256 token with LIAISON_JWT_SECRET for local use:
//
//	liaison token --role R [--person ID] [--unit ID] [--subject S] [--ttl 24h]
func tokenCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("token", stderr)
	role := fs.String("role", "", "admin, officer, cadre or analyst")
	person := fs.String("person", "", "the person id (required for cadre; lets an officer log interactions)")
	unit := fs.String("unit", "", "the unit id")
	subject := fs.String("subject", "", "the sub claim (default: role[:person])")
	ttl := fs.Duration("ttl", 24*time.Hour, "how long the token is valid")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := loadAuthConfig(getenv)
	if err != nil {
		return err
	}
	if a.secret == "" {
		return errors.New("LIAISON_JWT_SECRET is not set: the token is signed with it")
	}
	r, err := auth.ParseRole(*role)
	if err != nil {
		return fmt.Errorf("--role: %w", err)
	}
	tok, err := bearer.Mint([]byte(a.secret), auth.Principal{Subject: *subject, Role: r, Person: *person, Unit: *unit}, *ttl,
		bearer.MintOptions{Issuer: a.issuer, Audience: a.audience})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	return nil
}
