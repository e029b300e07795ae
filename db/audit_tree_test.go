package db

import (
	"errors"
	"fmt"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// growLog appends events one write at a time and returns the tree head
// after each: heads[n] is the head of size n.
func growLog(t *testing.T, db *DB, n int) []claims.TreeHead {
	t.Helper()
	heads := make([]claims.TreeHead, 0, n+1)
	for i := 0; ; i++ {
		th, err := db.TreeHead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if th.Size != int64(i) {
			t.Fatalf("tree size %d after %d writes", th.Size, i)
		}
		heads = append(heads, th)
		if i == n {
			return heads
		}
		mustSource(t, db, fmt.Sprint("Łukaszenka ", i))
	}
}

func TestTreeHead_MatchesTree(t *testing.T) {
	db := newTestDB(t)
	heads := growLog(t, db, 40)
	events := checkAuditLog(t, db)
	for n, th := range heads {
		if want := treeOf(t, events[:n]); th != want {
			t.Errorf("size %d: TreeHead %x, auditlog.Tree %x", n, th.Root, want.Root)
		}
	}
	for n, th := range heads {
		if got, err := db.TreeHeadAt(ctx, int64(n)); err != nil || got != th {
			t.Errorf("TreeHeadAt(%d) = %x, %v; want %x", n, got.Root, err, th.Root)
		}
	}
	for _, size := range []int64{-1, 41} {
		_, err := db.TreeHeadAt(ctx, size)
		wantField(t, err, "size")
	}
	empty, _ := tlog.TreeHash(0, nil)
	if heads[0].Root != empty {
		t.Errorf("empty log root %x, want %x", heads[0].Root, empty)
	}
}

func TestProveInclusion(t *testing.T) {
	db := newTestDB(t)
	heads := growLog(t, db, 17)
	events := checkAuditLog(t, db)
	for size := int64(1); size <= 17; size++ {
		for seq := int64(1); seq <= size; seq++ {
			proof, err := db.ProveInclusion(ctx, seq, size)
			if err != nil {
				t.Fatalf("ProveInclusion(%d, %d): %v", seq, size, err)
			}
			leaf, _ := auditlog.LeafHash(events[seq-1])
			if err := tlog.CheckRecord(toTlog(proof), size, heads[size].Root, seq-1, leaf); err != nil {
				t.Errorf("proof of %d in %d: %v", seq, size, err)
			}
			// The proof is bound to its leaf.
			other, _ := auditlog.LeafHash(events[(seq)%size])
			if size > 1 && tlog.CheckRecord(toTlog(proof), size, heads[size].Root, seq-1, other) == nil {
				t.Errorf("proof of %d in %d accepts another leaf", seq, size)
			}
		}
	}
	for _, tt := range []struct {
		name      string
		seq, size int64
		field     string
	}{
		{"ErrSeqZero", 0, 5, "seq"},
		{"ErrSeqBeyond", 18, 17, "seq"},
		{"ErrSizeBelowSeq", 5, 4, "size"},
		{"ErrSizeBeyond", 1, 18, "size"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.ProveInclusion(ctx, tt.seq, tt.size)
			wantField(t, err, tt.field)
		})
	}
}

func TestProveConsistency(t *testing.T) {
	db := newTestDB(t)
	heads := growLog(t, db, 17)
	for to := int64(1); to <= 17; to++ {
		for from := int64(1); from <= to; from++ {
			proof, err := db.ProveConsistency(ctx, from, to)
			if err != nil {
				t.Fatalf("ProveConsistency(%d, %d): %v", from, to, err)
			}
			if err := tlog.CheckTree(toTlog(proof), to, heads[to].Root, from, heads[from].Root); err != nil {
				t.Errorf("proof %d → %d: %v", from, to, err)
			}
		}
	}
	for _, tt := range []struct {
		name     string
		from, to int64
		field    string
	}{
		{"ErrFromZero", 0, 5, "from"},
		{"ErrToBelowFrom", 5, 4, "to"},
		{"ErrToBeyond", 1, 18, "to"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.ProveConsistency(ctx, tt.from, tt.to)
			wantField(t, err, tt.field)
		})
	}
}

func toTlog(proof []claims.Hash) []tlog.Hash {
	out := make([]tlog.Hash, len(proof))
	for i, h := range proof {
		out[i] = h
	}
	return out
}

func TestStreamEvents(t *testing.T) {
	db := newTestDB(t)
	const n = 2*streamBatch + 17 // crosses batch boundaries
	appendEvents(t, db, n)
	all := checkAuditLog(t, db)
	t.Run("OK", func(t *testing.T) {
		for _, size := range []int64{0, 1, streamBatch, streamBatch + 1, n} {
			var got int64
			err := db.StreamEvents(ctx, size, func(e *claims.Event) error {
				got++
				if e.Seq != got || e.Hash != all[got-1].Hash {
					return fmt.Errorf("event %d (%s), want %d", e.Seq, e.Hash, got)
				}
				return nil
			})
			if err != nil || got != size {
				t.Fatalf("StreamEvents(%d): %d events, %v", size, got, err)
			}
		}
	})
	t.Run("ErrFromCallback", func(t *testing.T) {
		stop := errors.New("stop")
		var got int
		err := db.StreamEvents(ctx, n, func(e *claims.Event) error {
			got++
			if e.Seq == 5 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || got != 5 {
			t.Fatalf("StreamEvents = %v after %d events", err, got)
		}
	})
	t.Run("ErrSize", func(t *testing.T) {
		for _, size := range []int64{-1, n + 1} {
			wantField(t, db.StreamEvents(ctx, size, func(*claims.Event) error { return nil }), "size")
		}
	})
}

func TestVerifyLog_OK(t *testing.T) {
	db := newTestDB(t)
	th, err := db.VerifyLog(ctx)
	if err != nil || th.Size != 0 {
		t.Fatalf("empty log: %+v, %v", th, err)
	}
	appendEvents(t, db, streamBatch+3)
	mustSource(t, db, "ISW")
	th, err = db.VerifyLog(ctx)
	if err != nil || th.Size != streamBatch+4 {
		t.Fatalf("VerifyLog = %+v, %v", th, err)
	}
	if head, _ := db.TreeHead(ctx); head != th {
		t.Errorf("VerifyLog %+v, TreeHead %+v", th, head)
	}
}

func TestAuditHashes_AppendOnly(t *testing.T) {
	db := newTestDB(t)
	mustSource(t, db, "ISW")
	for _, stmt := range []string{`UPDATE audit_hashes SET hash = zeroblob(32)`, `DELETE FROM audit_hashes`} {
		if _, err := db.w.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s succeeded", stmt)
		}
	}
}
