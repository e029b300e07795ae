package web

import (
	"context"
	"net/http"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/export"
	"github.com/gorilla/mux"
)

// exportSite says who publishes the exports and under which address:
// Config.Newsroom and Config.BaseURL. Without a configured base URL the
// address is the one the request reached us at (https when it came over
// TLS), which is right unless a proxy in front terminates TLS.
func (s *Server) exportSite(r *http.Request) export.Site {
	if s.cfg.BaseURL != "" {
		return export.Site{Name: s.cfg.Newsroom, BaseURL: s.cfg.BaseURL}
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return export.Site{Name: s.cfg.Newsroom, BaseURL: scheme + "://" + r.Host}
}

// exportPageTime is how long writing one chunk of a streamed export may
// take; every write extends the server's write deadline by it, so a long
// export is not cut off by WriteTimeout while a stalled client still is.
const exportPageTime = time.Minute

// exportWriter sends an export's headers with its first byte, so that an
// export failing before it wrote anything still gets an ordinary error
// answer.
type exportWriter struct {
	w           http.ResponseWriter
	rc          *http.ResponseController
	contentType string
	filename    string
	started     bool
}

func newExportWriter(w http.ResponseWriter, contentType, filename string) *exportWriter {
	return &exportWriter{w: w, rc: http.NewResponseController(w), contentType: contentType, filename: filename}
}

func (ew *exportWriter) Write(b []byte) (int, error) {
	if !ew.started {
		ew.started = true
		h := ew.w.Header()
		h.Set("Content-Type", ew.contentType)
		h.Set("Content-Disposition", `attachment; filename="`+ew.filename+`"`)
		h.Set("Cache-Control", "no-store")
		ew.w.WriteHeader(http.StatusOK)
	}
	// A writer that cannot move its deadline (ErrNotSupported) leaves the
	// export under the server's WriteTimeout alone.
	ew.rc.SetWriteDeadline(time.Now().Add(exportPageTime))
	return ew.w.Write(b)
}

// finish reports an export's error: as an ordinary error answer while
// nothing was sent, otherwise by closing the connection without the final
// chunk, so the client sees a broken download rather than a shorter file
// that looks complete.
func (ew *exportWriter) finish(s *Server, r *http.Request, err error) {
	switch {
	case err == nil:
	case !ew.started:
		s.error(ew.w, r, err)
	default:
		s.abortExport(r, err)
	}
}

// abortExport ends a streamed export that failed after its status was
// sent: the connection is closed without the final chunk.
func (s *Server) abortExport(r *http.Request, err error) {
	s.log.Error("export failed mid-stream", "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

// handleAPIExportClaimReview streams every published claim's ClaimReview
// as one JSON array, newest claim first.
func (s *Server) handleAPIExportClaimReview(w http.ResponseWriter, r *http.Request) {
	ew := newExportWriter(w, "application/ld+json; charset=utf-8", "claimreview.jsonld")
	ew.finish(s, r, export.WriteClaimReviews(r.Context(), s.store, s.exportSite(r), ew))
}

// handleAPIExportClaimsCSV streams the claims the list filters select
// (?status=&kind=&source_id=&document_id=&assignee=&q=) as a spreadsheet.
func (s *Server) handleAPIExportClaimsCSV(w http.ResponseWriter, r *http.Request) {
	f, err := claimFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ew := newExportWriter(w, "text/csv; charset=utf-8", "claims.csv")
	ew.finish(s, r, export.WriteCSV(r.Context(), s.store, f, ew))
}

func (s *Server) handleAPIClaimBundle(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.store.FindClaimByID(ctx, mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	var doc *claims.Document
	if c.DocumentID != "" {
		if doc, err = s.store.FindDocumentByID(ctx, c.DocumentID); err != nil {
			s.error(w, r, err)
			return
		}
	}
	// The checkpoint is taken after the claim was read, so it covers
	// every event behind the state the bundle shows.
	cp, err := s.exportCheckpoint(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := s.claimBundle(ctx, cp, c, doc, s.exportSite(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

func (s *Server) handleAPIDocumentBundle(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := s.findDocumentWithClaims(ctx, mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	full := make([]*claims.Claim, len(d.Claims))
	for i, c := range d.Claims {
		if full[i], err = s.store.FindClaimByID(ctx, c.ID); err != nil {
			s.error(w, r, err)
			return
		}
	}
	cp, err := s.exportCheckpoint(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	b := &export.DocumentBundle{Document: d.Document, Claims: make([]*export.Bundle, len(full))}
	b.Audit, err = s.proveEvents(ctx, cp, claims.EventFilter{EntityType: "document", EntityID: d.ID})
	if err != nil {
		s.error(w, r, err)
		return
	}
	site := s.exportSite(r)
	for i, c := range full {
		if b.Claims[i], err = s.claimBundle(ctx, cp, c, d.Document, site); err != nil {
			s.error(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, b)
}

// exportCheckpoint is the log's tree head and its signed note, which
// every proof in one bundle is against.
type exportCheckpoint struct {
	head   claims.TreeHead
	signed string
}

func (s *Server) exportCheckpoint(ctx context.Context) (exportCheckpoint, error) {
	th, signed, err := s.signedHead(ctx)
	return exportCheckpoint{head: th, signed: string(signed)}, err
}

// claimBundle assembles c's bundle with proofs of all its events (its own
// and its verdicts') in cp's tree.
func (s *Server) claimBundle(ctx context.Context, cp exportCheckpoint, c *claims.Claim, doc *claims.Document, site export.Site) (*export.Bundle, error) {
	audit, err := s.proveEvents(ctx, cp, claims.EventFilter{ClaimID: c.ID})
	if err != nil {
		return nil, err
	}
	return export.NewBundle(c, doc, site, audit)
}

// proveEvents returns the events f selects that cp covers, each with its
// inclusion proof in cp's tree.
func (s *Server) proveEvents(ctx context.Context, cp exportCheckpoint, f claims.EventFilter) (*export.Audit, error) {
	a := &export.Audit{Checkpoint: cp.signed, Events: []export.ProvenEvent{}}
	f.Limit = claims.MaxPageSize
	for {
		events, err := s.store.FindEvents(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			if e.Seq > cp.head.Size {
				return a, nil // appended after the checkpoint
			}
			proof, err := s.store.ProveInclusion(ctx, e.Seq, cp.head.Size)
			if err != nil {
				return nil, err
			}
			a.Events = append(a.Events, export.NewProvenEvent(e, proof))
		}
		if len(events) < f.Limit {
			return a, nil
		}
		f.After = events[len(events)-1].Seq
	}
}
