package db

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// TestFindClaims_SearchNewest: a search matching more claims than the rank
// limit lists them newest first, page after page, and a filtered one lists
// the same claims whether it starts from the filtered claims or from the
// index.
func TestFindClaims_SearchNewest(t *testing.T) {
	db := newTestDB(t)
	db.Now = steppingClock(time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC), time.Second)
	db.stems.limits.rank = 3
	isw, msz := mustSource(t, db, "ISW"), mustSource(t, db, "MSZ")
	var all, fromMSZ []string
	for i := range 9 {
		text := fmt.Sprintf("Sankcje wobec Białorusi %d", i)
		if i%3 == 0 {
			text = fmt.Sprintf("Sankcje sankcje wobec Białorusi %d", i) // first by bm25
		}
		src := isw
		if i%2 == 1 {
			src, fromMSZ = msz, append(fromMSZ, text)
		}
		mustClaim(t, db, text, src)
		all = append(all, text)
	}
	mustClaim(t, db, "Nic wspólnego z tematem", isw)
	slices.Reverse(all)
	slices.Reverse(fromMSZ)

	// One word: its count says newest first. Two: the count of their
	// matches does, read from the newest matches, which give the page.
	for _, q := range []string{"sankcje", "sankcje wobec"} {
		if got := searchTexts(t, db, claims.ClaimFilter{Q: q, Limit: 2}); !slices.Equal(got, all) {
			t.Errorf("unfiltered %q:\n got %q\nwant %q", q, got, all)
		}
	}
	_, next, err := db.FindClaims(ctx, claims.ClaimFilter{Q: "sankcje", Limit: 2})
	if cur, _ := decodeCursor(next); err != nil || cur.Key != newestKey {
		t.Errorf("cursor %+v, %v: not a newest-first cursor", cur, err)
	}
	for _, indexFirst := range []int{1000, 1} {
		db.stems.limits.indexFirst = indexFirst
		for _, f := range []claims.ClaimFilter{
			{Q: "sankcje", Limit: 2, SourceID: msz.ID},
			{Q: "sankcje", Limit: 3, Kind: claims.KindReported, SourceID: msz.ID},
			{Q: "białoruś* sankcje", Limit: 1, SourceID: msz.ID},
		} {
			if got := searchTexts(t, db, f); !slices.Equal(got, fromMSZ) {
				t.Errorf("index first up to %d claims, %+v:\n got %q\nwant %q", indexFirst, f, got, fromMSZ)
			}
		}
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "tematem", SourceID: msz.ID}); got != nil {
			t.Errorf("index first up to %d claims: a word of another source's claim finds %q", indexFirst, got)
		}
	}

	t.Run("OKRankedWithinTheLimit", func(t *testing.T) {
		db.stems.limits.rank = 100
		got := searchTexts(t, db, claims.ClaimFilter{Q: "sankcje", Limit: 2})
		if len(got) != len(all) || !strings.HasPrefix(got[0], "Sankcje sankcje") {
			t.Errorf("not by bm25: %q", got)
		}
	})
	t.Run("OKCommonPhraseLeavesBM25", func(t *testing.T) {
		// "wobec" is in every claim: with a count limit of 3 claims, bm25
		// would walk too many rows even for the two claims holding "6".
		db.stems.limits.rank, db.stems.limits.rankPhrase = 100, 3
		db.stems.n = nil
		got := searchTexts(t, db, claims.ClaimFilter{Q: "wobec 6"})
		if want := []string{"Sankcje sankcje wobec Białorusi 6"}; !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
		_, next, err := db.FindClaims(ctx, claims.ClaimFilter{Q: "wobec sankcje", Limit: 1})
		if cur, _ := decodeCursor(next); err != nil || cur.Key != newestKey {
			t.Errorf("cursor %+v, %v: not a newest-first cursor", cur, err)
		}
	})
}

// TestFindClaims_SearchPrefixWords: a long prefix is searched as the words
// it stands for, and one that stands for more than maxPrefixWords words
// is left to FTS5; both find every claim.
func TestFindClaims_SearchPrefixWords(t *testing.T) {
	db := newTestDB(t)
	src := mustSource(t, db, "ISW")
	var many []string
	for i := range maxPrefixWords + 1 {
		many = append(many, fmt.Sprintf("wielo%d", i))
	}
	a := mustClaim(t, db, strings.Join(many, " "), src)
	b := mustClaim(t, db, "Wielokrotnie zaprzeczał", src)
	for _, tt := range []struct {
		q      string
		native bool
		want   []string
	}{
		{"wielokr*", false, []string{b.Text}},
		{"wiel*", true, []string{b.Text, a.Text}},
		{"zaprzecz*", false, []string{b.Text}},
	} {
		var expr string
		if err := db.read(ctx, func(tx *Tx) error {
			x, err := expandPrefixes(tx, search.ParseQuery(tt.q))
			expr = x.FTS5()
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if native := strings.Contains(expr, "*"); native != tt.native {
			t.Errorf("%q searched as %s", tt.q, expr)
		}
		got := searchTexts(t, db, claims.ClaimFilter{Q: tt.q})
		slices.Sort(got)
		slices.Sort(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q finds %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestFindClaims_SearchPlans: filtered search queries read claim_fts in
// the outer loop (the other way round runs the MATCH once per claim), and
// newest first they sort nothing.
func TestFindClaims_SearchPlans(t *testing.T) {
	db := newTestDB(t)
	q := search.ParseQuery("Łukaszenka archi*")
	for name, f := range map[string]claims.ClaimFilter{
		"status": {Status: claims.StatusNew}, "source": {SourceID: "s"}, "document": {DocumentID: "d"},
		"assignee": {Assignee: "u"}, "range": {From: time.Now().Add(-time.Hour), To: time.Now()},
	} {
		where, args := claimConditions(f)
		for _, cur := range []searchCursor{{}, {rank: -1, rid: 7}, {newest: true}, {newest: true, rid: 7}} {
			query, qargs := rankedQuery(q, where, args, cur, 20)
			if cur.newest {
				query, qargs = newestQuery(q, where, args, cur, 20)
			}
			plan := explain(t, db, query, qargs...)
			if len(plan) == 0 || !strings.HasPrefix(plan[0], "SCAN claim_fts VIRTUAL TABLE") {
				t.Errorf("%s %+v: claim_fts not the outer loop: %q", name, cur, plan)
			}
			for _, line := range plan {
				if cur.newest && strings.Contains(line, "TEMP B-TREE") {
					t.Errorf("%s %+v: newest first sorts: %q", name, cur, plan)
				}
			}
		}
	}
}

// TestFindSimilarClaims_Candidates: claim matching finds the claim a text
// repeats when its rarest stems narrow the candidates past the candidate
// limit, and through the OR of the two rarest when the claim lacks one.
func TestFindSimilarClaims_Candidates(t *testing.T) {
	t.Run("OKNarrowed", func(t *testing.T) {
		db := newTestDB(t)
		db.stems.limits.candidates = 3
		isw := mustSource(t, db, "ISW")
		target := mustClaim(t, db, "Nowak ogłosił reformę emerytur", isw)
		for i := range 3 {
			mustClaim(t, db, fmt.Sprintf("Nowak ogłosił budżet na rok %d", 2020+i), isw)
		}
		for i := range 4 {
			mustClaim(t, db, fmt.Sprintf("Reformę emerytur przyjęto w roku %d", 2020+i), isw)
		}
		// nowak and oglosil, the rarest, are in 4 claims, more than 3;
		// emerytur narrows them to the one that is older than the rest.
		got, err := db.FindSimilarClaims(ctx, "Nowak ogłosił reformę emerytur", 2)
		if err != nil || len(got) == 0 || got[0].Claim.ID != target.ID {
			t.Fatalf("best match %v, %v; want %q", similarTexts(got), err, target.Text)
		}
	})
	t.Run("OKWidened", func(t *testing.T) {
		// 22 and 11, the rarest, are in 6 and 7 of 15 claims: ANDing
		// them would leave more than one candidate were they
		// independent, so the search starts with all three stems, finds
		// none, and widens to two; the OR of the two rarest alone would
		// find only "11 77", the newest.
		db := newTestDB(t)
		db.stems.limits.candidates = 1
		isw := mustSource(t, db, "ISW")
		for i := range 5 {
			mustClaim(t, db, fmt.Sprintf("11 22 4%d", i), isw)
		}
		for i := range 8 {
			mustClaim(t, db, fmt.Sprintf("33 5%d", i), isw)
		}
		target := mustClaim(t, db, "11 22 99", isw)
		mustClaim(t, db, "11 77", isw)
		got, err := db.FindSimilarClaims(ctx, "11 22 33", 2)
		if err != nil || !slices.ContainsFunc(got, func(s *claims.SimilarClaim) bool { return s.Claim.ID == target.ID }) {
			t.Fatalf("matches %v, %v; want %q among them", similarTexts(got), err, target.Text)
		}
	})
	t.Run("OKFallbackOR", func(t *testing.T) {
		db := newTestDB(t)
		luk := mustSource(t, db, "Aleksander Łukaszenka")
		target := mustClaim(t, db, "Łukaszenka zakończył podróż do Chin", luk)
		for i := range 6 {
			mustClaim(t, db, fmt.Sprintf("Łukaszenka rozmawiał o Chinach z delegacją nr %d", i), luk)
		}
		mustClaim(t, db, "Wizytę w Chinach zakończył minister", luk)
		// wizyt is the rarest stem and the claim lacks it: the AND of
		// wizyt and zakonczyl finds only the minister's visit.
		got, err := db.FindSimilarClaims(ctx, "Łukaszenka zakończył wizytę w Chinach", 5)
		if err != nil || !slices.ContainsFunc(got, func(s *claims.SimilarClaim) bool { return s.Claim.ID == target.ID }) {
			t.Fatalf("matches %v, %v; want %q among them", similarTexts(got), err, target.Text)
		}
		if got, err := db.FindSimilarClaims(ctx, "Qwertyuiop asdfghjkl", 5); err != nil || len(got) != 0 {
			t.Errorf("stems no claim holds: %v, %v", similarTexts(got), err)
		}
		// Counted while no claim held them, the stems still find the
		// claim written with them next.
		c := mustClaim(t, db, "Qwertyuiop asdfghjkl", luk)
		if got, err := db.FindSimilarClaims(ctx, "Qwertyuiop asdfghjkl", 5); err != nil || len(got) != 1 || got[0].Claim.ID != c.ID {
			t.Errorf("a claim with new stems: %v, %v", similarTexts(got), err)
		}
	})
}
