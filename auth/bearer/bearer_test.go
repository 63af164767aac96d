package bearer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/graph"
)

func TestMintVerify(t *testing.T) {
	secret := bearer.RandomSecret()
	v, err := bearer.NewVerifier(context.Background(), bearer.Config{Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := bearer.Mint(secret, auth.Principal{Role: auth.RoleCadre, Person: "per_demo-1", Unit: "unt_demo-3"}, time.Minute, bearer.MintOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != auth.RoleCadre || p.Person != "per_demo-1" || p.Unit != "unt_demo-3" || p.Subject != "cadre:per_demo-1" {
		t.Errorf("principal %+v", p)
	}
	if !p.Can(auth.ReadNetwork, "per_demo-1") || p.Can(auth.ReadNetwork, "per_demo-2") || p.Can(auth.ReadPaths) {
		t.Errorf("cadre scopes wrong")
	}
	old, _ := bearer.Mint(secret, auth.Principal{Role: auth.RoleAdmin}, time.Minute, bearer.MintOptions{Now: time.Now().Add(-time.Hour)})
	_, err = v.Verify(context.Background(), old)
	if graph.ErrorCode(err) != graph.CodeUnauthenticated || !strings.Contains(graph.ErrorMessage(err), "expired") {
		t.Errorf("expired token: %v", err)
	}
	for _, bad := range []auth.Principal{{Role: "root"}, {Role: auth.RoleCadre}, {Role: auth.RoleOfficer, Person: "unt_x"}} {
		if _, err := bearer.Mint(secret, bad, time.Minute, bearer.MintOptions{}); err == nil {
			t.Errorf("minted a token for %+v", bad)
		}
	}
	demo, err := bearer.DemoTokens(secret, time.Minute, bearer.MintOptions{})
	if err != nil || len(demo) != len(auth.Roles) {
		t.Fatalf("demo tokens: %v %v", demo, err)
	}
	if p, err := v.Verify(context.Background(), demo[auth.RoleCadre]); err != nil || p.Person != "per_demo-1" {
		t.Errorf("demo cadre: %+v %v", p, err)
	}
}
