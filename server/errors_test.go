package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/graph"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func TestCodeStatusNamesEveryCode(t *testing.T) {
	want := map[string]int{
		graph.CodeInvalidInput: 400, graph.CodeNotFound: 404, graph.CodeConflict: 409,
		graph.CodeUnauthenticated: 401, graph.CodeForbidden: 403, graph.CodeTooComplex: 422,
		CodeRateLimited: 429, graph.CodeUnavailable: 503, graph.CodeInternal: 500,
	}
	for code, status := range want {
		if got := statusOf(code); got != status {
			t.Errorf("statusOf(%s) = %d, want %d", code, got, status)
		}
	}
	if len(codeStatus) != len(want) {
		t.Errorf("codeStatus has %d codes, the test knows %d", len(codeStatus), len(want))
	}
	if got := statusOf("SOMETHING_ELSE"); got != 500 {
		t.Errorf("an unknown code answers %d, want 500", got)
	}
}

// TestRequestErrorStatus: a GraphQL request error without data takes its
// status from the same table, a client's error being 422.
func TestRequestErrorStatus(t *testing.T) {
	for code, want := range map[string]int{
		graph.CodeInvalidInput: 422, graph.CodeTooComplex: 422, graph.CodeNotFound: 422, graph.CodeConflict: 422,
		graph.CodeUnauthenticated: 401, graph.CodeForbidden: 403, CodeRateLimited: 429,
		graph.CodeUnavailable: 503, graph.CodeInternal: 500, "": 500, "GRAPHQL_VALIDATION_FAILED": 500,
	} {
		errs := gqlerror.List{{Message: "x", Extensions: map[string]any{"code": code}}}
		if got := requestErrorStatus(errs, false); got != want {
			t.Errorf("%q: status %d, want %d", code, got, want)
		}
	}
	if got := requestErrorStatus(nil, true); got != http.StatusBadRequest {
		t.Errorf("a parse failure: status %d, want 400", got)
	}
}

// TestAbortWith: every route answers its errors the one way, and an
// internal error is logged with the request id and never sent.
func TestAbortWith(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logged, nil))
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(requestID(log), recoverer())
	r.GET("/internal", func(c *gin.Context) { abortWith(c, errors.New("the secret detail")) })
	r.GET("/panic", func(c *gin.Context) { panic("the panic detail") })
	r.GET("/missing", func(c *gin.Context) { abortWith(c, graph.NotFound(graph.KindPerson, "p1")) })
	r.GET("/busy", func(c *gin.Context) { abortWith(c, graph.Errorf(graph.CodeUnavailable, "try again")) })
	r.GET("/limited", func(c *gin.Context) { abortWith(c, &graph.Error{Code: CodeRateLimited, Message: "slow down"}) })

	do := func(path, id string) (*httptest.ResponseRecorder, string, string) {
		t.Helper()
		logged.Reset()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if id != "" {
			req.Header.Set(RequestIDHeader, id)
		}
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		var body struct {
			Errors []struct {
				Message    string
				Extensions struct{ Code string }
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 {
			t.Fatalf("%s: body %q is not one GraphQL error (%v)", path, w.Body, err)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		return w, body.Errors[0].Extensions.Code, body.Errors[0].Message
	}

	for _, path := range []string{"/internal", "/panic"} {
		w, code, msg := do(path, "")
		if w.Code != 500 || code != graph.CodeInternal || msg != "internal error" {
			t.Errorf("%s: %d %s %q, want 500 INTERNAL \"internal error\"", path, w.Code, code, msg)
		}
		if strings.Contains(w.Body.String(), "detail") {
			t.Errorf("%s: the body tells the detail: %s", path, w.Body)
		}
		id := w.Header().Get(RequestIDHeader)
		if len(id) != 16 {
			t.Errorf("%s: request id %q, want 16 hex digits", path, id)
		}
		var line map[string]any
		if err := json.Unmarshal(logged.Bytes(), &line); err != nil {
			t.Fatalf("%s: log %q is not one JSON line: %v", path, logged.String(), err)
		}
		if line["request_id"] != id || line["level"] != "ERROR" || !strings.Contains(line["err"].(string), "detail") {
			t.Errorf("%s: logged %v, want ERROR with request_id %s and the detail", path, line, id)
		}
	}

	w, _, _ := do("/internal", "client-id.42")
	if got := w.Header().Get(RequestIDHeader); got != "client-id.42" || !strings.Contains(logged.String(), `"request_id":"client-id.42"`) {
		t.Errorf("the client's request id: answered %q, logged %s", got, logged.String())
	}
	if w, _, _ := do("/internal", "no spaces please"); w.Header().Get(RequestIDHeader) == "no spaces please" {
		t.Error("an implausible request id is kept")
	}

	w, code, msg := do("/missing", "")
	if w.Code != 404 || code != graph.CodeNotFound || msg != `person "p1" not found` || logged.Len() != 0 {
		t.Errorf("/missing: %d %s %q, logged %q", w.Code, code, msg, logged.String())
	}
	w, code, _ = do("/busy", "")
	if w.Code != 503 || code != graph.CodeUnavailable || w.Header().Get("Retry-After") != "1" {
		t.Errorf("/busy: %d %s Retry-After %q", w.Code, code, w.Header().Get("Retry-After"))
	}
	w, code, _ = do("/limited", "")
	if w.Code != 429 || code != CodeRateLimited {
		t.Errorf("/limited: %d %s", w.Code, code)
	}
}

// TestPresentErrorLogsInternal: an internal error of a GraphQL field is
// logged with the request id and its message kept from the client.
func TestPresentErrorLogsInternal(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logged, nil))
	ctx := context.WithValue(context.Background(), loggerCtx{}, log.With("request_id", "r-1"))
	for _, err := range []error{
		graph.Errorf(graph.CodeInternal, "paths: the meeting statement answered 2 rows"),
		errors.New("a plain error"),
	} {
		logged.Reset()
		gerr := presentError(slog.New(slog.DiscardHandler))(ctx, err)
		if gerr.Message != "internal error" || gerr.Extensions["code"] != graph.CodeInternal {
			t.Errorf("%v: presented %q %v", err, gerr.Message, gerr.Extensions)
		}
		if !strings.Contains(logged.String(), `"request_id":"r-1"`) || !strings.Contains(logged.String(), err.Error()) {
			t.Errorf("%v: logged %q", err, logged.String())
		}
	}
	logged.Reset()
	presentError(log)(ctx, graph.NotFound(graph.KindUnit, "u1"))
	if logged.Len() != 0 {
		t.Errorf("a NOT_FOUND is logged: %q", logged.String())
	}
}
