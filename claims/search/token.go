package search

import (
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text.
type Token struct {
	// Text is the folded word: what the index stores and queries match.
	Text string
	// Start and End are the word's byte offsets in the original text, End
	// exclusive, widened to whole characters (see Folded.Span).
	Start, End int
}

// Tokens splits s into words, folded, with their places in s.
//
// A word is a run of letters, digits and private-use characters of the
// folded text — exactly what SQLite's unicode61 tokenizer (categories
// "L* N* Co") takes as a token, so that our tokens, our highlights and the
// index's tokens agree one for one. That decides hyphenated words:
// "chińsko-białoruskich" is two tokens, "chinsko" and "bialoruskich", as
// it is in FTS5. Keeping it as one token would need a custom tokenizer in C
// and would hide "białoruskich" from a search for that word; split, a
// search for either half finds it, and the whole compound (typed or
// quoted) is a phrase of adjacent tokens, which is as precise. Apostrophes
// split too ("council's" is "council" and "s").
func Tokens(s string) []Token {
	f := FoldWithOffsets(s)
	toks := make([]Token, 0, len(f.Text)/6+1)
	eachWord(f.Text, func(start, end int) {
		os, oe := f.Span(start, end)
		toks = append(toks, Token{Text: f.Text[start:end], Start: os, End: oe})
	})
	return toks
}

// eachWord calls fn with the byte range of every word of the folded text t.
func eachWord(t string, fn func(start, end int)) {
	start := -1
	for i := 0; i < len(t); {
		c := t[i]
		var word bool
		n := 1
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(t[i:])
			word = isWordRune(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			fn(start, i)
			start = -1
		}
		i += n
	}
	if start >= 0 {
		fn(start, len(t))
	}
}

// isWordRune reports whether r belongs to a word: the categories unicode61
// uses by default.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}
