package db

import (
	"context"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// logShape is what VerifyLog reads first, in one snapshot: how many events
// the log should have and how many tree hashes are stored for them.
type logShape struct {
	size    int64 // largest seq
	hashEnd int64 // one past the largest stored-hash index
}

// VerifyLog checks the stored log against itself, as an auditor holding
// the database file would: events run 1..size without gaps; each event's
// content hashes to its hash column; the tree's stored hashes are exactly
// the ones appending those leaves produces (tlog.StoredHashes), none
// missing, altered or left over from deleted events; and the root
// auditlog.Tree computes from the events is tlog.TreeHash over the stored
// hashes. It reads in short batches, like StreamEvents, and returns the
// verified tree head, or a *auditlog.VerifyError naming the first bad seq.
//
// Rewriting an event needs the append-only triggers dropped first; an
// event rewritten together with its hash column is still caught, because
// its leaf in the tree no longer matches.
func (db *DB) VerifyLog(ctx context.Context) (claims.TreeHead, error) {
	shape, err := readValue(ctx, db, func(tx *Tx) (logShape, error) {
		var s logShape
		err := tx.queryRow(`SELECT (SELECT coalesce(max(seq), 0) FROM audit_events),
			(SELECT coalesce(max(idx) + 1, 0) FROM audit_hashes)`).Scan(&s.size, &s.hashEnd)
		if err != nil {
			return s, fmt.Errorf("log size: %w", err)
		}
		return s, nil
	})
	if err != nil {
		return claims.TreeHead{}, err
	}
	v := verifier{frontier: map[int64]tlog.Hash{}}
	for v.tree.Size() < shape.size {
		if err := db.verifyBatch(ctx, &v, min(v.tree.Size()+streamBatch, shape.size)); err != nil {
			return claims.TreeHead{}, err
		}
	}
	if want := tlog.StoredHashCount(shape.size); shape.hashEnd > want {
		return claims.TreeHead{}, auditlog.Failf(shape.size+1,
			"the Merkle tree holds hashes of events after %d: events were deleted from the end of the log", shape.size)
	}
	root, err := readValue(ctx, db, func(tx *Tx) (tlog.Hash, error) {
		return tlog.TreeHash(shape.size, hashReader{tx})
	})
	if err != nil {
		return claims.TreeHead{}, fmt.Errorf("tree hash of size %d: %w", shape.size, err)
	}
	if root != v.tree.Root() {
		return claims.TreeHead{}, auditlog.Failf(1, "the stored Merkle tree does not hash to the root of the events")
	}
	return claims.TreeHead{Size: shape.size, Root: root}, nil
}

// verifier is VerifyLog's state between batches: the tree so far, and the
// stored hashes of its complete subtrees, which the next leaves' stored
// hashes are computed from (at most one a level, so memory stays flat).
type verifier struct {
	tree     auditlog.Tree
	frontier map[int64]tlog.Hash
}

// ReadHashes serves tlog the roots of complete subtrees. Each is read once,
// when the subtree is merged into a larger one, and then forgotten.
func (v *verifier) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		h, ok := v.frontier[x]
		if !ok {
			return nil, fmt.Errorf("verify: subtree hash %d not computed", x)
		}
		out[i] = h
		delete(v.frontier, x)
	}
	return out, nil
}

// verifyBatch checks the events after v.tree.Size() up to seq hi, with the
// stored hashes they wrote, read in one short transaction.
func (db *DB) verifyBatch(ctx context.Context, v *verifier, hi int64) error {
	lo := v.tree.Size()
	var events []*claims.Event
	stored := map[int64]tlog.Hash{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		events, err = queryEvents(tx, `SELECT `+eventColumns+` FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq`, lo, hi)
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT idx, hash FROM audit_hashes WHERE idx >= ? AND idx < ? ORDER BY idx`,
			tlog.StoredHashIndex(0, lo), tlog.StoredHashCount(hi))
		if err != nil {
			return fmt.Errorf("read stored hashes: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var idx int64
			var b []byte
			if err := rows.Scan(&idx, &b); err != nil {
				return fmt.Errorf("scan stored hash: %w", err)
			}
			var h tlog.Hash
			copy(h[:], b) // a short blob cannot be stored (CHECK); it would not match anyway
			stored[idx] = h
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := v.check(e, stored); err != nil {
			return err
		}
	}
	if next := v.tree.Size() + 1; next <= hi {
		return auditlog.Failf(next, "event %d is missing from the log", next)
	}
	return nil
}

// check verifies the next event e against its hash column and the stored
// hashes its append wrote, and adds it to the tree.
func (v *verifier) check(e *claims.Event, stored map[int64]tlog.Hash) error {
	next := v.tree.Size() + 1
	if e.Seq != next {
		return auditlog.Failf(next, "event %d is missing from the log (the next stored event is %d)", next, e.Seq)
	}
	leaf, err := auditlog.LeafHash(e)
	if err != nil {
		return auditlog.Failf(next, "%v", err)
	}
	if auditlog.HexHash(leaf) != e.Hash {
		return auditlog.Failf(next, "the event was altered: its content does not match its hash")
	}
	want, err := tlog.StoredHashesForRecordHash(next-1, leaf, v)
	if err != nil {
		return fmt.Errorf("verify event %d: %w", next, err)
	}
	base := tlog.StoredHashIndex(0, next-1)
	for i, h := range want {
		got, ok := stored[base+int64(i)]
		switch {
		case !ok:
			return auditlog.Failf(next, "its hashes are missing from the Merkle tree")
		case got != h && i == 0:
			return auditlog.Failf(next, "the event was rewritten together with its hash: it is not the leaf the Merkle tree holds")
		case got != h:
			return auditlog.Failf(next, "the Merkle tree's hash of the subtree ending at this event was altered")
		}
	}
	v.frontier[base+int64(len(want))-1] = want[len(want)-1]
	v.tree.Append(leaf)
	return nil
}
