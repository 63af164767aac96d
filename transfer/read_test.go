package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/seed"
	"github.com/liaison/liaison/transfer"
	"github.com/xuri/excelize/v2"
)

// writeFiles writes CSV files into a new folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.TrimLeft(content, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fakeDB answers CheckImport from maps and records what an import writes.
type fakeDB struct {
	existing map[string]bool
	owners   map[string]string
	checks   int
	asked    []string
	loaded   []*graph.Batch
	ties     [][]string
	failTies int // RecomputeTies fails for chunks larger than this
}

func (f *fakeDB) CheckImport(_ context.Context, ids, codes []string) (map[string]bool, map[string]string, error) {
	f.checks++
	f.asked = append(f.asked, ids...)
	ex := map[string]bool{}
	for _, id := range ids {
		if f.existing[id] {
			ex[id] = true
		}
	}
	own := map[string]string{}
	for _, c := range codes {
		if o, ok := f.owners[c]; ok {
			own[c] = o
		}
	}
	return ex, own, nil
}

func (f *fakeDB) DeleteMovedRelationships(context.Context, []*graph.Relationship) ([]string, error) {
	return nil, nil
}

func (f *fakeDB) Load(_ context.Context, b *graph.Batch, progress graph.Progress) (*graph.LoadStats, error) {
	f.loaded = append(f.loaded, b)
	n := b.Nodes() + len(b.Relationships) + len(b.Interactions)
	if progress != nil {
		progress(n, n)
	}
	return &graph.LoadStats{Nodes: b.Nodes(), Relationships: len(b.Relationships), Interactions: len(b.Interactions)}, nil
}

func (f *fakeDB) RecomputeTies(_ context.Context, ids []string) error {
	if f.failTies > 0 && len(ids) > f.failTies {
		return errors.New("transaction memory limit")
	}
	f.ties = append(f.ties, ids)
	return nil
}

// readChecked reads dir and checks it against db, failing the test on an
// error of either (problems of the data are in d.Errors).
func readChecked(t *testing.T, dir string, db transfer.Lookup) *transfer.Data {
	t.Helper()
	d, err := transfer.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CheckDatabase(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return d
}

// problems lists the data's errors with the folder taken out of the file
// names.
func problems(d *transfer.Data, dir string) []string {
	var out []string
	for _, e := range d.Errors {
		out = append(out, strings.TrimPrefix(e.Error(), dir+string(filepath.Separator)))
	}
	return out
}

// expect checks that the problems are exactly want, in order: each want is
// the start of one problem ("file:line:column: header: reason...").
func expect(t *testing.T, got, want []string) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestReadChineseAndEnglishHeaders(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"人员.csv": `
ID,姓名,英文名,性别,出生年份,专长,简介,电话,邮箱,微信,可被发现,重新联系天数
per_h-1,张三,Zhang San,男,1982,产业规划；招商引资,国家发改委干部,138 0000 0001,zs@example.com,wx_zs,是,90
per_h-2,  李四 ,,FEMALE,,,,,,,否,
`,
		"units.csv": `
ID,name,KIND,上级单位ID,regionid
unt_h-1,国家发展和改革委员会,central agency,,
unt_h-2,涞水县人民政府,LOCAL_GOVERNMENT,,reg_h-1
`,
		"regions.csv": "id,名称,level,区划代码\nreg_h-1,涞水县,COUNTY,130623\n",
		"postings.csv": `
ID,人员ID,挂职单位ID,派出单位ID,挂职职务,批次,开始日期,结束日期,备注
rel_h-1,per_h-1,unt_h-2,unt_h-1,副县长,,2022/3/1,,第一批
`,
		"interactions.csv": `
id,时间,类型,摘要,参与人员ID,涉及对象ID
int_h-1,2024-05-01T09:30:00+08:00,MEETING,对接项目,per_h-1;per_h-2,unt_h-2
`,
		"README.txt": "not a CSV file: ignored",
	})
	db := &fakeDB{}
	d := readChecked(t, dir, db)
	if len(d.Errors) > 0 {
		t.Fatalf("problems: %v", d.Errors)
	}
	if db.checks != 0 {
		t.Errorf("the database was asked %d times though the files define every id", db.checks)
	}
	b := d.Batch
	if d.Rows != 7 || len(b.People) != 2 || len(b.Units) != 2 || len(b.Regions) != 1 || len(b.Relationships) != 1 || len(b.Interactions) != 1 {
		t.Fatalf("read %d rows: %d people, %d units, %d regions, %d relationships, %d interactions", d.Rows, len(b.People), len(b.Units),
			len(b.Regions), len(b.Relationships), len(b.Interactions))
	}
	zs, ls := b.People[0], b.People[1]
	if zs.Name != "张三" || zs.NameEn != "Zhang San" || *zs.Gender != graph.GenderMale || *zs.BirthYear != 1982 ||
		!slices.Equal(zs.Expertise, []string{"产业规划", "招商引资"}) || !zs.Discoverable || *zs.ReconnectAfterDays != 90 || zs.Phone != "138 0000 0001" {
		t.Errorf("person with Chinese headers = %+v", zs)
	}
	if ls.Name != "李四" || ls.Discoverable || *ls.Gender != graph.GenderFemale || ls.BirthYear != nil {
		t.Errorf("second person = %+v", ls)
	}
	if u := b.Units[0]; u.Kind != graph.UnitCentralAgency {
		t.Errorf("unit kind %q", u.Kind)
	}
	if u := b.Units[1]; u.RegionID != "reg_h-1" {
		t.Errorf("unit region %q", u.RegionID)
	}
	p := b.Relationships[0]
	if p.Type != graph.RelPostedTo || p.StartID != "per_h-1" || p.EndID != "unt_h-2" || p.DispatchingUnitID != "unt_h-1" ||
		p.From.Format(time.DateOnly) != "2022-03-01" || *p.Batch != 2022 || p.Note != "第一批" || p.To != nil {
		t.Errorf("posting = %+v (the batch defaults to the year of from)", p)
	}
	it := b.Interactions[0]
	if !it.At.Equal(time.Date(2024, 5, 1, 1, 30, 0, 0, time.UTC)) || it.LoggedBy != "import" || it.LoggedAt.IsZero() ||
		!slices.Equal(it.ParticipantIDs, []string{"per_h-1", "per_h-2"}) || !slices.Equal(it.AboutIDs, []string{"unt_h-2"}) {
		t.Errorf("interaction = %+v", it)
	}
}

func TestReadHeaderProblems(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"people.csv": "id,姓名,name,bogus,,birthYear\nper_a-1,张三,,,stray,1980\n",
		"units.csv":  "id,name\nunt_a-1,单位\n",
		"postings.csv": "id,personId,hostUnitId,dispatchingUnitId,title,batch,from,to,note\n" +
			"rel_a-1,per_a-1,unt_a-1,unt_a-2,副县长,,2020-01-01,,\n",
		"foo.csv":     "id\n",
		"人员.csv":      "id,name\n",
		"regions.csv": "",
	})
	db := &fakeDB{}
	d := readChecked(t, dir, db)
	expect(t, problems(d, dir), []string{
		"foo.csv: not a file of the format",
		"人员.csv: holds people like people.csv",
		"people.csv:1:3: name: the same column as 姓名 (column 2)",
		"people.csv:1:4: bogus: not a column of people; the columns are id (ID), name (姓名),",
		"people.csv:2:5: a value in a column without header",
		"units.csv:1: no column kind (类型), which is required",
		"regions.csv: empty file; want a header line",
		"postings.csv:2:4: dispatchingUnitId: unt_a-2 is neither in units nor in the database",
	})
	// unt_a-1 is defined by units.csv although that file cannot be read
	// otherwise, so the posting does not fail for it too.
	if !slices.Equal(db.asked, []string{"unt_a-2"}) || db.checks != 1 {
		t.Errorf("the database was asked %d times for %v", db.checks, db.asked)
	}
}

func TestReadCellProblems(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"people.csv": `
id,name,gender,birthYear,discoverable,email,expertise
per_b-1,张三,MALE,1980,true,zs@example.com,招商引资;产业规划
per_b-2,,FEMALE,,,,
per_b-3,李四,X,19x0,maybe,,
per_b-1,王五,,,,,
unt_b-1,赵六,,,,,
per_b-4,钱七,,1850,,,
per_b-5,孙八,,,,not-an-email,
per_b-6,周九,,,
per_b-7,吴"十,,,,,
per_b-8,郑十一,,,,,
`,
		"projects.csv": `
id,name,kind,status,amount,startDate,endDate
prj_b-1,项目一,INVESTMENT,SIGNED,1e8,2020-01-01,2019-01-01
prj_b-2,项目二,BOGUS,,abc,2020-13-01,
prj_b-3,项目三,TECHNOLOGY,DONE,,,
prj b-4,项目四,TECHNOLOGY,,,,
`,
	})
	d, err := transfer.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, problems(d, dir), []string{
		"people.csv:3:2: name: must not be empty",
		"people.csv:4:3: gender: \"X\" is not a gender",
		"people.csv:4:4: birthYear: \"19x0\" is not a whole number",
		"people.csv:4:5: discoverable: \"maybe\" is neither true nor false",
		"people.csv:5:1: id: per_b-1 is already defined at line 2",
		"people.csv:6:1: id: \"unt_b-1\" is a unit id, expected a person id",
		"people.csv:7:4: birthYear: must lie between 1900 and ",
		"people.csv:8:6: email: \"not-an-email\" is not an e-mail address",
		"people.csv:9: 5 fields, the header has 7",
		"people.csv:10: bare \" in non-quoted-field",
		"projects.csv:2:7: endDate: 2019-01-01 is before startDate 2020-01-01",
		"projects.csv:3:5: amount: \"abc\" is not a number",
		"projects.csv:3:6: startDate: \"2020-13-01\" is not a date of the form YYYY-MM-DD",
		"projects.csv:4:4: status: unknown project status \"DONE\"",
		"projects.csv:5:1: id: \"prj b-4\" is not a valid id",
	})
	// Good rows are read although others are bad; bad rows are not.
	var ids []string
	for _, p := range d.Batch.People {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(ids, []string{"per_b-1", "per_b-8"}) {
		t.Errorf("people read: %v", ids)
	}
	if d.Err() == nil || !strings.HasPrefix(d.Err().Error(), "15 problems:\n") {
		t.Errorf("Err() = %v", d.Err())
	}
}

func TestReadReferenceProblems(t *testing.T) {
	codes := seed.Demo().Companies
	a, b := codes[0].CreditCode, codes[1].CreditCode
	dir := writeFiles(t, map[string]string{
		"regions.csv": `
id,name,level,parentId
reg_c-1,甲,CITY,reg_c-2
reg_c-2,乙,CITY,reg_c-1
reg_c-3,丙,CITY,reg_c-3
reg_c-4,丁,CITY,reg_db-1
reg_c-5,戊,CITY,reg_gone-1
`,
		"people.csv": "id,name\nper_c-1,张三\nper_c-2,李四\n",
		"companies.csv": "id,name,creditCode\n" +
			"com_c-1,甲公司," + a + "\n" +
			"com_c-2,乙公司," + strings.ToLower(a) + "\n" +
			"com_c-3,丙公司," + b + "\n",
		"projects.csv": "id,name,kind\nprj_c-1,项目,TALENT\n",
		"acquaintances.csv": `
id,personId,otherId,since,to,how
rel_c-1,per_c-1,per_c-2,2020-01-01,,同学
rel_c-2,per_c-2,per_c-1,2021-01-01,,同事
rel_c-3,per_c-2,per_c-1,2018-01-01,2019-01-01,旧识
rel_c-4,per_c-1,per_db-1,2040-01-01,,
rel_c-5,per_c-1,per_db-1,2018-01-01,2017-01-01,
`,
		"project_roles.csv": `
id,personId,projectId,role,date
rel_c-6,per_c-1,prj_c-1,SECURED,2020-01-01
rel_c-7,per_c-1,prj_c-1,争取,2020-02-01
rel_c-8,per_c-1,prj_c-1,引荐,2020-02-01
`,
		"locations.csv": "id,entityId,regionId\nrel_c-9,reg_c-4,reg_c-5\nrel_c-9,per_c-1,reg_c-4\n",
		"interactions.csv": `
id,at,kind,participantIds,aboutIds
int_c-1,2024-01-01,CALL,per_c-1,
rel_c-10,2024-01-01,CALL,per_c-1;per_c-2,
int_c-2,2040-01-01,CALL,per_c-1;per_c-2,
int_c-3,2024-01-01,CALL,per_c-1;per_gone-2,per_c-2
`,
	})
	db := &fakeDB{existing: map[string]bool{"reg_db-1": true, "per_db-1": true}, owners: map[string]string{b: "com_other"}}
	d := readChecked(t, dir, db)
	expect(t, problems(d, dir), []string{
		"regions.csv:2:4: parentId: parents make a cycle: reg_c-1 → reg_c-2 → reg_c-1",
		"regions.csv:3:4: parentId: parents make a cycle: reg_c-2 → reg_c-1 → reg_c-2",
		"regions.csv:4:4: parentId: must differ from the entity itself",
		"regions.csv:6:4: parentId: reg_gone-1 is neither in regions nor in the database",
		"companies.csv:3:3: creditCode: company com_c-1 at line 2 has the same credit code",
		"companies.csv:4:3: creditCode: company com_other in the database already has this credit code",
		"locations.csv:2:2: entityId: a region is placed with parentId, not a location",
		"locations.csv:3:1: id: rel_c-9 is already defined at line 2",
		"project_roles.csv:3:4: role: line 2 gives the person this role in the project already",
		"acquaintances.csv:3:3: otherId: the two already know each other at line 2;",
		"acquaintances.csv:5:4: since: must not lie in the future",
		"acquaintances.csv:6:5: to: 2017-01-01 is before since 2018-01-01",
		"interactions.csv:2:4: participantIds: an interaction needs at least two participants, got 1",
		"interactions.csv:3:1: id: \"rel_c-10\" is not an interaction id",
		"interactions.csv:4:2: at: must not lie in the future",
		"interactions.csv:5:4: participantIds: per_gone-2 is neither in people nor in the database",
		"interactions.csv:5:5: aboutIds: \"per_c-2\" is a person; an interaction is about projects, companies or units",
	})
	if db.checks != 1 {
		t.Errorf("CheckImport called %d times, want once", db.checks)
	}
	slices.Sort(db.asked)
	if !slices.Equal(db.asked, []string{"per_db-1", "per_gone-2", "reg_db-1", "reg_gone-1"}) {
		t.Errorf("asked the database for %v", db.asked)
	}
	// Import refuses data with problems.
	if _, err := transfer.Import(context.Background(), db, d, transfer.ImportOptions{}); err == nil || len(db.loaded) > 0 {
		t.Errorf("Import of data with problems: %v, loaded %d batches", err, len(db.loaded))
	}
}

func TestImportTouchesPeople(t *testing.T) {
	dir := t.TempDir()
	b := seed.Demo()
	if err := transfer.Write(dir, b); err != nil {
		t.Fatal(err)
	}
	d, err := transfer.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	db := &fakeDB{failTies: 7}
	if _, err := transfer.Import(context.Background(), db, d, transfer.ImportOptions{}); err == nil {
		t.Error("Import of unchecked data succeeded")
	}
	if err := d.CheckDatabase(context.Background(), db); err != nil || d.Err() != nil {
		t.Fatal(err, d.Err())
	}
	var last, total int
	res, err := transfer.Import(context.Background(), db, d, transfer.ImportOptions{TieProgress: func(done, n int) { last, total = done, n }})
	if err != nil {
		t.Fatal(err)
	}
	if len(db.loaded) != 1 || db.loaded[0] != d.Batch {
		t.Errorf("loaded %d batches", len(db.loaded))
	}
	var people []string
	for _, ids := range db.ties {
		if len(ids) > 7 {
			t.Errorf("a tie chunk of %d people passed although chunks above 7 fail", len(ids))
		}
		people = append(people, ids...)
	}
	if len(people) != len(b.People) || res.Ties != len(b.People) || last != total || total != len(b.People) {
		t.Errorf("ties recomputed for %d people (result %d, progress %d/%d), want %d", len(people), res.Ties, last, total, len(b.People))
	}
}

// The demo graph written, read back and written again gives the same
// files, and every row passes the checks.
func TestWriteReadRoundTrip(t *testing.T) {
	b := seed.Demo()
	for _, name := range []string{"csv", "book.xlsx"} {
		t.Run(name, func(t *testing.T) {
			first := filepath.Join(t.TempDir(), name)
			if err := transfer.Write(first, b); err != nil {
				t.Fatal(err)
			}
			d, err := transfer.Read(first)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			rows := b.Nodes() + len(b.Relationships) + len(b.Interactions)
			if d.Rows != rows || d.Batch.Nodes() != b.Nodes() || len(d.Batch.Relationships) != len(b.Relationships) || len(d.Batch.Interactions) != len(b.Interactions) {
				t.Fatalf("read %d rows, want %d", d.Rows, rows)
			}
			second := filepath.Join(t.TempDir(), name)
			if err := transfer.Write(second, d.Batch); err != nil {
				t.Fatal(err)
			}
			if a, b := tables(t, first), tables(t, second); !slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) }) {
				t.Error("writing what was read changed the content")
			}
			if !sameFiles(t, first, second) {
				t.Error("the second write differs from the first in its bytes")
			}
		})
	}
}

// sameFiles reports whether two folders of the format, or two
// workbooks, are byte for byte the same, and names the files that differ.
func sameFiles(t *testing.T, a, b string) bool {
	t.Helper()
	names := []string{""}
	if !strings.HasSuffix(a, ".xlsx") {
		names = names[:0]
		for _, tb := range transfer.Tables {
			names = append(names, tb.FileName())
		}
	}
	same := true
	for _, n := range names {
		x, err := os.ReadFile(filepath.Join(a, n))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, n))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Logf("%s differs from %s", filepath.Join(a, n), filepath.Join(b, n))
			same = false
		}
	}
	return same
}

// tables reads every table of a folder or workbook as text rows.
func tables(t *testing.T, path string) [][]string {
	t.Helper()
	var out [][]string
	if strings.HasSuffix(path, ".xlsx") {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); len(got) != len(transfer.Tables) {
			t.Errorf("sheets %v", got)
		}
		for _, tb := range transfer.Tables {
			rows, err := f.GetRows(tb.Name)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				out = append(out, append([]string{tb.Name}, r...))
			}
		}
		return out
	}
	for _, tb := range transfer.Tables {
		data, err := os.ReadFile(filepath.Join(path, tb.FileName()))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			out = append(out, []string{tb.Name, line})
		}
	}
	return out
}

// A workbook made by hand: Chinese sheet names, numbers and dates as
// typed cells, ragged rows.
func TestReadWorkbookCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hand.xlsx")
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "人员"))
	must(f.SetSheetRow("人员", "A1", &[]any{"ID", "姓名", "出生年份", "可被发现"}))
	must(f.SetSheetRow("人员", "A2", &[]any{"per_x-1", "张三", 1982, true}))
	must(f.SetSheetRow("人员", "A3", &[]any{"per_x-2", "李四"}))
	_, err := f.NewSheet("项目")
	must(err)
	must(f.SetSheetRow("项目", "A1", &[]any{"ID", "名称", "类型", "金额", "开始日期"}))
	must(f.SetSheetRow("项目", "A2", &[]any{"prj_x-1", "项目", "FUNDING", 1.5e8, time.Date(2021, 3, 15, 0, 0, 0, 0, time.UTC)}))
	must(f.SetSheetRow("项目", "A4", &[]any{"prj_x-2", "项目二", "FUNDING", "lots"}))
	_, err = f.NewSheet("说明")
	must(err)
	must(f.SaveAs(path))
	d, err := transfer.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, problems(d, ""), []string{
		"hand.xlsx[说明]: not a sheet of the format",
		"hand.xlsx[项目]:4:4: 金额: \"lots\" is not a number",
	})
	if len(d.Batch.People) != 2 || *d.Batch.People[0].BirthYear != 1982 || !d.Batch.People[0].Discoverable || d.Batch.People[1].BirthYear != nil {
		t.Errorf("people %+v", d.Batch.People)
	}
	if p := d.Batch.Projects; len(p) != 1 || *p[0].Amount != 1.5e8 || p[0].StartDate.Format(time.DateOnly) != "2021-03-15" {
		t.Errorf("projects %+v", p)
	}
}
