package search

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Weights of the two halves of Score. Stems carry the meaning: the same
// words in any inflection. Trigrams catch what a light stemmer misses —
// "Łukaszence" against "Łukaszenka", "wizycie" against "wizytę", a typo —
// but they also reward sharing common letters, so they only tip the
// balance.
const (
	stemWeight  = 0.7
	gramWeight  = 0.3
	entityBoost = 2 // weight of a capitalised word or a number
)

// Signature is the compact form of a text that Score compares: its
// content stems, each weighted, and the character trigrams of its content
// words. It holds hashes, not text, and is cheap to keep for hundreds of
// candidates.
type Signature struct {
	stems []weightedStem // sorted by hash, one per stem
	grams []uint32       // sorted, unique
	total float64        // sum of the stem weights
}

type weightedStem struct {
	hash   uint64
	weight float64
}

// NewSignature returns the signature of text. Stop words are left out.
// Words that start with a capital letter, and numbers, weigh double:
// names of people, places and bodies, and figures, are what tell one claim
// from another ("Łukaszenka ended a visit to China" is not the claim
// "Łukaszenka ended a visit to Moscow", though they share more words than
// it shares with "Łukaszenka ended his trip to China"). A capitalised
// first word of a sentence is weighed as a name too; it is usually one.
// In a text without a lowercase word, capitals mean nothing and only
// numbers weigh double.
func NewSignature(text string) Signature {
	words := contentWords(text)
	stems := make([]weightedStem, 0, len(words))
	grams := make([]uint32, 0, 8*len(words))
	for _, w := range words {
		stems = append(stems, weightedStem{hash64(w.stem), w.weight})
		grams = appendTrigrams(grams, w.word)
	}
	slices.SortFunc(stems, func(a, b weightedStem) int {
		if c := cmp.Compare(a.hash, b.hash); c != 0 {
			return c
		}
		return cmp.Compare(b.weight, a.weight) // the heavier of a repeat first
	})
	stems = slices.CompactFunc(stems, func(a, b weightedStem) bool { return a.hash == b.hash })
	var total float64
	for _, s := range stems {
		total += s.weight
	}
	slices.Sort(grams)
	return Signature{stems: stems, grams: slices.Compact(grams), total: total}
}

// Score returns how alike two texts are, from 0 (nothing in common) to 1
// (the same content words): a weighted Dice coefficient over their stems,
// blended with the Dice coefficient over the trigrams of their words. It
// is symmetric.
func Score(a, b Signature) float64 {
	if a.total == 0 || b.total == 0 {
		return 0
	}
	// A stem both texts have weighs, in both, the more either gives it:
	// the same words capitalised differently are still the same words.
	shared, ta, tb := 0.0, a.total, b.total
	for i, j := 0, 0; i < len(a.stems) && j < len(b.stems); {
		switch x, y := a.stems[i], b.stems[j]; {
		case x.hash < y.hash:
			i++
		case x.hash > y.hash:
			j++
		default:
			w := max(x.weight, y.weight)
			shared += w
			ta += w - x.weight
			tb += w - y.weight
			i++
			j++
		}
	}
	stems := 2 * shared / (ta + tb)
	var common int
	for i, j := 0, 0; i < len(a.grams) && j < len(b.grams); {
		switch {
		case a.grams[i] < b.grams[j]:
			i++
		case a.grams[i] > b.grams[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	grams := 2 * float64(common) / float64(len(a.grams)+len(b.grams))
	return stemWeight*stems + gramWeight*grams
}

// appendTrigrams appends the hashes of the three-letter windows of a
// folded word padded with a space on each side, so that beginnings and
// endings count: " wi", "wiz", …, "te ".
func appendTrigrams(dst []uint32, word string) []uint32 {
	var rs [64]rune
	p := append(rs[:0], ' ')
	for _, r := range word {
		p = append(p, r)
	}
	p = append(p, ' ')
	for i := 0; i+3 <= len(p); i++ {
		h := uint32(2166136261)
		for _, r := range p[i : i+3] {
			h = (h ^ uint32(r)) * 16777619
		}
		dst = append(dst, h)
	}
	return dst
}

// hash64 is FNV-1a, inline so that hashing a stem does not allocate.
func hash64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// contentWord is a word that counts for similarity.
type contentWord struct {
	word, stem string
	weight     float64
}

// contentWords returns the words of text that are not stop words or single
// letters, in order, weighted as NewSignature says. When every word is
// capitalised (a headline in Title Case or in capitals) capitals tell
// nothing, and only numbers weigh more.
func contentWords(text string) []contentWord {
	var out []contentWord
	lower := false
	for _, tok := range Tokens(text) {
		if stopwords[tok.Text] || utf8.RuneCountInString(tok.Text) < 2 && !isDigit(tok.Text[0]) {
			continue
		}
		w := 1.0
		r, _ := utf8.DecodeRuneInString(text[tok.Start:])
		switch {
		case unicode.IsDigit(r):
			w = entityBoost
		case unicode.IsUpper(r):
			w = -entityBoost // decided below
		default:
			lower = true
		}
		out = append(out, contentWord{tok.Text, Stem(tok.Text), w})
	}
	for i := range out {
		if out[i].weight < 0 {
			out[i].weight = 1
			if lower {
				out[i].weight = entityBoost
			}
		}
	}
	return out
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
