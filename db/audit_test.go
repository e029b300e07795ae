package db

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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
// write starts is answered with its context's error and leaves nothing
// behind: the writer never runs it (once started, a write runs on the
// transaction's own context; see TestWriter_CancelledWhileQueued).
func TestWrite_CancelledContext(t *testing.T) {
	db := newTestDB(t)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	s := &claims.Source{Name: "ISW"}
	if err := db.CreateSource(cctx, editor, s); !errors.Is(err, context.Canceled) {
		t.Fatalf("CreateSource = %v, want context.Canceled", err)
	}
	if countRows(t, db, "sources") != 0 || countEvents(t, db) != 0 {
		t.Fatal("the cancelled write left rows")
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

func TestFindEvents_Filters(t *testing.T) {
	db := newTestDB(t)
	start := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	db.Now = steppingClock(start, time.Minute)
	src := mustSource(t, db, "Xi") // seq 1 at 08:00
	ewa := claims.Actor{UserID: "u-ewa", Name: "ewa"}
	jan := claims.Actor{UserID: "u-jan", Name: "jan"}
	c := &claims.Claim{Text: "16 dokumentów", Kind: claims.KindReported, SourceID: src.ID}
	if err := db.CreateClaim(ctx, jan, c); err != nil { // seq 2 at 08:01
		t.Fatal(err)
	}
	for i := range 4 { // seq 3..6 at 08:02..08:05, alternating actors
		name := fmt.Sprint("Xi ", i)
		if _, err := db.UpdateSource(ctx, []claims.Actor{ewa, jan}[i%2], src.ID, claims.SourceUpdate{Name: &name, Version: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	seqs := func(events []*claims.Event) []int64 {
		out := []int64{}
		for _, e := range events {
			out = append(out, e.Seq)
		}
		return out
	}
	tests := []struct {
		name string
		f    claims.EventFilter
		want []int64
	}{
		{"OKAll", claims.EventFilter{}, []int64{1, 2, 3, 4, 5, 6}},
		{"OKActor", claims.EventFilter{Actor: "jan"}, []int64{2, 4, 6}},
		{"OKActorAfter", claims.EventFilter{Actor: "jan", After: 2, Limit: 1}, []int64{4}},
		{"OKAction", claims.EventFilter{Action: "source.update"}, []int64{3, 4, 5, 6}},
		{"OKEntityType", claims.EventFilter{EntityType: "claim"}, []int64{2}},
		{"OKEntity", claims.EventFilter{EntityType: "source", EntityID: src.ID}, []int64{1, 3, 4, 5, 6}},
		{"OKSince", claims.EventFilter{Since: start.Add(4 * time.Minute)}, []int64{5, 6}},
		{"OKUntil", claims.EventFilter{Until: start.Add(2 * time.Minute)}, []int64{1, 2}},
		{"OKSinceUntilLocal", claims.EventFilter{Since: start.Add(time.Minute).In(time.FixedZone("CET", 3600)), Until: start.Add(3*time.Minute + time.Second)}, []int64{2, 3, 4}},
		{"OKCombined", claims.EventFilter{Actor: "ewa", Action: "source.update", Since: start.Add(3 * time.Minute)}, []int64{5}},
		{"OKNone", claims.EventFilter{Actor: "nobody"}, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.FindEvents(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(seqs(got), tt.want) {
				t.Errorf("seqs %v, want %v", seqs(got), tt.want)
			}
		})
	}
}
