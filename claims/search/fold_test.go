package search_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims/search"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Źródło", "zrodlo"},
		{"ŹRÓDŁO", "zrodlo"},
		{"Łukaszenka", "lukaszenka"},
		{"LUKASZENKA", "lukaszenka"},
		{"zażółć gęślą jaźń", "zazolc gesla jazn"},
		{"ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc gesla jazn"},
		{"chińsko-białoruskich", "chinsko-bialoruskich"},
		{"Straße STRASSE", "strasse strasse"},
		{"Đoković Ðorđe", "dokovic dorde"},
		{"Søren Ærø Œuvre", "soren aero oeuvre"},
		{"Þór Ðuna", "thor duna"},
		{"Iğdır İstanbul ıslak", "igdir istanbul islak"},
		{"Čapek Dvořák Šťastný", "capek dvorak stastny"},
		{"Ħamrun", "hamrun"},
		{"ﬁnanse", "finanse"},                  // ligature from a PDF
		{"ＣＨＩＮＹ", "chiny"},                     // full-width
		{"Z\u0301ro\u0301d\u0142o", "zrodlo"},  // decomposed (NFD) input
		{"archi\u00adtektura", "architektura"}, // soft hyphen
		{"Xi\u200bJinping", "xijinping"},       // zero-width space joins, as it shows
		{"Лукашенко ЛУКАШЕНКО", "лукашенко лукашенко"},
		{"Лукашэнка Ёлка Йошкар", "лукашэнка елка иошкар"},
		{"Σίσυφος ΣΊΣΥΦΟΣ", "σισυφοσ σισυφοσ"},
		{"„cudzysłów” – 16 dokumentów", "„cudzyslow” – 16 dokumentow"},
		{"already folded", "already folded"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := search.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldWithOffsetsSpan(t *testing.T) {
	tests := []struct {
		orig, find, want string
	}{
		{"Prezydent Łukaszenka zakończył", "lukaszenka", "Łukaszenka"},
		{"Źródło: ISW", "zrodlo", "Źródło"},
		{"Maße", "s", "ß"},                                       // half of an expansion marks all of it
		{"Die Straße", "strasse", "Straße"},                      // the whole expansion
		{"Z\u0301ro\u0301dlo x", "zrodlo", "Z\u0301ro\u0301dlo"}, // trailing marks come along
		{"ﬁnanse", "fi", "ﬁ"},
		{"ﬁnanse", "i", "ﬁ"},
		{"a\u00adb c", "ab", "a\u00adb"},
	}
	for _, tt := range tests {
		f := search.FoldWithOffsets(tt.orig)
		i := strings.Index(f.Text, tt.find)
		if i < 0 {
			t.Fatalf("%q not in Fold(%q) = %q", tt.find, tt.orig, f.Text)
		}
		s, e := f.Span(i, i+len(tt.find))
		if got := tt.orig[s:e]; got != tt.want {
			t.Errorf("Span of %q in %q = %q, want %q", tt.find, tt.orig, got, tt.want)
		}
	}
}

// FuzzFold checks what highlighting relies on: Fold and FoldWithOffsets
// agree, folding twice changes nothing, and every span maps to a range of
// the original that starts and ends on character boundaries.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Źródło", "Łukaszenka", "Straße", "ﬁ", "Z\u0301", "\xff\xfe", "ǅ", "ΐ", "Ꙋ", "\u0345", "ẞ", "İ", "ﷺ", "㍿", "ŉ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := search.Fold(s)
		fo := search.FoldWithOffsets(s)
		if fo.Text != folded {
			t.Fatalf("FoldWithOffsets(%q).Text = %q, Fold = %q", s, fo.Text, folded)
		}
		if again := search.Fold(folded); again != folded {
			t.Fatalf("Fold not idempotent on %q: %q then %q", s, folded, again)
		}
		// Character boundaries of s as Go decodes it: an invalid byte is
		// a character of its own.
		bounds := map[int]bool{len(s): true}
		for i := 0; i < len(s); {
			bounds[i] = true
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
		}
		for i := 0; i < len(folded); {
			_, n := utf8.DecodeRuneInString(folded[i:])
			st, en := fo.Span(i, i+n)
			if st < 0 || en > len(s) || st > en {
				t.Fatalf("Span(%d,%d) of %q = %d,%d", i, i+n, s, st, en)
			}
			if !bounds[st] || !bounds[en] {
				t.Fatalf("Span(%d,%d) of %q = %d,%d cuts a character", i, i+n, s, st, en)
			}
			i += n
		}
	})
}

// TestFoldEveryRune checks idempotence for every code point of the planes
// that have letters, marks or format characters (0 to 3 and 14), which
// the fuzzer would take long to reach one by one.
func TestFoldEveryRune(t *testing.T) {
	for r := rune(0); r < 0xF0000; r++ {
		if !utf8.ValidRune(r) || 0x40000 <= r && r < 0xE0000 {
			continue
		}
		s := string(r) + "A" + string(r)
		f := search.Fold(s)
		if again := search.Fold(f); again != f {
			t.Errorf("U+%04X: Fold = %q, Fold again = %q", r, f, again)
		}
	}
}
