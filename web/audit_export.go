package web

import (
	"fmt"
	"net/http"

	"github.com/claimtrail/claimtrail/claims/auditlog"
)

// handleAPIExportAudit streams the audit log as JSON Lines (auditlog's
// export format): every event up to the current tree head, then the
// checkpoint signed for exactly that size. A failure after the first line
// aborts the connection (see exportWriter), and the verifier would miss the
// checkpoint line anyway.
func (s *Server) handleAPIExportAudit(w http.ResponseWriter, r *http.Request) {
	th, signed, err := s.signedHead(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	ew := newExportWriter(w, "application/jsonl; charset=utf-8", fmt.Sprintf("claimtrail-audit-%d.jsonl", th.Size))
	err = auditlog.WriteExport(r.Context(), s.store, th.Size, signed, ew, func() { ew.rc.Flush() })
	ew.finish(s, r, err)
}
