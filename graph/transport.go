package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/metandereogen/maograph/graph/model"
)

// Media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport is the one way into the executor: GraphQL over HTTP (the GraphQL Foundation's
// spec, checked by graphql-http's audit) for GET and POST. It refuses malformed requests
// before any GraphQL work, each with a status and an extensions.code: 400 BAD_REQUEST (not
// JSON, a batch, a parameter of the wrong type, no query), 405 for other methods, 413
// PAYLOAD_TOO_LARGE (declared or streamed), 415 for a body that is not application/json. A
// request error (parse, validation, limits) answers 200 to clients that accept
// application/json and 400 without a data entry to those that accept
// application/graphql-response+json; neither echoes more than a short prefix of the input.
type httpTransport struct {
	maxBody   int64
	maxErrors int
}

var _ graphql.Transport = httpTransport{}

func (httpTransport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") == "" }

// refusal is a request refused before it reached the executor.
type refusal struct {
	status int
	err    *gqlerror.Error
}

func refuse(status int, code, format string, args ...any) *refusal {
	return &refusal{status, requestError(code, format, args...)}
}

func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media := responseMedia(r.Header.Get("Accept"))
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.Header().Set("Vary", "Accept")
	start := graphql.Now()
	var (
		params *graphql.RawParams
		ref    *refusal
	)
	switch r.Method {
	case http.MethodGet:
		params, ref = paramsFromURL(r.URL)
	case http.MethodPost:
		params, ref = t.paramsFromBody(r)
	default:
		w.Header().Set("Allow", "GET, POST")
		ref = refuse(http.StatusMethodNotAllowed, model.EBADREQUEST, "GraphQL takes GET or POST, not %s.", clip(r.Method, 20))
	}
	if ref != nil {
		t.writeErrors(w, ref.status, exec.DispatchError(ctx, gqlerror.List{ref.err}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	rc, errs := exec.CreateOperationContext(ctx, params)
	if len(errs) > 0 {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		t.writeErrors(w, requestErrorStatus(media, resp.Errors), resp)
		return
	}
	if r.Method == http.MethodGet && rc.Operation != nil && rc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		resp := exec.DispatchError(ctx, gqlerror.List{requestError(model.EBADREQUEST, "Only queries can be sent with GET; send a %s with POST.", rc.Operation.Operation)})
		t.writeErrors(w, http.StatusMethodNotAllowed, resp)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeJSON(w, http.StatusOK, responses(ctx))
}

// responseMedia picks the response's media type from Accept: application/graphql-response+json
// when the client prefers it, application/json otherwise (also when Accept is missing or */*).
func responseMedia(accept string) string {
	best, bestQ := mediaJSON, -1.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				q = 0
			}
		}
		var cand string
		switch mt {
		case mediaGraphQLResponse:
			cand = mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			cand = mediaJSON
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = cand, q
		}
	}
	return best
}

// requestErrorStatus is the status of a request that never executed: 400 for a malformed
// request whatever the media type; otherwise 200 for application/json and 400 for
// application/graphql-response+json, as the spec asks. A persisted query the server does not
// know answers 200 either way: Apollo's persisted-query link then sends the query text, while
// a 400 would make it give up persisted queries for good.
func requestErrorStatus(media string, errs gqlerror.List) int {
	code := ""
	if len(errs) > 0 {
		code, _ = errs[0].Extensions["code"].(string)
	}
	switch {
	case code == model.EBADREQUEST:
		return http.StatusBadRequest
	case code == model.EPQNOTFOUND:
		return http.StatusOK
	case media == mediaGraphQLResponse:
		return http.StatusBadRequest
	}
	return http.StatusOK
}

// paramsFromURL reads a GET request's query, operationName, variables and extensions.
func paramsFromURL(u *url.URL) (*graphql.RawParams, *refusal) {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The URL's query string is malformed.")
	}
	p := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	if v := q.Get("variables"); v != "" {
		if p.Variables, err = decodeObject([]byte(v)); err != nil {
			return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The variables parameter must be a JSON object.")
		}
	}
	if v := q.Get("extensions"); v != "" {
		if p.Extensions, err = decodeObject([]byte(v)); err != nil {
			return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The extensions parameter must be a JSON object.")
		}
	}
	return p, nil
}

// paramsFromBody reads a POST body: application/json (UTF-8), at most maxBody bytes, one
// JSON object whose parameters have the spec's types.
func (t httpTransport) paramsFromBody(r *http.Request) (*graphql.RawParams, *refusal) {
	ct := r.Header.Get("Content-Type")
	mt, mp, err := mime.ParseMediaType(ct)
	if err != nil || mt != mediaJSON {
		return nil, refuse(http.StatusUnsupportedMediaType, model.EBADREQUEST,
			"Send the request as Content-Type: application/json (got %q).", clip(ct, 40))
	}
	if cs, ok := mp["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, refuse(http.StatusUnsupportedMediaType, model.EBADREQUEST, "Send the request body in UTF-8 (got charset %q).", clip(cs, 20))
	}
	if r.ContentLength > t.maxBody {
		return nil, refuse(http.StatusRequestEntityTooLarge, model.ETOOLARGE, "The request body is %d bytes; the limit is %d.", r.ContentLength, t.maxBody)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, t.maxBody+1))
	if err != nil {
		return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The request body could not be read in full (a Content-Length that does not match the body, or a broken connection).")
	}
	if int64(len(body)) > t.maxBody {
		return nil, refuse(http.StatusRequestEntityTooLarge, model.ETOOLARGE, "The request body is over the limit of %d bytes.", t.maxBody)
	}
	body = bytes.TrimSpace(body)
	switch {
	case len(body) == 0:
		return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The request body is empty: send {\"query\": \"{ ... }\"}.")
	case body[0] == '[':
		return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "Batched operations are not supported: send one operation per request.")
	case body[0] != '{':
		return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The request body must be a JSON object.")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The request body is not valid JSON: %s.", clip(jsonProblem(err), 80))
	}
	p := &graphql.RawParams{}
	for _, f := range []struct {
		name string
		into func(json.RawMessage) error
	}{
		{"query", func(m json.RawMessage) error { return json.Unmarshal(m, &p.Query) }},
		{"operationName", func(m json.RawMessage) error { return json.Unmarshal(m, &p.OperationName) }},
		{"variables", func(m json.RawMessage) (err error) { p.Variables, err = decodeObject(m); return err }},
		{"extensions", func(m json.RawMessage) (err error) { p.Extensions, err = decodeObject(m); return err }},
	} {
		m, ok := raw[f.name]
		if !ok || string(m) == "null" {
			continue
		}
		if f.name == "query" || f.name == "operationName" {
			if len(m) == 0 || m[0] != '"' {
				return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The %s parameter must be a string.", f.name)
			}
		}
		if err := f.into(m); err != nil {
			return nil, refuse(http.StatusBadRequest, model.EBADREQUEST, "The %s parameter must be a JSON object.", f.name)
		}
	}
	return p, nil
}

// decodeObject decodes a JSON object (or null) keeping numbers exact, as gqlgen does.
func decodeObject(b []byte) (map[string]any, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		if string(b) == "null" {
			return nil, nil
		}
		return nil, errors.New("not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// jsonProblem says what is wrong with a body without quoting it.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Sprintf("a %s where an object was expected at byte %d", typ.Value, typ.Offset)
	}
	return "it ends too early"
}

// errorBody is a response that carries errors and, by the spec, no data entry at all.
type errorBody struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func (t httpTransport) writeErrors(w http.ResponseWriter, status int, resp *graphql.Response) {
	errs := resp.Errors
	if len(errs) > t.maxErrors {
		errs = append(errs[:t.maxErrors:t.maxErrors], &gqlerror.Error{
			Message:    fmt.Sprintf("%d more errors not shown.", len(resp.Errors)-t.maxErrors),
			Extensions: errs[0].Extensions,
		})
	}
	b, err := json.Marshal(errorBody{Errors: errs, Extensions: resp.Extensions})
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

const dataOpen = `{"data":`

// writeJSON writes a response. An answer with data and nothing else (no errors, extensions or
// incremental-delivery fields) is written as {"data":…} around the data as gqlgen encoded it:
// json.Marshal would scan and copy the data (a nested answer is tens of KB) to give the same
// JSON, only with <, > and & escaped, which a JSON client does not need.
func writeJSON(w http.ResponseWriter, status int, resp *graphql.Response) {
	if len(resp.Data) > 0 && len(resp.Errors) == 0 && len(resp.Extensions) == 0 && resp.Label == "" && resp.Path == nil && resp.HasNext == nil {
		w.WriteHeader(status)
		b := make([]byte, 0, len(dataOpen)+len(resp.Data)+1)
		b = append(append(append(b, dataOpen...), resp.Data...), '}')
		_, _ = w.Write(b)
		return
	}
	b, err := json.Marshal(resp)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// clip returns at most n bytes of s (on a rune boundary), marked when cut: errors and logs
// never carry more than a short prefix of what a client sent.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
