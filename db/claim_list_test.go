package db

import (
	"fmt"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

func TestFindClaims(t *testing.T) {
	db := newTestDB(t)
	db.Now = steppingClock(time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC), time.Millisecond)
	xi, isw := mustSource(t, db, "Xi Jinping"), mustSource(t, db, "ISW")
	doc := mustDocument(t, db, "Łukaszenka w Chinach", anchorBody)
	kasia := mustUser(t, db, "kasia", claims.RoleChecker)
	var all []*claims.Claim
	for i := range 12 {
		c := &claims.Claim{Text: fmt.Sprintf("Twierdzenie %d", i), Kind: claims.KindReported, SourceID: xi.ID}
		if i%3 == 0 {
			c.Kind, c.SourceID = claims.KindAnalytical, isw.ID
		}
		if i%4 == 0 {
			c.DocumentID = doc.ID
		}
		if i == 5 {
			c.Assignee, c.Text = kasia.ID, "Łukaszenka CHCE komponentów"
		}
		if err := db.CreateClaim(ctx, editor, c); err != nil {
			t.Fatal(err)
		}
		all = append(all, c)
	}
	if err := db.ProposeVerdict(ctx, kasia.Actor(), verdictFor(all[7])); err != nil {
		t.Fatal(err)
	}

	t.Run("OKPages", func(t *testing.T) {
		seen := map[string]bool{}
		var order []string
		cursor := ""
		for pages := 0; ; pages++ {
			if pages > 20 {
				t.Fatal("pagination does not end")
			}
			page, next, err := db.FindClaims(ctx, claims.ClaimFilter{Limit: 5, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page {
				if seen[c.ID] {
					t.Fatalf("claim %s on two pages", c.Text)
				}
				seen[c.ID] = true
				order = append(order, c.ID)
				if c.Source == nil || c.Source.ID != c.SourceID {
					t.Errorf("claim %s without its source", c.Text)
				}
				if want := map[bool]string{true: "Łukaszenka w Chinach"}[c.DocumentID != ""]; c.DocumentTitle != want {
					t.Errorf("claim %s has document title %q, want %q", c.Text, c.DocumentTitle, want)
				}
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if len(order) != len(all) {
			t.Fatalf("pages held %d claims, want %d", len(order), len(all))
		}
		for i, id := range order { // newest first
			if want := all[len(all)-1-i].ID; id != want {
				t.Fatalf("position %d holds %s, want %s", i, id, want)
			}
		}
	})
	tests := []struct {
		name string
		f    claims.ClaimFilter
		want int
	}{
		{"OKAll", claims.ClaimFilter{}, 12},
		{"OKKind", claims.ClaimFilter{Kind: claims.KindAnalytical}, 4},
		{"OKSource", claims.ClaimFilter{SourceID: isw.ID}, 4},
		{"OKDocument", claims.ClaimFilter{DocumentID: doc.ID}, 3},
		{"OKAssignee", claims.ClaimFilter{Assignee: kasia.ID}, 1},
		{"OKStatus", claims.ClaimFilter{Status: claims.StatusProposed}, 1},
		{"OKStatusNew", claims.ClaimFilter{Status: claims.StatusNew}, 11},
		{"OKQueryFolded", claims.ClaimFilter{Q: "łukaszenka chce"}, 1},
		{"OKQueryAndKind", claims.ClaimFilter{Q: "twierdzenie", Kind: claims.KindAnalytical}, 4},
		{"OKQueryNone", claims.ClaimFilter{Q: "putin"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, next, err := db.FindClaims(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) != tt.want || next != "" {
				t.Errorf("found %d (next %q), want %d", len(page), next, tt.want)
			}
		})
	}
	t.Run("ErrCursor", func(t *testing.T) {
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Cursor: "%%%"})
		wantField(t, err, "cursor")
	})
	t.Run("ErrStatus", func(t *testing.T) {
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Status: "lost"})
		wantField(t, err, "status")
	})
}

// verdictFor returns a valid verdict on c, for proposing.
func verdictFor(c *claims.Claim) *claims.Verdict {
	return &claims.Verdict{ClaimID: c.ID, Attribution: claims.AttributionAccurate, Rating: claims.RatingTrue,
		Rationale: "Potwierdzone w komunikacie MSZ.", Evidence: []claims.Evidence{{URL: "https://example.org/msz"}}}
}

func TestClaimStats(t *testing.T) {
	db := newTestDB(t)
	t.Run("OKEmpty", func(t *testing.T) {
		stats, err := db.ClaimStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range claims.Statuses {
			if n, ok := stats[st]; !ok || n != 0 {
				t.Errorf("stats[%s] = %d, %v; want 0, true", st, n, ok)
			}
		}
		if len(stats) != len(claims.Statuses) {
			t.Errorf("stats = %v, want exactly the %d statuses", stats, len(claims.Statuses))
		}
	})
	t.Run("OK", func(t *testing.T) {
		src := mustSource(t, db, "Xi Jinping")
		kasia := mustUser(t, db, "kasia", claims.RoleChecker)
		var cs []*claims.Claim
		for i := range 5 {
			cs = append(cs, mustClaim(t, db, fmt.Sprintf("Twierdzenie %d", i), src))
		}
		for _, c := range cs[:2] {
			if err := db.ProposeVerdict(ctx, kasia.Actor(), verdictFor(c)); err != nil {
				t.Fatal(err)
			}
		}
		stats, err := db.ClaimStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[claims.Status]int{claims.StatusNew: 3, claims.StatusProposed: 2}
		for _, st := range claims.Statuses {
			if stats[st] != want[st] {
				t.Errorf("stats[%s] = %d, want %d (all: %v)", st, stats[st], want[st], stats)
			}
		}
	})
}
