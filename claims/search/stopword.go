package search

// stopwords are folded Polish and English function words. A query drops
// them when it has other words: requiring "w" or "the" in every match adds
// nothing but a long posting list to walk. Similarity ignores them, so that
// "w Chinach" and "do Chin" are compared on "Chin". They stay in the index,
// so a quoted phrase "w Chinach" still matches exactly.
var stopwords = setOf(
	// Polish (folded: ą→a, ę→e, ó→o, ł→l, ż→z…).
	"a", "aby", "ale", "az", "bo", "by", "byc", "byl", "byla", "bylo", "byli", "byly",
	"co", "czy", "dla", "do", "gdy", "go", "i", "ich", "ja", "jak", "jako", "je",
	"jego", "jej", "jest", "juz", "ktora", "ktore", "ktorego", "ktorej", "ktory",
	"ktorych", "ktorym", "ktorzy", "lub", "ma", "mu", "na", "nad", "nie", "o", "od",
	"oraz", "po", "pod", "przed", "przez", "przy", "sa", "sie", "ta", "tak", "te",
	"tego", "tej", "ten", "to", "tu", "tym", "tylko", "u", "w", "we", "z", "za", "ze",
	// English.
	"an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had",
	"has", "have", "he", "her", "his", "in", "is", "it", "its", "not", "of", "on",
	"or", "s", "she", "that", "the", "their", "they", "this", "to", "was", "were",
	"which", "who", "will", "with",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
