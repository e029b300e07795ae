package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word or a punctuation mark of a sentence. Start and End are
// code-point offsets in the sentence.
type token struct {
	text       string
	start, end int
	word       bool
	lower      string // lower case, diacritics folded
	key        string // lower with Polish and English inflection stripped
	upper      bool   // starts with a capital
	acronym    bool   // two or more capitals and no lower case: ISW, NATO
	quoted     bool   // inside a quotation
}

// tokenize splits a sentence into words and punctuation marks. A word
// keeps inner hyphens, apostrophes and dots (chińsko-białoruskich, Xi's,
// U.S.); dashes and quotes are tokens of their own.
func tokenize(s string) []token { return tokenizeCached(s, nil) }

// wordInfo is what newWord works out about a word, cached per analysis
// because articles repeat their words.
type wordInfo struct {
	lower, key     string
	upper, acronym bool
}

// tokenizeCached is tokenize with a cache of word facts (nil for none).
// Words are slices of s, not copies: an article repeats its words, and a
// 100 KB one has some twenty thousand of them.
func tokenizeCached(s string, cache map[string]wordInfo) []token {
	runes := []rune(s)
	mask := quoteMask(runes)
	out := make([]token, 0, len(runes)/5+1)
	b := 0 // the byte offset of runes[i] in s
	for i := 0; i < len(runes); {
		r := runes[i]
		switch {
		case unicode.IsSpace(r):
			b += utf8.RuneLen(r)
			i++
			continue
		case isWordRune(r):
			j, e := i+1, b+utf8.RuneLen(r)
			for j < len(runes) && (isWordRune(runes[j]) || strings.ContainsRune("-'’.", runes[j]) && j+1 < len(runes) && isWordRune(runes[j+1])) {
				e += utf8.RuneLen(runes[j])
				j++
			}
			w := s[b:e]
			info, ok := cache[w]
			if !ok {
				info = newWordInfo(w)
				if cache != nil {
					cache[w] = info
				}
			}
			out = append(out, token{text: w, start: i, end: j, word: true, quoted: mask[i], lower: info.lower, key: info.key, upper: info.upper, acronym: info.acronym})
			i, b = j, e
		default:
			n := utf8.RuneLen(r)
			out = append(out, token{text: s[b : b+n], start: i, end: i + 1, quoted: mask[i]})
			i, b = i+1, b+n
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func newWordInfo(w string) wordInfo {
	var t wordInfo
	t.lower = fold(w)
	t.key = stem(t.lower)
	rs := []rune(w)
	t.upper = unicode.IsUpper(rs[0])
	caps := 0
	for _, r := range rs {
		if unicode.IsUpper(r) {
			caps++
		} else if unicode.IsLower(r) {
			caps = -100
		}
	}
	t.acronym = caps >= 2
	return t
}

// folder lowers and strips the diacritics of Polish and other Latin
// letters; ł has no Unicode decomposition, so it is listed.
var folder = strings.NewReplacer(
	"ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z",
	"á", "a", "à", "a", "â", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "ë", "e", "í", "i", "î", "i", "ï", "i",
	"ô", "o", "ö", "o", "ú", "u", "ü", "u", "û", "u", "ç", "c", "č", "c", "š", "s", "ž", "z", "ř", "r", "ý", "y", "ñ", "n",
	"’", "'",
)

func fold(s string) string { return folder.Replace(strings.ToLower(s)) }

// endings are Polish case and number endings (folded), longest first, and
// the English possessive. Stripping them maps the forms of one name to
// one key: Łukaszenka, Łukaszenki, Łukaszence, Łukaszenkę → lukaszenk;
// Jinping, Jinpingiem → jinping; kancelaria, kancelarii → kancelar.
var endings = []string{"'s", "owie", "iami", "iach", "ami", "ach", "owi", "iem", "ego", "emu", "ich", "ych", "imi", "ymi", "iej",
	"ej", "ia", "ie", "ii", "ji", "ja", "je", "om", "ow", "em", "im", "ym", "a", "e", "i", "y", "o", "u"}

// stem strips one inflectional ending from a folded word, keeping at least
// three letters, and undoes the consonant changes before -e (Łukaszence →
// lukaszenk, Polsce → polsk, Pradze → prag). A hyphenated suffix after an
// acronym (ISW-u, NATO-wski) goes too.
func stem(w string) string {
	if i := strings.IndexAny(w, "-"); i >= 2 {
		if rest := w[i+1:]; len(rest) <= 4 {
			w = w[:i]
		}
	}
	w = strings.TrimSuffix(w, "'")
	rs := []rune(w)
	if len(rs) < 4 {
		return w
	}
	ending := ""
	for _, e := range endings {
		if strings.HasSuffix(w, e) && len(rs)-len([]rune(e)) >= 3 {
			w, ending = strings.TrimSuffix(w, e), e
			break
		}
	}
	switch {
	case ending != "e":
	case strings.HasSuffix(w, "dz"):
		w = strings.TrimSuffix(w, "dz") + "g"
	case strings.HasSuffix(w, "rz"):
		w = strings.TrimSuffix(w, "rz") + "r"
	case strings.HasSuffix(w, "c") && !strings.HasSuffix(w, "ic"):
		w = strings.TrimSuffix(w, "c") + "k"
	}
	return w
}

// sameKey reports whether two stems are forms of one word: equal, or one a
// prefix of the other by at most two letters when both are long enough
// that this is not chance (Lukaszenk / Lukaszenko).
func sameKey(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 5 && len(b)-len(a) <= 2 && strings.HasPrefix(b, a)
}
