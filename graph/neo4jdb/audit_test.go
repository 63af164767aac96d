package neo4jdb_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
)

// TestAuditTrail: a write whose context asks for an audit records it in
// its own transaction; one without leaves nothing; a merge records both
// people; a failing audit rolls the write back.
func TestAuditTrail(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	tag := neo4jtest.Tag()
	var ids []string
	neo4jtest.Cleanup(t, db, &ids)
	t.Cleanup(func() {
		db.Exec(context.Background(), `MATCH (a:Audit) WHERE a.entityId IN $ids DELETE a`, map[string]any{"ids": ids})
	})
	who := &auth.Principal{Subject: "auditor", Role: auth.RoleAdmin}
	audited := func(op string, entities ...string) context.Context {
		return auth.WithAudit(auth.WithPrincipal(context.Background(), who), auth.AuditRequest{Operation: op, EntityIDs: entities})
	}
	records := func(id string) []*auth.AuditEntry {
		t.Helper()
		l, err := db.FindAudit(context.Background(), auth.AuditFilter{EntityID: &id}, graph.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return l.Items
	}
	plain, err := db.CreatePerson(context.Background(), graph.CreatePersonInput{Name: "无审计" + tag})
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, plain.ID)
	if n := len(records(plain.ID)); n != 0 {
		t.Errorf("a write without an audit request left %d records", n)
	}
	keep, err := db.CreatePerson(audited("createPerson"), graph.CreatePersonInput{Name: "保留" + tag})
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, keep.ID)
	if got := records(keep.ID); len(got) != 1 || got[0].Actor != "auditor" || got[0].Before != "" || !strings.Contains(got[0].After, "保留") {
		t.Errorf("createPerson audit: %+v", got)
	}
	bio := "合并来的简介"
	remove, err := db.CreatePerson(context.Background(), graph.CreatePersonInput{Name: "移除" + tag, Bio: &bio})
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, remove.ID)
	if _, err := db.MergePeople(audited("mergePeople", keep.ID, remove.ID), keep.ID, remove.ID); err != nil {
		t.Fatal(err)
	}
	k, r := records(keep.ID), records(remove.ID)
	if len(k) != 2 || k[0].Operation != "mergePeople" || strings.Contains(k[0].Before, bio) || !strings.Contains(k[0].After, bio) {
		t.Errorf("merge audit of keep: %+v", k)
	}
	if len(r) != 1 || r[0].Before == "" || r[0].After != "" {
		t.Errorf("merge audit of remove: %+v", r)
	}

	db.SetAuditFault(func(string) error { return errors.New("simulated") })
	defer db.SetAuditFault(nil)
	name := "不该改名" + tag
	if _, err := db.UpdatePerson(audited("updatePerson", keep.ID), keep.ID, graph.UpdatePersonInput{Name: &name}); err == nil {
		t.Fatal("update with a failing audit succeeded")
	}
	p, err := db.FindPersonByID(context.Background(), keep.ID)
	if err != nil || p.Name != "保留"+tag {
		t.Errorf("the update happened although its audit failed: %v %v", p, err)
	}
	// Without an audit request the fault is never reached.
	if _, err := db.UpdatePerson(context.Background(), keep.ID, graph.UpdatePersonInput{Name: &name}); err != nil {
		t.Errorf("unaudited update: %v", err)
	}
}
