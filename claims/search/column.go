package search

import "strings"

// The two indexed columns of a full-text table built for this package.
// Folded holds Fold(text): exact words, prefixes and quoted phrases match
// there. Stems holds the stem of every word of the same text, one stem per
// word and in the same order, so that word positions agree and a phrase of
// stems matches where the phrase of words does, whatever the endings.
// Both are meant for the unicode61 tokenizer with remove_diacritics 0:
// the text is already folded, and the tokenizer must only split it.
const (
	FoldedColumn = "folded"
	StemsColumn  = "stems"
)

// Columns returns the values of the folded and stems columns for s.
func Columns(s string) (folded, stems string) {
	folded = Fold(s)
	var b strings.Builder
	b.Grow(len(folded))
	eachWord(folded, func(start, end int) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(Stem(folded[start:end]))
	})
	return folded, b.String()
}

// Words returns the distinct words of folded text (Fold's output), in the
// order they first occur: the terms of the folded column.
func Words(folded string) []string {
	var out []string
	seen := map[string]bool{}
	eachWord(folded, func(start, end int) {
		if w := folded[start:end]; !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	})
	return out
}
