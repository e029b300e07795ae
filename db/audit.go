package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/google/uuid"
	"golang.org/x/mod/sumdb/tlog"
)

// appendEvent writes the audit event of the transaction's mutation. Its seq
// is one more than the last, computed inside the write transaction, which
// the single writer serialises, so the log has no gaps. data is the change:
// the created object, or {"changes": {field: {"old": …, "new": …}}}.
// The statement runs under the transaction's own context (see write).
func (tx *Tx) appendEvent(actor claims.Actor, action, entityType, entityID, claimID string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode event data: %w", err)
	}
	e := claims.Event{
		ID: uuid.NewString(), At: tx.now, Actor: actor, Action: action,
		EntityType: entityType, EntityID: entityID, ClaimID: claimID, Data: raw,
	}
	if err := tx.queryRow(`SELECT coalesce(max(seq), 0) + 1 FROM audit_events`).Scan(&e.Seq); err != nil {
		return fmt.Errorf("next event seq: %w", err)
	}
	leaf, err := e.LeafData()
	if err != nil {
		return fmt.Errorf("event leaf data: %w", err)
	}
	h := tlog.RecordHash(leaf)
	e.Hash = hex.EncodeToString(h[:])
	if _, err := tx.exec(`
		INSERT INTO audit_events (seq, id, at, actor_id, actor_name, action, entity_type, entity_id, claim_id, data, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.ID, e.At, e.Actor.UserID, e.Actor.Name, e.Action, e.EntityType, e.EntityID, e.ClaimID, string(e.Data), e.Hash,
	); err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	tx.events++
	return nil
}

// change is one changed field in an update event.
type change struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// changes collects the fields an update changed. A field counts as changed
// when its JSON differs, which is how it is shown and exported.
type changes map[string]change

func (c changes) add(field string, old, new any) {
	a, _ := json.Marshal(old)
	b, _ := json.Marshal(new)
	if string(a) != string(b) {
		c[field] = change{Old: old, New: new}
	}
}

// FindEvents returns events with seq > f.After in seq order, at most
// claims.PageSize(f.Limit) of them; with f.ClaimID, only that claim's
// history (its own events and its verdicts'). No events is an empty list.
func (db *DB) FindEvents(ctx context.Context, f claims.EventFilter) ([]*claims.Event, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	events := []*claims.Event{}
	err := db.read(ctx, func(tx *Tx) error {
		const cols = `SELECT seq, id, at, actor_id, actor_name, action, entity_type, entity_id, claim_id, data, hash
			FROM audit_events`
		var rows *sql.Rows
		var err error
		if f.ClaimID != "" {
			rows, err = tx.query(cols+` WHERE claim_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
				f.ClaimID, max(f.After, 0), claims.PageSize(f.Limit))
		} else {
			rows, err = tx.query(cols+` WHERE seq > ? ORDER BY seq LIMIT ?`,
				max(f.After, 0), claims.PageSize(f.Limit))
		}
		if err != nil {
			return fmt.Errorf("query events: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e claims.Event
			var data string
			if err := rows.Scan(&e.Seq, &e.ID, &e.At, &e.Actor.UserID, &e.Actor.Name, &e.Action,
				&e.EntityType, &e.EntityID, &e.ClaimID, &data, &e.Hash); err != nil {
				return fmt.Errorf("scan event: %w", err)
			}
			e.Data = json.RawMessage(data)
			events = append(events, &e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return events, nil
}
