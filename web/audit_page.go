package web

import (
	"net/http"
	"strconv"

	"github.com/claimtrail/claimtrail/claims"
)

// auditListPage is one page of the audit log in seq order.
type auditListPage struct {
	layout
	Events   []auditRow
	OlderURL string
	NewerURL string
}

// auditRow is an event with a link to what it changed.
type auditRow struct {
	*claims.Event
	EntityURL string
}

func (s *Server) handleAuditList(w http.ResponseWriter, r *http.Request) {
	page, err := s.findEventPage(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, _ := eventFilter(r) // already checked by findEventPage
	p := &auditListPage{layout: s.layout(r, "Audit log")}
	for _, e := range page.Items {
		p.Events = append(p.Events, auditRow{Event: e, EntityURL: entityURL(e)})
	}
	if page.NextAfter > 0 {
		p.NewerURL = withQuery(r, "after", strconv.FormatInt(page.NextAfter, 10))
	}
	if f.After > 0 {
		older := max(0, f.After-int64(f.Limit))
		p.OlderURL = withQuery(r, "after", strconv.FormatInt(older, 10))
		if older == 0 {
			p.OlderURL = withQuery(r, "after", "")
		}
	}
	s.render(w, r, http.StatusOK, "audit.html", p)
}

// entityURL is the page of the thing an event changed, or "" when it has
// none a reader could open.
func entityURL(e *claims.Event) string {
	switch e.EntityType {
	case "claim":
		return "/claims/" + e.EntityID
	case "verdict":
		if e.ClaimID != "" {
			return "/claims/" + e.ClaimID + "#verdict-" + e.EntityID
		}
	case "document":
		return "/documents/" + e.EntityID
	case "source":
		return "/sources/" + e.EntityID
	}
	return ""
}
