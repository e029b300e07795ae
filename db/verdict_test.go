package db

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// review sets up a claim, a checker, a second checker and an editor.
type review struct {
	db                *DB
	claim             *claims.Claim
	checker, checker2 claims.Actor
	editor            claims.Actor
}

func newReview(t *testing.T) *review {
	t.Helper()
	db := newTestDB(t)
	src := mustSource(t, db, "ISW")
	return &review{
		db:       db,
		claim:    mustClaim(t, db, "Dokumenty pomagają Kremlowi", src),
		checker:  mustUser(t, db, "kasia", claims.RoleChecker).Actor(),
		checker2: mustUser(t, db, "marek", claims.RoleChecker).Actor(),
		editor:   mustUser(t, db, "ewa", claims.RoleEditor).Actor(),
	}
}

func (r *review) propose(t *testing.T, actor claims.Actor, rating claims.Rating) *claims.Verdict {
	t.Helper()
	v := verdictFor(r.claim)
	v.Rating = rating
	if err := r.db.ProposeVerdict(ctx, actor, v); err != nil {
		t.Fatalf("ProposeVerdict: %v", err)
	}
	return v
}

func (r *review) status(t *testing.T) (claims.Status, int) {
	t.Helper()
	c, err := r.db.FindClaimByID(ctx, r.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c.Status, c.Version
}

func TestProposeVerdict(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingMostlyTrue)
		if v.ID == "" || v.State != claims.VerdictProposed || v.AuthorID != r.checker.UserID || v.AuthorName != "kasia" {
			t.Errorf("proposed %+v", v)
		}
		if st, ver := r.status(t); st != claims.StatusProposed || ver != 2 {
			t.Errorf("claim %s v%d, want proposed v2", st, ver)
		}
		events := checkAuditLog(t, r.db)
		last := events[len(events)-1]
		var data struct {
			ClaimStatus claims.Status `json:"claim_status"`
		}
		if err := json.Unmarshal(last.Data, &data); err != nil || last.Action != "verdict.propose" ||
			last.ClaimID != r.claim.ID || data.ClaimStatus != claims.StatusProposed {
			t.Errorf("event %+v %s, %v", last, last.Data, err)
		}
	})
	t.Run("OKDisputed", func(t *testing.T) {
		r := newReview(t)
		r.propose(t, r.checker, claims.RatingTrue)
		r.propose(t, r.checker2, claims.RatingFalse)
		if st, _ := r.status(t); st != claims.StatusDisputed {
			t.Errorf("claim %s, want disputed", st)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		r := newReview(t)
		before := countEvents(t, r.db)
		v := verdictFor(r.claim)
		v.Rationale = " "
		wantField(t, r.db.ProposeVerdict(ctx, r.checker, v), "rationale")
		if countEvents(t, r.db) != before || countRows(t, r.db, "verdicts") != 0 {
			t.Error("a refused verdict left a row or an event")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		r := newReview(t)
		v := verdictFor(&claims.Claim{ID: "nope"})
		wantCode(t, r.db.ProposeVerdict(ctx, r.checker, v), claims.ENOTFOUND)
	})
	t.Run("ErrPublished", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		if _, err := r.db.ApproveVerdict(ctx, r.editor, v.ID); err != nil {
			t.Fatal(err)
		}
		err := r.db.ProposeVerdict(ctx, r.checker2, verdictFor(r.claim))
		wantCode(t, err, claims.ECONFLICT)
	})
}

func TestApproveVerdict(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		got, err := r.db.ApproveVerdict(ctx, r.editor, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != claims.VerdictApproved || got.ApproverID != r.editor.UserID || got.DecidedAt == nil {
			t.Errorf("approved %+v", got)
		}
		if st, ver := r.status(t); st != claims.StatusPublished || ver != 3 {
			t.Errorf("claim %s v%d, want published v3", st, ver)
		}
		stored, err := r.db.FindVerdictByID(ctx, v.ID)
		if err != nil || stored.State != claims.VerdictApproved || !stored.DecidedAt.Equal(*got.DecidedAt) {
			t.Errorf("stored %+v, %v", stored, err)
		}
	})
	t.Run("OKSupersedes", func(t *testing.T) {
		r := newReview(t)
		first := r.propose(t, r.checker, claims.RatingTrue)
		second := r.propose(t, r.checker2, claims.RatingTrue)
		if _, err := r.db.ApproveVerdict(ctx, r.editor, first.ID); err != nil {
			t.Fatal(err)
		}
		// A proposal left over from before publication waits for the claim
		// to be reopened: corrections are deliberate.
		_, err := r.db.ApproveVerdict(ctx, r.editor, second.ID)
		wantCode(t, err, claims.ECONFLICT)
		if _, err := r.db.ReopenClaim(ctx, r.editor, r.claim.ID, "Nowe dane MSZ.", 0); err != nil {
			t.Fatal(err)
		}
		if st, _ := r.status(t); st != claims.StatusProposed {
			t.Fatalf("reopened claim with a leftover proposal is %s, want proposed", st)
		}
		if _, err := r.db.ApproveVerdict(ctx, r.editor, second.ID); err != nil {
			t.Fatal(err)
		}
		c, err := r.db.FindClaimByID(ctx, r.claim.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Verdicts) != 2 || c.Verdicts[0].ID != first.ID || c.Verdicts[0].State != claims.VerdictSuperseded ||
			c.Verdicts[1].State != claims.VerdictApproved || c.Status != claims.StatusPublished {
			t.Errorf("claim %s verdicts %+v %+v", c.Status, c.Verdicts[0], c.Verdicts[1])
		}
	})
	t.Run("ErrNoRole", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		_, err := r.db.ApproveVerdict(ctx, r.checker2, v.ID)
		wantCode(t, err, claims.EFORBIDDEN)
	})
	t.Run("ErrOwnVerdict", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		before := countEvents(t, r.db)
		_, err := r.db.ApproveVerdict(ctx, r.checker, v.ID)
		wantCode(t, err, claims.EFORBIDDEN)
		if countEvents(t, r.db) != before {
			t.Error("a refused approval wrote an event")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		r := newReview(t)
		_, err := r.db.ApproveVerdict(ctx, r.editor, "nope")
		wantCode(t, err, claims.ENOTFOUND)
	})
	t.Run("ErrConcurrent", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		editor2 := mustUser(t, r.db, "olek", claims.RoleEditor).Actor()
		before := countEvents(t, r.db)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, a := range []claims.Actor{r.editor, editor2} {
			wg.Go(func() { _, errs[i] = r.db.ApproveVerdict(ctx, a, v.ID) })
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case isCode(err, claims.ECONFLICT):
				conflict++
			default:
				t.Errorf("approval failed with %v", err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Errorf("%d approvals succeeded and %d conflicted, want 1 and 1", ok, conflict)
		}
		if n := countEvents(t, r.db) - before; n != 1 {
			t.Errorf("%d events, want 1", n)
		}
	})
}

func TestRejectVerdict(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		got, err := r.db.RejectVerdict(ctx, r.editor, v.ID, " Brak źródła. ")
		if err != nil {
			t.Fatal(err)
		}
		if got.State != claims.VerdictRejected || got.Reason != "Brak źródła." || got.ApproverName != "ewa" {
			t.Errorf("rejected %+v", got)
		}
		if st, _ := r.status(t); st != claims.StatusInReview {
			t.Errorf("claim %s, want in-review", st)
		}
		events := checkAuditLog(t, r.db)
		if last := events[len(events)-1]; last.Action != "verdict.reject" || last.ClaimID != r.claim.ID {
			t.Errorf("event %+v", last)
		}
	})
	t.Run("ErrNoReason", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		_, err := r.db.RejectVerdict(ctx, r.editor, v.ID, "  ")
		wantField(t, err, "reason")
	})
	t.Run("ErrOwnVerdict", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		_, err := r.db.RejectVerdict(ctx, r.checker, v.ID, "nie")
		wantCode(t, err, claims.EFORBIDDEN)
	})
	t.Run("ErrNotProposed", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		if _, err := r.db.RejectVerdict(ctx, r.editor, v.ID, "nie"); err != nil {
			t.Fatal(err)
		}
		_, err := r.db.ApproveVerdict(ctx, r.editor, v.ID)
		wantCode(t, err, claims.ECONFLICT)
	})
}

func TestClaimHistory(t *testing.T) {
	r := newReview(t)
	other := mustClaim(t, r.db, "inne", mustSource(t, r.db, "Xi"))
	text := "Dokumenty pomagają Rosji"
	if _, err := r.db.UpdateClaim(ctx, r.editor, r.claim.ID, claims.ClaimUpdate{Text: &text, Version: 1}); err != nil {
		t.Fatal(err)
	}
	v := r.propose(t, r.checker, claims.RatingTrue)
	if _, err := r.db.ApproveVerdict(ctx, r.editor, v.ID); err != nil {
		t.Fatal(err)
	}
	mustClaim(t, r.db, "jeszcze inne", &claims.Source{ID: other.SourceID})
	events, err := r.db.FindEvents(ctx, claims.EventFilter{ClaimID: r.claim.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	want := []string{"claim.create", "claim.update", "verdict.propose", "verdict.approve"}
	if len(actions) != len(want) {
		t.Fatalf("history %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("history %v, want %v", actions, want)
		}
	}
}
