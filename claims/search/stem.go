package search

import "strings"

// minStem is the shortest stem a suffix may leave, in letters. Shorter
// stems would merge unrelated short words ("dom", "do", "da").
const minStem = 3

// Stem returns the stem of a folded token (see Tokens): its inflectional
// ending removed, so that the forms of one word meet. It is a light
// stemmer, not a dictionary: it strips endings and does not undo the
// consonant changes Polish makes before some of them, so "Chinach",
// "Chiny" and "Chin" all give "chin", "Łukaszenki" and "Łukaszenka" give
// "lukaszenk", "zakończył" and "zakończyła" give "zakonczyl", but
// "Łukaszence" gives "lukaszenc" and "wizycie" gives "wizyc". Similarity
// (Score) covers those with character trigrams; search covers them with
// prefixes.
//
// One stemmer serves both languages, because the language of a query is
// not known and a claim's text, quote and rationale may be in different
// languages. Polish endings are tried between two passes of a minimal
// English stemmer (-s, -es, -ies, -ed, -ing): the first brings an English
// word to its base ("policies" → "policy", "agreed" → "agree"), Polish
// then drops the vowel that ends many English bases as it does Polish
// ones ("policy" → "polic", "make" → "mak"), and the second catches a
// Polish ending on an English loan ("Jinpingiem" → "jinping" → "jinp",
// the same as "Jinping"). The order matters only for consistency: every
// form of a word must reach the same stem, whatever that stem looks like.
//
// Tokens with digits or with letters outside ASCII after folding
// (Cyrillic, Greek, CJK) are returned as they are.
func Stem(tok string) string {
	if len(tok) <= minStem || !stemmable(tok) {
		return tok
	}
	s := stemEnglish(tok)
	s = stemPolish(s)
	return stemEnglish(s)
}

// stemmable reports whether t is all lowercase ASCII letters.
func stemmable(t string) bool {
	for i := 0; i < len(t); i++ {
		if c := t[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// polishEndings are the inflectional endings of Polish nouns, adjectives
// and verbs as they look after folding (ą is a, ę is e, ó is o, ł is l),
// longest first so that "-ach" wins over "-h"-less "-a". Endings of the
// first and second person and of the infinitive (other than -ować) are
// left out: news claims are in the third person, and "-ecie", "-emy" or
// "-ic" would cut nouns ("problemy", "granic").
var polishEndings = []string{
	"owala", "owali", "owaly", "owalo", "ujemy",
	"owal", "owac", "owie", "iach", "iami", "iego", "iemu",
	"ami", "ach", "owi", "iem", "ych", "ich", "ymi", "imi", "ego", "emu", "iej", "uje", "uja", "iom",
	"om", "ow", "em", "ie", "ej", "ym", "im", "ia", "iu", "ii",
	"a", "e", "i", "o", "u", "y",
}

// endingsByLast groups polishEndings by their last letter, longest first,
// so that a word is tested against the few endings it can have.
var endingsByLast = func() (t [256][]string) {
	for _, e := range polishEndings {
		t[e[len(e)-1]] = append(t[e[len(e)-1]], e)
	}
	return t
}()

// keepEnding lists words whose nominative ends like an inflection; without
// it "problem" would become "probl" while "problemy" became "problem".
var keepEnding = map[string]bool{
	"problem": true, "system": true, "tandem": true, "totem": true, "modem": true,
	"poem": true, "item": true, "golem": true, "harem": true, "idiom": true,
	"atom": true, "syndrom": true, "rezim": true,
}

// stemPolish strips the longest Polish ending that leaves at least minStem
// letters. After a case ending it also strips "-ow-", the adjective and
// toponym suffix, so that "Kraków", "Krakowa", "Krakowie" and "Krakowem"
// meet ("krak"), as do "wojsko" and "wojskowy".
func stemPolish(s string) string {
	if s == "" || keepEnding[s] {
		return s
	}
	for _, e := range endingsByLast[s[len(s)-1]] {
		if len(s)-len(e) >= minStem && strings.HasSuffix(s, e) {
			s = s[:len(s)-len(e)]
			if len(s)-2 >= minStem && strings.HasSuffix(s, "ow") {
				s = s[:len(s)-2]
			}
			return s
		}
	}
	return s
}

// stemEnglish removes an English plural or -ed/-ing, after Harman's
// S-stemmer and Porter's step 1. Final -e is not restored after -ed and
// -ing: the Polish step drops it from the base form instead.
func stemEnglish(s string) string {
	n := len(s)
	switch {
	case strings.HasSuffix(s, "ies") && n-3 >= minStem-1:
		return s[:n-3] + "y"
	case strings.HasSuffix(s, "ees"):
		return s[:n-1]
	case strings.HasSuffix(s, "es") && n-2 >= minStem:
		return s[:n-2]
	case strings.HasSuffix(s, "s") && n-1 >= minStem && !strings.ContainsRune("siu", rune(s[n-2])):
		return s[:n-1]
	case strings.HasSuffix(s, "eed") && n-1 >= minStem+1:
		return s[:n-1]
	case strings.HasSuffix(s, "ed") && n-2 >= minStem && hasVowel(s[:n-2]):
		return undouble(s[:n-2])
	case strings.HasSuffix(s, "ing") && n-3 >= minStem && hasVowel(s[:n-3]):
		return undouble(s[:n-3])
	}
	return s
}

// undouble turns "stopp" (from "stopped") into "stop"; l, s and z stay
// doubled as in "fall", "pass", "buzz".
func undouble(s string) string {
	n := len(s)
	if n >= 2 && s[n-1] == s[n-2] && !strings.ContainsRune("aeiouylsz", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}

func hasVowel(s string) bool {
	return strings.ContainsAny(s, "aeiouy")
}
