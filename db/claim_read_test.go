package db

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// TestFindClaimByIDPaths checks that the one-statement read and the read
// in a transaction give the same claim, for claims without verdicts, with
// several, and with a hop naming another source (which takes the
// transaction).
func TestFindClaimByIDPaths(t *testing.T) {
	db := newTestDB(t)
	own := mustSource(t, db, "Aleksander Łukaszenka")
	other := mustSource(t, db, "Agencja BiełTA")
	newClaim := func(hops ...claims.Hop) *claims.Claim {
		c := &claims.Claim{Text: "Łukaszenka podpisał 16 dokumentów", Kind: claims.KindReported, SourceID: own.ID,
			Provenance: hops, Tags: []string{"białoruś"}}
		if err := db.CreateClaim(ctx, editor, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	bare := newClaim()
	judged := newClaim(claims.Hop{SourceID: own.ID, Role: claims.RoleOriginator})
	for _, name := range []string{"kasia", "marek"} {
		checker := mustUser(t, db, name, claims.RoleChecker)
		v := &claims.Verdict{ClaimID: judged.ID, Attribution: claims.AttributionAccurate, Rating: claims.RatingTrue, Rationale: "Lista jest w BIP."}
		if err := db.ProposeVerdict(ctx, checker.Actor(), v); err != nil {
			t.Fatal(err)
		}
	}
	relayed := newClaim(claims.Hop{SourceID: own.ID, Role: claims.RoleOriginator}, claims.Hop{SourceID: other.ID, Role: claims.RoleReportedBy})
	for name, tc := range map[string]struct {
		id       string
		verdicts int
		atOnce   bool
	}{
		"NoVerdicts":  {bare.ID, 0, true},
		"Verdicts":    {judged.ID, 2, true},
		"OtherSource": {relayed.ID, 0, false},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := db.FindClaimByID(ctx, tc.id)
			if err != nil {
				t.Fatal(err)
			}
			want, err := findClaimInTx(ctx, db, tc.id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Fatalf("FindClaimByID\n got %s\nwant %s", g, w)
			}
			if len(got.Verdicts) != tc.verdicts || got.Verdicts == nil || got.Source == nil {
				t.Fatalf("%d verdicts (nil: %v), source %v", len(got.Verdicts), got.Verdicts == nil, got.Source)
			}
			for _, h := range got.Provenance {
				if h.Source == nil || h.Source.ID != h.SourceID {
					t.Fatalf("hop %+v without its source", h)
				}
			}
			atOnce, err := findClaimAtOnce(ctx, db, tc.id)
			if err != nil || (atOnce != nil) != tc.atOnce {
				t.Fatalf("findClaimAtOnce = %v, %v; want a claim: %v", atOnce, err, tc.atOnce)
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := db.FindClaimByID(ctx, "no-such-claim"); claims.ErrorCode(err) != claims.ENOTFOUND {
			t.Fatalf("FindClaimByID = %v, want ENOTFOUND", err)
		}
	})
}
