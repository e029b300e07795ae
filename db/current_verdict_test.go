package db

import (
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestFindCurrentVerdicts(t *testing.T) {
	f := newQueueFixture(t)
	src := mustSource(t, f.db, "Redakcja")
	inDoc := func(text string) *claims.Claim {
		c := &claims.Claim{Text: text, Kind: claims.KindReported, SourceID: src.ID, DocumentID: f.olaDoc.ID}
		if err := f.db.CreateClaim(ctx, editor, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	propose := func(c *claims.Claim, by *claims.User, rating claims.Rating) *claims.Verdict {
		v := &claims.Verdict{ClaimID: c.ID, Attribution: claims.AttributionAccurate, Rating: rating, Rationale: "Sprawdzone."}
		if err := f.db.ProposeVerdict(ctx, by.Actor(), v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	approved, proposed := inDoc("approved, then proposed again"), inDoc("two proposals")
	a := propose(approved, f.kasia, claims.RatingTrue)
	if _, err := f.db.ApproveVerdict(ctx, f.ewa.Actor(), a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ReopenClaim(ctx, f.ewa.Actor(), approved.ID, "Nowe dane.", 0); err != nil {
		t.Fatal(err)
	}
	propose(approved, f.marek, claims.RatingFalse)
	propose(proposed, f.kasia, claims.RatingMixed)
	latest := propose(proposed, f.marek, claims.RatingMixed)

	got, err := f.db.FindCurrentVerdicts(ctx, f.olaDoc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[approved.ID] == nil || got[approved.ID].ID != a.ID || got[proposed.ID] == nil || got[proposed.ID].ID != latest.ID {
		t.Errorf("FindCurrentVerdicts = %v; want the approved verdict and the latest proposal", got)
	}
	// A claim of another document is not there, nor one without verdicts.
	if none, err := f.db.FindCurrentVerdicts(ctx, f.otherDoc.ID); err != nil || len(none) != 0 {
		t.Errorf("other document: %v, %v", none, err)
	}
}
