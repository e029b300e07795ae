package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// snippetWidth is about how many bytes of a search result are shown.
const snippetWidth = 220

// segmentJSON is a piece of a snippet in the API: text, and whether it
// matched. Clients mark it themselves; the API sends no HTML.
type segmentJSON struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

func segmentsJSON(segs []search.Segment) []segmentJSON {
	out := make([]segmentJSON, len(segs))
	for i, s := range segs {
		out[i] = segmentJSON{s.Text, s.Mark}
	}
	return out
}

// claimSnippet returns where in the claim q matched (text, quote, tags,
// source; verdict when none of those, since the index also holds the
// rationales) and a snippet of that field with the matches marked. Where
// the match is not in the text, the text is still what is shown, unmarked,
// after the field that matched.
func claimSnippet(c *claims.Claim, q search.Query) (field string, segs []search.Segment) {
	if spans := search.Highlight(c.Text, q); len(spans) > 0 {
		return "text", search.Snippet(c.Text, spans, snippetWidth)
	}
	others := []struct{ field, text string }{{"tags", strings.Join(c.Tags, ", ")}}
	if c.Quote != nil {
		others = append([]struct{ field, text string }{{"quote", c.Quote.Exact}}, others...)
	}
	if c.Source != nil {
		others = append(others, struct{ field, text string }{"source", strings.Join(append([]string{c.Source.Name}, c.Source.Aliases...), ", ")})
	}
	for _, o := range others {
		if spans := search.Highlight(o.text, q); len(spans) > 0 {
			return o.field, search.Snippet(o.text, spans, snippetWidth)
		}
	}
	return "verdict", search.Snippet(c.Text, nil, snippetWidth)
}

// claimHit is a claim in the API's search results: the claim, where the
// search matched it and a snippet of that field.
type claimHit struct {
	*claims.Claim
	MatchedIn string        `json:"matched_in"`
	Snippet   []segmentJSON `json:"snippet"`
}

// documentHit is a document in the API's search results, without its
// body but with a snippet of it (or of the title, where the body has no
// match).
type documentHit struct {
	*claims.Document
	Snippet []segmentJSON `json:"snippet"`
}

func documentSnippet(d *claims.Document, q search.Query) []search.Segment {
	if spans := search.Highlight(d.Body, q); len(spans) > 0 || search.Highlight(d.Title, q) == nil {
		return search.Snippet(d.Body, spans, snippetWidth)
	}
	return search.Snippet(d.Title, search.Highlight(d.Title, q), snippetWidth)
}

// similarLimit is how many similar claims are shown by default.
const similarLimit = 5

// handleAPIClaimSimilar answers "have we checked this before?": the
// claims closest to ?text=, best first, with their scores and current
// verdicts.
func (s *Server) handleAPIClaimSimilar(w http.ResponseWriter, r *http.Request) {
	text := r.URL.Query().Get("text")
	if len(text) > claims.MaxShortText*4 {
		s.error(w, r, &claims.Error{Code: claims.EINVALID, Message: "The text is too long to compare.",
			Fields: []claims.FieldError{{Field: "text", Message: "is too long"}}})
		return
	}
	limit := similarLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > claims.MaxPageSize {
			s.error(w, r, &claims.Error{Code: claims.EINVALID, Message: "limit must be a number from 1 to 100.",
				Fields: []claims.FieldError{{Field: "limit", Message: "must be a number from 1 to 100"}}})
			return
		}
		limit = n
	}
	items, err := s.store.FindSimilarClaims(r.Context(), text, limit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[*claims.SimilarClaim]{Items: items})
}

// claimHits returns the search snippets of a page of results.
func claimHits(items []*claims.Claim, q search.Query) map[string]claimHitView {
	hits := make(map[string]claimHitView, len(items))
	for _, c := range items {
		field, segs := claimSnippet(c, q)
		h := claimHitView{Text: segs}
		if field != "text" {
			h.MatchedIn = field
			h.Text = search.Snippet(c.Text, nil, snippetWidth)
			if field != "verdict" {
				h.Field = segs
			}
		}
		hits[c.ID] = h
	}
	return hits
}

// similarItem is a similar claim as the claim form lists it.
type similarItem struct {
	*claims.SimilarClaim
	Percent int
}

// checkSimilar handles the claim form's "Check for similar claims"
// button, which submits the form without JavaScript: it shows the form
// again, as typed, with the claims closest to its text, and saves
// nothing. It reports whether the request was that.
func (s *Server) checkSimilar(w http.ResponseWriter, r *http.Request, f *claimForm) bool {
	if r.PostForm.Get("check_similar") == "" {
		return false
	}
	found, err := s.store.FindSimilarClaims(r.Context(), f.Text, similarLimit+1)
	if err != nil {
		s.error(w, r, err)
		return true
	}
	f.SimilarChecked = true
	for _, sc := range found {
		if sc.Claim.ID != f.ID && len(f.Similar) < similarLimit {
			f.Similar = append(f.Similar, similarItem{sc, int(sc.Score*100 + 0.5)})
		}
	}
	f.Hops = addSpareHops(f.provenanceRows())
	s.renderClaimForm(w, r, http.StatusOK, f)
	return true
}
