package search

import (
	"cmp"
	"slices"
	"strings"
)

// MaxSimilarTerms is how many stems SimilarQuery asks for. Every stem is a
// posting list FTS5 has to merge; eight find the candidates of a one- or
// two-sentence claim without reading half the index for a paragraph.
const MaxSimilarTerms = 8

// SimilarQuery returns an FTS5 MATCH expression that finds candidates for
// "have we checked this before?": any of the text's most telling stems in
// the stems column, or "" when the text has no content word. A store runs
// it ordered by bm25 with a limit of a few hundred, then re-ranks what it
// found with Score against NewSignature(text): bm25 rewards rare shared
// stems, which is what makes the candidate list good, and Score rewards
// sharing most of the claim, which is what makes the order right.
//
// The stems kept are those NewSignature weighs most (names and numbers),
// longer ones first: a long stem is usually a rarer word.
func SimilarQuery(text string) string { return SimilarQueryExcept(text, nil) }

// SimilarQueryExcept is SimilarQuery without the stems common reports
// true for (a store's stems found in a large share of all claims: their
// posting lists are long and they tell little), unless that would leave no
// stem at all. common may be nil.
func SimilarQueryExcept(text string, common func(stem string) bool) string {
	if common != nil {
		if q := similarQuery(text, common); q != "" {
			return q
		}
	}
	return similarQuery(text, nil)
}

func similarQuery(text string, common func(stem string) bool) string {
	var cands []contentWord
	seen := map[string]int{}
	for _, w := range contentWords(text) {
		if common != nil && common(w.stem) {
			continue
		}
		if i, ok := seen[w.stem]; ok {
			cands[i].weight = max(cands[i].weight, w.weight)
			continue
		}
		seen[w.stem] = len(cands)
		cands = append(cands, w)
	}
	if len(cands) == 0 {
		return ""
	}
	slices.SortStableFunc(cands, func(a, b contentWord) int {
		if c := cmp.Compare(b.weight, a.weight); c != 0 {
			return c
		}
		return cmp.Compare(len(b.stem), len(a.stem))
	})
	cands = cands[:min(len(cands), MaxSimilarTerms)]
	var b strings.Builder
	b.WriteString(StemsColumn)
	b.WriteString(" : (")
	for i, c := range cands {
		if i > 0 {
			b.WriteString(" OR ")
		}
		writeString(&b, c.stem)
	}
	b.WriteByte(')')
	return b.String()
}
