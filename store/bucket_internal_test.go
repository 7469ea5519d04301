package store

import (
	"math"
	"testing"
)

// TestBucketsSplitTheHashes: every hash is in exactly one bucket, the bucket's range holds
// it, and the buckets are in hash order, as the range seeks of seedBucketNodesQuery and the
// floor division of seedBucketSumsQuery assume.
func TestBucketsSplitTheHashes(t *testing.T) {
	for _, nodes := range []int{0, 1, 200, 5000, 258121, 10_000_000} {
		count := bucketCount(nodes)
		w := bucketWidth(count)
		for _, h := range []int64{math.MinInt64, math.MinInt64 + 1, -w - 1, -w, -w + 1, -2, -1, 0, 1, w - 1, w, w + 1, math.MaxInt64 - 1, math.MaxInt64} {
			b := bucketOf(h, count)
			if b < 0 || b >= count {
				t.Fatalf("%d nodes: hash %d in bucket %d of %d", nodes, h, b, count)
			}
			r := bucketRange(b, count)
			if h < r[0] || h > r[1] {
				t.Errorf("%d nodes: hash %d in bucket %d, whose range is %v", nodes, h, b, r)
			}
			// Cypher's form (seedBucketSumsQuery): division towards zero, mended below zero.
			cypher := h / w
			if h < 0 {
				cypher = (h+1)/w - 1
			}
			if cypher+count/2 != b {
				t.Errorf("%d nodes: hash %d in bucket %d, Cypher's form gives %d", nodes, h, b, cypher+count/2)
			}
		}
		for b := int64(0); b+1 < count; b++ {
			if bucketRange(b, count)[1]+1 != bucketRange(b+1, count)[0] {
				t.Fatalf("%d nodes: buckets %d and %d are not adjacent", nodes, b, b+1)
			}
		}
		if first, last := bucketRange(0, count), bucketRange(count-1, count); first[0] != math.MinInt64 || last[1] != math.MaxInt64 {
			t.Errorf("%d nodes: the buckets span %d..%d, want every int64", nodes, first[0], last[1])
		}
	}
}
