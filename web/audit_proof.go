package web

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// Proofs carry hashes in base64, like checkpoints, so that a root can be
// compared with a checkpoint's line by eye; tlog.CheckRecord and
// tlog.CheckTree take them decoded.

// inclusionProof shows that event Seq is in the tree of Size events whose
// root is Root: tlog.CheckRecord(Proof, Size, Root, Seq-1, LeafHash).
type inclusionProof struct {
	Seq      int64    `json:"seq"`
	Size     int64    `json:"size"`
	LeafHash []byte   `json:"leaf_hash"`
	Root     []byte   `json:"root"`
	Proof    [][]byte `json:"proof"`
}

// consistencyProof shows that the tree of From events is a prefix of the
// tree of To events: tlog.CheckTree(Proof, To, NewRoot, From, OldRoot).
type consistencyProof struct {
	From    int64    `json:"from"`
	To      int64    `json:"to"`
	OldRoot []byte   `json:"old_root"`
	NewRoot []byte   `json:"new_root"`
	Proof   [][]byte `json:"proof"`
}

// wholeNumber parses s, the value of the query parameter or path part
// named field, as a whole number; a malformed one is EINVALID naming it.
func wholeNumber(field, s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, &claims.Error{Code: claims.EINVALID, Message: fmt.Sprintf("%s must be a whole number, 0 or more.", field),
			Fields: []claims.FieldError{{Field: field, Message: "must be a whole number, 0 or more"}}}
	}
	return n, nil
}

// sizeParam reads the optional tree size parameter name; without it the
// size is the log's current one.
func (s *Server) sizeParam(ctx context.Context, r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v != "" {
		return wholeNumber(name, v)
	}
	th, err := s.store.TreeHead(ctx)
	return th.Size, err
}

// handleAPIAuditProof answers the inclusion proof of event {seq} in the
// tree of ?size= events (default: the current tree).
func (s *Server) handleAPIAuditProof(w http.ResponseWriter, r *http.Request) {
	p, err := s.proveInclusion(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) proveInclusion(r *http.Request) (*inclusionProof, error) {
	ctx := r.Context()
	seq, err := wholeNumber("seq", mux.Vars(r)["seq"])
	if err != nil {
		return nil, err
	}
	size, err := s.sizeParam(ctx, r, "size")
	if err != nil {
		return nil, err
	}
	// The proof first: it checks seq and size against the log.
	proof, err := s.store.ProveInclusion(ctx, seq, size)
	if err != nil {
		return nil, err
	}
	th, err := s.store.TreeHeadAt(ctx, size)
	if err != nil {
		return nil, err
	}
	events, err := s.store.FindEvents(ctx, claims.EventFilter{After: seq - 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(events) != 1 || events[0].Seq != seq {
		return nil, fmt.Errorf("event %d missing from a log of size %d", seq, size)
	}
	leaf, err := hexHash(events[0].Hash)
	if err != nil {
		return nil, fmt.Errorf("event %d: %w", seq, err)
	}
	return &inclusionProof{Seq: seq, Size: size, LeafHash: leaf, Root: th.Root[:], Proof: proofBytes(proof)}, nil
}

// handleAPIAuditConsistency answers the consistency proof between the
// trees of ?from= and ?to= events (to defaults to the current tree).
func (s *Server) handleAPIAuditConsistency(w http.ResponseWriter, r *http.Request) {
	p, err := s.proveConsistency(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) proveConsistency(r *http.Request) (*consistencyProof, error) {
	ctx := r.Context()
	from, err := wholeNumber("from", r.URL.Query().Get("from"))
	if err != nil {
		return nil, err
	}
	to, err := s.sizeParam(ctx, r, "to")
	if err != nil {
		return nil, err
	}
	proof, err := s.store.ProveConsistency(ctx, from, to)
	if err != nil {
		return nil, err
	}
	old, err := s.store.TreeHeadAt(ctx, from)
	if err != nil {
		return nil, err
	}
	now, err := s.store.TreeHeadAt(ctx, to)
	if err != nil {
		return nil, err
	}
	return &consistencyProof{From: from, To: to, OldRoot: old.Root[:], NewRoot: now.Root[:], Proof: proofBytes(proof)}, nil
}

// proofBytes turns proof hashes into byte slices, which JSON encodes in
// base64.
func proofBytes(proof []claims.Hash) [][]byte {
	out := make([][]byte, len(proof))
	for i := range proof {
		out[i] = proof[i][:]
	}
	return out
}

// hexHash decodes an event's hex leaf hash.
func hexHash(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(claims.Hash{}) {
		return nil, fmt.Errorf("leaf hash %q is not 32 bytes of hex", s)
	}
	return b, nil
}
