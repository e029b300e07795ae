package db

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	dto "github.com/prometheus/client_model/go"
)

// holdWriter keeps the writer busy with a write that changes nothing and
// waits until release is called, so that the writes queued meanwhile join
// its batch (the batch's time bound is lifted). release returns the held
// write's own answer, which comes after its batch has committed.
func holdWriter(t *testing.T, db *DB) (release func() error) {
	t.Helper()
	db.queue.maxTime = time.Hour
	started, unblock := make(chan struct{}), make(chan struct{})
	answer := make(chan error, 1)
	go func() {
		answer <- db.write(ctx, func(tx *Tx) error {
			close(started)
			<-unblock
			return nil
		})
	}()
	<-started
	var once sync.Once
	var err error
	release = func() error {
		once.Do(func() {
			close(unblock)
			err = <-answer
		})
		return err
	}
	t.Cleanup(func() { release() })
	return release
}

// waitQueued waits until n writes wait for the writer.
func waitQueued(t *testing.T, db *DB, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); db.queue.depth() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", db.queue.depth(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// commits returns how many transactions the writer has committed (or
// tried to) and how many writes ran in them.
func commits(t *testing.T, db *DB) (n uint64, writes float64) {
	t.Helper()
	var m dto.Metric
	if err := db.metrics.batchSize.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetHistogram().GetSampleCount(), m.GetHistogram().GetSampleSum()
}

// queued starts write in a goroutine once the writes queued before it are
// waiting, so that writes join the queue in the order queued is called,
// and returns where its answer will come.
func queued(t *testing.T, db *DB, write func() error) <-chan error {
	t.Helper()
	n := db.queue.depth()
	answer := make(chan error, 1)
	go func() { answer <- write() }()
	waitQueued(t, db, n+1)
	return answer
}

// TestWriter_GroupCommit runs many writers at once: every write succeeds
// and is readable afterwards, writes share commits, and the audit log and
// its tree verify (newTestDB checks them at the end too).
func TestWriter_GroupCommit(t *testing.T) {
	db := newTestDB(t)
	src := mustSource(t, db, "Xi")
	const writers, each = 48, 6
	release := holdWriter(t, db)
	n0, w0 := commits(t, db)
	var wg sync.WaitGroup
	ids := make(chan string, writers*each)
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				c := &claims.Claim{Text: fmt.Sprintf("Claim %d/%d", w, i), Kind: claims.KindReported, SourceID: src.ID}
				if err := db.CreateClaim(ctx, editor, c); err != nil {
					errs <- err
					continue
				}
				ids <- c.ID
			}
		})
	}
	waitQueued(t, db, writers)
	if err := release(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		t.Error(err)
	}
	found := 0
	for id := range ids {
		if _, err := db.FindClaimByID(ctx, id); err != nil {
			t.Errorf("claim %s: %v", id, err)
		}
		found++
	}
	if found != writers*each {
		t.Errorf("%d claims written, want %d", found, writers*each)
	}
	n, w := commits(t, db)
	if n-n0 == 0 || (w-w0)/float64(n-n0) <= 1 {
		t.Errorf("%v writes in %d commits; want batches of more than one", w-w0, n-n0)
	}
	t.Logf("%v writes in %d commits", w-w0, n-n0)
	th, err := db.VerifyLog(ctx)
	if err != nil || th.Size != int64(1+writers*each) {
		t.Errorf("VerifyLog = %+v, %v; want %d events", th, err, 1+writers*each)
	}
}

// TestWriter_FailureIsolation runs failing writes of every kind between
// good ones in one batch: each failure gets its own error and leaves
// nothing, its neighbours commit, and the log has no gap.
func TestWriter_FailureIsolation(t *testing.T) {
	db := newTestDB(t)
	dup := mustSource(t, db, "Taken")
	// insert writes a source row and, if event, its event.
	insert := func(tx *Tx, id string, event bool) error {
		s := &claims.Source{ID: id, Name: id, Type: claims.SourceOther, Aliases: []string{}, Version: 1, CreatedAt: tx.now, UpdatedAt: tx.now}
		if err := insertSource(tx, s); err != nil {
			return err
		}
		if !event {
			return nil
		}
		return tx.appendEvent(editor, "source.create", "source", s.ID, "", s)
	}
	good := func(name string) func() error {
		return func() error {
			return db.CreateSource(ctx, editor, &claims.Source{Name: name, Type: claims.SourcePerson})
		}
	}
	tests := []struct {
		name  string
		write func() error
		check func(t *testing.T, err error)
	}{
		{"ErrFn", func() error {
			return db.write(ctx, func(tx *Tx) error {
				if err := insert(tx, "bad-fn", true); err != nil {
					return err
				}
				return claims.Errorf(claims.ECONFLICT, "refused after writing")
			})
		}, func(t *testing.T, err error) { wantCode(t, err, claims.ECONFLICT) }},
		{"ErrNoEvent", func() error {
			return db.write(ctx, func(tx *Tx) error { return insert(tx, "bad-noevent", false) })
		}, func(t *testing.T, err error) { wantCode(t, err, claims.EINTERNAL) }},
		{"ErrTwoEvents", func() error {
			return db.write(ctx, func(tx *Tx) error {
				if err := insert(tx, "bad-twoevents", true); err != nil {
					return err
				}
				return tx.appendEvent(editor, "source.create", "source", "bad-twoevents", "", map[string]any{})
			})
		}, func(t *testing.T, err error) { wantCode(t, err, claims.EINTERNAL) }},
		{"ErrConstraint", func() error {
			return db.write(ctx, func(tx *Tx) error { return insert(tx, dup.ID, true) })
		}, func(t *testing.T, err error) { wantCode(t, err, claims.ECONFLICT) }},
		{"ErrPanic", func() (err error) {
			defer func() {
				if v := recover(); v != nil {
					err = fmt.Errorf("caller panicked: %v", v)
				}
			}()
			return db.write(ctx, func(tx *Tx) error {
				if err := insert(tx, "bad-panic", true); err != nil {
					return err
				}
				panic("boom")
			})
		}, func(t *testing.T, err error) {
			if err == nil || !strings.HasPrefix(err.Error(), "caller panicked: write panicked: boom") {
				t.Fatalf("err = %v, want the caller to panic with fn's panic", err)
			}
		}},
	}
	release := holdWriter(t, db)
	n0, _ := commits(t, db)
	goods := []<-chan error{queued(t, db, good("first"))}
	bads := make([]<-chan error, len(tests))
	for i, tt := range tests {
		bads[i] = queued(t, db, tt.write)
		goods = append(goods, queued(t, db, good("after "+tt.name)))
	}
	if err := release(); err != nil {
		t.Fatalf("held write: %v", err)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, <-bads[i]) })
	}
	for i, g := range goods {
		if err := <-g; err != nil {
			t.Errorf("good write %d: %v", i, err)
		}
	}
	if n, _ := commits(t, db); n != n0+1 {
		t.Errorf("%d commits, want 1: the writes did not share a batch", n-n0)
	}
	if got, want := countRows(t, db, "sources"), 1+len(goods); got != want {
		t.Errorf("%d sources, want %d: a failed write left its row", got, want)
	}
	if got, want := countEvents(t, db), 1+len(goods); got != want {
		t.Errorf("%d events, want %d", got, want)
	}
}

// TestWriter_IndexRows checks the index rows a batch collects (see
// indexRow): they are written with the batch in the order of its writes,
// so a claim created and edited in one batch is found by its new words
// only, and a write that fails leaves no row behind while its neighbours
// are found.
func TestWriter_IndexRows(t *testing.T) {
	db := newTestDB(t)
	src := mustSource(t, db, "ISW")
	search := func(q string) int {
		t.Helper()
		list, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	release := holdWriter(t, db)
	n0, _ := commits(t, db)
	created := queued(t, db, func() error {
		return db.CreateClaim(ctx, editor, &claims.Claim{Text: "Alfa powiedział", Kind: claims.KindReported, SourceID: src.ID})
	})
	failed := queued(t, db, func() error {
		return db.write(ctx, func(tx *Tx) error {
			c := &claims.Claim{Text: "Bravo powiedział", Kind: claims.KindReported, SourceID: src.ID}
			c.Normalize()
			if _, err := checkClaimRefs(tx, c); err != nil {
				return err
			}
			c.ID, c.Version, c.Status, c.CreatedAt, c.UpdatedAt = newID(), 1, claims.StatusNew, tx.now, tx.now
			if err := insertClaim(tx, c, sourceNames{name: src.Name}); err != nil {
				return err
			}
			return claims.Errorf(claims.ECONFLICT, "refused after indexing")
		})
	})
	edited := queued(t, db, func() error {
		var id string
		return db.write(ctx, func(tx *Tx) error {
			if err := tx.queryRow(`SELECT id FROM claims WHERE text = 'Alfa powiedział'`).Scan(&id); err != nil {
				return err
			}
			c, err := findClaim(tx, id)
			if err != nil {
				return err
			}
			c.Text, c.Version = "Charlie powiedział", c.Version+1
			if err := updateClaim(tx, c); err != nil {
				return err
			}
			if err := indexClaim(tx, id); err != nil {
				return err
			}
			return tx.appendEvent(editor, "claim.update", "claim", id, id, map[string]any{"version": c.Version})
		})
	})
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := <-created; err != nil {
		t.Fatal(err)
	}
	wantCode(t, <-failed, claims.ECONFLICT)
	if err := <-edited; err != nil {
		t.Fatal(err)
	}
	if n, _ := commits(t, db); n != n0+1 {
		t.Fatalf("%d commits, want the three writes in one", n-n0)
	}
	if n := search("charlie"); n != 1 {
		t.Errorf("the edited claim's new word finds %d claims, want 1", n)
	}
	if n := search("alfa"); n != 0 {
		t.Errorf("the edited claim's old word finds %d claims, want none", n)
	}
	// The failed claim's rowid is free again: the next claim takes it,
	// and an index row left by the failed write would make it match.
	mustClaim(t, db, "Delta powiedział", src)
	if n := search("bravo"); n != 0 {
		t.Errorf("the failed write's words find %d claims: its index row was kept", n)
	}
	if n := search("ISW"); n != 2 {
		t.Errorf("the source's name finds %d claims, want 2", n)
	}
}

// TestWriter_CommitFailure makes a batch's commit fail (a deferred foreign
// key violation is checked only at COMMIT): every write in the batch gets
// the error (EUNAVAILABLE: try again), none is committed, and the next
// write continues the log without a gap.
func TestWriter_CommitFailure(t *testing.T) {
	db := newTestDB(t)
	release := holdWriter(t, db)
	first := queued(t, db, func() error {
		return db.CreateSource(ctx, editor, &claims.Source{Name: "A", Type: claims.SourcePerson})
	})
	breaking := queued(t, db, func() error {
		return db.write(ctx, func(tx *Tx) error {
			if _, err := tx.exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
				return err
			}
			if _, err := tx.exec(`INSERT INTO comments (id, claim_id, author_name, body, created_at) VALUES ('c1', 'no-such-claim', 'ewa', 'x', ?)`, tx.now); err != nil {
				return err
			}
			return tx.appendEvent(editor, "comment.create", "comment", "c1", "no-such-claim", map[string]any{})
		})
	})
	last := queued(t, db, func() error {
		return db.CreateSource(ctx, editor, &claims.Source{Name: "B", Type: claims.SourcePerson})
	})
	if err := release(); err == nil {
		t.Error("the held write, in the failed batch, succeeded")
	}
	for name, ch := range map[string]<-chan error{"first": first, "breaking": breaking, "last": last} {
		if err := <-ch; claims.ErrorCode(err) != claims.EUNAVAILABLE {
			t.Errorf("%s: %v, want EUNAVAILABLE: its commit failed", name, err)
		}
	}
	if countRows(t, db, "sources") != 0 || countRows(t, db, "comments") != 0 || countEvents(t, db) != 0 {
		t.Fatal("the failed batch left rows")
	}
	mustSource(t, db, "after")
	if n := countEvents(t, db); n != 1 {
		t.Errorf("%d events after the failed batch, want 1", n)
	}
}

// TestWriter_CancelledWhileQueued checks that a write whose caller gives up
// while it waits never runs, and that one whose caller gives up after it
// has started commits whole.
func TestWriter_CancelledWhileQueued(t *testing.T) {
	db := newTestDB(t)
	release := holdWriter(t, db)
	cctx, cancel := context.WithCancel(ctx)
	var ran atomic.Bool
	answer := queued(t, db, func() error {
		return db.write(cctx, func(tx *Tx) error {
			ran.Store(true)
			return nil
		})
	})
	cancel()
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := <-answer; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled write = %v, want context.Canceled", err)
	}
	if ran.Load() {
		t.Error("the cancelled write ran")
	}

	cctx, cancel = context.WithCancel(ctx)
	err := db.write(cctx, func(tx *Tx) error {
		cancel() // the caller goes away in the middle of the write
		s := &claims.Source{ID: "s1", Name: "ISW", Type: claims.SourceOther, Aliases: []string{}, Version: 1, CreatedAt: tx.now, UpdatedAt: tx.now}
		if err := insertSource(tx, s); err != nil {
			return err
		}
		return tx.appendEvent(editor, "source.create", "source", s.ID, "", s)
	})
	if err != nil {
		t.Fatalf("write cancelled after it started: %v", err)
	}
	if countRows(t, db, "sources") != 1 || countEvents(t, db) != 1 {
		t.Error("the started write was not committed whole")
	}
}

// TestWriter_Deadline checks the transaction's own deadline: a write
// whose statements start after it fails without writing anything, and a
// batch that has run past it fails as a whole, while what waits behind it
// commits in the next one.
func TestWriter_Deadline(t *testing.T) {
	db := newTestDB(t)
	db.queue.timeout = 50 * time.Millisecond
	err := db.write(ctx, func(tx *Tx) error {
		time.Sleep(80 * time.Millisecond)
		s := &claims.Source{ID: "s1", Name: "ISW", Type: claims.SourceOther, Aliases: []string{}, Version: 1, CreatedAt: tx.now, UpdatedAt: tx.now}
		if err := insertSource(tx, s); err != nil {
			return err
		}
		return tx.appendEvent(editor, "source.create", "source", s.ID, "", s)
	})
	if claims.ErrorCode(err) != claims.EUNAVAILABLE || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("write past the deadline = %v, want EUNAVAILABLE and DeadlineExceeded", err)
	}
	if countRows(t, db, "sources") != 0 || countEvents(t, db) != 0 {
		t.Error("the write past its deadline left rows behind")
	}

	// A write that ran its statements in time, in a batch that then
	// runs out of time, fails with it; the one queued behind commits.
	release := holdWriter(t, db)
	first := queued(t, db, func() error {
		return db.CreateSource(ctx, editor, &claims.Source{Name: "PAP", Type: claims.SourceMedia})
	})
	time.Sleep(60 * time.Millisecond)
	if err := release(); claims.ErrorCode(err) != claims.EUNAVAILABLE {
		t.Errorf("held write in a batch past its deadline = %v, want EUNAVAILABLE", err)
	}
	if err := <-first; err != nil {
		t.Errorf("write queued behind the failed batch: %v", err)
	}
	if countRows(t, db, "sources") != 1 || countEvents(t, db) != 1 {
		t.Errorf("%d sources, %d events; want the queued write's only", countRows(t, db, "sources"), countEvents(t, db))
	}
}

// TestWriter_LoneWrite checks that a write with nothing queued beside it
// commits in a transaction of its own, without waiting for company.
func TestWriter_LoneWrite(t *testing.T) {
	db := newTestDB(t)
	n0, w0 := commits(t, db)
	s := mustSource(t, db, "Xi")
	if n, w := commits(t, db); n != n0+1 || w != w0+1 {
		t.Errorf("%v writes in %d commits, want 1 in 1", w-w0, n-n0)
	}
	if _, err := db.FindSourceByID(ctx, s.ID); err != nil {
		t.Errorf("committed source: %v", err)
	}
}

// TestWriter_LoadAmongWrites runs a bulk Load larger than a batch's event
// bound while single writes go on: the Load runs in a transaction of its
// own, and the log verifies.
func TestWriter_LoadAmongWrites(t *testing.T) {
	db := newTestDB(t)
	src := mustSource(t, db, "Xi")
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 8 {
		wg.Go(func() {
			for i := range 10 {
				c := &claims.Claim{Text: fmt.Sprintf("Single %d/%d", w, i), Kind: claims.KindReported, SourceID: src.ID}
				if err := db.CreateClaim(ctx, editor, c); err != nil {
					errs <- err
				}
			}
		})
	}
	b := &Batch{}
	for i := range maxBatchEvents + 100 {
		b.Claims = append(b.Claims, &claims.Claim{Text: fmt.Sprintf("Bulk %d", i), Kind: claims.KindReported, SourceID: src.ID})
	}
	if err := db.Load(ctx, editor, b); err != nil {
		t.Fatalf("Load: %v", err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := countRows(t, db, "claims"), 80+maxBatchEvents+100; got != want {
		t.Errorf("%d claims, want %d", got, want)
	}
}

// TestWriter_CloseDrains checks that Close answers every write queued
// before it, refuses later ones, and leaves all acknowledged writes in the
// file.
func TestWriter_CloseDrains(t *testing.T) {
	path := filepath.Join(t.TempDir(), "close.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	release := holdWriter(t, db)
	const n = 20
	var answers []<-chan error
	for i := range n {
		answers = append(answers, queued(t, db, func() error {
			return db.CreateSource(ctx, editor, &claims.Source{Name: fmt.Sprint("Source ", i), Type: claims.SourcePerson})
		}))
	}
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		db.queue.mu.Lock()
		c := db.queue.closed
		db.queue.mu.Unlock()
		if c {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Close did not close the queue")
		}
	}
	wantCode(t, db.CreateSource(ctx, editor, &claims.Source{Name: "Late", Type: claims.SourcePerson}), claims.EUNAVAILABLE)
	if err := release(); err != nil {
		t.Fatal(err)
	}
	for i, a := range answers {
		if err := <-a; err != nil {
			t.Errorf("write %d queued before Close: %v", i, err)
		}
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := countRows(t, db, "sources"); got != n {
		t.Errorf("%d sources after reopening, want %d", got, n)
	}
	checkAuditLog(t, db)
}
