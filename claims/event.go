package claims

import (
	"context"
	"encoding/json"
	"time"
)

// Event is one entry of the append-only audit log. Seq runs 1, 2, 3…
// without gaps; Hash is the RFC 6962 leaf hash of LeafData, in hex.
type Event struct {
	Seq        int64           `json:"seq"`
	ID         string          `json:"id"`
	At         time.Time       `json:"at"`
	Actor      Actor           `json:"actor"`
	Action     string          `json:"action"`
	EntityType string          `json:"entity_type"`
	EntityID   string          `json:"entity_id"`
	ClaimID    string          `json:"claim_id,omitempty"`
	Data       json.RawMessage `json:"data"`
	Hash       string          `json:"hash"`
}

// leafRecord fixes the field order of the hashed form of an event.
type leafRecord struct {
	Seq        int64           `json:"seq"`
	ID         string          `json:"id"`
	At         string          `json:"at"`
	Actor      Actor           `json:"actor"`
	Action     string          `json:"action"`
	EntityType string          `json:"entity_type"`
	EntityID   string          `json:"entity_id"`
	ClaimID    string          `json:"claim_id,omitempty"`
	Data       json.RawMessage `json:"data"`
}

// LeafData returns the canonical bytes of e that its leaf hash covers:
// compact JSON with a fixed field order and the time in UTC with
// nanoseconds. Anyone holding an exported event can rebuild them.
func (e *Event) LeafData() ([]byte, error) {
	data := e.Data
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	return json.Marshal(leafRecord{
		Seq: e.Seq, ID: e.ID, At: e.At.UTC().Format(time.RFC3339Nano), Actor: e.Actor,
		Action: e.Action, EntityType: e.EntityType, EntityID: e.EntityID, ClaimID: e.ClaimID, Data: data,
	})
}

// EventFilter selects audit events in seq order. ClaimID selects a claim's
// history: its own events and those of its verdicts. The other fields
// narrow the audit page; empty fields do not filter.
type EventFilter struct {
	After      int64
	Limit      int
	ClaimID    string
	Actor      string    // the actor's name
	Action     string    // e.g. claim.update
	EntityType string    // e.g. claim
	EntityID   string    //
	Since      time.Time // events at or after
	Until      time.Time // events before
}

// Validate checks the filter's limit.
func (f *EventFilter) Validate() error {
	var p Problems
	checkLimit(&p, f.Limit)
	return p.Err()
}

// Hash is a SHA-256 hash in the audit log's Merkle tree (the same bytes
// as golang.org/x/mod/sumdb/tlog.Hash).
type Hash = [32]byte

// TreeHead is the size of the audit log and the RFC 6962 root hash of its
// Merkle tree over the events' leaf hashes.
type TreeHead struct {
	Size int64
	Root Hash
}

// AuditService reads the audit log. Events, and the Merkle tree hashes over
// them, are written by the stores' mutations in the same transaction as the
// change, and never otherwise.
type AuditService interface {
	// FindEvents returns events with seq > After, in seq order.
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, error)
	// TreeHead returns the log's current size and root hash.
	TreeHead(ctx context.Context) (TreeHead, error)
	// TreeHeadAt returns the root hash of the tree of the first size events
	// (0 <= size <= current size), or EINVALID: the root an earlier
	// checkpoint signed, which proofs against that size lead to.
	TreeHeadAt(ctx context.Context, size int64) (TreeHead, error)
	// ProveInclusion returns the RFC 6962 inclusion proof of event seq in
	// the tree of the given size (seq <= size <= current size), or EINVALID.
	ProveInclusion(ctx context.Context, seq, size int64) ([]Hash, error)
	// ProveConsistency returns the RFC 6962 consistency proof between the
	// trees of sizes from and to (1 <= from <= to <= current size).
	ProveConsistency(ctx context.Context, from, to int64) ([]Hash, error)
	// StreamEvents calls fn with events 1..size in seq order, reading them
	// in short batches so memory stays flat however long the log is. An
	// error from fn stops it and is returned.
	StreamEvents(ctx context.Context, size int64, fn func(*Event) error) error
	// StreamEventLines is StreamEvents for the export: it calls fn with
	// each event as json.Marshal encodes it, without a newline, which a
	// store may build without decoding the event. fn must not keep line.
	StreamEventLines(ctx context.Context, size int64, fn func(line []byte) error) error
	// VerifyLog recomputes every event's leaf hash and the tree from the
	// stored events and compares them with the stored hashes. It returns
	// the verified tree head, or an error naming the first bad seq.
	VerifyLog(ctx context.Context) (TreeHead, error)
}
