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
// history: its own events and those of its verdicts.
type EventFilter struct {
	After   int64
	Limit   int
	ClaimID string
}

// Validate checks the filter's limit.
func (f *EventFilter) Validate() error {
	var p Problems
	checkLimit(&p, f.Limit)
	return p.Err()
}

// AuditService reads the audit log. Events are written by the stores'
// mutations, in the same transaction as the change, and never otherwise.
type AuditService interface {
	// FindEvents returns events with seq > After, in seq order.
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, error)
}
