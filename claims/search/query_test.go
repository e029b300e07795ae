package search_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims/search"
)

func TestParseQueryFTS5(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Łukaszenka", `(folded : "lukaszenka" OR stems : "lukaszenk")`},
		{"LUKASZENKA Chinach", `(folded : "lukaszenka" OR stems : "lukaszenk") AND (folded : "chinach" OR stems : "chin")`},
		{"zrodlo", `(folded : "zrodlo" OR stems : "zrodl")`},
		{"architektur*", `folded : "architektur" *`},
		{`"architekturze bezpieczeństwa"`, `folded : "architekturze bezpieczenstwa"`},
		{`"nowy rozdz"*`, `folded : "nowy rozdz" *`},
		{`„architekturze bezpieczeństwa” “w Chinach”`, `folded : "architekturze bezpieczenstwa" AND folded : "w chinach"`},
		{"chińsko-białoruskich", `(folded : "chinsko bialoruskich" OR stems : "chinsk bialorusk")`},
		// Stop words go when something else is left, not otherwise.
		{"wizyta w Chinach", `(folded : "wizyta" OR stems : "wizyt") AND (folded : "chinach" OR stems : "chin")`},
		{"the", `(folded : "the" OR stems : "the")`},
		{`"w Chinach"`, `folded : "w chinach"`},
		// Operators are text.
		{"Putin OR Łukaszenka", `(folded : "putin" OR stems : "putin") AND (folded : "lukaszenka" OR stems : "lukaszenk")`},
		{"NEAR(a b)", `(folded : "near a" OR stems : "near a") AND (folded : "b" OR stems : "b")`},
		{"-Chiny +Rosja ^Xi col:val", `(folded : "chiny" OR stems : "chin") AND (folded : "rosja" OR stems : "rosj") AND (folded : "xi" OR stems : "xi") AND (folded : "col val" OR stems : "col val")`},
		{`NOT AND`, `(folded : "not" OR stems : "not") AND (folded : "and" OR stems : "and")`},
		// Stray punctuation.
		{`Łukaszenka"`, `(folded : "lukaszenka" OR stems : "lukaszenk")`},
		{`"unbalanced phrase`, `folded : "unbalanced phrase"`},
		{`( ) " " * ** - : ^`, ``},
		{`x* b`, `(folded : "x" OR stems : "x") AND (folded : "b" OR stems : "b")`}, // one letter is no prefix
		{"*abc", `(folded : "abc" OR stems : "abc")`},
		{"ab*cd", `(folded : "ab cd" OR stems : "ab cd")`},
		{"(architektur*)", `folded : "architektur" *`},
		// Repeats count once.
		{"Chiny chiny CHINY", `(folded : "chiny" OR stems : "chin")`},
		{"", ""},
		{"   \t\n", ""},
	}
	for _, tt := range tests {
		q := search.ParseQuery(tt.in)
		if got := q.FTS5(); got != tt.want {
			t.Errorf("ParseQuery(%q).FTS5() =\n  %s\nwant\n  %s", tt.in, got, tt.want)
		}
		if q.Empty() != (tt.want == "") {
			t.Errorf("ParseQuery(%q).Empty() = %v", tt.in, q.Empty())
		}
	}
}

func TestQueryTerms(t *testing.T) {
	terms := search.ParseQuery(`"Xi Jinpingiem" architektur* Chinach`).Terms()
	if len(terms) != 3 {
		t.Fatalf("Terms = %+v, want 3", terms)
	}
	if tm := terms[0]; !tm.Exact || tm.Prefix || strings.Join(tm.Words, " ") != "xi jinpingiem" || strings.Join(tm.Stems, " ") != "xi jinp" {
		t.Errorf("phrase term = %+v", tm)
	}
	if tm := terms[1]; tm.Exact || !tm.Prefix || tm.Words[0] != "architektur" {
		t.Errorf("prefix term = %+v", tm)
	}
	if tm := terms[2]; tm.Exact || tm.Prefix || tm.Words[0] != "chinach" || tm.Stems[0] != "chin" {
		t.Errorf("word term = %+v", tm)
	}
	// The terms are the caller's to keep and change.
	q := search.ParseQuery("Chinach")
	q.Terms()[0].Words[0] = "changed"
	if got := q.Terms()[0].Words[0]; got != "chinach" {
		t.Errorf("changing Terms changed the query: %q", got)
	}
}

func TestParseQueryLimits(t *testing.T) {
	t.Run("Terms", func(t *testing.T) {
		var words []string
		for i := range 100 {
			words = append(words, "słowo"+strings.Repeat("x", i))
		}
		if n := len(search.ParseQuery(strings.Join(words, " ")).Terms()); n != search.MaxTerms {
			t.Errorf("%d terms kept, want %d", n, search.MaxTerms)
		}
	})
	t.Run("Length", func(t *testing.T) {
		// A multi-byte letter across the cut must not become a broken word.
		in := strings.Repeat("ż", search.MaxQueryLen)
		q := search.ParseQuery(in)
		for _, tm := range q.Terms() {
			for _, w := range tm.Words {
				if strings.ContainsRune(w, '\uFFFD') || len(w) > search.MaxQueryLen {
					t.Errorf("word %q", w)
				}
			}
		}
		if q.Empty() {
			t.Error("query empty")
		}
	})
}

func TestQueryPhrases(t *testing.T) {
	if got, want := search.ParseQuery("Chinach").Phrases()[0][1], search.StemsQuery([]string{"chin"}, false); got != want {
		t.Errorf("a word's stem phrase %s, StemsQuery of its stem %s: a store counts them apart", got, want)
	}
	got := search.ParseQuery(`Chinach "architekturze bezpieczeństwa" archi*`).Phrases()
	want := [][]string{{`folded : "chinach"`, `stems : "chin"`}, {`folded : "architekturze bezpieczenstwa"`}, {`folded : "archi" *`}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Phrases = %q, want %q", got, want)
	}
}

func TestExpandPrefixes(t *testing.T) {
	words := map[string][]string{"archi": {"architektura", "architekturze"}, "rozdz": {"rozdzial"}}
	q := search.ParseQuery(`archi* ar* "nowy rozdz"* zzzz* Chinach`)
	x := q.ExpandPrefixes(func(p string) []string { return words[p] })
	want := `folded : ("architektura" OR "architekturze") AND folded : "ar" * AND folded : ("nowy rozdzial") AND folded : "zzzz" * AND (folded : "chinach" OR stems : "chin")`
	if got := x.FTS5(); got != want {
		t.Errorf("FTS5 = %s\nwant   %s", got, want)
	}
	wantMatch := `folded : ("architektura" OR "architekturze") AND folded : "ar" * AND folded : ("nowy rozdzial") AND folded : "zzzz" * AND stems : "chin"`
	if got := x.MatchFTS5(); got != wantMatch {
		t.Errorf("MatchFTS5 = %s\nwant        %s", got, wantMatch)
	}
	if got := q.FTS5(); strings.Contains(got, "architektura") {
		t.Errorf("ExpandPrefixes changed q: %s", got)
	}
	wantPhrases := [][]string{{`folded : "architektura"`, `folded : "architekturze"`}, {`folded : "ar" *`}, {`folded : "nowy rozdzial"`},
		{`folded : "zzzz" *`}, {`folded : "chinach"`, `stems : "chin"`}}
	if got := x.Phrases(); !slices.EqualFunc(got, wantPhrases, slices.Equal) {
		t.Errorf("Phrases = %q, want %q", got, wantPhrases)
	}
	m := search.ParseQuery(`archi* "nowy rozdz"*`).ExpandPrefixes(func(p string) []string { return words[p] })
	if !m.Match("Nowa architektura, nowy rozdział") || m.Match("Nowa architektura") {
		t.Error("Match of an expanded query differs from the prefix's")
	}
}
