// Package transfer reads and writes Liaison's exchange format: a folder
// of CSV files or one XLSX workbook, one file (or sheet) per entity and
// relationship kind, with the columns docs/import-format.md lists. Every
// column has an English header (birthYear) and a Chinese one (出生年份);
// files are read with either, written with the English one.
//
// Read parses and checks everything before anything is written: every row
// against the domain rules of the graph package, every id, and every
// reference against the files and, in one query, the database. All the
// problems are collected, each with its file, line and column. Import then
// hands the batch to the bulk loader, which upserts by id, so importing
// the same files again updates instead of duplicating.
package transfer

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
)

// Column is one column of a file.
type Column struct {
	Name     string // English header; also the field name in messages
	Chinese  string // Chinese header
	Required bool   // the header must have the column and every row must fill it
	Type     string // what the cells hold, for the documentation
	Doc      string // what the column means, for the documentation
}

// Table is one file of the format: people.csv, or the sheet people.
type Table struct {
	Name    string // file name without .csv, and sheet name
	Chinese string // Chinese file and sheet name, accepted on import
	Doc     string
	Columns []Column
	index   map[string]int
}

// Col returns the index of the column with the English name; it panics
// for a name the table does not have, which is a bug.
func (t *Table) Col(name string) int {
	i, ok := t.index[name]
	if !ok {
		panic("transfer: table " + t.Name + " has no column " + name)
	}
	return i
}

// FileName is the table's CSV file name.
func (t *Table) FileName() string { return t.Name + ".csv" }

// Types of cells, as the documentation names them.
const (
	typeID     = "id"
	typeText   = "text"
	typeInt    = "integer"
	typeNumber = "number"
	typeDate   = "date"
	typeTime   = "time"
	typeBool   = "boolean"
	typeList   = "list"
	typeIDList = "id list"
)

func col(name, chinese, typ, doc string) Column {
	return Column{Name: name, Chinese: chinese, Type: typ, Doc: doc}
}

func req(name, chinese, typ, doc string) Column {
	return Column{Name: name, Chinese: chinese, Type: typ, Doc: doc, Required: true}
}

func enumDoc[T ~string](doc string, values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = "`" + string(v) + "`"
	}
	if doc == "" {
		return strings.Join(s, ", ")
	}
	return strings.Join(s, ", ") + "; " + doc
}

// The tables, in the order they are read, written and documented.
var (
	People = newTable("people", "人员", "people; a person with postings is a cadre on a temporary post (挂职干部)",
		req("id", "ID", typeID, "`per_…`"),
		req("name", "姓名", typeText, "Chinese name"),
		col("nameEn", "英文名", typeText, "name in Latin letters"),
		col("gender", "性别", "enum", "`MALE` or `FEMALE` (also 男, 女)"),
		col("birthYear", "出生年份", typeInt, "1900 to this year"),
		col("expertise", "专长", typeList, "fields of expertise, at most 20"),
		col("bio", "简介", typeText, ""),
		col("phone", "电话", typeText, "digits, spaces, + - ( )"),
		col("email", "邮箱", typeText, ""),
		col("wechat", "微信", typeText, ""),
		col("discoverable", "可被发现", typeBool, "may appear in paths and as an introducer; empty means true"),
		col("reconnectAfterDays", "重新联系天数", typeInt, "days without contact after which a tie is worth a reconnect suggestion; empty means the default"),
	)
	Units = newTable("units", "单位", "units: dispatching units, host units, universities, institutes",
		req("id", "ID", typeID, "`unt_…`"),
		req("name", "名称", typeText, ""),
		col("nameEn", "英文名称", typeText, ""),
		col("shortName", "简称", typeText, ""),
		req("kind", "类型", "enum", enumDoc("", graph.UnitKinds)),
		col("description", "描述", typeText, ""),
		col("parentId", "上级单位ID", typeID, "`unt_…`, the unit this one is part of"),
		col("regionId", "所在地区ID", typeID, "`reg_…`, where the unit is now"),
	)
	Regions = newTable("regions", "地区", "regions: provinces, cities, districts, counties, towns",
		req("id", "ID", typeID, "`reg_…`"),
		req("name", "名称", typeText, ""),
		col("nameEn", "英文名称", typeText, ""),
		req("level", "级别", "enum", enumDoc("", graph.RegionLevels)),
		col("code", "区划代码", typeText, "6-digit administrative division code"),
		col("parentId", "上级地区ID", typeID, "`reg_…`"),
	)
	Companies = newTable("companies", "企业", "companies",
		req("id", "ID", typeID, "`com_…`"),
		req("name", "名称", typeText, ""),
		col("nameEn", "英文名称", typeText, ""),
		col("creditCode", "统一社会信用代码", typeText, "18 characters with a valid check character; unique"),
		col("industry", "行业", typeText, ""),
		col("description", "描述", typeText, ""),
		col("parentId", "母公司ID", typeID, "`com_…`, the parent company"),
		col("regionId", "所在地区ID", typeID, "`reg_…`"),
	)
	Projects = newTable("projects", "项目", "projects: investment, funding, technology, talent, platforms, policy",
		req("id", "ID", typeID, "`prj_…`"),
		req("name", "名称", typeText, ""),
		col("nameEn", "英文名称", typeText, ""),
		req("kind", "类型", "enum", enumDoc("", graph.ProjectKinds)),
		col("status", "状态", "enum", enumDoc("empty means LEAD", graph.ProjectStatuses)),
		col("amount", "金额", typeNumber, "CNY, 0 to 1e15"),
		col("startDate", "开始日期", typeDate, ""),
		col("endDate", "结束日期", typeDate, "not before startDate"),
		col("description", "描述", typeText, ""),
		col("regionId", "所在地区ID", typeID, "`reg_…`"),
	)
	Postings = newTable("postings", "挂职", "postings (POSTED_TO): a person posted to a host unit, sent by a dispatching unit",
		req("id", "ID", typeID, "`rel_…`"),
		req("personId", "人员ID", typeID, "`per_…`"),
		req("hostUnitId", "挂职单位ID", typeID, "`unt_…`"),
		req("dispatchingUnitId", "派出单位ID", typeID, "`unt_…`, not the host unit"),
		req("title", "挂职职务", typeText, ""),
		col("batch", "批次", typeInt, "the cohort's year; empty means the year of from"),
		req("from", "开始日期", typeDate, ""),
		col("to", "结束日期", typeDate, "empty while the posting lasts"),
		col("note", "备注", typeText, ""),
	)
	Memberships = newTable("memberships", "任职", "memberships (MEMBER_OF): a person belongs to a unit",
		req("id", "ID", typeID, "`rel_…`"),
		req("personId", "人员ID", typeID, "`per_…`"),
		req("unitId", "单位ID", typeID, "`unt_…`"),
		col("title", "职务", typeText, ""),
		col("from", "开始日期", typeDate, ""),
		col("to", "结束日期", typeDate, "empty while it lasts"),
	)
	Employments = newTable("employments", "就职", "employments (EMPLOYED_BY): a person works at a company",
		req("id", "ID", typeID, "`rel_…`"),
		req("personId", "人员ID", typeID, "`per_…`"),
		req("companyId", "企业ID", typeID, "`com_…`"),
		col("title", "职务", typeText, ""),
		col("from", "开始日期", typeDate, ""),
		col("to", "结束日期", typeDate, "empty while it lasts"),
	)
	Locations = newTable("locations", "所在地", "locations (LOCATED_IN) of people, and past or extra locations of units, companies and projects (their current region is regionId in their own file)",
		req("id", "ID", typeID, "`rel_…`"),
		req("entityId", "对象ID", typeID, "`per_…`, `unt_…`, `com_…` or `prj_…`"),
		req("regionId", "地区ID", typeID, "`reg_…`"),
		col("from", "开始日期", typeDate, ""),
		col("to", "结束日期", typeDate, "empty while it lasts"),
	)
	ProjectRoles = newTable("project_roles", "项目角色", "project roles (SECURED, INTRODUCED): a person secured or introduced a project",
		req("id", "ID", typeID, "`rel_…`"),
		req("personId", "人员ID", typeID, "`per_…`"),
		req("projectId", "项目ID", typeID, "`prj_…`"),
		req("role", "角色", "enum", "`SECURED` (争取) or `INTRODUCED` (引荐)"),
		col("date", "日期", typeDate, ""),
		col("note", "备注", typeText, ""),
	)
	Investments = newTable("investments", "投资", "investments (INVESTS_IN): a company invests in a project",
		req("id", "ID", typeID, "`rel_…`"),
		req("companyId", "企业ID", typeID, "`com_…`"),
		req("projectId", "项目ID", typeID, "`prj_…`"),
		col("amount", "金额", typeNumber, "CNY, 0 to 1e15"),
		col("date", "日期", typeDate, ""),
	)
	Supports = newTable("supports", "支持", "supports (SUPPORTS): a unit supports a project",
		req("id", "ID", typeID, "`rel_…`"),
		req("unitId", "单位ID", typeID, "`unt_…`"),
		req("projectId", "项目ID", typeID, "`prj_…`"),
		col("note", "备注", typeText, ""),
		col("date", "日期", typeDate, ""),
	)
	Acquaintances = newTable("acquaintances", "相识", "acquaintances (KNOWS): two people know each other",
		req("id", "ID", typeID, "`rel_…`"),
		req("personId", "人员ID", typeID, "`per_…`"),
		req("otherId", "相识人员ID", typeID, "`per_…`, not personId"),
		col("since", "相识日期", typeDate, "not in the future"),
		col("to", "结束日期", typeDate, "empty while it lasts"),
		col("how", "相识途径", typeText, "how they met"),
	)
	Interactions = newTable("interactions", "互动", "interactions: logged contacts between people",
		req("id", "ID", typeID, "`int_…`"),
		req("at", "时间", typeTime, "not in the future"),
		req("kind", "类型", "enum", enumDoc("", graph.InteractionKinds)),
		col("summary", "摘要", typeText, ""),
		req("participantIds", "参与人员ID", typeIDList, "2 to 50 `per_…`, each once"),
		col("aboutIds", "涉及对象ID", typeIDList, "at most 50 `unt_…`, `com_…` or `prj_…`"),
		col("loggedBy", "记录人", typeText, "empty means `import`"),
		col("loggedAt", "记录时间", typeTime, "empty means the time of the import"),
	)
)

// Tables lists every table in order: entities first, so that a reader of
// the files meets the ids before their references.
var Tables = []*Table{People, Units, Regions, Companies, Projects, Postings, Memberships, Employments, Locations,
	ProjectRoles, Investments, Supports, Acquaintances, Interactions}

func newTable(name, chinese, doc string, cols ...Column) *Table {
	t := &Table{Name: name, Chinese: chinese, Doc: doc, Columns: cols, index: map[string]int{}}
	for i, c := range cols {
		t.index[c.Name] = i
	}
	return t
}

// tableFor finds the table of a file base name or sheet name, English
// (any case) or Chinese.
func tableFor(name string) *Table {
	name = strings.TrimSpace(name)
	for _, t := range Tables {
		if strings.EqualFold(name, t.Name) || name == t.Chinese {
			return t
		}
	}
	return nil
}

// columnFor finds the column of a header cell, English (any case) or
// Chinese.
func (t *Table) columnFor(header string) int {
	h := strings.TrimSpace(header)
	for i, c := range t.Columns {
		if strings.EqualFold(h, c.Name) || h == c.Chinese {
			return i
		}
	}
	return -1
}

// relTable is the table of a relationship type.
func relTable(t graph.RelType) *Table {
	switch t {
	case graph.RelPostedTo:
		return Postings
	case graph.RelMemberOf:
		return Memberships
	case graph.RelEmployedBy:
		return Employments
	case graph.RelLocatedIn:
		return Locations
	case graph.RelSecured, graph.RelIntroduced:
		return ProjectRoles
	case graph.RelInvestsIn:
		return Investments
	case graph.RelSupports:
		return Supports
	case graph.RelKnows:
		return Acquaintances
	}
	return nil
}

// Cell formats. Lists separate their items with ';' (a full-width '；' is
// read as one too); a backslash escapes a separator or itself inside an
// item.

const dateLayout = time.DateOnly

func fmtDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(dateLayout)
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func fmtInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func fmtFloat(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func fmtBool(b bool) string { return strconv.FormatBool(b) }

func fmtList(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	var sb strings.Builder
	for i, x := range xs {
		if i > 0 {
			sb.WriteByte(';')
		}
		for _, r := range x {
			if r == ';' || r == '；' || r == '\\' {
				sb.WriteByte('\\')
			}
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// splitList splits a list cell, dropping empty items.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	var cur strings.Builder
	esc := false
	flush := func() {
		if x := strings.TrimSpace(cur.String()); x != "" {
			out = append(out, x)
		}
		cur.Reset()
	}
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\':
			esc = true
		case r == ';' || r == '；':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	if esc {
		cur.WriteByte('\\')
	}
	flush()
	return out
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "是", "1", "yes", "y", "t":
		return true, true
	case "false", "否", "0", "no", "n", "f":
		return false, true
	}
	return false, false
}

// parseDate reads YYYY-MM-DD, and also YYYY/M/D and YYYY.M.D, which
// spreadsheets write.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(dateLayout, s); err == nil {
		return t, true
	}
	for _, sep := range []string{"/", ".", "-"} {
		parts := strings.Split(s, sep)
		if len(parts) != 3 || len(parts[0]) != 4 {
			continue
		}
		var n [3]int
		ok := true
		for i, p := range parts {
			v, err := strconv.Atoi(p)
			if err != nil || len(p) > 4 {
				ok = false
				break
			}
			n[i] = v
		}
		if !ok {
			continue
		}
		t := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
		if t.Year() == n[0] && int(t.Month()) == n[1] && t.Day() == n[2] {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseTime reads an RFC 3339 time (2024-05-01T09:30:00+08:00), or a date
// and time without offset (2024-05-01 09:30, read as UTC), or a date.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	if t, ok := parseDate(s); ok {
		return t, true
	}
	return time.Time{}, false
}

// parseNumber reads a decimal number; thousands separators are allowed.
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f {
		return 0, false
	}
	return f, true
}

// enumValue normalizes an enum cell: upper case, spaces and hyphens as
// underscores.
func enumValue(s string) string { return enumReplacer.Replace(strings.ToUpper(strings.TrimSpace(s))) }

var enumReplacer = strings.NewReplacer(" ", "_", "-", "_")

func parseGender(s string) (graph.Gender, bool) {
	switch enumValue(s) {
	case "MALE", "M", "男":
		return graph.GenderMale, true
	case "FEMALE", "F", "女":
		return graph.GenderFemale, true
	}
	return "", false
}

func parseRole(s string) (graph.ProjectRole, bool) {
	switch enumValue(s) {
	case "SECURED", "争取":
		return graph.RoleSecured, true
	case "INTRODUCED", "引荐":
		return graph.RoleIntroduced, true
	}
	return "", false
}

// validInteractionID checks an interaction id: int_ and a suffix of the
// characters every Liaison id allows.
func validInteractionID(id string) bool {
	prefix, suffix, ok := strings.Cut(id, "_")
	return ok && prefix == graph.InteractionIDPrefix && graph.ParseRelID("id", graph.RelIDPrefix+"_"+suffix) == nil
}

// Error is one problem of an import: where it is and what is wrong.
type Error struct {
	File   string // file name, or workbook[sheet]
	Line   int    // 1-based; the header is line 1; 0 for the whole file
	Column int    // 1-based; 0 when no one column is to blame
	Header string // the column's header as the file spells it
	Reason string
}

func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&sb, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&sb, ":%d", e.Column)
		}
	}
	sb.WriteString(": ")
	if e.Header != "" {
		sb.WriteString(e.Header)
		sb.WriteString(": ")
	}
	sb.WriteString(e.Reason)
	return sb.String()
}

// Errors are every problem an import found, in file order.
type Errors []*Error

func (es Errors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d problems:", len(es))
	for _, e := range es {
		sb.WriteString("\n")
		sb.WriteString(e.Error())
	}
	return sb.String()
}
