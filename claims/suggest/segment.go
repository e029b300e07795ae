package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a body. Start and End are offsets in Unicode
// code points of the body, End exclusive; Para is the paragraph's index.
type Sentence struct {
	Start, End int
	Para       int
	Text       string
}

// Abbreviations after which a full stop never ends a sentence: titles and
// "for example" forms that always have more words after them.
var neverFinal = setOf(`m.in np tzw dr prof mgr inż hab ks gen płk ppłk mjr kpt por ppor sierż st ul al pl os ds nt tj tzn zob por ok ww wyd red przyp
	mr mrs ms dr prof st gen col lt sgt capt gov sen rep rev hon messrs mt ft no nos vs v e.g i.e cf approx
	jan feb mar apr jun jul aug sep sept oct nov dec`)

// Abbreviations that may end a sentence ("r", "itd", "etc", "mln", "zł",
// "wg" …) need no list: like any word, whether the text after the stop
// starts a sentence decides.

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Segment splits body into sentences. Paragraphs (separated by blank lines)
// never share a sentence. A sentence ends at ".", "!", "?" or "…" (and any
// closing quotes or brackets after it) followed by a space and something
// that can start a sentence: a capital, a digit, an opening quote, or a
// dash that opens reported speech. Known abbreviations, initials and dotted
// acronyms do not end a sentence, and neither does punctuation inside a
// quotation that closes later in the same paragraph.
func Segment(body string) []Sentence {
	var out []Sentence
	runes := []rune(body)
	c := &cursor{s: body}
	para, start := 0, 0
	for i := 0; i <= len(runes); i++ {
		if i < len(runes) && !(runes[i] == '\n' && i+1 < len(runes) && runes[i+1] == '\n') {
			continue
		}
		out = appendParagraph(out, c, runes, start, i, para)
		for i < len(runes) && runes[i] == '\n' {
			i++
		}
		start = i
		para++
		i--
		if start >= len(runes) {
			break
		}
	}
	return out
}

// appendParagraph segments runes[start:end], one paragraph.
func appendParagraph(out []Sentence, c *cursor, runes []rune, start, end, para int) []Sentence {
	quoted := quoteMask(runes[start:end])
	s := start
	for i := start; i < end; i++ {
		// A quotation that ends with its own full stop ends the sentence
		// at its closing mark: «Koniec. Kropka.» Tak było.
		closesQuote := isCloser(runes[i]) && i > start && isTerminal(runes[i-1]) && !quoted[i-start]
		if !closesQuote && (!isTerminal(runes[i]) || quoted[i-start]) {
			continue
		}
		j := i + 1
		for j < end && (isTerminal(runes[j]) || isCloser(runes[j])) {
			j++
		}
		if j >= end || !unicode.IsSpace(runes[j]) {
			i = j - 1
			continue
		}
		k := j
		for k < end && unicode.IsSpace(runes[k]) {
			k++
		}
		if k >= end || !startsSentence(runes[k:end]) || (runes[i] == '.' && j == i+1 && !abbreviationEnds(runes[s:i], runes[k:end])) {
			i = j - 1
			continue
		}
		out = appendSentence(out, c, runes, s, j, para)
		s = k
		i = k - 1
	}
	return appendSentence(out, c, runes, s, end, para)
}

func appendSentence(out []Sentence, c *cursor, runes []rune, start, end, para int) []Sentence {
	for start < end && unicode.IsSpace(runes[start]) {
		start++
	}
	for end > start && unicode.IsSpace(runes[end-1]) {
		end--
	}
	if start == end {
		return out
	}
	return append(out, Sentence{Start: start, End: end, Para: para, Text: c.s[c.at(start):c.at(end)]})
}

// cursor turns code-point offsets of s into byte offsets, so that a
// sentence is a slice of the body rather than a copy. Offsets asked for
// in order cost one pass over s in all.
type cursor struct {
	s    string
	r, b int // the code point r starts at byte b
}

func (c *cursor) at(r int) int {
	if r < c.r {
		c.r, c.b = 0, 0
	}
	for c.r < r {
		_, n := utf8.DecodeRuneInString(c.s[c.b:])
		c.b += n
		c.r++
	}
	return c.b
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isCloser(r rune) bool { return strings.ContainsRune(`"”’'»)]`, r) }

// startsSentence reports whether rest opens a sentence.
func startsSentence(rest []rune) bool {
	r := rest[0]
	switch {
	case unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsDigit(r):
		return true
	case strings.ContainsRune("-–—", r):
		return len(rest) > 2 && rest[1] == ' ' && unicode.IsUpper(rest[2])
	case strings.ContainsRune("\"„“«‘'(", r):
		return len(rest) > 1 && (unicode.IsUpper(rest[1]) || unicode.IsDigit(rest[1]) || strings.ContainsRune("'‚‘", rest[1]))
	}
	return false
}

// abbreviationEnds decides whether a full stop after before ends the
// sentence, given the text after it.
func abbreviationEnds(before, after []rune) bool {
	w := lastWord(before)
	if w == "" {
		return true
	}
	lw := strings.ToLower(w)
	if neverFinal[lw] {
		return false
	}
	if units[lw] && isAcronym(firstWord(after)) {
		return false // "5 proc. PKB", "2 mln USD"
	}
	letters := []rune(strings.ReplaceAll(w, ".", ""))
	if len(letters) == 1 && unicode.IsUpper(letters[0]) {
		return false // an initial: "J. Smith", "Aleksander G. Łukaszenka"
	}
	if strings.Contains(w, ".") && len(letters) <= 4 {
		// A dotted acronym (U.S., U.K., m.in.) ends a sentence only before
		// a word that usually starts one.
		return sentenceOpeners[strings.ToLower(firstWord(after))]
	}
	return true
}

// units are the abbreviations of amounts, after which an acronym is what
// is counted, not a new sentence.
var units = setOf(`proc mln mld tys bln`)

// isAcronym reports whether w is two or more capitals and nothing else.
func isAcronym(w string) bool {
	rs := []rune(w)
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return len(rs) >= 2
}

// sentenceOpeners are words that after "U.S." mean a new sentence.
var sentenceOpeners = setOf(`the a an it he she they we i this that these those but and in on at however meanwhile
	w na to ten ta te on ona oni ale jednak tymczasem`)

// lastWord returns the word (letters and inner dots) that ends before.
func lastWord(before []rune) string {
	i := len(before)
	for i > 0 && (unicode.IsLetter(before[i-1]) || before[i-1] == '.') {
		i--
	}
	return strings.Trim(string(before[i:]), ".")
}

func firstWord(after []rune) string {
	s := strings.TrimLeft(string(after), "\"„“«‘'(-–— ")
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return s
	}
	return s[:i]
}

// quoteMask marks the runes of a paragraph that lie inside a quotation
// that closes before the paragraph ends, so sentences quoted whole stay
// one sentence with their attribution. Straight quotes pair up in order;
// a quotation longer than maxQuoteRunes is not trusted (a stray mark).
func quoteMask(p []rune) []bool {
	const maxQuoteRunes = 600
	mask := make([]bool, len(p))
	open := -1
	var closer rune
	for i, r := range p {
		switch {
		case open < 0 && (r == '„' || r == '“' && !closesWord(p, i) || r == '«' || r == '"' && opensQuote(p, i)):
			open = i
			closer = map[rune]rune{'„': '”', '“': '”', '«': '»', '"': '"'}[r]
		case open >= 0 && (r == closer || closer == '”' && r == '“' && p[open] == '„' || closer == '"' && r == '”'):
			if i-open <= maxQuoteRunes {
				for k := open + 1; k < i; k++ {
					mask[k] = true
				}
			}
			open = -1
		}
	}
	return mask
}

// opensQuote reports whether the straight quote at i opens a quotation:
// it follows a space, an opening bracket or the start of the paragraph.
func opensQuote(p []rune, i int) bool {
	return i == 0 || unicode.IsSpace(p[i-1]) || strings.ContainsRune("([-–—:", p[i-1])
}

// closesWord reports whether the mark at i follows a letter (English “ is
// an opener, Polish “ after „ a closer).
func closesWord(p []rune, i int) bool {
	return i > 0 && (unicode.IsLetter(p[i-1]) || isTerminal(p[i-1]))
}
