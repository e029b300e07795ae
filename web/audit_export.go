package web

import (
	"bufio"
	"fmt"
	"net/http"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
)

// auditFlushLines is how many export lines are buffered before they are
// sent: the client sees progress, and the server holds little.
const auditFlushLines = 1000

// handleAPIExportAudit streams the audit log as JSON Lines (auditlog's
// export format): every event up to the current tree head, then the
// checkpoint signed for exactly that size, so events appended meanwhile
// neither join nor break the export. Memory stays flat however long the
// log; a failure after the first line aborts the connection, so a client
// never mistakes a cut-off export for a complete one (nor would the
// verifier: the checkpoint line would be missing).
func (s *Server) handleAPIExportAudit(w http.ResponseWriter, r *http.Request) {
	th, signed, err := s.signedHead(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/jsonl; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="claimtrail-audit-%d.jsonl"`, th.Size))
	h.Set("Cache-Control", "no-store")
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Now().Add(exportPageTime))
	bw := bufio.NewWriterSize(w, 64<<10)
	lines := 0
	err = s.store.StreamEvents(r.Context(), th.Size, func(e *claims.Event) error {
		if err := auditlog.WriteEvent(bw, e); err != nil {
			return err
		}
		if lines++; lines%auditFlushLines == 0 {
			if err := bw.Flush(); err != nil {
				return err
			}
			rc.Flush()
			rc.SetWriteDeadline(time.Now().Add(exportPageTime))
		}
		return nil
	})
	if err == nil {
		err = auditlog.WriteCheckpoint(bw, signed)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		s.abortExport(r, err)
	}
}
