package db

import (
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// TestCorrection walks a claim through dispute, approval, reopening and a
// corrected verdict, checking the status, the verdict states and the
// events at each step.
func TestCorrection(t *testing.T) {
	r := newReview(t)
	a := r.propose(t, r.checker, claims.RatingTrue)
	b := r.propose(t, r.checker2, claims.RatingFalse)
	if st, _ := r.status(t); st != claims.StatusDisputed {
		t.Fatalf("two disagreeing checkers: %s, want disputed", st)
	}
	if _, err := r.db.WithdrawVerdict(ctx, r.checker2, b.ID, "Pomyłka."); err != nil {
		t.Fatal(err)
	}
	if st, _ := r.status(t); st != claims.StatusProposed {
		t.Fatalf("after withdrawing one: %s, want proposed", st)
	}
	if _, err := r.db.ApproveVerdict(ctx, r.editor, a.ID); err != nil {
		t.Fatal(err)
	}
	_, ver := r.status(t)
	c, err := r.db.ReopenClaim(ctx, r.editor, r.claim.ID, "ISW poprawił analizę.", ver)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != claims.StatusInReview || c.Version != ver+1 {
		t.Fatalf("reopened claim %s v%d, want in-review v%d", c.Status, c.Version, ver+1)
	}
	fix := r.propose(t, r.checker2, claims.RatingMostlyFalse)
	if _, err := r.db.ApproveVerdict(ctx, r.editor, fix.ID); err != nil {
		t.Fatal(err)
	}
	got, err := r.db.FindClaimByID(ctx, r.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	var states []claims.VerdictState
	for _, v := range got.Verdicts {
		states = append(states, v.State)
	}
	want := []claims.VerdictState{claims.VerdictSuperseded, claims.VerdictWithdrawn, claims.VerdictApproved}
	if got.Status != claims.StatusPublished || len(states) != 3 || states[0] != want[0] || states[1] != want[1] || states[2] != want[2] {
		t.Fatalf("claim %s verdicts %v, want published %v", got.Status, states, want)
	}
	events, err := r.db.FindEvents(ctx, claims.EventFilter{ClaimID: r.claim.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	wantActions := []string{"claim.create", "verdict.propose", "verdict.propose", "verdict.withdraw", "verdict.approve",
		"claim.reopen", "verdict.propose", "verdict.approve"}
	if len(actions) != len(wantActions) {
		t.Fatalf("history %v, want %v", actions, wantActions)
	}
	for i := range wantActions {
		if actions[i] != wantActions[i] {
			t.Fatalf("history %v, want %v", actions, wantActions)
		}
	}
}

func TestReopenClaim(t *testing.T) {
	published := func(t *testing.T) (*review, int) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		if _, err := r.db.ApproveVerdict(ctx, r.editor, v.ID); err != nil {
			t.Fatal(err)
		}
		_, ver := r.status(t)
		return r, ver
	}
	t.Run("ErrNoReason", func(t *testing.T) {
		r, ver := published(t)
		_, err := r.db.ReopenClaim(ctx, r.editor, r.claim.ID, " ", ver)
		wantField(t, err, "reason")
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		r, ver := published(t)
		_, err := r.db.ReopenClaim(ctx, r.editor, r.claim.ID, "bo", ver-1)
		wantCode(t, err, claims.ECONFLICT)
	})
	t.Run("ErrNotPublished", func(t *testing.T) {
		r := newReview(t)
		_, err := r.db.ReopenClaim(ctx, r.editor, r.claim.ID, "bo", 0)
		wantCode(t, err, claims.ECONFLICT)
	})
	t.Run("ErrChecker", func(t *testing.T) {
		r, ver := published(t)
		before := countEvents(t, r.db)
		_, err := r.db.ReopenClaim(ctx, r.checker, r.claim.ID, "bo", ver)
		wantCode(t, err, claims.EFORBIDDEN)
		if countEvents(t, r.db) != before {
			t.Error("a refused reopen wrote an event")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		r := newReview(t)
		_, err := r.db.ReopenClaim(ctx, r.editor, "nope", "bo", 0)
		wantCode(t, err, claims.ENOTFOUND)
	})
}

func TestWithdrawVerdict(t *testing.T) {
	t.Run("ErrNotAuthor", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		_, err := r.db.WithdrawVerdict(ctx, r.checker2, v.ID, "")
		wantCode(t, err, claims.EFORBIDDEN)
	})
	t.Run("ErrApproved", func(t *testing.T) {
		r := newReview(t)
		v := r.propose(t, r.checker, claims.RatingTrue)
		if _, err := r.db.ApproveVerdict(ctx, r.editor, v.ID); err != nil {
			t.Fatal(err)
		}
		_, err := r.db.WithdrawVerdict(ctx, r.checker, v.ID, "")
		wantCode(t, err, claims.ECONFLICT)
	})
}

func TestComments(t *testing.T) {
	r := newReview(t)
	for _, body := range []string{"Czy ISW to potwierdził?", " Tak, w raporcie z 5 grudnia. "} {
		if err := r.db.CreateComment(ctx, r.checker, &claims.Comment{ClaimID: r.claim.ID, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	wantField(t, r.db.CreateComment(ctx, r.checker, &claims.Comment{ClaimID: r.claim.ID, Body: "  "}), "body")
	wantCode(t, r.db.CreateComment(ctx, r.checker, &claims.Comment{ClaimID: "nope", Body: "x"}), claims.ENOTFOUND)
	list, err := r.db.FindComments(ctx, r.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[1].Body != "Tak, w raporcie z 5 grudnia." || list[0].AuthorName != "kasia" || list[0].CreatedAt.IsZero() {
		t.Fatalf("comments %+v", list)
	}
	events, err := r.db.FindEvents(ctx, claims.EventFilter{ClaimID: r.claim.ID})
	if err != nil {
		t.Fatal(err)
	}
	if last := events[len(events)-1]; last.Action != "comment.create" || last.EntityID != list[1].ID {
		t.Fatalf("last event %+v", last)
	}
}
