package db

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestAuditLog_AppendOnly(t *testing.T) {
	db := newTestDB(t)
	mustSource(t, db, "ISW")
	for _, stmt := range []string{
		`UPDATE audit_events SET actor_name = 'mallory'`,
		`DELETE FROM audit_events`,
	} {
		t.Run(strings.Fields(stmt)[0], func(t *testing.T) {
			_, err := db.w.ExecContext(ctx, stmt)
			if err == nil || !strings.Contains(err.Error(), "audit log is append-only") {
				t.Fatalf("%s: err = %v, want the trigger's refusal", stmt, err)
			}
		})
	}
	events := checkAuditLog(t, db)
	if len(events) != 1 || events[0].Actor.Name != editor.Name {
		t.Errorf("events after refused tampering: %+v", events)
	}
}

// TestAuditLog_NoGaps runs many mutations, some of which fail, and checks
// that every success wrote one event and every failure none.
func TestAuditLog_NoGaps(t *testing.T) {
	db := newTestDB(t)
	src := mustSource(t, db, "Xi")
	want, version := 1, 1
	for i := range 30 {
		var err error
		switch i % 3 {
		case 0:
			err = db.CreateClaim(ctx, editor, &claims.Claim{Text: fmt.Sprint(i), Kind: claims.KindReported, SourceID: src.ID})
		case 1:
			err = db.CreateClaim(ctx, editor, &claims.Claim{Text: fmt.Sprint(i), Kind: claims.KindReported, SourceID: "nope"})
		case 2:
			// Every other update is stale.
			name, stale := fmt.Sprint("Xi ", i), i%2 == 0
			_, err = db.UpdateSource(ctx, editor, src.ID, claims.SourceUpdate{Name: &name, Version: version - map[bool]int{true: 1}[stale]})
			if stale != (err != nil) {
				t.Fatalf("update %d (stale %v): %v", i, stale, err)
			}
			if err == nil {
				version++
			}
		}
		if err == nil {
			want++
		}
	}
	events := checkAuditLog(t, db)
	if len(events) != want || events[len(events)-1].Seq != int64(want) {
		t.Errorf("%d events, want %d", len(events), want)
	}
	if n := countRows(t, db, "claims"); n != 10 {
		t.Errorf("%d claims, want 10", n)
	}
}

func TestAuditLog_Paging(t *testing.T) {
	db := newTestDB(t)
	for i := range 5 {
		mustSource(t, db, fmt.Sprint("s", i))
	}
	page, err := db.FindEvents(ctx, claims.EventFilter{After: 2, Limit: 2})
	if err != nil || len(page) != 2 || page[0].Seq != 3 || page[1].Seq != 4 {
		t.Fatalf("page %v, %v", page, err)
	}
	_, err = db.FindEvents(ctx, claims.EventFilter{Limit: -1})
	wantField(t, err, "limit")
}

// TestWrite_RequiresEvent checks that write rolls back a mutation that did
// not append its audit event, and one that appended two.
func TestWrite_RequiresEvent(t *testing.T) {
	tests := []struct {
		name   string
		events int
	}{{"ErrNoEvent", 0}, {"ErrTwoEvents", 2}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newTestDB(t)
			err := db.write(ctx, func(tx *Tx) error {
				s := &claims.Source{ID: "s1", Name: "x", Type: claims.SourceOther, Aliases: []string{}, Version: 1, CreatedAt: tx.now, UpdatedAt: tx.now}
				if err := insertSource(tx, s); err != nil {
					return err
				}
				for range tt.events {
					if err := tx.appendEvent(editor, "source.create", "source", s.ID, "", s); err != nil {
						return err
					}
				}
				return nil
			})
			if err == nil {
				t.Fatal("write succeeded")
			}
			if countRows(t, db, "sources") != 0 || countEvents(t, db) != 0 {
				t.Error("the refused write was committed")
			}
		})
	}
}

// TestWrite_CancelledContext checks that a request cancelled before its
// write starts still commits the write whole: the transaction runs on its
// own context.
func TestWrite_CancelledContext(t *testing.T) {
	db := newTestDB(t)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	s := &claims.Source{Name: "ISW"}
	err := db.CreateSource(cctx, editor, s)
	if err != nil {
		// Failing is allowed, but then nothing may be left behind.
		if countRows(t, db, "sources") != 0 || countEvents(t, db) != 0 {
			t.Fatalf("failed write (%v) left rows", err)
		}
		return
	}
	if _, err := db.FindSourceByID(ctx, s.ID); err != nil {
		t.Fatalf("committed source: %v", err)
	}
	if n := countEvents(t, db); n != 1 {
		t.Errorf("%d events, want 1", n)
	}
}

func TestWrite_Concurrent(t *testing.T) {
	db := newTestDB(t)
	src := mustSource(t, db, "Xi")
	const writers, each = 20, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				c := &claims.Claim{Text: fmt.Sprintf("%d/%d", w, i), Kind: claims.KindReported, SourceID: src.ID}
				if err := db.CreateClaim(ctx, editor, c); err != nil {
					errs <- err
				}
				// Reads run alongside the writes on the read pool.
				if _, _, err := db.FindClaims(ctx, claims.ClaimFilter{Limit: 3}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err) // e.g. "database is locked"
	}
	if n := countRows(t, db, "claims"); n != writers*each {
		t.Errorf("%d claims, want %d", n, writers*each)
	}
	if n := countEvents(t, db); n != writers*each+1 {
		t.Errorf("%d events, want %d", n, writers*each+1)
	}
}
