package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"golang.org/x/mod/sumdb/tlog"
)

// appendEvent writes the audit event of the transaction's mutation and its
// hashes in the Merkle tree. Its seq is one more than the last, computed
// inside the write transaction, which the single writer serialises, so the
// log has no gaps. data is the change: the created object, or
// {"changes": {field: {"old": …, "new": …}}}.
// The statement runs under the transaction's own context (see write).
func (tx *Tx) appendEvent(actor claims.Actor, action, entityType, entityID, claimID string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode event data: %w", err)
	}
	e := claims.Event{
		ID: newID(), At: tx.now, Actor: actor, Action: action,
		EntityType: entityType, EntityID: entityID, ClaimID: claimID, Data: raw,
	}
	if tx.seq != 0 {
		e.Seq = tx.seq + 1
	} else if err := tx.queryRow(`SELECT coalesce(max(seq), 0) + 1 FROM audit_events`).Scan(&e.Seq); err != nil {
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
	if err := appendHashes(tx, e.Seq, h); err != nil {
		return err
	}
	tx.events++
	tx.seq = e.Seq
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

// eventColumns are the columns scanEvent reads, in its order.
const eventColumns = `seq, id, at, actor_id, actor_name, action, entity_type, entity_id, claim_id, data, hash`

// scanEvent reads one row of eventColumns.
func scanEvent(rows *sql.Rows) (*claims.Event, error) {
	var e claims.Event
	var data string
	if err := rows.Scan(&e.Seq, &e.ID, &e.At, &e.Actor.UserID, &e.Actor.Name, &e.Action,
		&e.EntityType, &e.EntityID, &e.ClaimID, &data, &e.Hash); err != nil {
		return nil, fmt.Errorf("scan event: %w", err)
	}
	e.Data = json.RawMessage(data)
	return &e, nil
}

// FindEvents returns events with seq > f.After in seq order, at most
// claims.PageSize(f.Limit) of them, narrowed by the filter's other fields
// (ClaimID: that claim's history, its own events and its verdicts'; Actor:
// the actor's name; Since/Until: at or after, before). No events is an
// empty list.
func (db *DB) FindEvents(ctx context.Context, f claims.EventFilter) ([]*claims.Event, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	// The equalities and the limit are CAST: SQLite prepares a statement
	// again on every run when its plan may depend on a bound value, as
	// with "column = ?" before an ORDER BY its index serves, or LIMIT ?
	// (see TestHotReadsStayPrepared); the claim page runs this query on
	// every view.
	where, args := []string{"seq > ?"}, []any{max(f.After, 0)}
	for _, c := range []struct {
		cond  string
		value string
	}{
		{"claim_id = CAST(? AS TEXT)", f.ClaimID},
		{"actor_name = CAST(? AS TEXT)", f.Actor},
		{"action = CAST(? AS TEXT)", f.Action},
		{"entity_type = CAST(? AS TEXT)", f.EntityType},
		{"entity_id = CAST(? AS TEXT)", f.EntityID},
	} {
		if c.value != "" {
			where, args = append(where, c.cond), append(args, c.value)
		}
	}
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.Since.UTC())
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.Until.UTC())
	}
	args = append(args, claims.PageSize(f.Limit))
	// At most claims.MaxPageSize events through an index: a short read.
	return readValue(shortRead(ctx), db, func(tx *Tx) ([]*claims.Event, error) {
		return queryEvents(tx, `SELECT `+eventColumns+` FROM audit_events WHERE `+
			strings.Join(where, " AND ")+` ORDER BY seq LIMIT CAST(? AS INTEGER)`, args...)
	})
}

// queryEvents runs a query selecting eventColumns and returns its events;
// none is an empty list.
func queryEvents(tx *Tx, query string, args ...any) ([]*claims.Event, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	defer rows.Close()
	events := []*claims.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	return events, nil
}

// streamBatch is how many events StreamEvents reads per transaction:
// enough to amortise the transaction, few enough that memory stays flat
// and no read holds a snapshot (and so the WAL) for long.
const streamBatch = 1000

// StreamEvents calls fn with events 1..size in seq order. Each batch is
// read in its own short transaction and fn runs outside it, so a slow
// consumer (a download) neither holds a snapshot nor pins the WAL. A size
// beyond the log, or below 0, is EINVALID naming "size".
func (db *DB) StreamEvents(ctx context.Context, size int64, fn func(*claims.Event) error) error {
	current, err := readValue(ctx, db, logSize)
	if err != nil {
		return err
	}
	if size < 0 || size > current {
		var p claims.Problems
		p.Add("size", "must be a tree size from 0 to the log's size (%d)", current)
		return p.Err()
	}
	for after := int64(0); after < size; {
		batch, err := readValue(ctx, db, func(tx *Tx) ([]*claims.Event, error) {
			return queryEvents(tx, `SELECT `+eventColumns+` FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT CAST(? AS INTEGER)`,
				after, size, streamBatch)
		})
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return fmt.Errorf("audit log ends at event %d, before %d", after, size)
		}
		for _, e := range batch {
			if e.Seq != after+1 {
				return fmt.Errorf("audit log has a gap: event %d follows %d", e.Seq, after)
			}
			if err := fn(e); err != nil {
				return err
			}
			after = e.Seq
		}
	}
	return nil
}
