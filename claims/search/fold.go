package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s as it is indexed and searched: case-folded, with
// diacritics removed and letters that Unicode does not decompose (ł, đ, ø,
// ß, æ, œ, ı, þ…) spelt in plain Latin, so that "zrodlo" finds "Źródło"
// and "LUKASZENKA" finds "Łukaszenka". SQLite's own remove_diacritics
// leaves ł alone, which is why folding happens here and not in the
// tokenizer.
//
// Compatibility forms are decomposed too (NFKD: "ﬁ" is "fi", full-width
// "Ｃ" is "c"), because text pasted from PDFs and web pages is full of them.
// Other scripts are not transliterated: Cyrillic stays Cyrillic
// ("Лукашенко" is found by "лукашенко", not by "Lukashenko" — that is
// what source aliases are for). Their marks go like Latin ones (ё is е,
// й is и), which is what readers type anyway and, more to the point, is
// the same whether the text arrived composed (NFC) or decomposed (NFD).
// Combining marks and invisible format characters (soft hyphen,
// zero-width space, directional marks) are dropped so that they do not
// split words.
// Everything else, punctuation and spaces included, is kept, so the
// tokenizer sees the same word boundaries in folded text as in the original.
//
// Fold is idempotent: Fold(Fold(s)) == Fold(s). Invalid UTF-8 bytes become
// U+FFFD, which is not a word character.
func Fold(s string) string {
	if isFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var buf [utf8.UTFMax * 4]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b.Write(appendFoldedRune(buf[:0], r))
		i += n
	}
	return b.String()
}

// isFolded reports whether s is lowercase ASCII, which Fold returns as is;
// most queries and much English text are, and this saves a copy.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// Folded is a folded text that remembers where each of its bytes came from
// in the original, so that a match found in folded text can be marked on
// the original characters.
type Folded struct {
	// Text is Fold(original).
	Text string
	// off[i] is the byte offset in the original of the rune that produced
	// byte i of Text; off[len(Text)] is len(original).
	off []int32
}

// FoldWithOffsets folds s like Fold and keeps the way back to s.
func FoldWithOffsets(s string) Folded {
	var b strings.Builder
	b.Grow(len(s))
	off := make([]int32, 0, len(s)+1)
	var buf [utf8.UTFMax * 4]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			off = append(off, int32(i))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		out := appendFoldedRune(buf[:0], r)
		b.Write(out)
		for range out {
			off = append(off, int32(i))
		}
		i += n
	}
	off = append(off, int32(len(s)))
	return Folded{Text: b.String(), off: off}
}

// Span returns the byte range of the original that produced Text[start:end].
// The range is widened to whole original characters: a match on one "s" of
// the "ss" folded from "ß" marks the "ß", and combining marks or invisible
// characters that followed the last matched letter are included, so a
// highlight never cuts a character in two.
func (f Folded) Span(start, end int) (int, int) {
	if start < 0 {
		start = 0
	}
	if end > len(f.Text) {
		end = len(f.Text)
	}
	if start >= end {
		o := int(f.off[start])
		return o, o
	}
	last := f.off[end-1]
	k := end
	for f.off[k] == last {
		k++
	}
	return int(f.off[start]), int(f.off[k])
}

// latinFold holds the folded form of every rune below latinLimit, computed
// once from foldRuneSlow: Polish, Czech, German, French and the other Latin
// alphabets live there, so folding them is a table look-up.
var latinFold = func() [latinLimit]string {
	var t [latinLimit]string
	for r := rune(0); r < latinLimit; r++ {
		t[r] = string(foldRuneSlow(nil, r, 0))
	}
	return t
}()

// latinLimit is the end of Latin Extended-B.
const latinLimit = 0x250

// appendFoldedRune appends the folded form of r to dst.
func appendFoldedRune(dst []byte, r rune) []byte {
	if r < latinLimit {
		return append(dst, latinFold[r]...)
	}
	return foldRuneSlow(dst, r, 0)
}

// foldRuneSlow is the definition of folding for one rune; depth stops a
// runaway recursion should a future Unicode table map a letter back to
// itself through its decomposition.
func foldRuneSlow(dst []byte, r rune, depth int) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return dst
	}
	// ToLower(ToUpper(r)) is simple case folding for everything we care
	// about: it turns ſ into s, ς into σ and ı into i.
	r = unicode.ToLower(unicode.ToUpper(r))
	if s, ok := undecomposed[r]; ok {
		return append(dst, s...)
	}
	var enc [utf8.UTFMax]byte
	d := norm.NFKD.Properties(utf8.AppendRune(enc[:0], r)).Decomposition()
	if d == nil || depth > 3 {
		return utf8.AppendRune(dst, r)
	}
	for len(d) > 0 {
		p, n := utf8.DecodeRune(d)
		dst = foldRuneSlow(dst, p, depth+1)
		d = d[n:]
	}
	return dst
}

// undecomposed spells in plain Latin the lowercase letters that have no
// Unicode decomposition but that readers treat as a letter with a mark, or
// as two letters. Without this "Lukaszenka" would not find "Łukaszenka".
var undecomposed = map[rune]string{
	'ł': "l", // Polish, Sorbian
	'đ': "d", // Croatian, Serbian Latin, Vietnamese
	'ð': "d", // Icelandic, Faroese
	'ø': "o", // Danish, Norwegian
	'ß': "ss",
	'æ': "ae",
	'œ': "oe",
	'þ': "th",
	'ħ': "h", // Maltese
	'ŧ': "t", // Sami
	'ŋ': "n", // Sami
	'ĸ': "k", // Greenlandic
	'ƀ': "b",
	'ɨ': "i",
	'ƚ': "l",
	'ƶ': "z",
	'ȥ': "z",
	'ɇ': "e",
	'ɉ': "j",
	'ƒ': "f",
	'ɍ': "r",
	'ɏ': "y",
	'ꝁ': "k",
}
