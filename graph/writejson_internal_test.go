package graph

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestWriteJSONMatchesEncodingJSON: writeJSON gives the JSON json.Marshal gives for every
// response, whether it writes the data as gqlgen encoded it (an answer with data alone) or
// goes through json.Marshal (errors, extensions).
func TestWriteJSONMatchesEncodingJSON(t *testing.T) {
	data := json.RawMessage(`{"node":{"id":"region-almere","name":"<Almere & co>","n":[1,2.5,null,true]}}`)
	tests := []struct {
		name   string
		resp   *graphql.Response
		direct bool // written around the data, without json.Marshal
	}{
		{"data alone", &graphql.Response{Data: data}, true},
		{"data with gqlgen's empty extensions", &graphql.Response{Data: data, Extensions: map[string]any{}}, true},
		{"data and an error", &graphql.Response{Data: data, Errors: gqlerror.List{{Message: "partly"}}}, false},
		{"an error alone", &graphql.Response{Errors: gqlerror.List{{Message: "no"}}}, false},
		{"data and extensions", &graphql.Response{Data: data, Extensions: map[string]any{"cost": 3}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			writeJSON(rec, 200, tt.resp)
			want, err := json.Marshal(tt.resp)
			if err != nil {
				t.Fatal(err)
			}
			var got, wantV any
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("writeJSON wrote %s: %v", rec.Body.Bytes(), err)
			}
			_ = json.Unmarshal(want, &wantV)
			if !reflect.DeepEqual(got, wantV) {
				t.Errorf("writeJSON = %s, want %s", rec.Body.Bytes(), want)
			}
			if direct := bytes.Contains(rec.Body.Bytes(), []byte("<Almere & co>")); direct != tt.direct && len(tt.resp.Data) > 0 {
				t.Errorf("writeJSON = %s: written around the data %v, want %v", rec.Body.Bytes(), direct, tt.direct)
			}
		})
	}
}
