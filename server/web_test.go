package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gin-gonic/gin"
)

func webTestRouter(files fstest.MapFS, mode string) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	webRoutesFS(r, files, mode)
	return r
}

func gz(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := io.WriteString(w, s); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWebPages(t *testing.T) {
	files := fstest.MapFS{
		"index.html":                {Data: []byte(`<head><meta name="liaison-auth" content=""></head><body>explorer</body>`)},
		"graphiql.html":             {Data: []byte(`<head><meta name="liaison-auth" content=""></head><body>graphiql</body>`)},
		"assets/app-ABCD1234.js":    {Data: []byte("console.log('app')")},
		"assets/app-ABCD1234.js.gz": {Data: gz(t, "console.log('app')")},
		"assets/favicon.svg":        {Data: []byte("<svg/>")},
	}
	r := webTestRouter(files, "demo")
	get := func(path string, hdr map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		return w
	}

	w := get("/", nil)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "explorer") {
		t.Fatalf("/: %d %q", w.Code, w.Body.String())
	}
	if !strings.Contains(w.Body.String(), `<meta name="liaison-auth" content="demo">`) {
		t.Errorf("/ does not name the auth mode: %q", w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("/ Content-Type %q", ct)
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("/ CSP %q", csp)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("/ Cache-Control %q", cc)
	}
	if w := get("/graphiql", nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "graphiql") {
		t.Errorf("/graphiql: %d %q", w.Code, w.Body.String())
	}

	w = get("/assets/app-ABCD1234.js", nil)
	if w.Code != http.StatusOK || w.Body.String() != "console.log('app')" || w.Header().Get("Content-Encoding") != "" {
		t.Errorf("asset without gzip: %d %q %q", w.Code, w.Body.String(), w.Header().Get("Content-Encoding"))
	}
	if ct := w.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("asset Content-Type %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("hashed asset Cache-Control %q", cc)
	}
	w = get("/assets/app-ABCD1234.js", map[string]string{"Accept-Encoding": "br, gzip"})
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("asset with gzip: Content-Encoding %q", w.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != "console.log('app')" {
		t.Errorf("gzipped asset %q", b)
	}
	if cc := get("/assets/favicon.svg", nil).Header().Get("Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("unhashed asset is immutable: %q", cc)
	}
	for _, p := range []string{"/assets/missing.js", "/assets/app-ABCD1234.js.gz", "/assets/../index.html", "/assets/"} {
		if w := get(p, nil); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, w.Code)
		}
	}
}

func TestWebNotBuilt(t *testing.T) {
	r := webTestRouter(fstest.MapFS{".placeholder": {Data: []byte("x")}}, "none")
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "make web") {
		t.Errorf("/ before the front end is built: %d %q", w.Code, w.Body.String())
	}
}

func TestAuthMode(t *testing.T) {
	if m := authMode(Options{}); m != "none" {
		t.Errorf("no auth: %q", m)
	}
}
