package search

// Match reports whether text holds every term of q, by the rules of the
// FTS5 expression (see Query.FTS5 and Highlight): a plain word in any
// form with its stem, a quoted phrase as written, a prefix as the start
// of a word, all after folding. A store uses it to test rows it has read
// anyway against a query instead of asking the index about each row,
// which costs FTS5 a seek in every segment of every phrase. An empty
// query matches nothing, as it finds nothing in the index.
func (q Query) Match(text string) bool {
	if q.Empty() {
		return false
	}
	toks := Tokens(text)
	stems := make([]string, len(toks))
	for _, t := range q.terms {
		found := false
		for i := 0; !found && i+len(t.Words) <= len(toks); i++ {
			found = matchAt(toks[i:i+len(t.Words)], t, func(j int) string {
				if stems[i+j] == "" {
					stems[i+j] = Stem(toks[i+j].Text)
				}
				return stems[i+j]
			})
		}
		if !found {
			return false
		}
	}
	return true
}
