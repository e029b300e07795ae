package web

import (
	"net/http"

	"github.com/claimtrail/claimtrail/claims"
)

// attentionRows is how many claims each "needs attention" list shows.
const attentionRows = 5

// homePage is the signed-in user's start page: where the claims stand,
// what needs attention, the latest articles and the main actions.
type homePage struct {
	layout
	Counts    []statusCount
	Mine      claimTable
	Attention []attentionGroup
	Documents []*claims.Document
}

// statusCount is the number of claims in one status, linked to the list.
type statusCount struct {
	Status claims.Status
	Count  int
}

// attentionGroup is a short list of claims in one status.
type attentionGroup struct {
	Title   string
	Hint    string
	Status  claims.Status
	Table   claimTable
	MoreURL string
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := &homePage{layout: s.layout(r, "Start")}
	stats, err := s.store.ClaimStats(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, st := range claims.Statuses {
		p.Counts = append(p.Counts, statusCount{Status: st, Count: stats[st]})
	}
	docs, _, err := s.store.FindDocuments(ctx, claims.DocumentFilter{Limit: 5})
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Documents = docs
	u := userFrom(ctx)
	mine, _, err := s.store.FindClaims(ctx, claims.ClaimFilter{Assignee: u.ID, Limit: 10})
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Mine = claimTable{Claims: mine, Empty: "Nothing is assigned to you."}
	groups := []attentionGroup{
		{Title: "Disputed", Status: claims.StatusDisputed, Hint: "Proposed verdicts disagree; an editor should decide."},
		{Title: "Awaiting approval", Status: claims.StatusProposed, Hint: "A verdict was proposed and needs an editor who did not write it."},
		{Title: "New", Status: claims.StatusNew, Hint: "Not yet looked at by a checker."},
	}
	for _, g := range groups {
		cs, next, err := s.store.FindClaims(ctx, claims.ClaimFilter{Status: g.Status, Limit: attentionRows})
		if err != nil {
			s.error(w, r, err)
			return
		}
		g.Table = claimTable{Claims: cs, Empty: "None."}
		if next != "" {
			g.MoreURL = "/claims?status=" + string(g.Status)
		}
		p.Attention = append(p.Attention, g)
	}
	s.render(w, r, http.StatusOK, "home.html", p)
}
