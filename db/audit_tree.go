package db

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"golang.org/x/mod/sumdb/tlog"
)

// hashReader reads the Merkle tree's stored hashes (audit_hashes) through
// tx, so that a write sees the hashes it has just appended and a read sees
// the same snapshot as its events.
type hashReader struct{ tx *Tx }

// maxHashArgs bounds the ? arguments of one IN list, far below SQLite's
// limit; tlog asks for about log₂(size) hashes at a time.
const maxHashArgs = 500

// ReadHashes returns the stored hashes at indexes, in their order. A missing
// index is an error: the tree has a hole.
func (r hashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	if len(indexes) == 0 {
		return []tlog.Hash{}, nil
	}
	found := make(map[int64]tlog.Hash, len(indexes))
	for start := 0; start < len(indexes); start += maxHashArgs {
		chunk := indexes[start:min(start+maxHashArgs, len(indexes))]
		args := make([]any, len(chunk))
		for i, x := range chunk {
			args[i] = x
		}
		rows, err := r.tx.query(`SELECT idx, hash FROM audit_hashes WHERE idx IN (?`+
			strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read stored hashes: %w", err)
		}
		for rows.Next() {
			var idx int64
			var b []byte
			if err := rows.Scan(&idx, &b); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan stored hash: %w", err)
			}
			var h tlog.Hash
			if len(b) != len(h) {
				rows.Close()
				return nil, fmt.Errorf("stored hash %d has %d bytes, want %d", idx, len(b), len(h))
			}
			copy(h[:], b)
			found[idx] = h
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("read stored hashes: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read stored hashes: %w", err)
		}
	}
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		h, ok := found[x]
		if !ok {
			return nil, fmt.Errorf("stored hash %d is missing from the audit log's tree", x)
		}
		out[i] = h
	}
	return out, nil
}

// appendHashes stores the tree hashes that appending the leaf of event seq
// adds: its leaf hash and the roots of the subtrees it completes
// (tlog.StoredHashes for record seq-1). It runs in the event's transaction,
// so an event and its place in the tree commit together.
func appendHashes(tx *Tx, seq int64, leaf tlog.Hash) error {
	hashes, err := tlog.StoredHashesForRecordHash(seq-1, leaf, hashReader{tx})
	if err != nil {
		return fmt.Errorf("tree hashes of event %d: %w", seq, err)
	}
	base := tlog.StoredHashIndex(0, seq-1)
	for i, h := range hashes {
		if _, err := tx.exec(`INSERT INTO audit_hashes (idx, hash) VALUES (?, ?)`, base+int64(i), h[:]); err != nil {
			return fmt.Errorf("insert tree hash of event %d: %w", seq, err)
		}
	}
	return nil
}

// backfillBatch is how many events a long scan of the log reads at a time.
const backfillBatch = 1000

// backfillHashes builds the tree of a database written before the tree
// was kept (schema version 1), from the events' recorded leaf hashes in
// seq order. It takes the hash column as written at the time rather than
// rehashing the data, so that an event altered before the upgrade still
// shows up in VerifyLog instead of being sealed into the tree.
func backfillHashes(tx *Tx) error {
	for after := int64(0); ; {
		rows, err := tx.query(`SELECT seq, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT CAST(? AS INTEGER)`, after, backfillBatch)
		if err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		type leaf struct {
			seq  int64
			hash string
		}
		var batch []leaf
		for rows.Next() {
			var l leaf
			if err := rows.Scan(&l.seq, &l.hash); err != nil {
				rows.Close()
				return fmt.Errorf("scan event: %w", err)
			}
			batch = append(batch, l)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		for _, l := range batch {
			if l.seq != after+1 {
				return fmt.Errorf("audit log has a gap: event %d follows %d", l.seq, after)
			}
			h, err := parseHash(l.hash)
			if err != nil {
				return fmt.Errorf("event %d: %w", l.seq, err)
			}
			if err := appendHashes(tx, l.seq, h); err != nil {
				return err
			}
			after = l.seq
		}
	}
}

// parseHash decodes an event's hex leaf hash.
func parseHash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("leaf hash %q is not 32 bytes of hex", s)
	}
	copy(h[:], b)
	return h, nil
}

// logSize returns how many events the log holds: its largest seq.
func logSize(tx *Tx) (int64, error) {
	var n int64
	if err := tx.queryRow(`SELECT coalesce(max(seq), 0) FROM audit_events`).Scan(&n); err != nil {
		return 0, fmt.Errorf("log size: %w", err)
	}
	return n, nil
}

// TreeHead returns the log's size and Merkle root, read in one snapshot.
// An empty log has size 0 and the hash of nothing as its root.
func (db *DB) TreeHead(ctx context.Context) (claims.TreeHead, error) {
	return readValue(ctx, db, func(tx *Tx) (claims.TreeHead, error) {
		size, err := logSize(tx)
		if err != nil {
			return claims.TreeHead{}, err
		}
		return treeHeadAt(tx, size)
	})
}

// TreeHeadAt returns the Merkle root of the first size events, as a
// checkpoint of that size signed it. A size beyond the log, or below 0,
// is EINVALID naming "size".
func (db *DB) TreeHeadAt(ctx context.Context, size int64) (claims.TreeHead, error) {
	return readValue(ctx, db, func(tx *Tx) (claims.TreeHead, error) {
		current, err := logSize(tx)
		if err != nil {
			return claims.TreeHead{}, err
		}
		if size < 0 || size > current {
			var p claims.Problems
			p.Add("size", "must be a tree size from 0 to the log's size (%d)", current)
			return claims.TreeHead{}, p.Err()
		}
		return treeHeadAt(tx, size)
	})
}

// treeHeadAt computes the root of the tree of the given size from the
// stored hashes: about log₂(size) of them.
func treeHeadAt(tx *Tx, size int64) (claims.TreeHead, error) {
	root, err := tlog.TreeHash(size, hashReader{tx})
	if err != nil {
		return claims.TreeHead{}, fmt.Errorf("tree hash of size %d: %w", size, err)
	}
	return claims.TreeHead{Size: size, Root: root}, nil
}

// ProveInclusion returns the proof that event seq is in the tree of the
// given size, checkable with tlog.CheckRecord. Out-of-range arguments (seq
// < 1, size < seq, size beyond the log) are EINVALID naming "seq" or
// "size".
func (db *DB) ProveInclusion(ctx context.Context, seq, size int64) ([]claims.Hash, error) {
	return readValue(ctx, db, func(tx *Tx) ([]claims.Hash, error) {
		current, err := logSize(tx)
		if err != nil {
			return nil, err
		}
		var p claims.Problems
		p.Check(seq >= 1 && seq <= current, "seq", "must be an event of the log (1 to %d)", current)
		p.Check(size >= seq && size <= current, "size", "must be a tree size from seq to the log's size (%d)", current)
		if err := p.Err(); err != nil {
			return nil, err
		}
		proof, err := tlog.ProveRecord(size, seq-1, hashReader{tx})
		if err != nil {
			return nil, fmt.Errorf("prove event %d in tree %d: %w", seq, size, err)
		}
		return hashes(proof), nil
	})
}

// ProveConsistency returns the proof that the tree of size from is a prefix
// of the tree of size to, checkable with tlog.CheckTree. Out-of-range
// sizes (from < 1, to < from, to beyond the log) are EINVALID naming
// "from" or "to".
func (db *DB) ProveConsistency(ctx context.Context, from, to int64) ([]claims.Hash, error) {
	return readValue(ctx, db, func(tx *Tx) ([]claims.Hash, error) {
		current, err := logSize(tx)
		if err != nil {
			return nil, err
		}
		var p claims.Problems
		p.Check(from >= 1 && from <= current, "from", "must be a tree size from 1 to the log's size (%d)", current)
		p.Check(to >= from && to <= current, "to", "must be a tree size from 'from' to the log's size (%d)", current)
		if err := p.Err(); err != nil {
			return nil, err
		}
		proof, err := tlog.ProveTree(to, from, hashReader{tx})
		if err != nil {
			return nil, fmt.Errorf("prove tree %d in tree %d: %w", from, to, err)
		}
		return hashes(proof), nil
	})
}

// hashes converts a tlog proof to the domain's hash type.
func hashes[P ~[]tlog.Hash](proof P) []claims.Hash {
	out := make([]claims.Hash, len(proof))
	for i, h := range proof {
		out[i] = h
	}
	return out
}
