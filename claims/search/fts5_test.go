//go:build sqlite_fts5

package search_test

import (
	"database/sql"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims/search"
	_ "github.com/mattn/go-sqlite3"
)

// ftsDocs are the texts of the test index; a document's rowid is its index
// plus one.
var ftsDocs = []string{
	"Łukaszenka zakończył wizytę w Chinach",                           // 1
	"Źródło: ISW o architekturze bezpieczeństwa w Europie",            // 2
	"Wizyta Łukaszenki w Chinach potrwa trzy dni",                     // 3
	"Łukaszenka spotkał się z Xi Jinpingiem w Pekinie",                // 4
	"Chiny mogą przekazywać sprzęt przez Białoruś",                    // 5
	"Nowa architektura handlu i chińsko-białoruskich relacji",         // 6
	"Lukashenko ended his visit to China",                             // 7
	"Premier Chin odwiedził Mińsk (AND, OR, NOT, NEAR są tu słowami)", // 8
	"Millbrook's spending on road repairs has doubled since 2021",     // 9
	"Лукашенко завершил визит в Китай",                                // 10
	"Łukaszenka zakończył podróż do Chin",                             // 11
}

// openIndex creates the FTS5 table this package is designed for, in a file
// of its own, and fills it with docs.
func openIndex(t testing.TB, docs []string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "search.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE doc USING fts5(folded, stems,
		tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE VIRTUAL TABLE doc_instance USING fts5vocab(doc, 'instance')`); err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		folded, stems := search.Columns(d)
		if _, err := db.Exec(`INSERT INTO doc (rowid, folded, stems) VALUES (?, ?, ?)`, i+1, folded, stems); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// match returns the rowids expr matches, best first.
func match(t testing.TB, db *sql.DB, expr string) ([]int, error) {
	t.Helper()
	rows, err := db.Query(`SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc, 2.0, 1.0), rowid`, expr)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func TestFTS5Search(t *testing.T) {
	db := openIndex(t, ftsDocs)
	tests := []struct {
		query string
		want  []int // any order, unless first is set
		first int   // the best match, when it matters
	}{
		{query: "zrodlo", want: []int{2}},
		{query: "ŹRÓDŁO", want: []int{2}},
		{query: "LUKASZENKA", want: []int{1, 3, 4, 11}, first: 1},
		{query: "Lukaszenka", want: []int{1, 3, 4, 11}},
		{query: "Łukaszenki", want: []int{1, 3, 4, 11}, first: 3},
		{query: "Chinach", want: []int{1, 3, 5, 7, 8, 11}},
		{query: "Chin", want: []int{1, 3, 5, 7, 8, 11}},
		{query: "Xi Jinping", want: []int{4}},
		{query: "architektur*", want: []int{2, 6}},
		{query: `"architekturze bezpieczeństwa"`, want: []int{2}},
		{query: `"architektura bezpieczeństwa"`, want: nil},
		{query: "białoruskich", want: []int{6}},
		{query: "chińsko-białoruskich", want: []int{6}},
		{query: `"białoruskich chińsko"`, want: nil},
		{query: "лукашенко", want: []int{10}},
		{query: "Lukashenko visited China", want: []int{7}},
		{query: "spend* 2021", want: []int{9}},
		{query: "millbrook's", want: []int{9}},
		// Operators and stray punctuation are text.
		{query: "AND OR NOT NEAR", want: []int{8}},
		{query: `Mińsk" (`, want: []int{8}},
		{query: `"Premier Chin`, want: []int{8}},
		{query: `NEAR(Premier Chin)`, want: nil}, // "near" is a word that document 8 lacks in that place
	}
	for _, tt := range tests {
		expr := search.ParseQuery(tt.query).FTS5()
		got, err := match(t, db, expr)
		if err != nil {
			t.Errorf("%q: MATCH %s: %v", tt.query, expr, err)
			continue
		}
		if tt.first != 0 && (len(got) == 0 || got[0] != tt.first) {
			t.Errorf("%q: best match %v, want %d", tt.query, got, tt.first)
		}
		sort.Ints(got)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: MATCH %s = %v, want %v", tt.query, expr, got, tt.want)
		}
	}
}

// nasty are the pieces random queries are made of: FTS5 syntax, keywords,
// column names, quotes, letters that fold, marks, invalid UTF-8, controls.
var nasty = []string{
	`"`, `""`, `'`, `(`, `)`, `*`, `^`, `:`, `-`, `+`, `{`, `}`, `,`, `/`, `\`, `;`, `.`,
	"NEAR", "near", "NEAR/3", "AND", "OR", "NOT", "folded", "stems", "rowid", "doc", "*:",
	"Ł", "ź", "Źródło", "chińsko-białoruskich", "Лукашенко", "ß", "ﬁ", "İ", "\u0301", "\u00ad", "\u200b",
	"a", "xy", "12", " ", " ", "\t", "\n", "\x00", "\x01", "\xff", "\xc5", "🙂", "日本", "\U0010FFFF", "\ufdfa",
}

func randomQuery(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(12) {
		if r.IntN(5) == 0 {
			b.WriteRune(rune(r.IntN(0x3000)))
		} else {
			b.WriteString(nasty[r.IntN(len(nasty))])
		}
	}
	return b.String()
}

// TestFTS5NeverErrors runs thousands of hostile queries through a real
// FTS5 index: none may be a syntax error.
func TestFTS5NeverErrors(t *testing.T) {
	db := openIndex(t, ftsDocs)
	r := rand.New(rand.NewPCG(7, 2026))
	n := 5000
	if testing.Short() {
		n = 500
	}
	for range n {
		checkQuery(t, db, randomQuery(r))
	}
}

func FuzzFTS5(f *testing.F) {
	for _, s := range append(nasty, `"a" OR "b"`, `col:"x"*`, `NEAR("a" "b", 3)`, `^"x"`, `a AND (b OR`, `"""`) {
		f.Add(s)
	}
	db := openIndex(f, ftsDocs)
	f.Fuzz(func(t *testing.T, s string) {
		checkQuery(t, db, s)
	})
}

// checkQuery fails t if s, parsed, is an expression FTS5 refuses, or if
// its similar-claims expression is.
func checkQuery(t *testing.T, db *sql.DB, s string) {
	t.Helper()
	q := search.ParseQuery(s)
	expr := q.FTS5()
	if q.Empty() != (expr == "") {
		t.Fatalf("ParseQuery(%q): Empty() = %v but FTS5() = %q", s, q.Empty(), expr)
	}
	if expr != "" {
		if _, err := match(t, db, expr); err != nil {
			t.Fatalf("ParseQuery(%q).FTS5() = %s: %v", s, expr, err)
		}
	}
	if expr := q.MatchFTS5(); expr != "" {
		if _, err := match(t, db, expr); err != nil {
			t.Fatalf("ParseQuery(%q).MatchFTS5() = %s: %v", s, expr, err)
		}
	}
	for _, ps := range q.Phrases() {
		for _, p := range ps {
			if _, err := match(t, db, p); err != nil {
				t.Fatalf("ParseQuery(%q).Phrases() holds %s: %v", s, p, err)
			}
		}
	}
	var stems []string
	for _, st := range search.SimilarTerms(s) {
		stems = append(stems, st.Stem)
	}
	for _, all := range []bool{false, true} {
		for _, sim := range []string{search.StemsQuery(stems, all), search.TermsQuery(stems, all)} {
			if sim == "" {
				continue
			}
			if _, err := match(t, db, sim); err != nil {
				t.Fatalf("%q (all %v) = %s: %v", stems, all, sim, err)
			}
		}
	}
}

// TestTokensAgreeWithFTS5 checks that the index sees the words Tokens sees,
// one for one and in order, in both columns: highlights and phrase
// matches rely on it.
func TestTokensAgreeWithFTS5(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	docs := slices.Clone(ftsDocs)
	for range 300 {
		docs = append(docs, randomText(r))
	}
	db := openIndex(t, docs)
	for i, d := range docs {
		var want []string
		for _, tok := range search.Tokens(d) {
			want = append(want, tok.Text)
		}
		_, stems := search.Columns(d)
		for col, want := range map[string][]string{search.FoldedColumn: want, search.StemsColumn: strings.Fields(stems)} {
			got := instances(t, db, i+1, col)
			if !slices.Equal(got, want) && (len(got) > 0 || len(want) > 0) {
				t.Errorf("document %q, column %s: FTS5 tokens %q, ours %q", d, col, got, want)
			}
		}
	}
}

// randomText is a sentence of words in the scripts a newsroom meets, with
// the punctuation and marks pasted text has.
func randomText(r *rand.Rand) string {
	words := []string{"Łukaszenka", "ZAKOŃCZYŁ", "wizytę", "Chinach", "chińsko-białoruskich", "Straße", "Ærø",
		"Лукашенко", "Ёлка", "Σίσυφος", "日本語", "16", "2,5", "council's", "Z\u0301ródło", "ﬁnanse", "archi\u00adtektura",
		"„cytat”", "—", "(ISW)", "e-mail", "Đoković", "İstanbul", "ǅemal", "X\u0305", "ꙮ"}
	var b strings.Builder
	for i := range 3 + r.IntN(8) {
		if i > 0 {
			b.WriteString([]string{" ", "\n", ", ", " – "}[r.IntN(4)])
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// instances returns the tokens FTS5 stored for one column of a row, in
// order.
func instances(t *testing.T, db *sql.DB, rowid int, col string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT term FROM doc_instance WHERE doc = ? AND col = ? ORDER BY offset`, rowid, col)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var terms []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		terms = append(terms, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return terms
}

// TestFTS5Similar runs the two-step similar-claims search the way a store
// will: candidates by SimilarQuery and bm25, then Score.
func TestFTS5Similar(t *testing.T) {
	for _, c := range similarCases {
		t.Run(c.name, func(t *testing.T) {
			docs := append(slices.Clone(distractors), c.want)
			db := openIndex(t, docs)
			ids, err := match(t, db, search.SimilarQuery(c.query))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(ids, len(docs)) {
				t.Fatalf("candidates %v lack the claim %q", ids, c.want)
			}
			q := search.NewSignature(c.query)
			best, bestScore := 0, -1.0
			for _, id := range ids {
				if s := search.Score(q, search.NewSignature(docs[id-1])); s > bestScore {
					best, bestScore = id, s
				}
			}
			if docs[best-1] != c.want {
				t.Errorf("best match %q, want %q", docs[best-1], c.want)
			}
		})
	}
}

// TestMatchAgreesWithFTS5: Query.Match finds, among texts, the rows the
// FTS5 expression finds in the index of those texts, for the search
// tests' queries and for random ones made of the texts' own words,
// prefixes and phrases.
func TestMatchAgreesWithFTS5(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 2026))
	docs := slices.Clone(ftsDocs)
	for range 200 {
		docs = append(docs, randomText(r))
	}
	db := openIndex(t, docs)
	queries := []string{"zrodlo", "Łukaszenki", "Chin", "architektur*", `"architekturze bezpieczeństwa"`,
		`"architektura bezpieczeństwa"`, "chińsko-białoruskich", `"białoruskich chińsko"`, "spend* 2021", `"Premier Chin`,
		"AND OR NOT NEAR", "", `"(*)"`}
	for range 250 {
		var b strings.Builder
		for i := range 1 + r.IntN(3) {
			if i > 0 {
				b.WriteByte(' ')
			}
			toks := search.Tokens(docs[r.IntN(len(docs))])
			if len(toks) == 0 {
				continue
			}
			w := toks[r.IntN(len(toks))].Text
			switch r.IntN(4) {
			case 0:
				b.WriteString(w[:len(w)/2+1] + "*")
			case 1:
				j := r.IntN(len(toks))
				b.WriteString(`"` + toks[j].Text)
				if j+1 < len(toks) {
					b.WriteString(" " + toks[j+1].Text)
				}
				b.WriteString(`"`)
			default:
				b.WriteString(w)
			}
		}
		queries = append(queries, b.String(), randomQuery(r))
	}
	found := 0
	for _, s := range queries {
		q := search.ParseQuery(s)
		var want []int
		if !q.Empty() {
			var err error
			if want, err = match(t, db, q.FTS5()); err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			sort.Ints(want)
		}
		var got []int
		for i, d := range docs {
			if q.Match(d) {
				got = append(got, i+1)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q (%s): Match finds %v, FTS5 %v", s, q.FTS5(), got, want)
		}
		if !q.Empty() {
			byStems, err := match(t, db, q.MatchFTS5())
			if err != nil {
				t.Fatalf("%q: MatchFTS5 %s: %v", s, q.MatchFTS5(), err)
			}
			sort.Ints(byStems)
			if !slices.Equal(byStems, want) {
				t.Errorf("%q: MatchFTS5 (%s) finds %v, FTS5 (%s) %v", s, q.MatchFTS5(), byStems, q.FTS5(), want)
			}
		}
		if len(want) > 0 {
			found++
		}
	}
	if found < len(queries)/4 {
		t.Errorf("only %d of %d queries match anything: the test compares too little", found, len(queries))
	}
}

// TestExpandPrefixesAgreesWithFTS5: a prefix searched as the index's words
// that start with it finds what FTS5 finds for the prefix itself.
func TestExpandPrefixesAgreesWithFTS5(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 2026))
	docs := slices.Clone(ftsDocs)
	for range 200 {
		docs = append(docs, randomText(r))
	}
	db := openIndex(t, docs)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE doc_vocab USING fts5vocab(doc, 'col')`); err != nil {
		t.Fatal(err)
	}
	words := func(prefix string) []string {
		rows, err := db.Query(`SELECT term FROM doc_vocab WHERE col = 'folded' AND term >= ? AND term < ? ORDER BY term`,
			prefix, prefix+"\U0010FFFF")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var w string
			if err := rows.Scan(&w); err != nil {
				t.Fatal(err)
			}
			out = append(out, w)
		}
		return out
	}
	queries := []string{"architektur*", "lukasz* chin*", `"nowa archit"*`, "zakon*", "zzzz*", "lu*"}
	for _, d := range docs {
		for _, tok := range search.Tokens(d) {
			if n := len([]rune(tok.Text)); n > search.MaxPrefixIndex {
				queries = append(queries, string([]rune(tok.Text)[:search.MaxPrefixIndex+1+r.IntN(n-search.MaxPrefixIndex)])+"*")
			}
		}
	}
	expanded := 0
	for _, s := range queries {
		q := search.ParseQuery(s)
		x := q.ExpandPrefixes(words)
		want, err := match(t, db, q.FTS5())
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		sort.Ints(want)
		for _, expr := range []string{x.FTS5(), x.MatchFTS5()} {
			got, err := match(t, db, expr)
			if err != nil {
				t.Fatalf("%q expanded to %s: %v", s, expr, err)
			}
			sort.Ints(got)
			if !slices.Equal(got, want) {
				t.Errorf("%q: expanded (%s) finds %v, the prefix %v", s, expr, got, want)
			}
		}
		if x.FTS5() != q.FTS5() {
			expanded++
		}
		for _, ps := range x.Phrases() {
			for _, p := range ps {
				if _, err := match(t, db, p); err != nil {
					t.Fatalf("%q: phrase %s: %v", s, p, err)
				}
			}
		}
	}
	if expanded < len(queries)/2 {
		t.Errorf("only %d of %d queries expanded", expanded, len(queries))
	}
}
