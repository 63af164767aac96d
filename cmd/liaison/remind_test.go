package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
)

// TestRemind: `liaison remind --person ID` prints the person's reconnect
// suggestions and the cohort postings ending within 60 days, the same
// list as the calendar feed (which --ics prints).
func TestRemind(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	ctx := context.Background()
	tag := neo4jtest.Tag()
	var ids []string
	neo4jtest.Cleanup(t, db, &ids)
	person := func(name string) string { return neo4jtest.Person(t, db, &ids, name+tag) }
	unit := func(name string) string {
		u, err := db.CreateUnit(ctx, graph.CreateUnitInput{Name: name + tag, Kind: graph.UnitOther})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
		return u.ID
	}
	me, colleague := person("提醒本人"), person("提醒同事")
	host, home := unit("提醒接收单位"), unit("提醒派出单位")
	today := graph.Today()
	leave := today.AddDate(0, 0, 20)
	for _, p := range []struct {
		id       string
		from, to time.Time
	}{{me, today.AddDate(-1, 0, 0), time.Time{}}, {colleague, today.AddDate(0, -10, 0), leave}} {
		in := graph.AddPostingInput{PersonID: p.id, HostUnitID: host, DispatchingUnitID: home, Title: "副主任", From: p.from}
		if !p.to.IsZero() {
			in.To = &p.to
		}
		if _, err := db.AddPosting(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	c := neo4jtest.Config(t)
	getenv := func(k string) string {
		return map[string]string{"NEO4J_URI": c.URI, "NEO4J_USER": c.User, "NEO4J_PASSWORD": c.Password}[k]
	}
	var out, errb bytes.Buffer
	if err := remindCmd(ctx, []string{"--person", me}, getenv, &out, &errb); err != nil {
		t.Fatalf("remind: %v\n%s", err, errb.String())
	}
	text := out.String()
	for _, want := range []string{
		today.Format(time.DateOnly) + "  reconnect  联系 提醒同事" + tag,
		leave.Format(time.DateOnly) + "  leaving    提醒同事" + tag + " 挂职期满",
		"在其离开前见一面",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	out.Reset()
	if err := remindCmd(ctx, []string{"--person", me, "--ics"}, getenv, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.HasPrefix(s, "BEGIN:VCALENDAR\r\n") || strings.Count(s, "BEGIN:VEVENT") != 2 {
		t.Errorf("--ics:\n%s", s)
	}
	if err := remindCmd(ctx, []string{"--person", "unt_x"}, getenv, &out, &errb); err == nil || !strings.Contains(err.Error(), "--person") {
		t.Errorf("a unit id: %v, want an error naming --person", err)
	}
}
