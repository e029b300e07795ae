// Package search is the text layer of claim search and claim matching: how
// text is folded, split into words, stemmed, queried and compared, with no
// database and no HTTP. A store builds its full-text index and its queries
// from it; the web layer builds highlights and snippets from it.
//
// # Index
//
// Every indexed text is stored in two FTS5 columns (see Columns): folded,
// the text case-folded and without diacritics, ł and the other letters
// Unicode does not decompose included (see Fold); and stems, the stem of
// each of its words (see Stem). Folding happens here rather than in the
// tokenizer because SQLite's remove_diacritics leaves ł alone, so
// "Lukaszenka" would not find "Łukaszenka". The table's tokenizer is
// unicode61 with remove_diacritics 0; it only has to split folded text, and
// Tokens splits it the same way, so word positions, phrase matches and
// highlights agree. The table can be contentless, since
// snippets are cut from the original text, not from the index.
//
// # Queries
//
// ParseQuery reads a search box: words (ANDed), "quoted phrases" and
// prefixes (architektur*). Everything else a user types is text, so
// Query.FTS5 is always a valid MATCH expression. A plain word matches any
// form of itself through the stems column, and its exact form ranks higher
// through the folded column. Query.MatchFTS5 matches the same rows with
// fewer phrases, for finding rather than ranking; Query.Match tests a
// text by the same rules without the index; Query.ExpandPrefixes turns a
// prefix into the indexed words it stands for. Highlight applies the same rules to the
// original text and returns byte spans of it; Segments and Snippet turn
// them into pieces a template escapes, so marks land on the original
// characters ("Łukaszenka", not "lukaszenka") and no markup is built from
// user text.
//
// # Claim matching
//
// "Have we checked this before?" is answered in two steps: the index is
// asked for candidates sharing the text's rarest stems (SimilarTerms lists
// them; a store knows how many rows hold each and ANDs the rarest with
// TermsQuery, falling back to an OR of the two rarest; SimilarQuery is the
// version for an index without counts), and Score re-ranks them by how
// much of the claim they share (see NewSignature).
//
// Why a stemmer and trigrams, both: Polish inflects nearly every word,
// so "wizytę w Chinach" and "wizyta do Chin" share no word as written. A
// light suffix-stripping stemmer joins most forms (Chin, Chiny, Chinach →
// "chin"), is predictable, costs one more column of short words to index
// and is searched with the same FTS5 index. Trigram
// similarity alone would need a trigram index (FTS5's trigram tokenizer)
// several times the size of the text, and it has no notion of a word: it
// rewards long words that share letters as much as words that share a
// meaning. But a light stemmer misses the consonant changes of Polish
// declension (Łukaszenka → Łukaszence, wizyta → wizycie), so Score adds
// the overlap of the words' character trigrams with a smaller weight. It
// needs no index: it is computed on the few hundred candidates the stems
// found. Names and numbers weigh double, because they are what makes one
// claim differ from another that shares its verbs.
package search
