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

// SimilarTerm is one content stem of a text, as claim matching asks the
// index for it.
type SimilarTerm struct {
	Stem string
	// Weight is what NewSignature gives the stem: double for a name or a
	// number, which tells one claim from another.
	Weight float64
}

// SimilarTerms returns the distinct content stems of text (stop words
// and single letters left out), the heaviest first and, among equal
// weights, the longest first: a long stem is usually a rarer word. A
// store orders them again by how many claims hold them, which it alone
// knows; this order breaks its ties.
func SimilarTerms(text string) []SimilarTerm {
	var out []SimilarTerm
	seen := map[string]int{}
	for _, w := range contentWords(text) {
		if i, ok := seen[w.stem]; ok {
			out[i].Weight = max(out[i].Weight, w.weight)
			continue
		}
		seen[w.stem] = len(out)
		out = append(out, SimilarTerm{w.stem, w.weight})
	}
	slices.SortStableFunc(out, func(a, b SimilarTerm) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		return cmp.Compare(len(b.Stem), len(a.Stem))
	})
	return out
}

// SimilarQuery returns an FTS5 MATCH expression that finds candidates for
// "have we checked this before?" in an index without term counts: any of
// the text's MaxSimilarTerms most telling stems (see SimilarTerms) in the
// stems column, or "" when the text has no content word. Its matches,
// ordered by bm25, then re-ranked by Score against NewSignature(text),
// put the closest claims first: bm25 rewards rare shared stems, which is
// what makes the candidate list good, and Score rewards sharing most of
// the claim, which is what makes the order right. A store that knows how
// many claims hold each stem asks for fewer, rarer ones (see TermsQuery).
func SimilarQuery(text string) string {
	terms := SimilarTerms(text)
	stems := make([]string, 0, min(len(terms), MaxSimilarTerms))
	for _, t := range terms[:min(len(terms), MaxSimilarTerms)] {
		stems = append(stems, t.Stem)
	}
	return StemsQuery(stems, false)
}

// StemsQuery returns an FTS5 MATCH expression for rows holding all the
// stems (all) or any of them in the stems column, or "" for none. Each
// stem is an FTS5 string literal, so no stem is FTS5 syntax.
func StemsQuery(stems []string, all bool) string {
	if q := TermsQuery(stems, all); q != "" {
		return StemsColumn + " : " + q
	}
	return ""
}

// TermsQuery is StemsQuery without the column filter: the stems may stand
// in either column, so a stem that is also a word (a number, a short word)
// matches that word as well. FTS5 walks it about a fifth faster, since it
// need not read where in a row each term stands; claim matching, which
// re-scores every candidate, takes the difference.
func TermsQuery(stems []string, all bool) string {
	if len(stems) == 0 {
		return ""
	}
	op := " OR "
	if all {
		op = " AND "
	}
	var b strings.Builder
	if len(stems) == 1 {
		// As Query.Phrases writes a stem, so that a store's counts of
		// the two are one.
		writeString(&b, stems[0])
		return b.String()
	}
	b.WriteByte('(')
	for i, s := range stems {
		if i > 0 {
			b.WriteString(op)
		}
		writeString(&b, s)
	}
	b.WriteByte(')')
	return b.String()
}
