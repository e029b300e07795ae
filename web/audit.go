package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

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

// checkpointJSON is the latest checkpoint for clients that want its parts
// without parsing the note; SignedNote is what a verifier checks.
type checkpointJSON struct {
	Size       int64  `json:"size"`
	Root       []byte `json:"root"` // base64, as in the note
	Origin     string `json:"origin"`
	SignedNote string `json:"signed_note"`
}

// signedHead returns the current tree head and its signed checkpoint.
func (s *Server) signedHead(ctx context.Context) (claims.TreeHead, []byte, error) {
	th, err := s.store.TreeHead(ctx)
	if err != nil {
		return th, nil, err
	}
	signed, err := s.cfg.Signer.Sign(th)
	if err != nil {
		return th, nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	return th, signed, nil
}

// handleAPIAuditCheckpoint answers the latest signed checkpoint as a note
// (text/plain), or as JSON for Accept: application/json. It is signed on
// every request: signing is cheap, and a cached note could lag the log.
func (s *Server) handleAPIAuditCheckpoint(w http.ResponseWriter, r *http.Request) {
	th, signed, err := s.signedHead(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		writeJSON(w, http.StatusOK, checkpointJSON{Size: th.Size, Root: th.Root[:], Origin: s.cfg.Signer.Origin(), SignedNote: string(signed)})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(signed)
}

// handleAPIAuditKey answers the verifier key that checkpoints are checked
// with. Readers should get it once, from a trusted place, and keep it:
// fetching it together with the log proves nothing against its server.
func (s *Server) handleAPIAuditKey(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, s.cfg.Signer.VerifierKey())
}
