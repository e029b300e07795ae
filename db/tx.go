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
	events int // audit events appended, checked by the writer (checkEvents)

	// deadline, when not zero, is when the writer's transaction must be
	// done: every statement checks it before it starts (see expired). The
	// writer's statements run under a context that cannot be cancelled,
	// because go-sqlite3 runs each Exec under a cancellable context on a
	// goroutine of its own, with a channel to watch it, and that was a
	// third of the writer's CPU time; the deadline is kept here instead.
	// A statement that has started is not interrupted: the writer's
	// statements each touch a few rows.
	deadline time.Time

	// index, when not nil, collects the index rows the write puts, for
	// the writer to write after the batch's savepoints (see indexRow).
	index *[]indexRow

	// stmts, when not nil, holds the statements prepared so far in a bulk
	// write (Load) by their SQL, so that it prepares each statement once
	// instead of once per row: database/sql prepares every Exec/Query on a
	// transaction again otherwise. They close with the transaction. Other
	// writes need none: the writer connection keeps its most used
	// statements prepared (_stmt_cache_size, see Open).
	stmts map[string]*sql.Stmt
	// seq, when not 0, is the last audit event's seq as the transaction
	// has written it (see appendEvent), so that a batch reads max(seq)
	// once. The writer carries it from one write to the next only when
	// the write's savepoint is kept.
	seq int64
}

// stmt returns the prepared statement of query when the transaction keeps
// them (stmts not nil), else nil.
func (tx *Tx) stmt(query string) (*sql.Stmt, error) {
	if err := tx.expired(); err != nil {
		return nil, err
	}
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
	if tx.expired() != nil {
		// A Row cannot be made with an error; under a context past its
		// deadline database/sql returns DeadlineExceeded from Scan
		// without running the statement.
		ctx, cancel := context.WithDeadline(tx.ctx, time.Time{})
		defer cancel()
		return tx.tx.QueryRowContext(ctx, query, args...)
	}
	if st, err := tx.stmt(query); err == nil && st != nil {
		return st.QueryRowContext(tx.ctx, args...)
	}
	return tx.tx.QueryRowContext(tx.ctx, query, args...)
}

// expired returns an EUNAVAILABLE error once the writer's transaction has
// passed its deadline (see Tx.deadline), so that it fails as a whole.
func (tx *Tx) expired() error { return pastDeadline(tx.deadline) }

// pastDeadline is expired for a deadline; the zero time is none.
func pastDeadline(deadline time.Time) error {
	if !deadline.IsZero() && time.Now().After(deadline) {
		return unavailable(fmt.Errorf("write transaction: %w", context.DeadlineExceeded))
	}
	return nil
}

// write runs fn in the writer's current transaction (see writer.go) and
// returns once the commit that holds it has returned: an answer without an
// error means the write is durable. Every mutation goes through here and
// nowhere else.
//
// fn runs on the writer goroutine in a savepoint of its own, in a
// transaction shared with other writes that queued at the same time, so
// that they share one fsync. If fn fails, its savepoint is rolled back and
// the others are not affected; if the commit fails, every write in it gets
// the error. Either way the caller is answered only after the transaction
// has ended, never with an outcome that rests on writes not yet committed.
//
// If ctx is done before the writer starts fn, fn never runs and write
// returns ctx's error. Once started, fn runs on the transaction's own
// context, with its own deadline (writeTimeout), not on ctx: cancelling a
// statement interrupts SQLite, which may roll the transaction back and
// leave later statements running outside it. A write that has begun
// therefore finishes or fails as a whole, whatever happens to the request.
//
// write also enforces the audit rule: fn, if it changed rows, must have
// appended exactly one audit event, or its savepoint is rolled back and
// write fails.
//
// fn must not keep side effects outside the database (caches, counters)
// that a rollback would not undo: what it changes in memory is seen by
// others only after write has returned without an error.
func (db *DB) write(ctx context.Context, fn func(tx *Tx) error) error {
	return db.writeMany(ctx, 1, fn)
}

// writeMany is write for a transaction of events mutations, each with its
// own audit event (the bulk path, Load): it must append exactly that many
// events, or none if it changed nothing.
func (db *DB) writeMany(ctx context.Context, events int, fn func(tx *Tx) error) error {
	return db.submit(&writeRequest{ctx: ctx, fn: fn, events: events})
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
