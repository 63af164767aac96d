// Package cypherlint proves that no Cypher statement of the module is
// built from data that comes from outside the program.
//
// It is a whole-module taint analysis over go/types: every value is
// "trusted" when it is derived only from constants, and "untrusted" when
// any of its sources is not. The query text of every call into the Neo4j
// driver (a string parameter named cypher or query of a function of
// github.com/neo4j/neo4j-go-driver/v5) must be trusted; a Finding names
// the call and the chain of assignments back to the untrusted source.
//
// Untrusted sources: results of functions outside the module (except a
// short list of pure string functions, whose results are as trusted as
// their arguments), variables and struct fields of other modules, values
// received from channels of them, parameters of exported methods (any
// interface, gqlgen's and net/http's included, may call them with
// anything), parameters of functions used as values (callbacks), and
// variables whose address is passed to a function outside the module.
//
// Flow is tracked through assignments, declarations, range loops, calls
// (arguments into parameters, returns into results, interface calls into
// every module method of that name), struct literals and fields (per
// field, not per object), pointers (per pointee type), strings.Builder and
// bytes.Buffer writes. Numbers and booleans are always trusted: they cannot
// carry Cypher. The analysis is flow- and context-insensitive, so it may
// reject a correct program but accepts no program in which untrusted data
// reaches a query text through these constructs.
//
// Enumerations such as relationship types or labels reach Cypher text by
// looking the validated value up in a table of constants (graph.Kind.Label,
// graph.RelType.Cypher): the table's element is trusted, the caller's
// string is not.
package cypherlint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"
)

// DriverPrefix is the import path prefix of the functions whose query
// parameters are checked.
const DriverPrefix = "github.com/neo4j/neo4j-go-driver/v5/"

// Finding is one query text that may hold untrusted data.
type Finding struct {
	Pos   token.Position // the driver call
	Call  string         // the function called
	Trace []string       // from the query argument back to the source
}

func (f Finding) String() string {
	return fmt.Sprintf("%s: query text of %s may hold untrusted data:\n\t%s", f.Pos, f.Call, strings.Join(f.Trace, "\n\t"))
}

// Config says what to load.
type Config struct {
	Dir      string   // module root
	Patterns []string // package patterns, e.g. ./...
	Tests    bool     // include _test.go files
	// SinkPrefix overrides DriverPrefix (for the analyzer's own tests).
	SinkPrefix string
}

// Stats say how much was checked.
type Stats struct {
	Packages  int // package variants analysed (with and without tests)
	Functions int // function bodies walked, literals included
	Sinks     int // distinct driver call sites whose query text was checked
}

// Run loads the packages and returns the findings, sorted by position.
func Run(cfg Config) ([]Finding, Stats, error) {
	fset := token.NewFileSet()
	modRoot := cfg.Dir
	pcfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Dir:   cfg.Dir,
		Tests: cfg.Tests,
		Fset:  fset,
		// Dependencies outside the module are type-checked without their
		// function bodies: only their signatures matter here.
		ParseFile: func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
			f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
			if f != nil && !strings.HasPrefix(filename, modRoot) {
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok {
						fd.Body = nil
					}
				}
			}
			return f, err
		},
	}
	roots, err := packages.Load(pcfg, cfg.Patterns...)
	if err != nil {
		return nil, Stats{}, err
	}
	var pkgs []*packages.Package
	var errs []string
	seen := map[string]bool{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		if seen[p.ID] || p.Module == nil || !p.Module.Main || strings.HasSuffix(p.ID, ".test") {
			return
		}
		seen[p.ID] = true
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
		pkgs = append(pkgs, p)
	})
	if len(errs) > 0 {
		return nil, Stats{}, fmt.Errorf("cypherlint: the packages do not type-check:\n%s", strings.Join(errs, "\n"))
	}
	prefix := cfg.SinkPrefix
	if prefix == "" {
		prefix = DriverPrefix
	}
	a := newAnalysis(fset, pkgs, prefix)
	fs := a.run()
	sites := map[string]bool{}
	for _, sc := range a.sinks {
		sites[fset.Position(sc.pos).String()] = true
	}
	return fs, Stats{Packages: len(pkgs), Functions: a.bodies, Sinks: len(sites)}, nil
}

// node is a place a value is stored: a *types.Var (local, parameter,
// field, package variable), a function's results, or the pointees of a
// type.
type node any

type resultsOf struct {
	fn *types.Func
	i  int
}
type litResults struct {
	lit *ast.FuncLit
	i   int
}
type pointee struct{ typ string }

// leaf is an untrusted source.
type leaf struct {
	pos  token.Pos
	what string
}

type deps struct {
	nodes  []node
	leaves []leaf
}

func (d *deps) add(o deps) {
	d.nodes = append(d.nodes, o.nodes...)
	d.leaves = append(d.leaves, o.leaves...)
}

type edge struct {
	to  node
	pos token.Pos
}

// why a node is untrusted: the edge that brought it, or a leaf.
type why struct {
	from node // nil for a leaf
	pos  token.Pos
	what string
}

type sinkCall struct {
	pos  token.Pos
	call string
	d    deps
}

type analysis struct {
	fset       *token.FileSet
	pkgs       []*packages.Package
	sinkPrefix string
	info       *types.Info // of the package being walked
	module     map[*types.Package]bool
	methods    map[string][]*types.Func // module methods by name
	edges      map[node][]edge
	untrusted  map[node]why
	addrOf     map[string][]*types.Var // address-taken variables by type
	foreign    map[string][]*types.Interface
	localFuncs map[*types.Var]*ast.FuncLit // of the file being walked
	localLits  map[*ast.FuncLit]bool
	bodies     int
	sinks      []sinkCall
	resultStk  []func(i int) node
}

func newAnalysis(fset *token.FileSet, pkgs []*packages.Package, sinkPrefix string) *analysis {
	a := &analysis{fset: fset, pkgs: pkgs, sinkPrefix: sinkPrefix, module: map[*types.Package]bool{},
		methods: map[string][]*types.Func{}, edges: map[node][]edge{}, untrusted: map[node]why{}, addrOf: map[string][]*types.Var{}}
	for _, p := range pkgs {
		a.module[p.Types] = true
	}
	// Interfaces declared outside the module, by method name: code there
	// may call a module method through them with anything.
	a.foreign = map[string][]*types.Interface{}
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, imp := range p.Imports() {
			visit(imp)
		}
		if a.module[p] {
			return
		}
		for _, name := range p.Scope().Names() {
			tn, ok := p.Scope().Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			if it, ok := tn.Type().Underlying().(*types.Interface); ok {
				for i := range it.NumMethods() {
					m := it.Method(i).Name()
					a.foreign[m] = append(a.foreign[m], it)
				}
			}
		}
	}
	for _, p := range pkgs {
		visit(p.Types)
	}
	a.foreign["Error"] = append(a.foreign["Error"], types.Universe.Lookup("error").Type().Underlying().(*types.Interface))
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
					if fn, ok := p.TypesInfo.Defs[fd.Name].(*types.Func); ok {
						a.methods[fn.Name()] = append(a.methods[fn.Name()], fn)
					}
				}
			}
		}
	}
	return a
}

// foreignCallable reports whether a method satisfies an interface declared
// outside the module (fmt.Stringer, json.Unmarshaler, graphql.Unmarshaler,
// http.Handler...), through which foreign code may call it.
func (a *analysis) foreignCallable(fn *types.Func) bool {
	t := fn.Type().(*types.Signature).Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	for _, it := range a.foreign[fn.Name()] {
		if types.Implements(t, it) || types.Implements(types.NewPointer(t), it) {
			return true
		}
	}
	return false
}

func (a *analysis) inModule(o types.Object) bool {
	return o != nil && o.Pkg() != nil && a.module[o.Pkg()]
}

func (a *analysis) run() []Finding {
	for _, p := range a.pkgs {
		a.info = p.TypesInfo
		for _, f := range p.Syntax {
			a.walkFile(f)
		}
	}
	a.propagate()
	return a.findings()
}

func (a *analysis) flow(d deps, to node, pos token.Pos) {
	if to == nil {
		return
	}
	for _, n := range d.nodes {
		a.edges[n] = append(a.edges[n], edge{to: to, pos: pos})
	}
	for _, l := range d.leaves {
		a.taint(to, l)
	}
}

func (a *analysis) taint(n node, l leaf) {
	if _, ok := a.untrusted[n]; !ok {
		a.untrusted[n] = why{pos: l.pos, what: l.what}
	}
}

func (a *analysis) propagate() {
	// Address-taken variables receive what is written through pointers
	// to their type.
	for typ, vs := range a.addrOf {
		for _, v := range vs {
			a.edges[pointee{typ}] = append(a.edges[pointee{typ}], edge{to: v, pos: v.Pos()})
		}
	}
	var work []node
	for n := range a.untrusted {
		work = append(work, n)
	}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		for _, e := range a.edges[n] {
			if _, ok := a.untrusted[e.to]; !ok {
				a.untrusted[e.to] = why{from: n, pos: e.pos}
				work = append(work, e.to)
			}
		}
	}
}

func (a *analysis) findings() []Finding {
	var out []Finding
	done := map[string]bool{}
	for _, s := range a.sinks {
		pos := a.fset.Position(s.pos)
		if done[pos.String()] {
			continue
		}
		var trace []string
		for _, l := range s.d.leaves {
			trace = append(trace, fmt.Sprintf("%s at %s", l.what, a.fset.Position(l.pos)))
			break
		}
		if trace == nil {
			for _, n := range s.d.nodes {
				if _, ok := a.untrusted[n]; ok {
					trace = a.trace(n)
					break
				}
			}
		}
		if trace != nil {
			done[pos.String()] = true
			out = append(out, Finding{Pos: pos, Call: s.call, Trace: trace})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pos.Filename != out[j].Pos.Filename {
			return out[i].Pos.Filename < out[j].Pos.Filename
		}
		return out[i].Pos.Line < out[j].Pos.Line
	})
	return out
}

func (a *analysis) trace(n node) []string {
	var out []string
	seen := map[node]bool{}
	for n != nil && !seen[n] && len(out) < 30 {
		seen[n] = true
		w := a.untrusted[n]
		if w.from == nil {
			out = append(out, fmt.Sprintf("%s, from %s at %s", a.name(n), w.what, a.fset.Position(w.pos)))
			break
		}
		out = append(out, fmt.Sprintf("%s, from %s at %s", a.name(n), a.name(w.from), a.fset.Position(w.pos)))
		n = w.from
	}
	return out
}

func (a *analysis) name(n node) string {
	switch v := n.(type) {
	case *types.Var:
		kind := "variable"
		if v.IsField() {
			kind = "field"
		}
		return fmt.Sprintf("%s %s (%s)", kind, v.Name(), a.fset.Position(v.Pos()))
	case resultsOf:
		return fmt.Sprintf("result %d of %s", v.i, v.fn.FullName())
	case litResults:
		return fmt.Sprintf("result %d of func literal at %s", v.i, a.fset.Position(v.lit.Pos()))
	case pointee:
		return "value pointed to by *" + v.typ
	}
	return fmt.Sprint(n)
}

// Walking.

func (a *analysis) walkFile(f *ast.File) {
	// Calls' function expressions, to tell a function used as a value.
	callee := map[ast.Expr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			fun := ast.Unparen(c.Fun)
			for {
				switch x := fun.(type) {
				case *ast.IndexExpr:
					fun = x.X
					continue
				case *ast.IndexListExpr:
					fun = x.X
					continue
				}
				break
			}
			callee[fun] = true
			if s, ok := fun.(*ast.SelectorExpr); ok {
				callee[s.Sel] = true
			}
		}
		return true
	})
	// Local functions: v := func(...) {...}, v never reassigned and only
	// ever called. Calls of v bind to the literal like calls of a declared
	// function, and its parameters get only what the calls pass.
	a.localFuncs = map[*types.Var]*ast.FuncLit{}
	a.localLits = map[*ast.FuncLit]bool{}
	assigned := map[*types.Var]int{}
	ast.Inspect(f, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for i, l := range as.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				v, ok := a.objectOf(id).(*types.Var)
				if !ok {
					continue
				}
				assigned[v]++
				if lit, ok := as.Rhs[min(i, len(as.Rhs)-1)].(*ast.FuncLit); ok && as.Tok == token.DEFINE && len(as.Lhs) == len(as.Rhs) {
					a.localFuncs[v] = lit
				}
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := a.info.Uses[id].(*types.Var); ok && a.localFuncs[v] != nil && !callee[id] {
				delete(a.localFuncs, v) // used as a value
			}
		}
		return true
	})
	for v, lit := range a.localFuncs {
		if assigned[v] != 1 {
			delete(a.localFuncs, v)
			continue
		}
		a.localLits[lit] = true
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			a.walk(d, callee)
		case *ast.FuncDecl:
			fn, _ := a.info.Defs[d.Name].(*types.Func)
			if fn == nil {
				continue
			}
			sig := fn.Type().(*types.Signature)
			if d.Recv != nil && a.foreignCallable(fn) {
				for i := range sig.Params().Len() {
					a.taint(sig.Params().At(i), leaf{pos: sig.Params().At(i).Pos(),
						what: "parameter of " + fn.FullName() + ", which code outside the module may call through an interface"})
				}
			}
			res := func(i int) node { return resultsOf{fn, i} }
			for i := range sig.Results().Len() {
				a.flow(deps{nodes: []node{sig.Results().At(i)}}, res(i), d.Pos())
			}
			if d.Body != nil {
				a.bodies++
				a.resultStk = append(a.resultStk, res)
				a.walk(d.Body, callee)
				a.resultStk = a.resultStk[:len(a.resultStk)-1]
			}
		}
	}
}

func (a *analysis) walk(root ast.Node, callee map[ast.Expr]bool) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			res := func(i int) node { return litResults{n, i} }
			sig, _ := a.info.Types[n].Type.(*types.Signature)
			if sig != nil {
				for i := range sig.Params().Len() {
					if !a.localLits[n] {
						a.taint(sig.Params().At(i), leaf{pos: n.Pos(), what: "parameter of a function literal (called by whoever holds it)"})
					}
				}
				for i := range sig.Results().Len() {
					a.flow(deps{nodes: []node{sig.Results().At(i)}}, res(i), n.Pos())
				}
			}
			a.bodies++
			a.resultStk = append(a.resultStk, res)
			a.walk(n.Body, callee)
			a.resultStk = a.resultStk[:len(a.resultStk)-1]
			return false
		case *ast.AssignStmt:
			a.assign(n.Lhs, n.Rhs, n.Pos())
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			a.assign(lhs, n.Values, n.Pos())
		case *ast.RangeStmt:
			d := a.deps(n.X)
			if n.Key != nil {
				a.flow(d, a.target(n.Key), n.Pos())
			}
			if n.Value != nil {
				a.flow(d, a.target(n.Value), n.Pos())
			}
		case *ast.TypeSwitchStmt:
			var x ast.Expr
			switch s := n.Assign.(type) {
			case *ast.AssignStmt:
				x = s.Rhs[0].(*ast.TypeAssertExpr).X
			case *ast.ExprStmt:
				x = s.X.(*ast.TypeAssertExpr).X
			}
			d := a.deps(x)
			for _, c := range n.Body.List {
				if v, ok := a.info.Implicits[c].(*types.Var); ok {
					a.flow(d, v, c.Pos())
				}
			}
		case *ast.ReturnStmt:
			if len(a.resultStk) == 0 {
				break
			}
			res := a.resultStk[len(a.resultStk)-1]
			if c, ok := ast.Unparen(firstOr(n.Results)).(*ast.CallExpr); ok && len(n.Results) == 1 {
				if t, ok := a.info.TypeOf(c).(*types.Tuple); ok { // return f()
					for i := range t.Len() {
						a.flow(a.callResult(c, i), res(i), c.Pos())
					}
					break
				}
			}
			for i, r := range n.Results {
				a.flow(a.deps(r), res(i), r.Pos())
			}
		case *ast.SendStmt:
			a.flow(a.deps(n.Value), a.target(n.Chan), n.Pos())
		case *ast.CallExpr:
			a.call(n)
		case *ast.CompositeLit:
			a.composite(n)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				a.addressTaken(n.X)
			}
		case *ast.Ident:
			if fn, ok := a.info.Uses[n].(*types.Func); ok && !callee[n] {
				a.funcValue(fn, n.Pos())
			}
		case *ast.SelectorExpr:
			if fn, ok := a.info.Uses[n.Sel].(*types.Func); ok && !callee[n] && !callee[n.Sel] {
				a.funcValue(fn, n.Pos())
			}
		}
		return true
	})
}

// funcValue: a function used as a value may be called by anyone with
// anything.
func (a *analysis) funcValue(fn *types.Func, pos token.Pos) {
	fn = fn.Origin()
	if !a.inModule(fn) {
		return
	}
	sig := fn.Type().(*types.Signature)
	for i := range sig.Params().Len() {
		a.taint(sig.Params().At(i), leaf{pos: pos, what: "parameter of " + fn.FullName() + ", used as a function value"})
	}
}

func (a *analysis) assign(lhs, rhs []ast.Expr, pos token.Pos) {
	if len(rhs) == 0 {
		return
	}
	if len(lhs) == len(rhs) {
		for i := range lhs {
			a.flow(a.deps(rhs[i]), a.target(lhs[i]), pos)
		}
		return
	}
	if c, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok { // a, b := f()
		for i, l := range lhs {
			a.flow(a.callResult(c, i), a.target(l), pos)
		}
		return
	}
	d := a.deps(rhs[0]) // m[k] / x.(T) / <-ch
	for _, l := range lhs {
		a.flow(d, a.target(l), pos)
	}
}

// target is the node an assignment to e writes.
func (a *analysis) target(e ast.Expr) node {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if e.Name == "_" {
			return nil
		}
		if v, ok := a.objectOf(e).(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if v, ok := a.info.Uses[e.Sel].(*types.Var); ok {
			return v // a field (per field) or a package variable
		}
	case *ast.IndexExpr:
		return a.target(e.X)
	case *ast.StarExpr:
		return pointee{types.TypeString(a.info.TypeOf(e), nil)}
	}
	return nil
}

func (a *analysis) objectOf(id *ast.Ident) types.Object {
	if o := a.info.Defs[id]; o != nil {
		return o
	}
	return a.info.Uses[id]
}

func (a *analysis) addressTaken(e ast.Expr) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		if v, ok := a.objectOf(id).(*types.Var); ok && !v.IsField() {
			t := types.TypeString(v.Type(), nil)
			a.addrOf[t] = append(a.addrOf[t], v)
		}
	}
}

// rootVar is the node an expression such as sb, &sb, x.f or xs[i] writes
// when a method mutates it.
func (a *analysis) rootVar(e ast.Expr) node {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	return a.target(e)
}

// Calls.

// pure external functions: their result is as trusted as their arguments
// (and receiver).
var pure = map[string]bool{
	"fmt.Sprintf": true, "fmt.Sprint": true, "fmt.Sprintln": true,
	"strings.Join": true, "strings.Repeat": true, "strings.Replace": true, "strings.ReplaceAll": true,
	"strings.TrimSpace": true, "strings.Trim": true, "strings.TrimPrefix": true, "strings.TrimSuffix": true,
	"strings.TrimLeft": true, "strings.TrimRight": true, "strings.ToUpper": true, "strings.ToLower": true,
	"strings.Split": true, "strings.SplitN": true, "strings.Fields": true, "strings.NewReplacer": true,
	"(*strings.Replacer).Replace": true, "(*strings.Builder).String": true, "(*bytes.Buffer).String": true,
	"strconv.Itoa": true, "strconv.FormatInt": true, "strconv.FormatFloat": true, "strconv.Quote": true,
	"slices.Clone": true, "slices.Compact": true, "slices.Concat": true,
}

// writers add their arguments to their receiver (or first argument).
var writers = map[string]bool{
	"(*strings.Builder).WriteString": true, "(*strings.Builder).WriteByte": true, "(*strings.Builder).WriteRune": true,
	"(*strings.Builder).Write": true, "(*bytes.Buffer).WriteString": true, "(*bytes.Buffer).WriteByte": true,
	"(*bytes.Buffer).WriteRune": true, "(*bytes.Buffer).Write": true,
	"fmt.Fprintf": true, "fmt.Fprint": true, "fmt.Fprintln": true,
}

func (a *analysis) call(c *ast.CallExpr) {
	if tv, ok := a.info.Types[c.Fun]; ok && tv.IsType() {
		return // conversion
	}
	if lit := a.localFunc(c); lit != nil {
		sig := a.info.TypeOf(lit).(*types.Signature)
		for i, arg := range c.Args {
			if n := sig.Params().Len(); n > 0 {
				a.flow(a.deps(arg), sig.Params().At(min(i, n-1)), arg.Pos())
			}
		}
		return
	}
	fn := calleeFunc(a.info, c)
	if fn == nil {
		return // builtin or function value: handled by deps
	}
	sig := fn.Type().(*types.Signature)
	recvExpr := receiver(a.info, c)
	// Sinks.
	if fn.Pkg() != nil && strings.HasPrefix(fn.Pkg().Path()+"/", a.sinkPrefix) {
		for i := range sig.Params().Len() {
			p := sig.Params().At(i)
			if (p.Name() == "cypher" || p.Name() == "query") && isString(p.Type()) && i < len(c.Args) {
				a.sinks = append(a.sinks, sinkCall{pos: c.Pos(), call: fn.FullName(), d: a.deps(c.Args[i])})
			}
		}
	}
	switch {
	case a.inModule(fn) && !isInterfaceMethod(fn):
		a.bindArgs(fn, c, recvExpr)
	case isInterfaceMethod(fn):
		// Every module method of that name may be the one called.
		for _, m := range a.implementations(fn) {
			a.bindArgs(m, c, recvExpr)
		}
		if !a.inModule(fn) {
			a.external(fn, c, recvExpr)
		}
	default:
		a.external(fn, c, recvExpr)
	}
}

func (a *analysis) bindArgs(fn *types.Func, c *ast.CallExpr, recvExpr ast.Expr) {
	fn = fn.Origin()
	sig := fn.Type().(*types.Signature)
	n := sig.Params().Len()
	for i, arg := range c.Args {
		if n == 0 {
			break
		}
		a.flow(a.deps(arg), sig.Params().At(min(i, n-1)), arg.Pos())
	}
	if recvExpr != nil && sig.Recv() != nil {
		a.flow(a.deps(recvExpr), sig.Recv(), recvExpr.Pos())
		if _, isPtr := sig.Recv().Type().(*types.Pointer); isPtr {
			if _, already := a.info.TypeOf(recvExpr).Underlying().(*types.Pointer); !already {
				a.addressTaken(recvExpr) // x.M() with func (*T) M: &x
			}
		}
	}
}

func (a *analysis) external(fn *types.Func, c *ast.CallExpr, recvExpr ast.Expr) {
	name := fn.FullName()
	if writers[name] {
		var dst ast.Expr
		args := c.Args
		if recvExpr != nil {
			dst = recvExpr
		} else if len(args) > 0 {
			dst, args = args[0], args[1:]
		}
		var d deps
		for _, arg := range args {
			d.add(a.deps(arg))
		}
		a.flow(d, a.rootVar(dst), c.Pos())
		return
	}
	// Whatever a foreign function is given by address, it may fill with
	// anything.
	for _, arg := range c.Args {
		if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
			if t := a.target(u.X); t != nil {
				a.taint(t, leaf{pos: arg.Pos(), what: "written by " + name})
			}
		}
	}
}

// localFunc is the literal a call of a local function runs.
func (a *analysis) localFunc(c *ast.CallExpr) *ast.FuncLit {
	if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
		if v, ok := a.info.Uses[id].(*types.Var); ok {
			return a.localFuncs[v]
		}
	}
	return nil
}

func calleeFunc(info *types.Info, c *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, c).(*types.Func)
	return fn
}

func receiver(info *types.Info, c *ast.CallExpr) ast.Expr {
	if s, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
		if sel := info.Selections[s]; sel != nil && sel.Kind() == types.MethodVal {
			return s.X
		}
	}
	return nil
}

// implementations are the module's methods an interface method call may
// run: those of the types that implement the interface.
func (a *analysis) implementations(fn *types.Func) []*types.Func {
	iface, _ := fn.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface)
	var out []*types.Func
	for _, m := range a.methods[fn.Name()] {
		t := m.Type().(*types.Signature).Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if iface == nil || types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface) {
			out = append(out, m)
		}
	}
	return out
}

func isInterfaceMethod(fn *types.Func) bool {
	r := fn.Type().(*types.Signature).Recv()
	return r != nil && types.IsInterface(r.Type())
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// carriesNoText reports whether values of t cannot hold Cypher text.
func carriesNoText(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && (b.Info()&(types.IsNumeric|types.IsBoolean) != 0 || b.Kind() == types.UntypedNil)
}

func (a *analysis) composite(lit *ast.CompositeLit) {
	t := a.info.TypeOf(lit)
	if t == nil {
		return
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if f, ok := a.info.Uses[id].(*types.Var); ok {
					a.flow(a.deps(kv.Value), f, kv.Pos())
				}
			}
		} else if i < st.NumFields() {
			a.flow(a.deps(el), st.Field(i), el.Pos())
		}
	}
}

// deps is where the value of e comes from.
func (a *analysis) deps(e ast.Expr) deps {
	if e == nil {
		return deps{}
	}
	tv, ok := a.info.Types[e]
	if ok && (tv.Value != nil || tv.IsType() || tv.IsNil()) {
		return deps{}
	}
	if ok && carriesNoText(tv.Type) {
		return deps{}
	}
	switch e := e.(type) {
	case *ast.Ident:
		switch o := a.objectOf(e).(type) {
		case *types.Var:
			if o.Pkg() != nil && !a.inModule(o) {
				return deps{leaves: []leaf{{e.Pos(), "variable " + o.Pkg().Path() + "." + o.Name()}}}
			}
			return deps{nodes: []node{o}}
		}
		return deps{}
	case *ast.SelectorExpr:
		sel := a.info.Selections[e]
		if sel == nil { // qualified identifier
			return a.deps(e.Sel)
		}
		if sel.Kind() != types.FieldVal {
			return deps{} // a method value
		}
		f := sel.Obj().(*types.Var)
		d := a.deps(e.X)
		if !a.inModule(f) {
			d.leaves = append(d.leaves, leaf{e.Pos(), "field " + f.Name() + " of a type of " + f.Pkg().Path()})
		} else {
			d.nodes = append(d.nodes, f)
		}
		return d
	case *ast.ParenExpr:
		return a.deps(e.X)
	case *ast.BinaryExpr:
		d := a.deps(e.X)
		d.add(a.deps(e.Y))
		return d
	case *ast.UnaryExpr:
		return a.deps(e.X)
	case *ast.StarExpr:
		d := a.deps(e.X)
		d.nodes = append(d.nodes, pointee{types.TypeString(tv.Type, nil)})
		return d
	case *ast.IndexExpr:
		return a.deps(e.X)
	case *ast.IndexListExpr:
		return a.deps(e.X)
	case *ast.SliceExpr:
		return a.deps(e.X)
	case *ast.TypeAssertExpr:
		return a.deps(e.X)
	case *ast.CompositeLit:
		var d deps
		for _, el := range e.Elts {
			d.add(a.deps(el))
		}
		return d
	case *ast.KeyValueExpr:
		d := a.deps(e.Value)
		if _, isField := a.info.Uses[identOf(e.Key)].(*types.Var); !isField || !isStructKey(a.info, e) {
			d.add(a.deps(e.Key))
		}
		return d
	case *ast.FuncLit:
		return deps{}
	case *ast.CallExpr:
		return a.callDeps(e)
	}
	return deps{leaves: []leaf{{e.Pos(), fmt.Sprintf("an expression the analysis does not follow (%T)", e)}}}
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}

// isStructKey: the key of a struct literal's element names a field.
func isStructKey(info *types.Info, kv *ast.KeyValueExpr) bool {
	id := identOf(kv.Key)
	if id == nil {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && v.IsField()
}

func firstOr(es []ast.Expr) ast.Expr {
	if len(es) == 0 {
		return nil
	}
	return es[0]
}

func (a *analysis) callDeps(c *ast.CallExpr) deps { return a.callResult(c, 0) }

// callResult is where result i of a call comes from.
func (a *analysis) callResult(c *ast.CallExpr, i int) deps {
	if tv, ok := a.info.Types[c.Fun]; ok && tv.IsType() {
		if len(c.Args) == 1 {
			return a.deps(c.Args[0]) // conversion
		}
		return deps{}
	}
	if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
		if b, ok := a.info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "append", "min", "max":
				var d deps
				for _, arg := range c.Args {
					d.add(a.deps(arg))
				}
				return d
			case "recover":
				return deps{leaves: []leaf{{c.Pos(), "recover()"}}}
			}
			return deps{}
		}
	}
	if lit, ok := ast.Unparen(c.Fun).(*ast.FuncLit); ok {
		return deps{nodes: []node{litResults{lit, i}}} // func() string { ... }()
	}
	if lit := a.localFunc(c); lit != nil {
		return deps{nodes: []node{litResults{lit, i}}}
	}
	fn := calleeFunc(a.info, c)
	if fn == nil {
		return deps{leaves: []leaf{{c.Pos(), "the result of calling a function value"}}}
	}
	if isInterfaceMethod(fn) {
		if !a.inModule(fn) {
			return deps{leaves: []leaf{{c.Pos(), "the result of " + fn.FullName()}}}
		}
		var d deps
		for _, m := range a.implementations(fn) {
			d.nodes = append(d.nodes, resultsOf{m.Origin(), i})
		}
		return d
	}
	if a.inModule(fn) {
		return deps{nodes: []node{resultsOf{fn.Origin(), i}}}
	}
	if pure[fn.FullName()] {
		var d deps
		if r := receiver(a.info, c); r != nil {
			d.add(a.deps(r))
		}
		for _, arg := range c.Args {
			d.add(a.deps(arg))
		}
		return d
	}
	return deps{leaves: []leaf{{c.Pos(), "the result of " + fn.FullName()}}}
}
