package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/suggest"
	"github.com/gorilla/mux"
)

// readerParagraph is a paragraph of the reader page: the highlighted
// segments, cut again where suggested sentences begin and end.
type readerParagraph struct {
	Segments []readerSegment
}

// readerSegment is a segment and the suggestion it lies in, if any.
type readerSegment struct {
	segment
	Suggestion string // the suggestion's id
	First      bool   // the suggestion starts here (the #sg- anchor)
}

// suggestionView is one suggestion in the reader page's panel.
type suggestionView struct {
	suggest.Suggestion
	EditURL    string
	DismissURL string
	// Checked is a stored claim this suggestion matches (claim matching's
	// score at least checkedScore) that has a proposed or approved
	// verdict: "have we checked this before?" answered on the page.
	Checked *claims.SimilarClaim
}

// checkedScore is the similarity from which a suggestion is flagged as
// already checked: most of the claim's telling words shared, which a
// reworded or re-inflected repeat reaches and a claim that merely names
// the same person does not.
const checkedScore = 0.5

// The reader page looks up at most maxCheckedLookups suggestions, in
// document order, and stops when checkedBudget has passed: each lookup is
// a claim-matching query (a few milliseconds over a million claims), and a
// long article can suggest a hundred sentences. The rest are left
// unflagged.
const (
	maxCheckedLookups = 40
	checkedBudget     = 300 * time.Millisecond
)

// flagChecked sets Checked on the suggestions that match a claim with a
// current verdict, within the limits above. A failed lookup leaves the
// page unflagged rather than failing it: the flag is a hint.
func (s *Server) flagChecked(ctx context.Context, sugs []suggestionView) {
	ctx, cancel := context.WithTimeout(ctx, checkedBudget)
	defer cancel()
	for i := range sugs[:min(len(sugs), maxCheckedLookups)] {
		if ctx.Err() != nil {
			return
		}
		sims, err := s.store.FindSimilarClaims(ctx, sugs[i].Text, 3)
		if err != nil {
			return
		}
		for _, sc := range sims {
			if sc.Score >= checkedScore && sc.Verdict != nil &&
				(sc.Verdict.State == claims.VerdictProposed || sc.Verdict.State == claims.VerdictApproved) {
				sugs[i].Checked = sc
				break
			}
		}
	}
}

// markSuggestions cuts the highlighted paragraphs of d at the suggestions.
func markSuggestions(d *claims.Document, paras []docParagraph, sugs []suggestionView) []readerParagraph {
	docParas := d.Paragraphs()
	out := make([]readerParagraph, len(paras))
	for pi, p := range paras {
		pos := docParas[pi].Start
		for _, seg := range p.Segments {
			runes := []rune(seg.Text)
			start, end := pos, pos+len(runes)
			cuts := []int{start, end}
			for _, sg := range sugs {
				for _, x := range []int{sg.Quote.Start, sg.Quote.End} {
					if x > start && x < end {
						cuts = append(cuts, x)
					}
				}
			}
			slices.Sort(cuts)
			cuts = slices.Compact(cuts)
			for i := 0; i+1 < len(cuts); i++ {
				a, b := cuts[i], cuts[i+1]
				rs := readerSegment{segment: seg}
				rs.Text = string(runes[a-start : b-start])
				if a != start {
					rs.Anchor = ""
				}
				for _, sg := range sugs {
					if sg.Quote.Start <= a && b <= sg.Quote.End {
						rs.Suggestion, rs.First = sg.ID, sg.Quote.Start == a
					}
				}
				out[pi].Segments = append(out[pi].Segments, rs)
			}
			pos = end
		}
	}
	return out
}

// suggestionViews prepares the open, undismissed suggestions for the page.
func suggestionViews(r *http.Request, docID string, sugs []suggest.Suggestion, gone map[string]bool) []suggestionView {
	var out []suggestionView
	for _, sg := range sugs {
		if gone[sg.ID] {
			continue
		}
		out = append(out, suggestionView{Suggestion: sg, EditURL: editClaimURL(docID, sg), DismissURL: dismissURL(r, gone, sg.ID)})
	}
	return out
}

// editClaimURL opens the new-claim form filled in from a suggestion.
// Proposed (new) sources cannot be prefilled: the form picks stored ones.
func editClaimURL(docID string, sg suggest.Suggestion) string {
	q := url.Values{"document_id": {docID}, "text": {sg.Text}, "kind": {string(sg.Kind)},
		"quote": {sg.Quote.Exact}, "quote_start": {strconv.Itoa(sg.Quote.Start)}}
	if !sg.Source.New {
		q.Set("source_id", sg.Source.ID)
	}
	for _, h := range sg.Provenance {
		if !h.Source.New {
			q.Add("hop_source", h.Source.ID)
			q.Add("hop_role", string(h.Role))
		}
	}
	return "/claims/new?" + q.Encode()
}

// dismissURL is the reader page with one more suggestion dismissed.
func dismissURL(r *http.Request, gone map[string]bool, id string) string {
	return "/documents/" + mux.Vars(r)["id"] + "?dismiss=" + url.QueryEscape(dismissList(gone, id)) + "#suggestions"
}

// dismissList joins the dismissed ids (and extra) in a stable order.
func dismissList(gone map[string]bool, extra ...string) string {
	ids := extra
	for id := range gone {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return strings.Join(slices.Compact(ids), ",")
}

// handleSuggestionAccept accepts one suggestion (field id), several, or all
// the undismissed ones (all=1), then goes back to the reader page.
func (s *Server) handleSuggestionAccept(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	p := r.PostForm
	docID := mux.Vars(r)["id"]
	in := acceptInput{IDs: p["id"], All: p.Get("all") == "1", CreateSources: p.Get("create_sources") == "1"}
	gone := map[string]bool{}
	for id := range strings.SplitSeq(p.Get("dismiss"), ",") {
		if id != "" {
			gone[id] = true
			in.Except = append(in.Except, id)
		}
	}
	cs, err := s.acceptSuggestions(r.Context(), userFrom(r.Context()).Actor(), docID, in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	to := "/documents/" + docID
	if len(gone) > 0 {
		to += "?dismiss=" + url.QueryEscape(dismissList(gone))
	}
	if len(cs) == 1 {
		to += fmt.Sprintf("#q-%s", cs[0].ID)
	} else {
		to += "#suggestions"
	}
	seeOther(w, r, to)
}
