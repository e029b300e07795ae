package auditlog

import (
	"encoding/hex"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
	"golang.org/x/mod/sumdb/tlog"
)

// LeafHash returns the RFC 6962 leaf hash of an event: SHA-256 over a zero
// byte and the event's canonical bytes (claims.Event.LeafData).
func LeafHash(e *claims.Event) (tlog.Hash, error) {
	data, err := e.LeafData()
	if err != nil {
		return tlog.Hash{}, fmt.Errorf("event %d: %w", e.Seq, err)
	}
	return tlog.RecordHash(data), nil
}

// HexHash is how hashes appear in events and exports.
func HexHash(h tlog.Hash) string {
	return hex.EncodeToString(h[:])
}

// Tree computes the root of a log as leaves are appended, keeping only the
// roots of its complete subtrees: O(log n) memory however long the log.
// Its roots equal tlog.TreeHash's for every size.
type Tree struct {
	size  int64
	nodes []node // complete subtrees, largest (leftmost) first
}

type node struct {
	level int
	hash  tlog.Hash
}

// Append adds the next leaf hash.
func (t *Tree) Append(leaf tlog.Hash) {
	t.nodes = append(t.nodes, node{0, leaf})
	for len(t.nodes) >= 2 {
		l, r := t.nodes[len(t.nodes)-2], t.nodes[len(t.nodes)-1]
		if l.level != r.level {
			break
		}
		t.nodes = append(t.nodes[:len(t.nodes)-2], node{l.level + 1, tlog.NodeHash(l.hash, r.hash)})
	}
	t.size++
}

// Size returns how many leaves the tree has.
func (t *Tree) Size() int64 { return t.size }

// emptyRoot is the root of the empty tree, SHA-256 of nothing (RFC 6962).
var emptyRoot, _ = tlog.TreeHash(0, nil)

// Root returns the RFC 6962 root hash: the complete subtrees folded from
// the right.
func (t *Tree) Root() tlog.Hash {
	if len(t.nodes) == 0 {
		return emptyRoot
	}
	h := t.nodes[len(t.nodes)-1].hash
	for i := len(t.nodes) - 2; i >= 0; i-- {
		h = tlog.NodeHash(t.nodes[i].hash, h)
	}
	return h
}
