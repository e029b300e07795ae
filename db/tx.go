package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Tx is a transaction together with the context its statements run under
// and the one timestamp every row it writes gets. Helpers take a *Tx and use
// its methods, so a write can never run a statement under the request's
// context by accident.
type Tx struct {
	tx     *sql.Tx
	ctx    context.Context
	now    time.Time
	events int // audit events appended, checked by write

	// stmts, when not nil, holds the statements prepared so far in this
	// transaction by their SQL, so that a bulk write (Load) prepares each
	// statement once per batch instead of once per row: database/sql
	// prepares every Exec/Query on a transaction again otherwise. They
	// close with the transaction.
	stmts map[string]*sql.Stmt
	// seq, when not 0, is the last audit event's seq as this transaction
	// has written it (see appendEvent), so a bulk write reads max(seq)
	// once.
	seq int64
}

// stmt returns the prepared statement of query when the transaction keeps
// them (stmts not nil), else nil.
func (tx *Tx) stmt(query string) (*sql.Stmt, error) {
	if tx.stmts == nil {
		return nil, nil
	}
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(tx.ctx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = st
	return st, nil
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	if st != nil {
		return st.ExecContext(tx.ctx, args...)
	}
	return tx.tx.ExecContext(tx.ctx, query, args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	if st != nil {
		return st.QueryContext(tx.ctx, args...)
	}
	return tx.tx.QueryContext(tx.ctx, query, args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	if st, err := tx.stmt(query); err == nil && st != nil {
		return st.QueryRowContext(tx.ctx, args...)
	}
	return tx.tx.QueryRowContext(tx.ctx, query, args...)
}

// write runs fn in a transaction on the writer connection and commits it.
// Every mutation goes through here and nowhere else.
//
// The transaction runs on a context detached from ctx with its own
// deadline: cancelling a statement interrupts SQLite, which may roll the
// transaction back and leave later statements running outside it. A write
// that has begun therefore finishes or fails as a whole, whatever happens
// to the request.
//
// write also enforces the audit rule: a transaction that changed rows must
// have appended exactly one audit event, or it is rolled back.
func (db *DB) write(ctx context.Context, fn func(tx *Tx) error) error {
	return db.writeMany(ctx, 1, fn)
}

// writeMany is write for a transaction of events mutations, each with its
// own audit event (the bulk path, Load): it must append exactly that many
// events, or none if it changed nothing.
func (db *DB) writeMany(ctx context.Context, events int, fn func(tx *Tx) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return mapError(fmt.Errorf("begin write: %w", err))
	}
	defer sqlTx.Rollback()
	tx := &Tx{tx: sqlTx, ctx: ctx, now: db.now()}
	if events > 1 {
		tx.stmts = make(map[string]*sql.Stmt)
	}
	var before, after int64
	if err := tx.queryRow(`SELECT total_changes()`).Scan(&before); err != nil {
		return mapError(fmt.Errorf("count changes: %w", err))
	}
	if err := fn(tx); err != nil {
		return mapError(err)
	}
	if err := tx.queryRow(`SELECT total_changes()`).Scan(&after); err != nil {
		return mapError(fmt.Errorf("count changes: %w", err))
	}
	if tx.events > events || (after > before && tx.events != events) {
		return fmt.Errorf("write changed %d rows with %d audit events; want exactly %d", after-before, tx.events, events)
	}
	if err := sqlTx.Commit(); err != nil {
		return mapError(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// read runs fn in a short read transaction on the read-only pool, so that
// a read made of several queries sees one snapshot.
func (db *DB) read(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return mapError(fmt.Errorf("begin read: %w", err))
	}
	defer sqlTx.Rollback()
	if err := fn(&Tx{tx: sqlTx, ctx: ctx, now: db.now()}); err != nil {
		return mapError(err)
	}
	return nil
}

// readValue runs find in a read transaction (see read) and returns what it
// found.
func readValue[T any](ctx context.Context, db *DB, find func(tx *Tx) (T, error)) (T, error) {
	var v T
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		v, err = find(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// writeValue runs fn in a write transaction (see write) and returns its
// result once the transaction has committed.
func writeValue[T any](ctx context.Context, db *DB, fn func(tx *Tx) (T, error)) (T, error) {
	var v T
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		v, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}
