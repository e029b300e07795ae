package web

import (
	"net/http"
	"strconv"

	"github.com/claimtrail/claimtrail/claims"
)

// eventFilter reads ?after= and ?limit= for the audit log.
func eventFilter(r *http.Request) (claims.EventFilter, error) {
	var f claims.EventFilter
	if s := r.URL.Query().Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return f, &claims.Error{Code: claims.EINVALID, Message: "after must be a sequence number (0 or more).",
				Fields: []claims.FieldError{{Field: "after", Message: "must be a whole number, 0 or more"}}}
		}
		f.After = n
	}
	limit, err := queryLimit(r)
	f.Limit = claims.PageSize(limit)
	return f, err
}

// auditPage is a page of the audit log and the seq to continue after.
type auditPage struct {
	Items     []*claims.Event `json:"items"`
	NextAfter int64           `json:"next_after,omitempty"`
}

// findEventPage reads one page of events and says where the next starts.
func (s *Server) findEventPage(r *http.Request) (auditPage, error) {
	f, err := eventFilter(r)
	if err != nil {
		return auditPage{}, err
	}
	events, err := s.store.FindEvents(r.Context(), f)
	if err != nil {
		return auditPage{}, err
	}
	p := auditPage{Items: events}
	if len(events) == f.Limit {
		p.NextAfter = events[len(events)-1].Seq
	}
	return p, nil
}

func (s *Server) handleAPIAuditList(w http.ResponseWriter, r *http.Request) {
	p, err := s.findEventPage(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
