package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// The writer is the one goroutine that owns the writer connection once Open
// has returned, and it commits in groups: while one transaction is being
// written and fsync'd, new write requests queue; the next transaction then
// runs the queued requests one after another, each in its own savepoint, and
// commits them all at once, so that many writes share one fsync. A request
// that arrives at an idle writer starts at once and commits alone: nothing
// waits for company.
//
// A batch grows while requests are waiting, until it holds
// maxBatchRequests requests or maxBatchEvents audit events, or has run for
// maxBatchTime; what is left waits for the next transaction. The time bound
// keeps the first request of a batch from waiting long for the last, and
// the event bound keeps a bulk Load out of a running batch: a request is
// always taken when it is first, so a Load of thousands of events runs in a
// transaction of its own. On the 2-core benchmark machine a CreateClaim
// takes the writer about 0.5 ms and a commit 1 to 6 ms, so 25 ms makes
// batches of some 20 to 50 claims under load; 10 ms gave 40% fewer claims
// a second at 32 writers (BenchmarkCreateClaimParallel).
const (
	maxBatchRequests = 256
	maxBatchEvents   = 512
	maxBatchTime     = 25 * time.Millisecond
)

// writeRequest is one call of write waiting for the writer.
type writeRequest struct {
	ctx    context.Context // the caller's: done before the request starts means it never runs
	fn     func(tx *Tx) error
	events int // audit events fn must append if it changes rows (see checkEvents)
	// unaudited exempts the request from the audit rule; only touch sets it.
	unaudited bool

	err      error         // the answer, set before done is closed
	panicked *writePanic   // what fn panicked with, re-raised in the caller
	done     chan struct{} // closed once the request's transaction has ended
}

// writePanic is a panic in a write's fn, caught on the writer goroutine so
// that it fails only that request (its savepoint is rolled back) and is
// raised again in the caller's goroutine, as if fn had run there.
type writePanic struct {
	value any
	stack []byte
}

func (p *writePanic) Error() string {
	return fmt.Sprintf("write panicked: %v\n\nwriter goroutine stack:\n%s", p.value, p.stack)
}

// writeQueue is the writer's queue: the requests not yet started, and
// whether Close has been called.
type writeQueue struct {
	mu      sync.Mutex
	pending []*writeRequest
	closed  bool
	wake    chan struct{} // holds a token when there may be work or closing to notice
	stopped chan struct{} // closed when the writer goroutine has returned

	// The bounds of a batch: maxBatchRequests, maxBatchEvents and
	// maxBatchTime, and its deadline, writeTimeout, which tests may
	// change before the first write.
	maxRequests, maxEvents int
	maxTime, timeout       time.Duration
}

// startWriter starts the writer goroutine. From here on only the writer
// uses db.w, until Close has stopped it.
func (db *DB) startWriter() {
	db.queue = &writeQueue{
		wake: make(chan struct{}, 1), stopped: make(chan struct{}),
		maxRequests: maxBatchRequests, maxEvents: maxBatchEvents, maxTime: maxBatchTime, timeout: writeTimeout,
	}
	go db.runWriter()
}

// submit queues req and waits for its answer: after the commit of the
// transaction that holds it, or at once if the database is closed.
func (db *DB) submit(req *writeRequest) error {
	req.done = make(chan struct{})
	q := db.queue
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return unavailable(fmt.Errorf("write: the database is closed"))
	}
	q.pending = append(q.pending, req)
	q.mu.Unlock()
	q.signal()
	<-req.done
	if req.panicked != nil {
		panic(req.panicked)
	}
	return req.err
}

// signal wakes the writer if it is waiting for work.
func (q *writeQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// depth returns how many requests are waiting for the writer.
func (q *writeQueue) depth() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.pending)
}

// wait returns the next request, waiting for one; ok is false once the
// queue is closed and empty.
func (q *writeQueue) wait() (req *writeRequest, ok bool) {
	for {
		q.mu.Lock()
		if len(q.pending) > 0 {
			req = q.pop()
			q.mu.Unlock()
			return req, true
		}
		closed := q.closed
		q.mu.Unlock()
		if closed {
			return nil, false
		}
		<-q.wake
	}
}

// next returns the next waiting request if it fits in a batch that holds
// n requests and events audit events and started at start, else nil.
func (q *writeQueue) next(n, events int, start time.Time) *writeRequest {
	if n >= q.maxRequests || time.Since(start) >= q.maxTime {
		return nil
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) == 0 || events+q.pending[0].events > q.maxEvents {
		return nil
	}
	return q.pop()
}

// pop removes the first waiting request; q.mu is held.
func (q *writeQueue) pop() *writeRequest {
	req := q.pending[0]
	q.pending[0] = nil
	q.pending = q.pending[1:]
	if len(q.pending) == 0 {
		q.pending = nil // let the backing array go once drained
	}
	return req
}

// stopWriter closes the queue and waits until the writer has answered
// every request queued before, so that Close loses no acknowledged write.
// It does nothing when the writer never started or has stopped.
func (db *DB) stopWriter() {
	q := db.queue
	if q == nil {
		return
	}
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
	<-q.stopped
}

// runWriter is the writer goroutine: one batch after another until the
// queue is closed and drained.
func (db *DB) runWriter() {
	defer close(db.queue.stopped)
	for {
		req, ok := db.queue.wait()
		if !ok {
			return
		}
		if err := req.ctx.Err(); err != nil {
			db.answer(req, err, resultCancelled)
			continue
		}
		db.runBatch(req)
	}
}

// batch is one transaction of the writer and the requests it has run.
type batch struct {
	tx       *sql.Tx
	ctx      context.Context // cannot be cancelled: see Tx.deadline
	deadline time.Time       // writeTimeout after the batch began
	// changes is SQLite's total_changes() after the last request that
	// succeeded, the starting count of the next; -1 when unknown.
	changes int64
	// index holds the index rows of the requests that succeeded, in
	// order, written before the commit (see indexRow).
	index []indexRow
	seq   int64           // the last audit event's seq as written so far, 0 before the first
	ran   []*writeRequest // requests run, in order; their err is set
}

// runBatch runs first and whatever queues behind it (see maxBatchTime) in
// one transaction, commits once and answers them all. The transaction has
// its own deadline, writeTimeout, independent of any caller (see write):
// a batch that passes it fails as a whole.
func (db *DB) runBatch(first *writeRequest) {
	start := time.Now()
	// No cancellable context: see Tx.deadline. database/sql would also
	// roll the transaction back by itself when such a context ends; here
	// the batch fails as a whole once the deadline has passed.
	ctx := context.Background()
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		db.answer(first, mapError(fmt.Errorf("begin write: %w", err)), resultFailed)
		return
	}
	defer sqlTx.Rollback() // after a commit, a no-op
	b := &batch{tx: sqlTx, ctx: ctx, deadline: start.Add(db.queue.timeout), changes: -1}
	events := 0
	for req := first; req != nil; req = db.queue.next(len(b.ran), events, start) {
		if err := req.ctx.Err(); err != nil && req != first { // runWriter checked first
			db.answer(req, err, resultCancelled)
			continue
		}
		err := db.runRequest(b, req)
		if err == nil {
			err = pastDeadline(b.deadline)
		}
		if err != nil {
			// The transaction is unusable or out of time: every
			// request in it fails, whatever its own outcome so far.
			db.failBatch(b, err)
			return
		}
		events += req.events
	}
	if err := b.writeIndex(); err != nil {
		db.failBatch(b, err)
		return
	}
	commitStart := time.Now()
	err = sqlTx.Commit()
	db.metrics.commitSeconds.Observe(time.Since(commitStart).Seconds())
	db.metrics.batchSize.Observe(float64(len(b.ran)))
	if err != nil {
		db.failBatch(b, mapError(fmt.Errorf("commit: %w", err)))
		return
	}
	if b.seq != 0 {
		db.logEvents.Store(b.seq)
	}
	for _, req := range b.ran {
		result := resultOK
		if req.err != nil {
			result = resultFailed
		}
		db.answer(req, req.err, result)
	}
}

// runRequest runs req in its own savepoint of b and sets req.err to fn's
// error or to a breach of the audit rule, after which the savepoint is
// rolled back. It returns an error only when the transaction itself can no
// longer be used (a savepoint statement failed: SQLite may have rolled the
// whole transaction back, as it does on a full disk or an I/O error).
func (db *DB) runRequest(b *batch, req *writeRequest) error {
	b.ran = append(b.ran, req)
	if err := b.exec(`SAVEPOINT request`); err != nil {
		req.err = mapError(fmt.Errorf("savepoint: %w", err))
		return req.err
	}
	var index []indexRow
	tx := &Tx{tx: b.tx, ctx: b.ctx, now: db.now(), seq: b.seq, deadline: b.deadline, index: &index}
	if req.events > 1 {
		tx.stmts = make(map[string]*sql.Stmt)
	}
	before := b.changes
	if before < 0 {
		var err error
		if before, err = tx.totalChanges(); err != nil {
			req.err = err
			return err
		}
	}
	b.changes = -1
	if err := req.call(tx); err != nil {
		req.err = mapError(err)
	} else if !req.unaudited {
		after, err := tx.totalChanges()
		if err != nil {
			req.err = err
			return err
		}
		req.err = checkEvents(after-before, tx.events, req.events)
		// Savepoints change no rows, and rolling one back does not
		// lower the count: what this request leaves is where the next
		// one starts, unless it failed.
		if req.err == nil {
			b.changes = after
		}
	}
	if req.err != nil {
		if err := b.exec(`ROLLBACK TO request`); err != nil {
			return fmt.Errorf("roll back the savepoint of a failed write (%v): %w", req.err, err)
		}
	}
	if err := b.exec(`RELEASE request`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	if req.err == nil {
		b.seq = tx.seq
		b.index = append(b.index, index...)
	}
	return nil
}

// writeIndex writes the index rows the batch's requests collected, in
// their order, after every request has run and released its savepoint.
func (b *batch) writeIndex() error {
	tx := &Tx{tx: b.tx, ctx: b.ctx, deadline: b.deadline}
	for _, r := range b.index {
		if err := writeIndexRowNow(tx, r.table, r.rowid, r.text, r.replace, r.terms); err != nil {
			return err
		}
	}
	return nil
}

// checkEvents enforces the audit rule on one request: one that changed
// rows must have appended exactly want events, and none may append more.
func checkEvents(changed int64, appended, want int) error {
	if appended > want || (changed > 0 && appended != want) {
		return fmt.Errorf("write changed %d rows with %d audit events; want exactly %d", changed, appended, want)
	}
	return nil
}

// call runs fn, turning a panic into an error that fails only this request.
func (req *writeRequest) call(tx *Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			req.panicked = &writePanic{value: v, stack: debug.Stack()}
			err = req.panicked
		}
	}()
	return req.fn(tx)
}

// failBatch rolls back b's transaction and answers every request that ran
// in it with err, even one whose own fn had failed: its outcome may have
// rested on the writes of those before it, which are gone now. A batch
// fails on storage trouble (a full disk, an I/O error, the transaction's
// deadline), so err is EUNAVAILABLE unless mapError knows better.
func (db *DB) failBatch(b *batch, err error) {
	b.tx.Rollback()
	err = mapError(err)
	if _, ok := errors.AsType[*claims.Error](err); !ok {
		err = unavailable(err)
	}
	for _, req := range b.ran {
		db.answer(req, fmt.Errorf("write rolled back with its batch: %w", err), resultFailed)
	}
}

// answer sets req's outcome and releases its caller.
func (db *DB) answer(req *writeRequest, err error, result string) {
	db.metrics.writes.WithLabelValues(result).Inc()
	req.err = err
	close(req.done)
}

// exec runs one of the writer's own statements in b.
func (b *batch) exec(query string) error {
	_, err := b.tx.ExecContext(b.ctx, query)
	return err
}

// totalChanges returns SQLite's count of rows changed on the connection
// so far, from which a request's own changes are told by difference.
func (tx *Tx) totalChanges() (int64, error) {
	var n int64
	if err := tx.queryRow(`SELECT total_changes()`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count changes: %w", err)
	}
	return n, nil
}
