package web

import (
	"net/http"
	"slices"

	"github.com/claimtrail/claimtrail/claims"
)

// homePage is the review queue, the signed-in user's start page: a tab for
// each queue that concerns them with how many claims wait in it, the
// current queue's claims newest first, and the latest articles.
type homePage struct {
	layout
	View      queueView
	Tabs      []queueTab
	Current   queueTab
	Items     []queueItem
	NextURL   string
	FirstURL  string // when on a later page
	Documents []*claims.Document
}

// queueTab is one queue's tab.
type queueTab struct {
	Queue   claims.Queue
	Name    string
	Hint    string
	Count   int
	More    bool // the count reached queueCountCap: shown as "99+"
	URL     string
	Current bool
}

// queueItem is one claim of the queue with where its links go.
type queueItem struct {
	*claims.Claim
	URL        string
	ProposeURL string // "" when the user cannot propose a verdict on it
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	view, err := parseQueueView(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	queues := queuesFor(u)
	p := &homePage{layout: s.layout(r, "Review queue")}
	for _, q := range queues {
		tv := queueView{Queue: q, Kind: view.Kind}
		n, err := s.store.CountQueue(ctx, tv.filter(u), queueCountCap)
		if err != nil {
			s.error(w, r, err)
			return
		}
		p.Tabs = append(p.Tabs, queueTab{Queue: q, Name: s.queueName(r, q), Hint: s.queueHint(r, q),
			Count: min(n, queueCountCap-1), More: n >= queueCountCap, URL: "/?" + tv.Query()})
	}
	// Without a queue in the URL, open the first one with work in it.
	if view.Queue == "" {
		view.Queue = queues[0]
		for _, t := range p.Tabs {
			if t.Count > 0 {
				view.Queue = t.Queue
				break
			}
		}
	}
	if !slices.Contains(queues, view.Queue) {
		s.error(w, r, claims.Errorf(claims.EFORBIDDEN, "%s", s.t(r, "This queue is for another role.")))
		return
	}
	p.View = view
	for i := range p.Tabs {
		if p.Tabs[i].Queue == view.Queue {
			p.Tabs[i].Current = true
			p.Current = p.Tabs[i]
		}
	}
	f := view.filter(u)
	f.Limit, f.Cursor = queuePageSize, r.URL.Query().Get("cursor")
	list, next, err := s.store.FindQueue(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, c := range list {
		it := queueItem{Claim: c, URL: view.claimURL(c.ID)}
		if (claims.Review{Action: claims.ActionPropose, By: u, Claim: c.Status}).Allowed() {
			it.ProposeURL = it.URL + "#propose"
		}
		p.Items = append(p.Items, it)
	}
	if next != "" {
		p.NextURL = withQuery(r, "cursor", next)
	}
	if f.Cursor != "" {
		p.FirstURL = withQuery(r, "cursor", "")
	}
	if p.Documents, _, err = s.store.FindDocuments(ctx, claims.DocumentFilter{Limit: 5}); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home.html", p)
}
