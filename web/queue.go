package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/claimtrail/claimtrail/claims"
)

// queueCountCap is how far a queue's tab counts: a longer queue shows as
// "99+", so that a backlog of a million costs a hundred index steps.
const queueCountCap = 100

// queuePageSize is how many claims a page of the queue shows.
const queuePageSize = 25

// queueView is a queue as the URL names it (?queue=approval&kind=reported):
// the queue page's filters, which the claim page keeps in its links so
// that "previous" and "next" walk the same list.
type queueView struct {
	Queue claims.Queue
	Kind  claims.Kind
}

// parseQueueView reads the queue and kind from the URL. No queue is the
// zero view; an unknown queue or kind is EINVALID, with the zero view.
func parseQueueView(r *http.Request) (queueView, error) {
	q := r.URL.Query()
	v := queueView{Queue: claims.Queue(q.Get("queue")), Kind: claims.Kind(q.Get("kind"))}
	var p claims.Problems
	p.Check(v.Queue == "" || slices.Contains(claims.Queues, v.Queue), "queue", "must be one of %s", claims.JoinValues(claims.Queues))
	p.Check(v.Kind == "" || slices.Contains(claims.Kinds, v.Kind), "kind", "must be one of %s", claims.JoinValues(claims.Kinds))
	if err := p.Err(); err != nil {
		return queueView{}, err
	}
	return v, nil
}

// Query is the view as a query string, "" for the zero view.
func (v queueView) Query() string {
	if v.Queue == "" {
		return ""
	}
	q := url.Values{"queue": {string(v.Queue)}}
	if v.Kind != "" {
		q.Set("kind", string(v.Kind))
	}
	return q.Encode()
}

// claimURL is the claim's page within this view.
func (v queueView) claimURL(id string) string {
	if q := v.Query(); q != "" {
		return "/claims/" + id + "?" + q
	}
	return "/claims/" + id
}

// filter is the store's filter of the view for user u.
func (v queueView) filter(u *claims.User) claims.QueueFilter {
	return claims.QueueFilter{Queue: v.Queue, Kind: v.Kind, UserID: u.ID, UserName: u.Name}
}

// queuesFor lists the queues that concern u: checkers are assigned claims,
// editors approve verdicts and import documents, and anyone may look at
// the disputes.
func queuesFor(u *claims.User) []claims.Queue {
	var out []claims.Queue
	if u.Has(claims.RoleChecker) {
		out = append(out, claims.QueueAssigned)
	}
	if u.Has(claims.RoleEditor) {
		out = append(out, claims.QueueApproval)
	}
	out = append(out, claims.QueueDisputed)
	if u.Has(claims.RoleEditor) {
		out = append(out, claims.QueueNew)
	}
	return out
}

// queueName is a queue's name on its tab and in the claim page's links.
func (s *Server) queueName(r *http.Request, q claims.Queue) string {
	switch q {
	case claims.QueueAssigned:
		return s.t(r, "Assigned to you")
	case claims.QueueApproval:
		return s.t(r, "Awaiting your approval")
	case claims.QueueDisputed:
		return s.t(r, "Disputed")
	case claims.QueueNew:
		return s.t(r, "New in your documents")
	}
	return string(q)
}

// queueHint says what a queue holds and what to do with it.
func (s *Server) queueHint(r *http.Request, q claims.Queue) string {
	switch q {
	case claims.QueueAssigned:
		return s.t(r, "Claims assigned to you that are not published yet.")
	case claims.QueueApproval:
		return s.t(r, "A checker proposed a verdict; it needs an editor who did not write it.")
	case claims.QueueDisputed:
		return s.t(r, "Proposed verdicts disagree; an editor decides.")
	case claims.QueueNew:
		return s.t(r, "Claims nobody has started on, in the articles you imported.")
	}
	return ""
}
