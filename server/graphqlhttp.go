package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/graph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// GraphQL over HTTP, as the GraphQL-over-HTTP specification (draft of
// 2026-04-23, graphql.github.io/graphql-over-http/draft) says, for both
// response media types. server/graphqlhttp_test.go checks each of its MUST
// and SHOULD rules by name. In short:
//
//   - The response media type is negotiated from Accept (q-values, the
//     most specific range wins): application/graphql-response+json or
//     application/json; no Accept at all means application/json (a legacy
//     client); nothing acceptable answers 406.
//   - application/graphql-response+json: 200 with data and no errors, 294
//     with data and errors, and a request error (the document does not
//     parse: 400; does not validate, names no operation, has variables that
//     cannot be coerced, is too deep or complex: 422) has no data entry and
//     a 4xx status.
//   - application/json: 200 for every well-formed request, whatever its
//     errors; a request that is not well-formed answers 400.
//   - A body that is not JSON: 400. POST only as application/json (UTF-8);
//     anything else 415. GET only for queries: a mutation answers 405.
//     Other methods: 405. Both with Allow.
//   - null for operationName, variables or extensions is the same as leaving
//     them out, and so is the empty string in a GET; properties the server
//     does not know are ignored.
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
	// statusPartial is the specification's "294 Partial Success": a response
	// with both data and errors, under application/graphql-response+json.
	statusPartial = 294
)

// negotiate picks the response media type for an Accept header: the
// acceptable one with the highest q, where each is given the q of the most
// specific range that matches it; on a tie, application/graphql-response+json.
// No Accept header is a legacy client: application/json. ok is false when
// the header accepts neither.
func negotiate(accept string) (media string, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	type rangeQ struct {
		typ, sub string
		q        float64
	}
	var ranges []rangeQ
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		typ, sub, found := strings.Cut(mt, "/")
		if !found {
			continue
		}
		q := 1.0
		if s, has := params["q"]; has {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || v < 0 || v > 1 {
				continue
			}
			q = v
		}
		ranges = append(ranges, rangeQ{typ, sub, q})
	}
	best, bestQ := "", 0.0
	for _, candidate := range []string{mediaGraphQLResponse, mediaJSON} {
		typ, sub, _ := strings.Cut(candidate, "/")
		q, specificity := 0.0, -1
		for _, r := range ranges {
			s := -1
			switch {
			case r.typ == typ && r.sub == sub:
				s = 2
			case r.typ == typ && r.sub == "*":
				s = 1
			case r.typ == "*" && r.sub == "*":
				s = 0
			}
			if s > specificity {
				q, specificity = r.q, s
			}
		}
		if q > bestQ {
			best, bestQ = candidate, q
		}
	}
	return best, best != ""
}

// contentType is the Content-Type header of a response in media.
func contentType(media string) string { return media + "; charset=utf-8" }

// graphQLProtocol is the first handler of /graphql. It refuses, before
// authentication and any GraphQL work, what the specification refuses by
// the request line and headers alone (406, 405, 415), and makes every error
// answered after it (401 and 429 from authenticate, errors of the
// transport) carry the negotiated media type and an extensions.code.
func graphQLProtocol() gin.HandlerFunc {
	return func(c *gin.Context) {
		media, ok := negotiate(c.GetHeader("Accept"))
		if !ok {
			writeHTTPError(c.Writer, mediaJSON, httpError{status: http.StatusNotAcceptable, code: graph.CodeInvalidInput,
				message: fmt.Sprintf("Accept: %q accepts neither %s nor %s", c.GetHeader("Accept"), mediaGraphQLResponse, mediaJSON)})
			c.Abort()
			return
		}
		switch c.Request.Method {
		case http.MethodGet:
		case http.MethodPost:
			if e, bad := checkContentType(c.GetHeader("Content-Type")); bad {
				writeHTTPError(c.Writer, media, e)
				c.Abort()
				return
			}
		default:
			writeHTTPError(c.Writer, media, httpError{status: http.StatusMethodNotAllowed, code: graph.CodeInvalidInput,
				message: fmt.Sprintf("method %s: /graphql takes GET (queries) and POST", c.Request.Method), allow: "GET, POST, OPTIONS"})
			c.Abort()
			return
		}
		w := &codingWriter{ResponseWriter: c.Writer, media: media}
		c.Writer = w
		c.Next()
		w.flush()
	}
}

// checkContentType accepts application/json in UTF-8, with or without the
// charset parameter; anything else is 415.
func checkContentType(h string) (httpError, bool) {
	unsupported := func(msg string) (httpError, bool) {
		return httpError{status: http.StatusUnsupportedMediaType, code: graph.CodeInvalidInput, message: msg}, true
	}
	if strings.TrimSpace(h) == "" {
		return unsupported("Content-Type: missing; send the request as Content-Type: application/json")
	}
	mt, params, err := mime.ParseMediaType(h)
	if err != nil {
		return unsupported(fmt.Sprintf("Content-Type: %q does not parse: %v", h, err))
	}
	if mt != mediaJSON {
		return unsupported(fmt.Sprintf("Content-Type: %s is not supported; send application/json", mt))
	}
	if cs, has := params["charset"]; has && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return unsupported(fmt.Sprintf("Content-Type: charset %q is not supported; send UTF-8", cs))
	}
	return httpError{}, false
}

// graphQLTransport serves GET and POST for gqlgen's executor; see the
// package comment above for what it answers.
type graphQLTransport struct{}

var _ graphql.Transport = graphQLTransport{}

func (graphQLTransport) Supports(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodPost) && r.Header.Get("Upgrade") == ""
}

// requestError is a request that is not a well-formed GraphQL-over-HTTP
// request, or whose body cannot be read.
type requestError struct {
	notJSON bool // the body is not JSON at all
	status  int  // when set, this status whatever the media type (413)
	msg     string
}

func (graphQLTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok { // graphQLProtocol has answered 406 already when it runs first
		media = mediaJSON
	}
	start := graphql.Now()
	var params *graphql.RawParams
	var rerr *requestError
	if r.Method == http.MethodGet {
		params, rerr = getParams(r.URL.RawQuery)
	} else {
		params, rerr = postParams(r.Body)
	}
	if rerr != nil {
		status := rerr.status
		switch {
		case status != 0:
		case rerr.notJSON || media == mediaJSON:
			status = http.StatusBadRequest
		default:
			status = http.StatusUnprocessableEntity
		}
		writeHTTPError(w, media, httpError{status: status, code: graph.CodeInvalidInput, message: rerr.msg})
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	ctx := r.Context()

	if r.Method == http.MethodGet && isMutation(params) {
		writeHTTPError(w, media, httpError{status: http.StatusMethodNotAllowed, code: graph.CodeInvalidInput,
			message: "GET can only query: send mutations with POST", allow: "POST"})
		return
	}
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		parseFailed := false
		for _, e := range errs {
			if e.Extensions["code"] == "GRAPHQL_PARSE_FAILED" {
				parseFailed = true
			}
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = requestErrorStatus(resp.Errors, parseFailed)
		}
		writeResponse(w, media, status, resp, false)
		return
	}
	handle, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := handle(ctx)
	hasData := len(resp.Data) > 0
	status := http.StatusOK
	if media == mediaGraphQLResponse {
		switch {
		case !hasData:
			status = requestErrorStatus(resp.Errors, false)
		case len(resp.Errors) > 0:
			status = statusPartial
		}
	}
	writeResponse(w, media, status, resp, hasData)
}

// requestErrorStatus is the 4xx or 5xx status of a response without data,
// under application/graphql-response+json: 400 when the document does not
// parse, 422 when it does not validate (variables included), otherwise by
// the first error's code (codeStatus), a client's error being 422.
func requestErrorStatus(errs gqlerror.List, parseFailed bool) int {
	if parseFailed {
		return http.StatusBadRequest
	}
	code := ""
	if len(errs) > 0 && errs[0].Extensions != nil {
		code, _ = errs[0].Extensions["code"].(string)
	}
	switch s := statusOf(code); s {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict:
		// The document was read but cannot run as sent.
		return http.StatusUnprocessableEntity
	default:
		return s
	}
}

// writeResponse writes a GraphQL response. A request error has no data
// entry at all (gqlgen's Response would say "data": null); an executed
// operation always has one, null included.
func writeResponse(w http.ResponseWriter, media string, status int, resp *graphql.Response, withData bool) {
	out := struct {
		Errors     gqlerror.List   `json:"errors,omitempty"`
		Data       json.RawMessage `json:"data,omitempty"`
		Extensions map[string]any  `json:"extensions,omitempty"`
	}{Errors: resp.Errors, Extensions: resp.Extensions}
	if withData {
		out.Data = resp.Data
		if len(out.Data) == 0 {
			out.Data = json.RawMessage("null")
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		writeHTTPError(w, media, httpError{status: http.StatusInternalServerError, code: graph.CodeInternal, message: "internal error"})
		return
	}
	w.Header().Set("Content-Type", contentType(media))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// postParams decodes a POST body: one JSON object with query (a string),
// and optionally operationName (a string), variables and extensions
// (objects), each of which may be null; other properties are ignored.
func postParams(body io.Reader) (*graphql.RawParams, *requestError) {
	b, err := io.ReadAll(body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, &requestError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("request body too large (more than %d bytes)", tooLarge.Limit)}
		}
		return nil, &requestError{status: http.StatusBadRequest, msg: "could not read the request body"}
	}
	if !json.Valid(b) {
		return nil, &requestError{notJSON: true, msg: "the request body is not JSON"}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil || fields == nil {
		return nil, &requestError{msg: "the request body must be a JSON object with a query"}
	}
	p := &graphql.RawParams{}
	if rerr := decodeString(fields["query"], "query", true, &p.Query); rerr != nil {
		return nil, rerr
	}
	if rerr := decodeString(fields["operationName"], "operationName", false, &p.OperationName); rerr != nil {
		return nil, rerr
	}
	if rerr := decodeObject(fields["variables"], "variables", &p.Variables); rerr != nil {
		return nil, rerr
	}
	if rerr := decodeObject(fields["extensions"], "extensions", &p.Extensions); rerr != nil {
		return nil, rerr
	}
	return p, nil
}

// getParams reads the parameters of a GET from the URL's query: the empty
// string is the same as a missing parameter; variables and extensions are
// JSON objects.
func getParams(rawQuery string) (*graphql.RawParams, *requestError) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, &requestError{msg: fmt.Sprintf("the URL's query does not parse: %v", err)}
	}
	p := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	if p.Query == "" {
		return nil, &requestError{msg: "query: missing; a GET takes the document in the query parameter"}
	}
	for _, f := range []struct {
		name string
		dst  *map[string]any
	}{{"variables", &p.Variables}, {"extensions", &p.Extensions}} {
		if s := q.Get(f.name); s != "" {
			if !json.Valid([]byte(s)) {
				return nil, &requestError{msg: fmt.Sprintf("%s: not JSON", f.name)}
			}
			if rerr := decodeObject(json.RawMessage(s), f.name, f.dst); rerr != nil {
				return nil, rerr
			}
		}
	}
	return p, nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

func decodeString(raw json.RawMessage, name string, required bool, dst *string) *requestError {
	if isNull(raw) {
		if required {
			return &requestError{msg: name + ": missing; the request must have a query string"}
		}
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return &requestError{msg: name + ": must be a string"}
	}
	return nil
}

// decodeObject decodes a JSON object keeping numbers as json.Number, as
// gqlgen's variable coercion expects.
func decodeObject(raw json.RawMessage, name string, dst *map[string]any) *requestError {
	if isNull(raw) {
		return nil
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return &requestError{msg: name + ": must be an object (a map of names to values)"}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return &requestError{msg: fmt.Sprintf("%s: %v", name, err)}
	}
	return nil
}

// isMutation tells whether the operation that params select is a mutation.
// A document that does not parse, or names no such operation, is not: the
// executor reports those as it always does.
func isMutation(params *graphql.RawParams) bool {
	doc, err := parser.ParseQuery(&ast.Source{Input: params.Query})
	if err != nil {
		return false
	}
	op := doc.Operations.ForName(params.OperationName)
	return op != nil && op.Operation == ast.Mutation
}
