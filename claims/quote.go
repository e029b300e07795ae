package claims

import (
	"strings"
)

// Quote is the exact span of a document a claim comes from, as a W3C Web
// Annotation TextQuoteSelector plus TextPositionSelector. Offsets are
// Unicode code points of the document body, End exclusive.
type Quote struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// quoteContext is how many code points of prefix and suffix are kept: enough
// to find the quote again in a re-published copy of the article.
const quoteContext = 32

// Anchor finds q.Exact in body and returns the quote with Prefix, Suffix,
// Start and End filled in. A quote that is not in the body is EINVALID.
// When it occurs more than once, a Start that points at an occurrence, or a
// Prefix or Suffix that fits only one, chooses it; otherwise the quote is
// EINVALID with a message asking for one of them.
func (q Quote) Anchor(body string) (Quote, error) {
	runes := []rune(body)
	exact := []rune(q.Exact)
	var hits []int
	if len(exact) > 0 {
		for i := 0; i+len(exact) <= len(runes); i++ {
			if runes[i] == exact[0] && string(runes[i:i+len(exact)]) == q.Exact {
				hits = append(hits, i)
			}
		}
	}
	var p Problems
	switch {
	case len(exact) == 0:
		p.Add("quote.exact", "is required")
	case len(hits) == 0:
		p.Add("quote.exact", "is not in the document: copy it exactly, including punctuation")
	case len(hits) > 1:
		hits = narrowHits(runes, len(exact), hits, q)
		if len(hits) != 1 {
			p.Add("quote.exact", "appears more than once in the document: give its start offset or a few words before it (prefix)")
		}
	}
	if err := p.Err(); err != nil {
		return q, err
	}
	start := hits[0]
	end := start + len(exact)
	return Quote{
		Exact:  q.Exact,
		Prefix: string(runes[max(0, start-quoteContext):start]),
		Suffix: string(runes[end:min(len(runes), end+quoteContext)]),
		Start:  start,
		End:    end,
	}, nil
}

// narrowHits keeps the occurrences that the quote's Start, Prefix or Suffix
// single out.
func narrowHits(runes []rune, n int, hits []int, q Quote) []int {
	for _, h := range hits {
		if h == q.Start && q.End == h+n {
			return []int{h}
		}
	}
	for _, h := range hits {
		if h == q.Start && q.Start > 0 {
			return []int{h}
		}
	}
	keep := hits
	if q.Prefix != "" {
		keep = filterHits(keep, func(h int) bool { return strings.HasSuffix(string(runes[:h]), q.Prefix) })
	}
	if q.Suffix != "" {
		keep = filterHits(keep, func(h int) bool { return strings.HasPrefix(string(runes[h+n:]), q.Suffix) })
	}
	return keep
}

func filterHits(hits []int, ok func(int) bool) []int {
	var out []int
	for _, h := range hits {
		if ok(h) {
			out = append(out, h)
		}
	}
	return out
}
