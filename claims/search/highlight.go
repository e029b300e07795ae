package search

import (
	"sort"
	"strings"
)

// Span is a byte range of an original text, End exclusive.
type Span struct {
	Start, End int
}

// Highlight returns the spans of original that q matches, sorted and not
// overlapping, for marking in the original characters (a search for
// "lukaszenka" marks "Łukaszenka", a search for "zrodlo" marks "Źródło").
// It applies the same rules as the FTS5 expression (see Query.FTS5): a
// plain term marks every word with its stem, a quoted term only the words
// as written, a prefix every word that starts with it; a phrase is marked
// from its first word to its last. It returns spans, not markup, so that
// the page template escapes the text around them.
func Highlight(original string, q Query) []Span {
	if q.Empty() {
		return nil
	}
	toks := Tokens(original)
	stems := make([]string, len(toks))
	stemAt := func(i int) string {
		if stems[i] == "" {
			stems[i] = Stem(toks[i].Text)
		}
		return stems[i]
	}
	var spans []Span
	for i := range toks {
		for _, t := range q.terms {
			if n := len(t.Words); i+n <= len(toks) && matchAt(toks[i:i+n], t, func(j int) string { return stemAt(i + j) }) {
				spans = append(spans, Span{toks[i].Start, toks[i+n-1].End})
			}
		}
	}
	return mergeSpans(spans)
}

// matchAt reports whether the tokens, as many as t has words, match t.
func matchAt(toks []Token, t Term, stem func(int) string) bool {
	last := len(t.Words) - 1
	for j, w := range t.Words {
		tok := toks[j].Text
		switch {
		case j == last && t.Prefix:
			if !strings.HasPrefix(tok, w) {
				return false
			}
		case t.Exact || t.Prefix:
			if tok != w {
				return false
			}
		default:
			// A stem starts with its word's first letter: most words are
			// told apart without stemming them.
			if tok != w && (tok[0] != w[0] || stem(j) != t.Stems[j]) {
				return false
			}
		}
	}
	return true
}

// mergeSpans sorts spans and joins those that overlap or touch.
func mergeSpans(spans []Span) []Span {
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start <= last.End {
			last.End = max(last.End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}
