package db

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// searchTexts returns the texts of the claims FindClaims finds for f, in
// order, following every page.
func searchTexts(t *testing.T, db *DB, f claims.ClaimFilter) []string {
	t.Helper()
	var out []string
	for page := 0; ; page++ {
		list, next, err := db.FindClaims(ctx, f)
		if err != nil {
			t.Fatalf("FindClaims(%+v): %v", f, err)
		}
		for _, c := range list {
			out = append(out, c.Text)
		}
		if next == "" {
			return out
		}
		if page > 100 {
			t.Fatal("pages never end")
		}
		f.Cursor = next
	}
}

func TestFindClaims_Search(t *testing.T) {
	db := newTestDB(t)
	db.Now = steppingClock(time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC), time.Second)
	luk := mustSource(t, db, "Aleksander Łukaszenka", "Lukashenko", "Лукашенко")
	isw := mustSource(t, db, "ISW")
	doc := mustDocument(t, db, "Łukaszenka w Chinach", anchorBody)
	c1 := mustClaim(t, db, "Łukaszenka zakończył wizytę w Chinach", luk)
	c2 := mustClaim(t, db, "Źródło: ISW o architekturze bezpieczeństwa w Europie", isw)
	c3 := mustClaim(t, db, "Nowa architektura handlu (AND, OR, NOT)", isw)
	c4 := mustClaim(t, db, "Białoruscy producenci chcą know-how", luk)
	c5 := &claims.Claim{Text: "Dokumenty pomagają Kremlowi", Kind: claims.KindAnalytical, SourceID: isw.ID,
		DocumentID: doc.ID, Tags: []string{"sankcje"}}
	if err := db.CreateClaim(ctx, editor, c5); err != nil {
		t.Fatal(err)
	}
	checker := mustUser(t, db, "kasia", claims.RoleChecker)
	v := verdictFor(c4)
	v.Rationale = "Potwierdzone w komunikacie MSZ Białorusi."
	if err := db.ProposeVerdict(ctx, checker.Actor(), v); err != nil {
		t.Fatal(err)
	}
	_ = c1
	_ = c2
	_ = c3

	tests := []struct {
		name     string
		f        claims.ClaimFilter
		want     []string // in order, unless anyOrder
		anyOrder bool
	}{
		{"OKFoldedDiacritics", claims.ClaimFilter{Q: "zrodlo"}, []string{c2.Text}, false},
		{"OKCapitals", claims.ClaimFilter{Q: "LUKASZENKA wizyte"}, []string{c1.Text}, false},
		{"OKAlias", claims.ClaimFilter{Q: "Lukashenko"}, []string{c4.Text, c1.Text}, true},
		{"OKAliasAndText", claims.ClaimFilter{Q: "Lukashenko Chinach"}, []string{c1.Text}, false},
		{"OKInflected", claims.ClaimFilter{Q: "Chin"}, []string{c1.Text}, false},
		{"OKPrefix", claims.ClaimFilter{Q: "architektur*"}, []string{c2.Text, c3.Text}, true},
		{"OKPhrase", claims.ClaimFilter{Q: `"architekturze bezpieczeństwa"`}, []string{c2.Text}, false},
		{"OKPhraseOtherForm", claims.ClaimFilter{Q: `"architektura bezpieczeństwa"`}, nil, false},
		{"OKRationale", claims.ClaimFilter{Q: "komunikacie MSZ"}, []string{c4.Text}, false},
		{"OKTag", claims.ClaimFilter{Q: "sankcje"}, []string{c5.Text}, false},
		{"OKKeywordsAreWords", claims.ClaimFilter{Q: "AND OR NOT"}, []string{c3.Text}, false},
		{"OKStrayPunctuation", claims.ClaimFilter{Q: `architektur* "( NEAR(`}, nil, false},
		{"OKOnlyPunctuation", claims.ClaimFilter{Q: `"(*)"`}, nil, false},
		{"OKFilterKind", claims.ClaimFilter{Q: "architektur*", Kind: claims.KindReported}, []string{c2.Text, c3.Text}, true},
		{"OKFilterSource", claims.ClaimFilter{Q: "Lukashenko", SourceID: isw.ID}, nil, false},
		{"OKFilterDocument", claims.ClaimFilter{Q: "Kremlowi", DocumentID: doc.ID}, []string{c5.Text}, false},
		{"OKFilterStatus", claims.ClaimFilter{Q: "Lukashenko", Status: claims.StatusProposed}, []string{c4.Text}, false},
		{"OKFilterFrom", claims.ClaimFilter{Q: "Lukashenko", From: c4.CreatedAt}, []string{c4.Text}, false},
		{"OKFilterTo", claims.ClaimFilter{Q: "Lukashenko", To: c4.CreatedAt}, []string{c1.Text}, false},
		{"OKPages", claims.ClaimFilter{Q: "architektur*", Limit: 1}, []string{c2.Text, c3.Text}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := searchTexts(t, db, tt.f)
			if tt.anyOrder {
				slices.Sort(got)
				slices.Sort(tt.want)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("FindClaims(q=%q) = %q, want %q", tt.f.Q, got, tt.want)
			}
		})
	}

	t.Run("OKRecencyBreaksTies", func(t *testing.T) {
		a := mustClaim(t, db, "Remis w rankingu", isw)
		b := mustClaim(t, db, "Remis w rankingu", isw)
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "remis"}); len(got) != 2 {
			t.Fatalf("got %q", got)
		}
		list, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: "remis"})
		if err != nil || list[0].ID != b.ID || list[1].ID != a.ID {
			t.Fatalf("equal ranks not newest first: %v, %v", list, err)
		}
	})
	t.Run("OKReindexOnAliasChange", func(t *testing.T) {
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "Batka"}); got != nil {
			t.Fatalf("before: %q", got)
		}
		aliases := []string{"Batka"}
		if _, err := db.UpdateSource(ctx, editor, luk.ID, claims.SourceUpdate{Version: luk.Version, Aliases: &aliases}); err != nil {
			t.Fatal(err)
		}
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "Batka"}); len(got) != 2 {
			t.Errorf("new alias finds %q", got)
		}
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "batk*"}); len(got) != 2 {
			t.Errorf("new alias by prefix finds %q", got)
		}
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "Lukashenko"}); got != nil {
			t.Errorf("dropped alias still finds %q", got)
		}
	})
	t.Run("OKReindexOnEdit", func(t *testing.T) {
		text := "Łukaszenka odwołał wizytę w Moskwie"
		if _, err := db.UpdateClaim(ctx, editor, c1.ID, claims.ClaimUpdate{Version: c1.Version, Text: &text}); err != nil {
			t.Fatal(err)
		}
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "Moskwa"}); !slices.Equal(got, []string{text}) {
			t.Errorf("edited text: %q", got)
		}
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "odwoła*"}); !slices.Equal(got, []string{text}) {
			t.Errorf("a new word by prefix: %q", got)
		}
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "zakończył"}); got != nil {
			t.Errorf("old text still found: %q", got)
		}
	})
	t.Run("ErrCursor", func(t *testing.T) {
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: "remis", Cursor: encodeCursor("x", "y")})
		wantCode(t, err, claims.EINVALID)
	})
	t.Run("ErrRange", func(t *testing.T) {
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{From: c4.CreatedAt, To: c1.CreatedAt})
		wantField(t, err, "to")
	})
	t.Run("OKVacuumKeepsRowids", func(t *testing.T) {
		// The index is keyed by the claims' rowids, which VACUUM keeps
		// for a table with indexes; this test fails if that ever changes.
		if _, err := db.w.ExecContext(ctx, `VACUUM`); err != nil {
			t.Fatal(err)
		}
		if got := searchTexts(t, db, claims.ClaimFilter{Q: "sankcje"}); !slices.Equal(got, []string{c5.Text}) {
			t.Errorf("after VACUUM: %q", got)
		}
	})
	checkAuditLog(t, db)
}

func TestFindDocuments_Search(t *testing.T) {
	db := newTestDB(t)
	d1 := mustDocument(t, db, "Łukaszenka w Chinach", "Źródło podaje, że wizyta potrwa trzy dni.")
	d2 := mustDocument(t, db, "Budżet Millbrook", "Spending on road repairs has doubled since 2021.")
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"zrodlo", []string{d1.ID}},
		{"LUKASZENKA", []string{d1.ID}},
		{"spend* 2021", []string{d2.ID}},
		{`"road repairs"`, []string{d2.ID}},
		{`") OR (`, nil},
	} {
		list, _, err := db.FindDocuments(ctx, claims.DocumentFilter{Q: tt.q})
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		var ids []string
		for _, d := range list {
			ids = append(ids, d.ID)
			if d.Body == "" {
				t.Errorf("%q: no body to cut a snippet from", tt.q)
			}
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%q: %v, want %v", tt.q, ids, tt.want)
		}
	}
}

func TestFindSimilarClaims(t *testing.T) {
	db := newTestDB(t)
	luk := mustSource(t, db, "Aleksander Łukaszenka")
	target := mustClaim(t, db, "Łukaszenka zakończył podróż do Chin", luk)
	for _, text := range []string{
		"Łukaszenka zakończył wizytę w Moskwie",
		"Xi Jinping przyjął delegację w Pekinie",
		"Chiny zakończyły manewry",
		"Wizyta w Chinach potrwa trzy dni",
	} {
		mustClaim(t, db, text, luk)
	}
	checker := mustUser(t, db, "kasia", claims.RoleChecker)
	if err := db.ProposeVerdict(ctx, checker.Actor(), verdictFor(target)); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindSimilarClaims(ctx, "Łukaszenka zakończył wizytę w Chinach", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].Claim.ID != target.ID {
		t.Fatalf("best match %v, want %q", similarTexts(got), target.Text)
	}
	if got[0].Verdict == nil || got[0].Verdict.State != claims.VerdictProposed || got[0].Claim.Source == nil {
		t.Errorf("best match without its verdict or source: %+v", got[0])
	}
	for i := 1; i < len(got); i++ {
		if got[i].Score > got[i-1].Score {
			t.Errorf("not best first: %v", similarTexts(got))
		}
	}
	if none, err := db.FindSimilarClaims(ctx, "i w z ( * \"", 5); err != nil || len(none) != 0 {
		t.Errorf("no content words: %v, %v", none, err)
	}
}

func similarTexts(list []*claims.SimilarClaim) []string {
	var out []string
	for _, s := range list {
		out = append(out, fmt.Sprintf("%.2f %s", s.Score, s.Claim.Text))
	}
	return out
}

// TestFindClaims_Plans checks every claim list query SQLite would run for
// each filter, alone and with a cursor: none may scan the claims table
// whole or sort the claims it reads, which at a million claims would
// break the page time at depth.
func TestFindClaims_Plans(t *testing.T) {
	db := newTestDB(t)
	when := time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC)
	filters := map[string]claims.ClaimFilter{
		"none":     {},
		"status":   {Status: claims.StatusNew},
		"kind":     {Kind: claims.KindReported},
		"source":   {SourceID: "s"},
		"document": {DocumentID: "d"},
		"assignee": {Assignee: "u"},
		"from":     {From: when},
		"to":       {To: when},
		"range":    {From: when, To: when.Add(time.Hour)},
	}
	for name, f := range filters {
		for _, cursor := range []bool{false, true} {
			where, args := claimConditions(f)
			if cursor {
				where, args = append(where, "(c.created_at, c.id) < (?, ?)"), append(args, when, "x")
			}
			plan := explain(t, db, `SELECT `+claimListColumns+`
				FROM claims c JOIN sources s ON s.id = c.source_id
				WHERE `+strings.Join(where, " AND ")+`
				ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, append(args, 21)...)
			for _, line := range plan {
				if line == "SCAN c" || strings.Contains(line, "TEMP B-TREE") {
					t.Errorf("%s (cursor %v): %q in plan %q", name, cursor, line, plan)
				}
			}
		}
	}
}

// explain returns the detail lines of the query's plan.
func explain(t *testing.T, db *DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.r.QueryContext(ctx, `EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return out
}
