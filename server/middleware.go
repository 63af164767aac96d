package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/graph"
)

// recoverer turns a panic outside GraphQL into a 500 INTERNAL, logged
// with the request id.
func recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				abortWith(c, fmt.Errorf("panic: %v", p))
			}
		}()
		c.Next()
	}
}

// requestLog writes one structured line per request, with its id.
func requestLog(fallback *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		if c.Request.URL.Path == "/healthz" {
			return
		}
		logFor(c.Request.Context(), fallback).Info("request", "method", c.Request.Method, "path", c.Request.URL.Path, "status", c.Writer.Status(),
			"bytes", c.Writer.Size(), "ms", float64(time.Since(start).Microseconds())/1000)
	}
}

// bodyLimit refuses bodies larger than n bytes. /graphql answers its own
// 413 when it reads the body, in the response media type it negotiated.
func bodyLimit(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.FullPath() == importUploadPath { // its own, larger, limit (importer.go)
			c.Next()
			return
		}
		if c.Request.ContentLength > n && c.FullPath() != "/graphql" {
			abortHTTP(c, httpError{status: http.StatusRequestEntityTooLarge, code: graph.CodeInvalidInput, message: "request body too large"})
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

// timeout bounds the whole request (an export by its own, longer, limit:
// it runs many pages, each bounded by d); the database calls under it have
// their own, shorter, limits.
func timeout(d, export time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := d
		if c.FullPath() == exportPath {
			limit = export
		}
		ctx, cancel := context.WithTimeout(c.Request.Context(), limit)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// codingWriter holds back an error response of the GraphQL endpoint to
// make sure that every error in it carries extensions.code (gqlgen and the
// middleware before it answer some without one; those are all the
// client's doing, so they get INVALID_INPUT) and that it is served in the
// negotiated media type.
type codingWriter struct {
	gin.ResponseWriter
	media  string
	status int
	buf    []byte
	held   bool
}

func (w *codingWriter) WriteHeader(code int) {
	w.status = code
	if code >= 400 {
		w.held = true
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *codingWriter) Write(b []byte) (int, error) {
	if w.held {
		w.buf = append(w.buf, b...)
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *codingWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

func (w *codingWriter) flush() {
	if !w.held {
		return
	}
	body := w.buf
	var resp map[string]any
	if json.Unmarshal(body, &resp) == nil {
		if errs, ok := resp["errors"].([]any); ok {
			changed := false
			for _, e := range errs {
				m, ok := e.(map[string]any)
				if !ok {
					continue
				}
				ext, _ := m["extensions"].(map[string]any)
				if ext == nil {
					ext = map[string]any{}
					m["extensions"] = ext
				}
				if _, ok := ext["code"]; !ok {
					ext["code"] = graph.CodeInvalidInput
					changed = true
				}
			}
			if changed {
				if b, err := json.Marshal(resp); err == nil {
					body = b
				}
			}
		}
	}
	w.ResponseWriter.Header().Del("Content-Length")
	if w.media != "" && json.Valid(body) {
		w.ResponseWriter.Header().Set("Content-Type", contentType(w.media))
	}
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(body)
}
