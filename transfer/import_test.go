package transfer_test

import (
	"context"
	"github.com/liaison/liaison/internal/cyphertext"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/transfer"
)

// These tests share the test Neo4j with others: every id they write
// starts with a tag of their own after the kind prefix, they count and
// export only those ids, and they delete them when they end.

func ptr[T any](v T) *T { return &v }

func day(s string) *time.Time {
	t, err := graph.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return &t
}

// tagged is a small graph with a row in every table, its ids tagged, each
// kind sorted by id as an export sorts it.
func tagged(t *testing.T, tag string) *graph.Batch {
	id := func(k graph.Kind, n string) string {
		s, err := graph.MakeID(k, tag+"-"+n)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	rel := func(n string) string { return graph.RelIDPrefix + "_" + tag + "-" + n }
	city, dist := id(graph.KindRegion, "city"), id(graph.KindRegion, "dist")
	dept, host, min := id(graph.KindUnit, "dept"), id(graph.KindUnit, "host"), id(graph.KindUnit, "min")
	a, b, c := id(graph.KindPerson, "a"), id(graph.KindPerson, "b"), id(graph.KindPerson, "c")
	parent, sub := id(graph.KindCompany, "parent"), id(graph.KindCompany, "sub")
	prj := id(graph.KindProject, "p")
	male := graph.GenderMale
	return &graph.Batch{
		People: []*graph.Person{
			{ID: a, Name: "张三" + tag, NameEn: "Zhang San", Gender: &male, BirthYear: ptr(1982), Expertise: []string{"产业规划", "招商;引资"},
				Bio: "国家发改委干部，\n挂职副县长。", Phone: "13800000001", Email: "zs@example.com", Wechat: "wx_zs", Discoverable: true, ReconnectAfterDays: ptr(90)},
			{ID: b, Name: "李四" + tag, Discoverable: false},
			{ID: c, Name: "王五" + tag, Discoverable: true},
		},
		Units: []*graph.Unit{
			{ID: dept, Name: "发展改革局" + tag, Kind: graph.UnitLocalGovernment, ParentID: host, RegionID: dist},
			{ID: host, Name: "涞水县人民政府" + tag, ShortName: "涞水县政府", Kind: graph.UnitLocalGovernment, RegionID: city},
			{ID: min, Name: "国家发展和改革委员会" + tag, NameEn: "NDRC", Kind: graph.UnitCentralAgency, Description: "宏观调控部门"},
		},
		Regions: []*graph.Region{
			{ID: city, Name: "保定市" + tag, Level: graph.RegionCity, Code: "130600"},
			{ID: dist, Name: "涞水县" + tag, NameEn: "Laishui", Level: graph.RegionCounty, ParentID: city},
		},
		Companies: []*graph.Company{
			{ID: parent, Name: "母公司" + tag, CreditCode: neo4jtest.CreditCode(t, tag), Industry: "制造业"},
			{ID: sub, Name: "子公司" + tag, ParentID: parent, RegionID: dist, Description: "落地涞水"},
		},
		Projects: []*graph.Project{
			{ID: prj, Name: "智能制造基地" + tag, Kind: graph.ProjectInvestment, Status: graph.StatusSigned, Amount: ptr(1.25e8),
				StartDate: day("2023-05-01"), EndDate: day("2026-05-01"), RegionID: dist},
		},
		Relationships: []*graph.Relationship{
			{ID: rel("p1"), Type: graph.RelPostedTo, StartID: a, EndID: host, DispatchingUnitID: min, Title: "副县长", Batch: ptr(2022), From: day("2022-03-01"), Note: "第一批"},
			{ID: rel("m1"), Type: graph.RelMemberOf, StartID: a, EndID: min, Title: "处长", From: day("2015-07-01")},
			{ID: rel("m2"), Type: graph.RelMemberOf, StartID: b, EndID: dept, From: day("2019-01-01"), To: day("2023-12-31")},
			{ID: rel("e1"), Type: graph.RelEmployedBy, StartID: c, EndID: sub, Title: "总经理", From: day("2020-06-01")},
			{ID: rel("l1"), Type: graph.RelLocatedIn, StartID: a, EndID: dist, From: day("2022-03-01")},
			{ID: rel("l2"), Type: graph.RelLocatedIn, StartID: dept, EndID: city, From: day("2010-01-01"), To: day("2018-12-31")},
			{ID: rel("r1"), Type: graph.RelSecured, StartID: a, EndID: prj, From: day("2023-04-01"), Note: "牵线落地"},
			{ID: rel("r2"), Type: graph.RelIntroduced, StartID: b, EndID: prj},
			{ID: rel("i1"), Type: graph.RelInvestsIn, StartID: sub, EndID: prj, Amount: ptr(8e7), From: day("2023-05-01")},
			{ID: rel("s1"), Type: graph.RelSupports, StartID: min, EndID: prj, Note: "政策支持", From: day("2023-06-01")},
			{ID: rel("k1"), Type: graph.RelKnows, StartID: a, EndID: b, From: day("2022-04-01"), How: "同期挂职"},
			{ID: rel("k2"), Type: graph.RelKnows, StartID: b, EndID: c, From: day("2010-09-01"), To: day("2015-01-01")},
		},
		Interactions: []*graph.Interaction{
			{ID: "int_" + tag + "-1", At: time.Date(2024, 5, 1, 1, 30, 0, 0, time.UTC), Kind: graph.InteractionMeeting, Summary: "对接项目",
				ParticipantIDs: []string{a, b}, AboutIDs: []string{sub, prj}, LoggedBy: "tester", LoggedAt: time.Date(2024, 5, 2, 8, 0, 0, 123000000, time.UTC)},
			{ID: "int_" + tag + "-2", At: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Kind: graph.InteractionEvent,
				ParticipantIDs: []string{a, b, c}, LoggedBy: "tester", LoggedAt: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
		},
	}
}

// plant is what most import tests start from: the test database, a tag of
// their own (removed at the end), and the tagged batch written as files
// into a new folder.
func plant(t *testing.T) (db *neo4jdb.DB, tag string, b *graph.Batch, dir string) {
	t.Helper()
	db = neo4jtest.MustOpen(t)
	tag = neo4jtest.Tag()
	cleanupTag(t, db, tag)
	b = tagged(t, tag)
	dir = t.TempDir()
	if err := transfer.Write(dir, b); err != nil {
		t.Fatal(err)
	}
	return db, tag, b, dir
}

// cleanupTag deletes everything with the tag when the test ends.
func cleanupTag(t *testing.T, db *neo4jdb.DB, tag string) {
	for _, k := range graph.Kinds {
		id, _ := graph.MakeID(k, tag)
		neo4jtest.CleanupPrefix(t, db, k.Label(), id)
	}
	neo4jtest.CleanupPrefix(t, db, "Interaction", "int_"+tag)
}

// deleteTag deletes everything with the tag now.
func deleteTag(t *testing.T, db *neo4jdb.DB, tag string) {
	t.Helper()
	for _, k := range graph.Kinds {
		id, _ := graph.MakeID(k, tag)
		if err := db.Exec(context.Background(), cyphertext.Fill(`MATCH (n:{{label}}) WHERE n.id STARTS WITH $p DETACH DELETE n`, "label", k.Label()), map[string]any{"p": id}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Exec(context.Background(), `MATCH (n:Interaction) WHERE n.id STARTS WITH $p DETACH DELETE n`, map[string]any{"p": "int_" + tag}); err != nil {
		t.Fatal(err)
	}
}

// countTag counts the nodes that carry the tag, and the relationships
// that start at them.
func countTag(t *testing.T, db *neo4jdb.DB, tag string) (nodes, rels int64) {
	t.Helper()
	labels := []string{"Interaction"}
	prefixes := []string{"int_" + tag}
	for _, k := range graph.Kinds {
		id, _ := graph.MakeID(k, tag)
		labels, prefixes = append(labels, k.Label()), append(prefixes, id)
	}
	for i, l := range labels {
		rows, err := db.Query(context.Background(), cyphertext.Fill(`MATCH (n:{{label}}) WHERE n.id STARTS WITH $p
RETURN count(n) AS nodes, sum(COUNT { (n)-[]->() }) AS rels`, "label", l), map[string]any{"p": prefixes[i]})
		if err != nil {
			t.Fatal(err)
		}
		nodes += rows[0]["nodes"].(int64)
		rels += rows[0]["rels"].(int64)
	}
	return nodes, rels
}

// importPath reads, checks and imports a folder or workbook, failing the
// test on any problem.
func importPath(t *testing.T, db *neo4jdb.DB, path string) *transfer.ImportResult {
	t.Helper()
	d := readChecked(t, path, db)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	res, err := transfer.Import(context.Background(), db, d, transfer.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func exportTo(t *testing.T, db *neo4jdb.DB, tag, path string) {
	t.Helper()
	w, err := transfer.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Export(context.Background(), neo4jdb.ExportOptions{IDPrefix: tag, PageSize: 3}, w.Add); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// Export, import into a database without the data, export again: the two
// exports are the same bytes, and the same as the files first imported.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	for _, name := range []string{"csv", "book.xlsx"} {
		t.Run(name, func(t *testing.T) {
			tag := neo4jtest.Tag()
			cleanupTag(t, db, tag)
			b := tagged(t, tag)
			dir := t.TempDir()
			files := filepath.Join(dir, "files", name)
			if err := transfer.Write(files, b); err != nil {
				t.Fatal(err)
			}
			res := importPath(t, db, files)
			if res.Stats.Nodes != 11 || res.Stats.Interactions != 2 || res.Ties != 3 {
				t.Errorf("import: %+v, ties of %d people", res.Stats, res.Ties)
			}
			first := filepath.Join(dir, "first", name)
			exportTo(t, db, tag, first)
			if !sameFiles(t, files, first) {
				t.Error("the export differs from the files imported")
			}
			nodes, rels := countTag(t, db, tag)
			deleteTag(t, db, tag)
			if n, _ := countTag(t, db, tag); n != 0 {
				t.Fatalf("%d nodes left after deleting", n)
			}
			importPath(t, db, first)
			if n, r := countTag(t, db, tag); n != nodes || r != rels {
				t.Errorf("after importing the export: %d nodes, %d relationships; before %d, %d", n, r, nodes, rels)
			}
			second := filepath.Join(dir, "second", name)
			exportTo(t, db, tag, second)
			if !sameFiles(t, first, second) {
				t.Error("the second export differs from the first")
			}
		})
	}
}

// A bad row among good ones: the import lists it and writes nothing, not
// even the good rows, and data already there stays as it was.
func TestImportBadRowWritesNothing(t *testing.T) {
	t.Parallel()
	// First into an empty part of the database: only the postings file is
	// bad, so nothing at all may be written.
	db, tag, b, dir := plant(t)
	appendLine(t, filepath.Join(dir, "postings.csv"), "rel_"+tag+"-bad,per_"+tag+"-a,unt_"+tag+"-host,unt_"+tag+"-host,副县长,,2022-03-01,,")
	d, err := transfer.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CheckDatabase(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	if len(d.Errors) != 1 || d.Errors[0].Line != 3 || d.Errors[0].Column != 4 || !strings.HasSuffix(d.Errors[0].File, "postings.csv") ||
		d.Errors[0].Reason != "must differ from the host unit" {
		t.Fatalf("problems: %v", d.Errors)
	}
	if _, err := transfer.Import(context.Background(), db, d, transfer.ImportOptions{}); err == nil {
		t.Fatal("Import of data with a problem succeeded")
	}
	if n, r := countTag(t, db, tag); n != 0 || r != 0 {
		t.Fatalf("a failed import wrote %d nodes and %d relationships", n, r)
	}

	// Then over data already loaded: a changed name and a bad reference.
	if err := transfer.Write(dir, b); err != nil {
		t.Fatal(err)
	}
	importPath(t, db, dir)
	before := neo4jtest.Fingerprint(t, db, tag)
	b.People[0].Name = "张三丰" + tag
	if err := transfer.Write(dir, b); err != nil {
		t.Fatal(err)
	}
	appendLine(t, filepath.Join(dir, "memberships.csv"), "rel_"+tag+"-m9,per_"+tag+"-nobody,unt_"+tag+"-min,,,")
	d, err = transfer.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CheckDatabase(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	if len(d.Errors) != 1 || d.Errors[0].Line != 4 || d.Errors[0].Header != "personId" ||
		d.Errors[0].Reason != "per_"+tag+"-nobody is neither in people nor in the database" {
		t.Fatalf("problems: %v", d.Errors)
	}
	if _, err := transfer.Import(context.Background(), db, d, transfer.ImportOptions{}); err == nil {
		t.Fatal("Import of data with a problem succeeded")
	}
	if after := neo4jtest.Fingerprint(t, db, tag); after != before {
		t.Errorf("a failed import changed the database:\n%s\n%s", before, after)
	}
}

func appendLine(t *testing.T, path, line string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		t.Fatal(err)
	}
}

// Importing the same ids again updates: a new name, a posting moved to
// another host unit, and no second node or relationship.
func TestReimportUpdates(t *testing.T) {
	t.Parallel()
	db, tag, b, dir := plant(t)
	ctx := context.Background()
	importPath(t, db, dir)
	nodes, rels := countTag(t, db, tag)
	a := b.People[0].ID
	ties, err := db.FindTies(ctx, []string{a}, graph.Page{Limit: 10})
	if err != nil || ties[a] == nil || ties[a].TotalCount == 0 {
		t.Errorf("no ties after the import: %v, %v", ties[a], err)
	}

	b.People[0].Name = "张三丰" + tag
	b.Relationships[0].EndID = b.Units[0].ID // the posting moves from host to dept
	if err := transfer.Write(dir, b); err != nil {
		t.Fatal(err)
	}
	res := importPath(t, db, dir)
	if res.Moved != 1 {
		t.Errorf("%d relationships moved, want 1", res.Moved)
	}
	if n, r := countTag(t, db, tag); n != nodes || r != rels {
		t.Errorf("after importing again: %d nodes, %d relationships; before %d, %d", n, r, nodes, rels)
	}
	p, err := db.FindPersonByID(ctx, a)
	if err != nil || p.Name != "张三丰"+tag {
		t.Errorf("person after the update: %+v, %v", p, err)
	}
	rows, err := db.Query(ctx, `MATCH (:Person)-[r:POSTED_TO {id: $id}]->(u) RETURN u.id AS unit`, map[string]any{"id": b.Relationships[0].ID})
	if err != nil || len(rows) != 1 || rows[0]["unit"] != b.Units[0].ID {
		t.Errorf("postings with the id after the move: %v, %v", rows, err)
	}

	// A file of relationships alone, between entities in the database.
	only := t.TempDir()
	if err := os.WriteFile(filepath.Join(only, "acquaintances.csv"), []byte("id,personId,otherId,since\nrel_"+tag+"-k3,"+b.People[0].ID+","+b.People[2].ID+",2021-01-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	importPath(t, db, filepath.Join(only, "acquaintances.csv")) // one file alone
	if _, r := countTag(t, db, tag); r <= rels {
		t.Errorf("the acquaintance was not added: %d relationships, %d before", r, rels)
	}
}

// TestImportKey: an import with the files' key (what `liaison import`
// sends) that stopped halfway, repeated, writes only the chunks that were
// not written; repeated once more it writes nothing; without the key the
// same files are written again.
func TestImportKey(t *testing.T) {
	t.Parallel()
	db, tag, b, dir := plant(t)
	ctx := context.Background()
	key, err := transfer.ContentKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = db.Exec(context.Background(), `MATCH (k:IdempotencyKey) WHERE k.id STARTS WITH $key DELETE k`, map[string]any{"key": key + "/"})
	})
	if again, _ := transfer.ContentKey(dir); again != key || !strings.HasPrefix(key, "import:") {
		t.Fatalf("ContentKey: %q then %q", key, again)
	}
	d, err := transfer.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CheckDatabase(ctx, db); err != nil || d.Err() != nil {
		t.Fatal(err, d.Err())
	}
	// The first attempt stops after its first chunk (the regions).
	stopCtx, stop := context.WithCancel(ctx)
	_, err = transfer.Import(stopCtx, db, d, transfer.ImportOptions{Key: key, SkipTies: true, Progress: func(done, total int) { stop() }})
	if err == nil {
		t.Fatal("the interrupted import succeeded")
	}
	stop()
	region := b.Regions[0].ID
	rename := func(id, name string) {
		if err := db.Exec(ctx, `MATCH (n:Entity {id: $id}) SET n.name = $name`, map[string]any{"id": id, "name": name}); err != nil {
			t.Fatal(err)
		}
	}
	nameOf := func(id string) string {
		rows, err := db.Query(ctx, `MATCH (n:Entity {id: $id}) RETURN n.name AS name`, map[string]any{"id": id})
		if err != nil || len(rows) != 1 {
			t.Fatalf("%s: %v %v", id, rows, err)
		}
		return rows[0]["name"].(string)
	}
	rename(region, "改名"+tag)
	if nodes, _ := countTag(t, db, tag); nodes != int64(len(b.Regions)) {
		t.Fatalf("after the interrupted import: %d nodes, want the %d regions", nodes, len(b.Regions))
	}
	// Repeated: the regions' chunk is skipped (the rename stays), the rest
	// is written.
	if _, err := transfer.Import(ctx, db, d, transfer.ImportOptions{Key: key, SkipTies: true}); err != nil {
		t.Fatal(err)
	}
	if got := nameOf(region); got != "改名"+tag {
		t.Errorf("region name %q after the repeated import, want the rename kept (its chunk was written before)", got)
	}
	nodes, rels := countTag(t, db, tag)
	if nodes != int64(b.Nodes()+len(b.Interactions)) {
		t.Errorf("%d nodes after the repeated import, want %d", nodes, b.Nodes()+len(b.Interactions))
	}
	// Once more: nothing is written.
	person := b.People[0].ID
	rename(person, "又改"+tag)
	if _, err := transfer.Import(ctx, db, d, transfer.ImportOptions{Key: key, SkipTies: true}); err != nil {
		t.Fatal(err)
	}
	if got := nameOf(person); got != "又改"+tag {
		t.Errorf("person name %q after a third import with the key, want it untouched", got)
	}
	if n, r := countTag(t, db, tag); n != nodes || r != rels {
		t.Errorf("a third import with the key: %d nodes, %d relationships; before %d, %d", n, r, nodes, rels)
	}
	// Without the key the files are written again.
	if _, err := transfer.Import(ctx, db, d, transfer.ImportOptions{SkipTies: true}); err != nil {
		t.Fatal(err)
	}
	if got := nameOf(person); got != b.People[0].Name {
		t.Errorf("person name %q after an import without the key, want %q", got, b.People[0].Name)
	}
}
