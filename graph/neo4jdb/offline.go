package neo4jdb

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The offline import (docs/import-format.md, "Into an empty database,
// offline"): WriteAdminImport writes a checked batch as the CSV files of
// Neo4j's own importer (neo4j-admin database import full), which builds
// the store files of an empty database directly, without transactions or
// index updates; FinishAdminImport then does what that importer cannot,
// once the server runs on the new store. The properties are those rowsOf
// gives the transactional load, so both write the same graph.

// AdminManifest is the file, beside the CSV files, that says what
// FinishAdminImport must do.
const AdminManifest = "liaison-import.json"

// AdminArrayDelimiter separates the items of a list (and the labels of a
// node) in the files: a control character, which no text Liaison accepts
// contains. neo4j-admin takes it as --array-delimiter=U+001F.
const AdminArrayDelimiter = "\x1f"

// AdminImport is what WriteAdminImport wrote.
type AdminImport struct {
	// Nodes and Relationships are the files in the folder, for
	// neo4j-admin's --nodes and --relationships.
	Nodes         []string `json:"nodes"`
	Relationships []string `json:"relationships"`
	// NodeCount and RelationshipCount are what the importer should report.
	NodeCount         int `json:"nodeCount"`
	RelationshipCount int `json:"relationshipCount"`
	// EmptyLists are the list properties some node holds empty. The
	// transactional load stores an empty list; neo4j-admin stores none
	// for an empty field, so FinishAdminImport sets them.
	EmptyLists []AdminList `json:"emptyLists"`
}

// AdminList is a list property of the nodes with a label.
type AdminList struct {
	Label    string `json:"label"`
	Property string `json:"property"`
}

// adminColumn is a property column: its name and neo4j-admin type.
type adminColumn struct {
	name, typ string
}

// WriteAdminImport writes b as neo4j-admin CSV files into dir (which must
// exist and be empty): one node file per label and one relationship file
// per type, with typed columns, and the manifest. now is the createdAt and
// updatedAt of every entity (the transactional load's datetime()).
// Progress is told how many nodes and relationships are written.
func WriteAdminImport(dir string, b *graph.Batch, now time.Time, progress graph.Progress) (*AdminImport, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	if len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty", dir)
	}
	br, err := rowsOf(b)
	if err != nil {
		return nil, err
	}
	out := &AdminImport{}
	total := b.Nodes() + len(br.links) + len(b.Relationships) + len(b.Interactions)
	for _, it := range b.Interactions {
		total += len(it.ParticipantIDs) + len(it.AboutIDs)
	}
	done := 0
	report := func(n int) {
		done += n
		if progress != nil {
			progress(done, total)
		}
	}
	stamp := now.UTC().Format("2006-01-02T15:04:05.000000000Z")
	// nodes writes one node file, nodes-<label>.csv, and counts it.
	nodes := func(label string, labels []string, rows []map[string]any, skip []string, stamp string) error {
		name := "nodes-" + label + ".csv"
		lists, err := writeNodes(filepath.Join(dir, name), label, labels, rows, skip, stamp)
		if err != nil {
			return err
		}
		out.Nodes = append(out.Nodes, name)
		out.EmptyLists = append(out.EmptyLists, lists...)
		out.NodeCount += len(rows)
		report(len(rows))
		return nil
	}
	for _, nr := range br.nodes {
		if len(nr.rows) == 0 {
			continue
		}
		label := nr.kind.Label()
		if err := nodes(label, []string{label, "Entity"}, nr.rows, nil, stamp); err != nil {
			return nil, err
		}
	}
	if len(br.interactions) > 0 {
		if err := nodes("Interaction", []string{"Interaction"}, br.interactions, []string{"participants", "about"}, ""); err != nil {
			return nil, err
		}
	}

	// Relationships by type: {start, end, props} rows, as the load's.
	byType := map[string][]map[string]any{}
	var types []string
	add := func(t string, row map[string]any) {
		if _, ok := byType[t]; !ok {
			types = append(types, t)
		}
		byType[t] = append(byType[t], row)
	}
	for _, l := range br.links {
		if l.row["target"] == nil {
			continue
		}
		t := "LOCATED_IN"
		if l.parent {
			t = "PART_OF"
		}
		add(t, map[string]any{"start": l.row["id"], "end": l.row["target"], "props": map[string]any{"id": l.row["relId"]}})
	}
	for _, g := range br.order {
		for _, row := range br.groups[g] {
			add(g.t.Cypher(), row)
		}
	}
	for _, row := range br.interactions {
		for _, p := range row["participants"].([]string) {
			add("WITH", map[string]any{"start": row["id"], "end": p, "props": map[string]any{}})
		}
		for _, a := range row["about"].([]string) {
			add("ABOUT", map[string]any{"start": row["id"], "end": a, "props": map[string]any{}})
		}
	}
	for _, t := range types {
		name := "relationships-" + t + ".csv"
		if err := writeRels(filepath.Join(dir, name), t, byType[t]); err != nil {
			return nil, err
		}
		out.Relationships = append(out.Relationships, name)
		out.RelationshipCount += len(byType[t])
		report(len(byType[t]))
	}
	manifest, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, AdminManifest), append(manifest, '\n'), 0o644); err != nil {
		return nil, err
	}
	return out, nil
}

// ReadAdminManifest reads what WriteAdminImport wrote into dir.
func ReadAdminManifest(dir string) (*AdminImport, error) {
	b, err := os.ReadFile(filepath.Join(dir, AdminManifest))
	if err != nil {
		return nil, err
	}
	var a AdminImport
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("%s: %w", AdminManifest, err)
	}
	return &a, nil
}

// writeNodes writes one node file: id:ID, :LABEL, the properties of the
// rows but the skipped keys, and createdAt and updatedAt when stamp is
// set. It returns the list properties some row holds empty.
func writeNodes(path, label string, labels []string, rows []map[string]any, skip []string, stamp string) ([]AdminList, error) {
	cols, err := adminColumns(rows, append([]string{"id"}, skip...))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	var lists []AdminList
	empty := map[string]bool{}
	err = writeCSV(path, func(w *bufio.Writer) error {
		w.WriteString("id:ID,:LABEL")
		writeHeader(w, cols)
		if stamp != "" {
			w.WriteString(",createdAt:datetime,updatedAt:datetime")
		}
		w.WriteByte('\n')
		labelCell := strings.Join(labels, AdminArrayDelimiter)
		for _, row := range rows {
			id, _ := row["id"].(string)
			writeString(w, id)
			w.WriteByte(',')
			writeString(w, labelCell)
			for _, c := range cols {
				w.WriteByte(',')
				isEmpty, err := writeValue(w, row[c.name])
				if err != nil {
					return fmt.Errorf("%s %s: %s: %w", label, id, c.name, err)
				}
				if isEmpty && !empty[c.name] {
					empty[c.name] = true
					lists = append(lists, AdminList{Label: label, Property: c.name})
				}
			}
			if stamp != "" {
				w.WriteString("," + stamp + "," + stamp)
			}
			w.WriteByte('\n')
		}
		return nil
	})
	return lists, err
}

// writeRels writes one relationship file of type t from {start, end,
// props} rows.
func writeRels(path, t string, rows []map[string]any) error {
	props := make([]map[string]any, len(rows))
	for i, r := range rows {
		props[i] = r["props"].(map[string]any)
	}
	cols, err := adminColumns(props, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", t, err)
	}
	return writeCSV(path, func(w *bufio.Writer) error {
		w.WriteString(":START_ID,:END_ID,:TYPE")
		writeHeader(w, cols)
		w.WriteByte('\n')
		for i, r := range rows {
			writeString(w, r["start"].(string))
			w.WriteByte(',')
			writeString(w, r["end"].(string))
			w.WriteString("," + t)
			for _, c := range cols {
				w.WriteByte(',')
				if _, err := writeValue(w, props[i][c.name]); err != nil {
					return fmt.Errorf("%s %v: %s: %w", t, props[i]["id"], c.name, err)
				}
			}
			w.WriteByte('\n')
		}
		return nil
	})
}

func writeHeader(w *bufio.Writer, cols []adminColumn) {
	for _, c := range cols {
		w.WriteString("," + c.name + ":" + c.typ)
	}
}

func writeCSV(path string, body func(w *bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = body(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// adminColumns are the keys of the rows but the skipped ones, sorted, each
// with the neo4j-admin type of its values; a key whose values have two
// types is an error.
func adminColumns(rows []map[string]any, skip []string) ([]adminColumn, error) {
	types := map[string]string{}
	for _, row := range rows {
		for k, v := range row {
			t := adminType(v)
			if t == "" {
				continue
			}
			if t == "?" {
				return nil, fmt.Errorf("%s: no neo4j-admin type for %T", k, v)
			}
			if old, ok := types[k]; ok && old != t {
				return nil, fmt.Errorf("%s holds both %s and %s", k, old, t)
			}
			types[k] = t
		}
	}
	for _, k := range skip {
		delete(types, k)
	}
	cols := make([]adminColumn, 0, len(types))
	for k, t := range types {
		cols = append(cols, adminColumn{k, t})
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].name < cols[j].name })
	return cols, nil
}

// adminType is the neo4j-admin type of a value as the driver would send
// it: "" for an absent one, "?" for one it has none for.
func adminType(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return "string"
	case bool:
		return "boolean"
	case int, int64:
		return "long"
	case float64:
		return "double"
	case neo4j.Date:
		return "date"
	case time.Time:
		return "datetime"
	case []string:
		return "string[]"
	case *int:
		if v == nil {
			return ""
		}
		return "long"
	case *float64:
		if v == nil {
			return ""
		}
		return "double"
	case *bool:
		if v == nil {
			return ""
		}
		return "boolean"
	}
	return "?"
}

// writeValue writes one cell: absent values as an empty field, strings
// always quoted (so that "" stays an empty string), lists joined by
// AdminArrayDelimiter; it reports an empty list, which neo4j-admin reads
// as absent.
func writeValue(w *bufio.Writer, v any) (emptyList bool, err error) {
	switch v := v.(type) {
	case nil:
	case string:
		writeString(w, v)
	case bool:
		w.WriteString(strconv.FormatBool(v))
	case int:
		w.WriteString(strconv.Itoa(v))
	case int64:
		w.WriteString(strconv.FormatInt(v, 10))
	case float64:
		w.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case neo4j.Date:
		w.WriteString(time.Time(v).Format("2006-01-02"))
	case time.Time:
		// The driver sends a time in UTC with its zone name, and Neo4j
		// keeps it: the same value is 2024-05-01T09:30:00[UTC].
		if v.Location() == time.UTC {
			w.WriteString(v.Format("2006-01-02T15:04:05.999999999") + "[UTC]")
		} else {
			w.WriteString(v.Format(time.RFC3339Nano))
		}
	case []string:
		if len(v) == 0 {
			return true, nil
		}
		writeString(w, strings.Join(v, AdminArrayDelimiter))
	case *int:
		if v != nil {
			w.WriteString(strconv.Itoa(*v))
		}
	case *float64:
		if v != nil {
			w.WriteString(strconv.FormatFloat(*v, 'g', -1, 64))
		}
	case *bool:
		if v != nil {
			w.WriteString(strconv.FormatBool(*v))
		}
	default:
		return false, fmt.Errorf("no neo4j-admin type for %T", v)
	}
	return false, nil
}

// writeString writes s quoted, a quote inside doubled (RFC 4180, which
// neo4j-admin reads with --multiline-fields=true).
func writeString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	if strings.IndexByte(s, '"') < 0 {
		w.WriteString(s)
	} else {
		w.WriteString(strings.ReplaceAll(s, `"`, `""`))
	}
	w.WriteByte('"')
}

// cypherEmptyList sets a list property that neo4j-admin left absent to the
// empty list the transactional load stores, a bounded number of nodes per
// transaction.
const cypherEmptyList = `MATCH (n:{{label}}) WHERE n.{{property}} IS NULL
WITH n LIMIT $limit
SET n.{{property}} = []
RETURN count(n) AS n`

// FinishAdminImport completes an offline import once the server runs on
// the store neo4j-admin built: the schema (that of Migrate, created in one
// transaction so that the indexes are populated in one pass, waiting until
// they are online) and the empty lists. The tie strengths are the
// caller's next step (RecomputeAllTies).
func (db *DB) FinishAdminImport(ctx context.Context, a *AdminImport) error {
	if err := db.migrateAtOnce(ctx); err != nil {
		return err
	}
	for _, l := range a.EmptyLists {
		// The label and the property name come from a file: what is
		// spliced is the load's own label and key that they name.
		label, property, ok := listProperty(l.Label, l.Property)
		if !ok {
			return fmt.Errorf("%s: %s.%s is not a list property Liaison writes", AdminManifest, l.Label, l.Property)
		}
		cypher := fill(cypherEmptyList, "label", label, "property", property)
		for {
			n, err := db.execLimit(ctx, cypher, ChunkSize)
			if err != nil {
				return err
			}
			if n < ChunkSize {
				break
			}
		}
	}
	return nil
}

// listProperties are the list properties of the rows the load writes
// (personProps, ...): the fixed table the names in a manifest are looked
// up in. TestListProperties holds it to what rowsOf writes.
var listProperties = func() []AdminList {
	var out []AdminList
	for _, k := range graph.Kinds {
		out = append(out, AdminList{Label: k.Label(), Property: "pinyinKeys"}, AdminList{Label: k.Label(), Property: "initials"})
	}
	return append(out, AdminList{Label: graph.KindPerson.Label(), Property: "expertise"})
}()

// listProperty finds the label and the list property named in
// listProperties and returns the table's strings, not the file's.
func listProperty(label, property string) (string, string, bool) {
	for _, l := range listProperties {
		if l.Label == label && l.Property == property {
			return l.Label, l.Property, true
		}
	}
	return "", "", false
}

// execLimit runs a statement that takes $limit and returns a count, in a
// write transaction of its own.
func (db *DB) execLimit(ctx context.Context, cypher string, limit int) (int, error) {
	out, err := db.bulkWrite(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		recs, err := tx.run(ctx, cypher, map[string]any{"limit": limit})
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		n, _ := recs[0].Values[0].(int64)
		return int(n), nil
	})
	if err != nil {
		return 0, err
	}
	return out.(int), nil
}
