package web

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/export"
	"github.com/gorilla/mux"
)

// newsroomName is the author of every exported ClaimReview. Config has no
// field for the newsroom's name yet; until it does, exports name the tool.
const newsroomName = "claimtrail"

// exportSite says who publishes the exports and under which address. The
// address is the one the request reached us at (https when it came over
// TLS), so links in an export open on the server that made it.
func (s *Server) exportSite(r *http.Request) export.Site {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return export.Site{Name: newsroomName, BaseURL: scheme + "://" + r.Host}
}

// exportPageTime is how long writing one page of a streamed export may
// take; every page extends the server's write deadline by it, so a long
// export is not cut off by WriteTimeout while a stalled client still is.
const exportPageTime = time.Minute

// abortExport ends a streamed export that failed after its status was
// sent: the connection is closed without the final chunk, so the client
// sees a broken download rather than a shorter file that looks complete.
func (s *Server) abortExport(r *http.Request, err error) {
	s.log.Error("export failed mid-stream", "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

// exportClaims calls fn with every claim f selects, in list order, each as
// FindClaimByID returns it (with its verdicts and hop sources) and with its
// document (without the body), or nil. It reads keyset pages of
// claims.MaxPageSize; before calling fn for the first claim it calls start,
// which sends the headers, so an error reading the first page is still an
// ordinary error answer; started says whether start ran. Documents are
// cached for one page only, so memory stays flat however many claims there
// are.
func (s *Server) exportClaims(w http.ResponseWriter, r *http.Request, f claims.ClaimFilter, start func() error, fn func(*claims.Claim, *claims.Document) error) (started bool, err error) {
	ctx := r.Context()
	f.Limit = claims.MaxPageSize
	rc := http.NewResponseController(w)
	for {
		page, next, err := s.store.FindClaims(ctx, f)
		if err != nil {
			return started, err
		}
		docs := map[string]*claims.Document{}
		for _, item := range page {
			c, err := s.store.FindClaimByID(ctx, item.ID)
			if err != nil {
				return started, err
			}
			doc, err := s.exportDocument(ctx, docs, c.DocumentID)
			if err != nil {
				return started, err
			}
			if !started {
				started = true
				if err := start(); err != nil {
					return started, err
				}
			}
			if err := fn(c, doc); err != nil {
				return started, err
			}
		}
		if next == "" {
			break
		}
		f.Cursor = next
		// Not every writer can move its deadline (ErrNotSupported); the
		// export then runs under the server's WriteTimeout alone.
		rc.SetWriteDeadline(time.Now().Add(exportPageTime))
	}
	if !started {
		return true, start()
	}
	return started, nil
}

// exportDocument returns document id without its body, from docs or the
// store; nil for "".
func (s *Server) exportDocument(ctx context.Context, docs map[string]*claims.Document, id string) (*claims.Document, error) {
	if id == "" {
		return nil, nil
	}
	if d, ok := docs[id]; ok {
		return d, nil
	}
	d, err := s.store.FindDocumentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	d.Body = ""
	docs[id] = d
	return d, nil
}

// handleAPIExportClaimReview streams every published claim's ClaimReview
// as one JSON array, newest claim first.
func (s *Server) handleAPIExportClaimReview(w http.ResponseWriter, r *http.Request) {
	site := s.exportSite(r)
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	sep := "[\n"
	start := func() error {
		w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="claimreview.jsonld"`)
		w.WriteHeader(http.StatusOK)
		return nil
	}
	started, err := s.exportClaims(w, r, claims.ClaimFilter{Status: claims.StatusPublished}, start, func(c *claims.Claim, doc *claims.Document) error {
		review, err := export.NewClaimReview(c, doc, site)
		if claims.ErrorCode(err) == claims.ECONFLICT {
			return nil // reopened between the list and the read: no longer published
		} else if err != nil {
			return err
		}
		bw.WriteString(sep)
		sep = ",\n"
		return enc.Encode(review)
	})
	if err == nil {
		if sep == "[\n" {
			bw.WriteString(sep)
		}
		bw.WriteString("]\n")
		err = bw.Flush()
	}
	s.finishExport(w, r, started, err)
}

// handleAPIExportClaimsCSV streams the claims the list filters select
// (?status=&kind=&source_id=&document_id=&assignee=&q=) as a spreadsheet.
func (s *Server) handleAPIExportClaimsCSV(w http.ResponseWriter, r *http.Request) {
	f, err := claimFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var cw *export.CSVWriter
	start := func() (err error) {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="claims.csv"`)
		w.WriteHeader(http.StatusOK)
		cw, err = export.NewCSVWriter(w)
		return err
	}
	started, err := s.exportClaims(w, r, f, start, func(c *claims.Claim, doc *claims.Document) error {
		return cw.Write(c, doc)
	})
	if err == nil {
		err = cw.Flush()
	}
	s.finishExport(w, r, started, err)
}

// finishExport reports an export's error: as an ordinary error answer
// while nothing was sent, otherwise by aborting the response. A failing
// start (the CSV header) counts as sent.
func (s *Server) finishExport(w http.ResponseWriter, r *http.Request, started bool, err error) {
	switch {
	case err == nil:
	case !started:
		s.error(w, r, err)
	default:
		s.abortExport(r, err)
	}
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

// exportCheckpoint is the log's current tree head and its signed note.
type exportCheckpoint struct {
	head   claims.TreeHead
	signed string
}

func (s *Server) exportCheckpoint(ctx context.Context) (exportCheckpoint, error) {
	th, err := s.store.TreeHead(ctx)
	if err != nil {
		return exportCheckpoint{}, err
	}
	signed, err := s.cfg.Signer.Sign(th)
	if err != nil {
		return exportCheckpoint{}, err
	}
	return exportCheckpoint{head: th, signed: string(signed)}, nil
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
