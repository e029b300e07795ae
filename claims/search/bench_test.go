package search_test

import (
	"testing"

	"github.com/claimtrail/claimtrail/claims/search"
)

// benchClaim is a realistic claim: a sentence of a Polish news report.
const benchClaim = "Analitycy Instytutu Studiów nad Wojną (ISW) oceniają, że podpisane dokumenty mogą pomóc Kremlowi w przekazywaniu Rosji pomocy przez Białoruś, a Łukaszenka zakończył wizytę w Chinach."

// benchBody is a realistic document body: a few paragraphs, pasted with
// every link on a line of its own.
var benchBody = func() string {
	p := "Prezydent Białorusi\nAleksandr Łukaszenka\nzakończył w czwartek trzydniową wizytę w\nChinach\n. Jak podała jego kancelaria, podróż miała „otworzyć nowy rozdział we współpracy gospodarczej” obu państw. W Pekinie Łukaszenka i przewodniczący ChRL\nXi Jinping\npodpisali\npakiet 16 dokumentów\n, m.in. o chińsko-białoruskiej współpracy w dziedzinie architektury bezpieczeństwa.\n\n"
	s := ""
	for range 10 {
		s += p
	}
	return s
}()

func BenchmarkFold(b *testing.B) {
	b.SetBytes(int64(len(benchClaim)))
	for b.Loop() {
		search.Fold(benchClaim)
	}
}

func BenchmarkFoldBody(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		search.Fold(benchBody)
	}
}

func BenchmarkTokensStem(b *testing.B) {
	b.SetBytes(int64(len(benchClaim)))
	for b.Loop() {
		for _, t := range search.Tokens(benchClaim) {
			search.Stem(t.Text)
		}
	}
}

// BenchmarkColumns is the write-path cost of indexing one claim.
func BenchmarkColumns(b *testing.B) {
	b.SetBytes(int64(len(benchClaim)))
	for b.Loop() {
		search.Columns(benchClaim)
	}
}

func BenchmarkParseQueryFTS5(b *testing.B) {
	for b.Loop() {
		search.ParseQuery(`Łukaszenka "architekturze bezpieczeństwa" chińsk* (Chinach)`).FTS5()
	}
}

func BenchmarkHighlightSnippet(b *testing.B) {
	q := search.ParseQuery("Łukaszenka architektur* Chinach")
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		search.Snippet(benchBody, search.Highlight(benchBody, q), 200)
	}
}

func BenchmarkSignature(b *testing.B) {
	for b.Loop() {
		search.NewSignature(benchClaim)
	}
}

func BenchmarkScore(b *testing.B) {
	x := search.NewSignature(benchClaim)
	y := search.NewSignature("Łukaszenka zakończył podróż do Chin; ISW: dokumenty pomogą Kremlowi.")
	for b.Loop() {
		search.Score(x, y)
	}
}

// BenchmarkRerank is the similar-claims re-ranking step: a query against
// 200 candidates whose signatures are computed on the spot.
func BenchmarkRerank(b *testing.B) {
	cands := make([]string, 200)
	for i := range cands {
		cands[i] = distractors[i%len(distractors)]
	}
	for b.Loop() {
		q := search.NewSignature(benchClaim)
		for _, c := range cands {
			search.Score(q, search.NewSignature(c))
		}
	}
}

func BenchmarkSimilarQuery(b *testing.B) {
	for b.Loop() {
		search.SimilarQuery(benchClaim)
	}
}
