package db

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// TestFindClaims_SearchPages: claims of equal rank come newest first, and
// following the cursor of small pages yields every match exactly once, in
// both query shapes (unfiltered, ranked inside FTS5 first; filtered, joined
// before ranking).
func TestFindClaims_SearchPages(t *testing.T) {
	db := newTestDB(t)
	db.Now = steppingClock(time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC), time.Second)
	src := mustSource(t, db, "ISW")
	var want []string
	for i := range 7 {
		text := fmt.Sprintf("Sankcje wobec Białorusi %d", i)
		if i%3 == 0 {
			text = fmt.Sprintf("Sankcje sankcje wobec Białorusi %d", i) // ranks higher
		}
		mustClaim(t, db, text, src)
		want = append(want, text)
	}
	mustClaim(t, db, "Nic wspólnego z tematem", src)
	// bm25 first (the three with the word twice), then newest first.
	slices.Reverse(want)
	slices.SortStableFunc(want, func(a, b string) int {
		ra, rb := len(a) > 27 && a[:15] == "Sankcje sankcje", len(b) > 27 && b[:15] == "Sankcje sankcje"
		switch {
		case ra && !rb:
			return -1
		case rb && !ra:
			return 1
		}
		return 0
	})
	for _, f := range []claims.ClaimFilter{
		{Q: "sankcje", Limit: 2},
		{Q: "sankcje", Limit: 3, Kind: claims.KindReported},
	} {
		got := searchTexts(t, db, f)
		if !slices.Equal(got, want) {
			t.Errorf("%+v:\n got %q\nwant %q", f, got, want)
		}
	}
}

// TestFindDocuments_SearchPages: a document search's cursor leads to the
// next page, by bm25 and newest first alike, and every match comes once.
func TestFindDocuments_SearchPages(t *testing.T) {
	db := newTestDB(t)
	db.Now = steppingClock(time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC), time.Second)
	var want []string
	for i := range 5 {
		d := mustDocument(t, db, fmt.Sprintf("Wizyta %d", i), "Wizyta w Chinach potrwa trzy dni.")
		want = append(want, d.ID)
	}
	mustDocument(t, db, "Inny temat", "Budżet miasta.")
	slices.Reverse(want) // equal ranks: newest first
	for _, rank := range []int{100, 3} {
		db.stems.limits.rank = rank
		var got []string
		f := claims.DocumentFilter{Q: "wizyta", Limit: 2}
		for page := 0; ; page++ {
			list, next, err := db.FindDocuments(ctx, f)
			if err != nil {
				t.Fatalf("rank limit %d, page %d: %v", rank, page, err)
			}
			for _, d := range list {
				got = append(got, d.ID)
			}
			if next == "" || page > 10 {
				break
			}
			f.Cursor = next
		}
		if !slices.Equal(got, want) {
			t.Errorf("rank limit %d: %v, want %v", rank, got, want)
		}
	}
}
