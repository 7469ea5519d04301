package graph_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestGraphQLOverHTTP checks the transport's answers, none of which reaches the database: status, media
// type, extensions.code and whether a data entry is present, per the GraphQL-over-HTTP spec.
// (graphql-http's own audit runs against the real server in TestGraphQLOverHTTPAudit.)
func TestGraphQLOverHTTP(t *testing.T) {
	h := graph.NewHandler(&graph.Resolver{Store: storetest.Seeded(t)}, graph.Options{Introspection: true})
	const (
		jsonType = "application/json"
		gqlType  = "application/graphql-response+json"
	)
	tests := []struct {
		name, method, contentType, accept, body string
		chunked                                 bool
		wantStatus                              int
		wantType, wantCode                      string
		wantData                                bool
	}{
		{"json", "POST", jsonType, jsonType, `{"query":"{ __typename }"}`, false, 200, jsonType, "", true},
		{"graphql-response", "POST", jsonType, gqlType, `{"query":"{ __typename }"}`, false, 200, gqlType, "", true},
		{"no accept", "POST", jsonType, "", `{"query":"{ __typename }"}`, false, 200, jsonType, "", true},
		{"accept prefers graphql-response", "POST", jsonType, gqlType + ", " + jsonType + ";q=0.9", `{"query":"{ __typename }"}`, false, 200, gqlType, "", true},
		{"accept prefers json", "POST", jsonType, gqlType + ";q=0.5, " + jsonType, `{"query":"{ __typename }"}`, false, 200, jsonType, "", true},
		{"parse error, json", "POST", jsonType, jsonType, `{"query":"{"}`, false, 200, jsonType, "GRAPHQL_PARSE_FAILED", false},
		{"parse error, graphql-response", "POST", jsonType, gqlType, `{"query":"{"}`, false, 400, gqlType, "GRAPHQL_PARSE_FAILED", false},
		{"validation error, json", "POST", jsonType, jsonType, `{"query":"{ nope }"}`, false, 200, jsonType, "GRAPHQL_VALIDATION_FAILED", false},
		{"validation error, graphql-response", "POST", jsonType, gqlType, `{"query":"{ nope }"}`, false, 400, gqlType, "GRAPHQL_VALIDATION_FAILED", false},
		{"variable coercion, json", "POST", jsonType, jsonType, `{"query":"query($id: ID!) { __typename }","variables":{"id":null}}`, false, 200, jsonType, "GRAPHQL_VALIDATION_FAILED", false},
		{"batch", "POST", jsonType, jsonType, `[{"query":"{ __typename }"}]`, false, 400, jsonType, "BAD_REQUEST", false},
		{"not json", "POST", jsonType, jsonType, `{ "not a JSON`, false, 400, jsonType, "BAD_REQUEST", false},
		{"no query", "POST", jsonType, gqlType, `{"notquery":"{ __typename }"}`, false, 400, gqlType, "BAD_REQUEST", false},
		{"query not a string", "POST", jsonType, jsonType, `{"query":["{ __typename }"]}`, false, 400, jsonType, "BAD_REQUEST", false},
		{"text/plain", "POST", "text/plain", jsonType, `{"query":"{ __typename }"}`, false, 415, jsonType, "BAD_REQUEST", false},
		{"PUT", "PUT", jsonType, jsonType, `{"query":"{ __typename }"}`, false, 405, jsonType, "BAD_REQUEST", false},
		{"chunked over the limit", "POST", jsonType, jsonType, `{"query":"{ __typename }","variables":{"x":"` + strings.Repeat("a", 1<<20) + `"}}`, true, 413, jsonType, "PAYLOAD_TOO_LARGE", false},
		{"GET", "GET", "", jsonType, "{ __typename }", false, 200, jsonType, "", true},
		{"GET, variables not JSON", "GET", "", jsonType, "", false, 400, jsonType, "BAD_REQUEST", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req *http.Request
			switch {
			case tt.method == "GET" && tt.body != "":
				req = httptest.NewRequest("GET", "/graphql?query="+url.QueryEscape(tt.body), nil)
			case tt.method == "GET":
				req = httptest.NewRequest("GET", "/graphql?query=%7B__typename%7D&variables=%7Bnope", nil)
			default:
				req = httptest.NewRequest(tt.method, "/graphql", strings.NewReader(tt.body))
				req.Header.Set("Content-Type", tt.contentType)
			}
			if tt.chunked {
				req.ContentLength = -1
			}
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			raw, _ := io.ReadAll(rec.Body)
			var resp struct {
				Data   *json.RawMessage `json:"data"`
				Errors []gqlError       `json:"errors"`
			}
			if err := json.Unmarshal(raw, &resp); err != nil {
				t.Fatalf("answer is not JSON: %s", raw)
			}
			code := ""
			if len(resp.Errors) > 0 {
				code, _ = resp.Errors[0].Extensions["code"].(string)
			}
			hasData := resp.Data != nil || strings.Contains(string(raw), `"data":null`)
			if rec.Code != tt.wantStatus || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.wantType) ||
				code != tt.wantCode || hasData != tt.wantData {
				t.Errorf("%s %s: status %d, type %q, code %q, data %v; want %d, %q, %q, data %v (answer %.200s)",
					tt.method, tt.name, rec.Code, rec.Header().Get("Content-Type"), code, hasData,
					tt.wantStatus, tt.wantType, tt.wantCode, tt.wantData, raw)
			}
			if len(raw) > 4096 {
				t.Errorf("%s: answer of %d bytes", tt.name, len(raw))
			}
		})
	}
}
