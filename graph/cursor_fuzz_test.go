package graph

import (
	"encoding/base64"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

// FuzzPageArgs checks that any first/last/after/before over an in-memory list either gives
// rows a slice can hold, no more than asked and within the limit, or is refused as
// BAD_USER_INPUT; and that the cursor of row i continues at row i+1 (after) and ends at row i
// (before). With encode, after is what the cursor says before base64.
func FuzzPageArgs(f *testing.F) {
	f.Fuzz(func(t *testing.T, first int, hasFirst bool, fromEnd bool, after string, encode bool, i int, total uint16) {
		if encode { // lets the fuzzer work on what a cursor says rather than on its base64
			after = base64.RawURLEncoding.EncodeToString([]byte(after))
		}
		var p pageReq
		if hasFirst && fromEnd {
			p.last = &first
		} else if hasFirst {
			p.first = &first
		}
		if fromEnd {
			p.before = &after
		} else {
			p.after = &after
		}
		n := int(total)
		start, end, err := p.bounds(n, maxRelationPage, defaultMentionPage)
		if err != nil {
			if code := model.ErrorCode(err); code != model.EINVALID {
				t.Errorf("bounds(%d, %q) error code = %s, want %s (%v)", first, after, code, model.EINVALID, err)
			}
		} else if start < 0 || end < start || end > n || end-start > maxRelationPage {
			t.Errorf("bounds(%d, %q) over %d rows = [%d, %d), want a window of at most %d", first, after, n, start, end, maxRelationPage)
		}

		if i < 0 {
			return
		}
		c := offsetCursor(i)
		start, _, err = pageReq{after: &c}.bounds(maxCursorOffset+2, maxRelationPage, defaultMentionPage)
		if i > maxCursorOffset {
			// No list is that long: such a cursor was not handed out, and i+1 could overflow.
			if model.ErrorCode(err) != model.EINVALID {
				t.Errorf("bounds(after: offsetCursor(%d)) error = %v, want BAD_USER_INPUT", i, err)
			}
			return
		}
		if err != nil || start != i+1 {
			t.Errorf("bounds(after: offsetCursor(%d) = %q) = start %d, %v; want %d, nil", i, c, start, err, i+1)
		}
		_, end, err = pageReq{before: &c}.bounds(maxCursorOffset+2, maxRelationPage, defaultMentionPage)
		if err != nil || end != i {
			t.Errorf("bounds(before: offsetCursor(%d) = %q) = end %d, %v; want %d, nil", i, c, end, err, i)
		}
	})
}
