package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
	"github.com/gorilla/mux"
)

// claimListPage is the filterable table of claims. The filter is a GET
// form, so a filtered list is a link that can be shared.
type claimListPage struct {
	layout
	Filter     claims.ClaimFilter
	Source     pickerField
	Document   pickerField
	Table      claimTable
	NextURL    string
	Filtered   bool
	Unresolved bool // a typed source or document matched none or several: no table
}

func (s *Server) handleClaimList(w http.ResponseWriter, r *http.Request) {
	f, err := claimFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The source and document are pickers (see picker.go): the filter
	// sends an id, a typed name, or both.
	q := r.URL.Query()
	src, err := s.resolveSource(r, picked(q, "source_id", "source_name"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	doc, err := s.resolveDocument(r, picked(q, "document_id", "document_title"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.SourceID, f.DocumentID = src.ID, doc.ID
	p := &claimListPage{layout: s.layout(r, "Claims"), Filter: f,
		Source: pickerField{picker: src, Kind: "source", InputID: "f-source", TextName: "source_name", IDName: "source_id",
			Placeholder: s.t(r, "Type a name")},
		Document: pickerField{picker: doc, Kind: "document", InputID: "f-document", TextName: "document_title", IDName: "document_id",
			Placeholder: s.t(r, "Type a title")},
	}
	p.Filtered = f.Status != "" || f.Kind != "" || f.SourceID != "" || f.DocumentID != "" || f.Assignee != "" || f.Q != "" ||
		!f.From.IsZero() || !f.To.IsZero() || src.Error != "" || doc.Error != ""
	if src.Error != "" || doc.Error != "" {
		p.Unresolved = true
		s.render(w, r, http.StatusUnprocessableEntity, "claim_list.html", p)
		return
	}
	items, next, err := s.store.FindClaims(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Table = claimTable{Claims: items, ShowDocument: true, Empty: "No claims match."}
	if strings.TrimSpace(f.Q) != "" {
		p.Table.Hits = claimHits(items, search.ParseQuery(f.Q))
	}
	if !p.Filtered {
		p.Table.Empty = "No claims yet."
	}
	if next != "" {
		p.NextURL = withQuery(r, "cursor", next)
	}
	s.render(w, r, http.StatusOK, "claim_list.html", p)
}

// claimPage shows one claim: its quote in place, its provenance chain,
// its verdicts and its history. Checkers get the verdict form, editors the
// approve and reject buttons.
type claimPage struct {
	layout
	Claim        *claims.Claim
	Document     *claims.Document
	Quote        []quoteParagraph
	AssigneeName string
	Verdicts     []verdictCard
	Disputes     []verdictCard // the disagreeing proposals, side by side for editors
	CanPropose   bool
	CanReopen    bool
	VerdictForm  verdictForm
	Comments     []*claims.Comment
	Checkers     []*claims.User    // whom an editor can assign the claim to
	FormError    map[string]string // by form (reopen, comment, assign): why it failed
	Typed        map[string]string // by form: what was typed, kept after an error
	History      []historyItem
	Hops         []hopView
	Queue        *queueNav // the queue the claim was opened from, if any

	// The verdict form's choices with their names in the page's language,
	// named here rather than by the template, which would spend a chain
	// of comparisons on every option.
	Attributions []nameOption
	Ratings      []nameOption
}

// nameOption is a choice of a form with its name.
type nameOption struct {
	Value, Name string
}

// hopView is a provenance hop with its role's name and its date parsed,
// to show per locale.
type hopView struct {
	claims.Hop
	RoleName string
	Day      *time.Time
}

// queueNav links the claim page back into the queue it was opened from:
// the claims before and after it, in the queue's order.
type queueNav struct {
	Name             string
	URL              string
	PrevURL, NextURL string
	Query            string // "?queue=…", which the page's verdict form posts with, so that its answer stays in the queue
}

// verdictCard is a verdict as shown on the claim page, with what the
// signed-in user may do with it.
type verdictCard struct {
	*claims.Verdict
	CanDecide   bool
	CanWithdraw bool
	Typed       string // a rejection reason being typed, kept after an error
	Error       string // why the last approve or reject failed
}

func (s *Server) handleClaimView(w http.ResponseWriter, r *http.Request) {
	p, err := s.claimPage(r, mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "claim.html", p)
}

// claimPage loads everything the claim page shows.
func (s *Server) claimPage(r *http.Request, id string) (*claimPage, error) {
	ctx := r.Context()
	c, err := s.store.FindClaimByID(ctx, id)
	if err != nil {
		return nil, err
	}
	u := userFrom(ctx)
	p := &claimPage{layout: s.layout(r, "Claim"), Claim: c}
	if c.DocumentID != "" {
		if p.Document, err = s.store.FindDocumentByID(ctx, c.DocumentID); err != nil {
			return nil, err
		}
		if c.Quote != nil {
			p.Quote = quoteInPlace(p.Document, c.Quote)
		}
	}
	if c.Assignee != "" {
		if a, err := s.store.FindUserByID(ctx, c.Assignee); err == nil {
			p.AssigneeName = a.Name
		} else if claims.ErrorCode(err) != claims.ENOTFOUND {
			return nil, err
		}
	}
	// The workflow decides which buttons show; the store checks again.
	step := func(a claims.ReviewAction, v *claims.Verdict) bool {
		return claims.Review{Action: a, By: u, Claim: c.Status, Verdict: v}.Allowed()
	}
	for _, v := range c.Verdicts {
		card := verdictCard{Verdict: v, CanDecide: step(claims.ActionApprove, v) || step(claims.ActionReject, v),
			CanWithdraw: step(claims.ActionWithdraw, v)}
		p.Verdicts = append(p.Verdicts, card)
	}
	if u.Has(claims.RoleEditor) && c.Status == claims.StatusDisputed {
		for _, v := range claims.Disputes(c.Verdicts) {
			p.Disputes = append(p.Disputes, verdictCard{Verdict: v})
		}
	}
	p.CanPropose = step(claims.ActionPropose, nil)
	p.CanReopen = step(claims.ActionReopen, nil)
	if p.Comments, err = s.store.FindComments(ctx, id); err != nil {
		return nil, err
	}
	if u.Has(claims.RoleEditor) {
		users, err := s.store.FindUsers(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range users {
			if a.Has(claims.RoleChecker) {
				p.Checkers = append(p.Checkers, a)
			}
		}
	}
	p.VerdictForm = newVerdictForm()
	events, err := s.store.FindEvents(ctx, claims.EventFilter{ClaimID: id, Limit: claims.MaxPageSize})
	if err != nil {
		return nil, err
	}
	p.History = s.history(r, events)
	for _, a := range claims.Attributions {
		p.Attributions = append(p.Attributions, nameOption{Value: string(a), Name: s.name(r, a)})
	}
	for _, rt := range claims.Ratings {
		p.Ratings = append(p.Ratings, nameOption{Value: string(rt), Name: s.name(r, rt)})
	}
	for _, h := range c.Provenance {
		hv := hopView{Hop: h, RoleName: s.name(r, h.Role)}
		if t, err := time.Parse("2006-01-02", h.Date); err == nil {
			hv.Day = &t
		}
		p.Hops = append(p.Hops, hv)
	}
	if p.Queue, err = s.queueNav(r, c.ID); err != nil {
		return nil, err
	}
	return p, nil
}

// queueNav finds the claims around id in the queue the URL names, or
// returns nil when it names none.
func (s *Server) queueNav(r *http.Request, id string) (*queueNav, error) {
	view, err := parseQueueView(r)
	if err != nil || view.Queue == "" {
		return nil, err
	}
	u := userFrom(r.Context())
	if !slices.Contains(queuesFor(u), view.Queue) {
		return nil, nil // a link from someone with another role: no queue for this user
	}
	prev, next, err := s.store.QueueNeighbors(r.Context(), view.filter(u), id)
	if err != nil {
		return nil, err
	}
	nav := &queueNav{Name: s.queueName(r, view.Queue), URL: "/?" + view.Query(), Query: "?" + view.Query()}
	if prev != "" {
		nav.PrevURL = view.claimURL(prev)
	}
	if next != "" {
		nav.NextURL = view.claimURL(next)
	}
	return nav, nil
}
