package web

import (
	"bufio"
	"fmt"
	"net/http"

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
// log; a failure after the first line aborts the connection (see
// exportWriter), and the verifier would miss the checkpoint line anyway.
func (s *Server) handleAPIExportAudit(w http.ResponseWriter, r *http.Request) {
	th, signed, err := s.signedHead(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	ew := newExportWriter(w, "application/jsonl; charset=utf-8", fmt.Sprintf("claimtrail-audit-%d.jsonl", th.Size))
	bw := bufio.NewWriterSize(ew, 64<<10)
	lines := 0
	err = s.store.StreamEvents(r.Context(), th.Size, func(e *claims.Event) error {
		if err := auditlog.WriteEvent(bw, e); err != nil {
			return err
		}
		if lines++; lines%auditFlushLines == 0 {
			if err := bw.Flush(); err != nil {
				return err
			}
			ew.rc.Flush()
		}
		return nil
	})
	if err == nil {
		err = auditlog.WriteCheckpoint(bw, signed)
	}
	if err == nil {
		err = bw.Flush()
	}
	ew.finish(s, r, err)
}
