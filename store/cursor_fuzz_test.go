package store

import (
	"testing"
	"unicode/utf8"

	"github.com/metandereogen/maograph/graph/model"
)

// FuzzDecodeCursor checks that any after argument either decodes to a key of the list's sort
// field and an id, or is refused as BAD_USER_INPUT; and that cursors the store gives out
// decode to what went in.
func FuzzDecodeCursor(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, byMentions bool, name string, mentions int64, id string) {
		field := model.EntityOrderFieldName
		if byMentions {
			field = model.EntityOrderFieldMentions
		}
		key, gotID, err := decodeCursor("after", s, field)
		if err != nil {
			if code := model.ErrorCode(err); code != model.EINVALID {
				t.Errorf("decodeCursor(%q, %s) error code = %s, want %s (%v)", s, field, code, model.EINVALID, err)
			}
			if key != nil || gotID != "" {
				t.Errorf("decodeCursor(%q, %s) = %v, %q with an error, want nothing", s, field, key, gotID)
			}
		} else {
			if gotID == "" {
				t.Errorf("decodeCursor(%q, %s) = %v, \"\", nil; want an id", s, field, key)
			}
			switch key.(type) {
			case string:
				if byMentions {
					t.Errorf("decodeCursor(%q, MENTIONS) key = %q, want an int64", s, key)
				}
			case int64:
				if !byMentions {
					t.Errorf("decodeCursor(%q, NAME) key = %d, want a string", s, key)
				}
			default:
				t.Errorf("decodeCursor(%q, %s) key = %v (%T), want string or int64", s, field, key, key)
			}
		}

		// Round trip: the store's keys are Neo4j strings (valid UTF-8) and mention counts,
		// which JSON numbers carry exactly up to 2^53.
		if id == "" || !utf8.ValidString(id) || !utf8.ValidString(name) || mentions > 1<<53 || mentions < -1<<53 {
			return
		}
		var want any = name
		if byMentions {
			want = mentions
		}
		c := encodeCursor(want, id)
		key, gotID, err = decodeCursor("after", c, field)
		if err != nil || key != want || gotID != id {
			t.Errorf("decodeCursor(encodeCursor(%v, %q), %s) = %v, %q, %v; want %v, %q, nil", want, id, field, key, gotID, err, want, id)
		}
	})
}
