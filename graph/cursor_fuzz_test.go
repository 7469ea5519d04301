package graph

import (
	"encoding/base64"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

// FuzzPageArgs checks that any first/after pair either gives a page size within the limit
// and a start a slice can begin at, or is refused as BAD_USER_INPUT; and that the cursor of
// row i continues at row i+1. With encode, after is what the cursor says before base64.
func FuzzPageArgs(f *testing.F) {
	f.Fuzz(func(t *testing.T, first int, hasFirst bool, after string, encode bool, i int) {
		if encode { // lets the fuzzer work on what a cursor says rather than on its base64
			after = base64.RawURLEncoding.EncodeToString([]byte(after))
		}
		var fp *int
		if hasFirst {
			fp = &first
		}
		n, start, err := pageArgs(fp, &after, maxRelationPage)
		if err != nil {
			if code := model.ErrorCode(err); code != model.EINVALID {
				t.Errorf("pageArgs(%d, %q) error code = %s, want %s (%v)", first, after, code, model.EINVALID, err)
			}
		} else {
			if n < 0 || n > maxRelationPage {
				t.Errorf("pageArgs(%d, %q) size = %d, want 0..%d", first, after, n, maxRelationPage)
			}
			if start < 0 {
				t.Errorf("pageArgs(%d, %q) start = %d, want >= 0", first, after, start)
			}
		}

		if i < 0 {
			return
		}
		c := offsetCursor(i)
		_, start, err = pageArgs(nil, &c, maxRelationPage)
		if i > maxCursorOffset {
			// No list is that long: such a cursor was not handed out, and i+1 could overflow.
			if model.ErrorCode(err) != model.EINVALID {
				t.Errorf("pageArgs(nil, offsetCursor(%d)) error = %v, want BAD_USER_INPUT", i, err)
			}
			return
		}
		if err != nil || start != i+1 {
			t.Errorf("pageArgs(nil, offsetCursor(%d) = %q) = start %d, %v; want %d, nil", i, c, start, err, i+1)
		}
	})
}
