package article

import (
	"strings"
	"unicode"
)

var (
	polishStopwords  = setOf("i w na się że nie jest do z o to jak po od za przez oraz czy ale także już który która które są był była")
	englishStopwords = setOf("the and of to is in that it was for on are with as by this from be at have has not which")
)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// languageSample is how many bytes of a text DetectLanguage reads.
const languageSample = 16 << 10

// DetectLanguage guesses whether text is Polish ("pl") or English ("en")
// from stopwords and Polish letters, and returns "" when it cannot tell.
// It is good for nothing more than pre-filling a form.
func DetectLanguage(text string) string {
	// The first pages tell as well as the whole article, for less.
	if len(text) > languageSample {
		cut := strings.LastIndexAny(text[:languageSample], " \n")
		text = text[:max(cut, 0)]
	}
	var pl, en int
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if polishStopwords[w] {
			pl++
		}
		if englishStopwords[w] {
			en++
		}
		if strings.ContainsAny(w, "ąćęłńóśźż") {
			pl++
		}
	}
	switch {
	case pl+en < 2:
		return ""
	case pl > 2*en:
		return "pl"
	case en > 2*pl:
		return "en"
	}
	return ""
}
