package cypherlint

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
)

func moduleRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// TestModule is the proof: no Cypher text of the module, tests included,
// is built from untrusted data.
func TestModule(t *testing.T) {
	fs, st, err := Run(Config{Dir: moduleRoot(t), Patterns: []string{"./..."}, Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d package variants, %d function bodies, %d driver call sites", st.Packages, st.Functions, st.Sinks)
	// The module's statements go through a few wrappers of graph/neo4jdb
	// (read, txRunner.run, readLong, the schema's ExecuteQuery) and the
	// benchmark's own driver; fewer sites would mean packages were missed.
	if st.Packages < 20 || st.Sinks < 5 || st.Functions < 2000 {
		t.Errorf("checked too little: %+v", st)
	}
	for _, f := range fs {
		t.Error(f)
	}
}

// wantLines are the lines of a file marked "// want".
func wantLines(t *testing.T, path string) []int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []int
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.HasSuffix(sc.Text(), "// want") {
			out = append(out, n)
		}
	}
	return out
}

// TestCatches shows that the analysis reports every way of building a
// query from untrusted data in testdata/bad, and nothing in
// testdata/good, which builds queries from constants and lookups whatever
// its callers pass.
func TestCatches(t *testing.T) {
	root := moduleRoot(t)
	fs, _, err := Run(Config{Dir: root, Patterns: []string{"./internal/cypherlint/testdata/bad", "./internal/cypherlint/testdata/good"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]int{}
	for _, f := range fs {
		got[filepath.Base(filepath.Dir(f.Pos.Filename))] = append(got[filepath.Base(filepath.Dir(f.Pos.Filename))], f.Pos.Line)
		t.Log(f)
	}
	want := wantLines(t, filepath.Join(root, "internal/cypherlint/testdata/bad/bad.go"))
	if len(want) < 10 {
		t.Fatalf("testdata/bad has %d cases marked want", len(want))
	}
	sort.Ints(got["bad"])
	if !slices.Equal(got["bad"], want) {
		t.Errorf("bad.go: reported lines %v, want %v", got["bad"], want)
	}
	if len(got["good"]) > 0 {
		t.Errorf("good.go: reported lines %v, want none", got["good"])
	}
}
