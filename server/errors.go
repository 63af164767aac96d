package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/graph"
)

// The HTTP edge answers every error one way: an error becomes an httpError
// (its status from codeStatus, its code, a message a client may see) and
// writeHTTPError writes it as {"errors":[{"message","extensions":{"code"}}]}.
// Routes call abortWith; the GraphQL transport writes its protocol errors
// (405, 406, 413, 415) with writeHTTPError and takes the status of a request
// error from the same table (requestErrorStatus). Every INTERNAL error is
// logged with the request's id (requestID), never sent.

// CodeRateLimited is the error code of a request over its token's rate
// limit (HTTP 429).
const CodeRateLimited = "RATE_LIMITED"

// codeStatus is the HTTP status of each error code. A code it does not
// name is answered 500.
var codeStatus = map[string]int{
	graph.CodeInvalidInput:    http.StatusBadRequest,
	graph.CodeNotFound:        http.StatusNotFound,
	graph.CodeConflict:        http.StatusConflict,
	graph.CodeUnauthenticated: http.StatusUnauthorized,
	graph.CodeForbidden:       http.StatusForbidden,
	graph.CodeTooComplex:      http.StatusUnprocessableEntity,
	CodeRateLimited:           http.StatusTooManyRequests,
	graph.CodeUnavailable:     http.StatusServiceUnavailable,
	graph.CodeInternal:        http.StatusInternalServerError,
}

// statusOf is the HTTP status of an error code (codeStatus).
func statusOf(code string) int {
	if s, ok := codeStatus[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// httpError is an error answer: a status, an error code, a message and the
// headers that go with it.
type httpError struct {
	status  int
	code    string
	message string
	allow   string // the Allow header of a 405
}

// errorAnswer is the answer to err: the status of its code and the message
// a client may see (never an internal error's).
func errorAnswer(err error) httpError {
	code := graph.ErrorCode(err)
	msg := graph.ErrorMessage(err)
	if code == graph.CodeInternal {
		msg = "internal error"
	}
	return httpError{status: statusOf(code), code: code, message: msg}
}

// writeHTTPError writes e as a GraphQL response (errors only, no data) in
// media; an UNAVAILABLE answer says when to retry.
func writeHTTPError(w http.ResponseWriter, media string, e httpError) {
	if e.allow != "" {
		w.Header().Set("Allow", e.allow)
	}
	if e.code == graph.CodeUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
	}
	w.Header().Set("Content-Type", contentType(media))
	w.WriteHeader(e.status)
	b, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{
		"message": e.message, "extensions": map[string]any{"code": e.code},
	}}})
	_, _ = w.Write(b)
}

// abortWith answers err and stops the request: the one way a route answers
// an error. An INTERNAL one is logged with the request id.
func abortWith(c *gin.Context, err error) {
	e := errorAnswer(err)
	if e.code == graph.CodeInternal {
		logFor(c.Request.Context(), slog.Default()).Error("internal error", "err", err,
			"method", c.Request.Method, "path", c.Request.URL.Path)
	}
	_ = c.Error(err)
	abortHTTP(c, e)
}

// abortHTTP writes e as application/json and stops the request.
func abortHTTP(c *gin.Context, e httpError) {
	writeHTTPError(c.Writer, mediaJSON, e)
	c.Abort()
}

// RequestIDHeader carries the request id: the client's when it sends a
// plausible one, otherwise a new one; it is answered on every response and
// is in every log line about the request.
const RequestIDHeader = "X-Request-Id"

var plausibleRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

type loggerCtx struct{}

// requestID gives the request its id and the request's context a logger
// that names it.
func requestID(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !plausibleRequestID.MatchString(id) {
			id = newRequestID()
		}
		c.Header(RequestIDHeader, id)
		ctx := context.WithValue(c.Request.Context(), loggerCtx{}, log.With("request_id", id))
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// logFor is the request's logger (with its id), or fallback outside a
// request.
func logFor(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if l, ok := ctx.Value(loggerCtx{}).(*slog.Logger); ok {
		return l
	}
	return fallback
}
