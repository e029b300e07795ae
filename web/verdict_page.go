package web

import (
	"net/http"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// evidenceRows is how many evidence rows the verdict form offers.
const evidenceRows = 3

// verdictForm is the propose-a-verdict form on the claim page, as typed.
type verdictForm struct {
	Attribution string
	Rating      string
	Rationale   string
	Evidence    []claims.Evidence
	Errors      map[string]string
}

func newVerdictForm() verdictForm {
	return verdictForm{Evidence: make([]claims.Evidence, evidenceRows), Errors: map[string]string{}}
}

// handleVerdictCreate proposes a verdict from the claim page's form. On a
// validation error the claim page comes back with the messages next to the
// verdict form's fields and the typed text kept.
func (s *Server) handleVerdictCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	id := mux.Vars(r)["id"]
	p := r.PostForm
	f := verdictForm{Attribution: p.Get("attribution"), Rating: p.Get("rating"), Rationale: p.Get("rationale")}
	urls, notes := p["evidence_url"], p["evidence_note"]
	for i := range max(len(urls), len(notes), evidenceRows) {
		var e claims.Evidence
		if i < len(urls) {
			e.URL = urls[i]
		}
		if i < len(notes) {
			e.Note = notes[i]
		}
		f.Evidence = append(f.Evidence, e)
	}
	v := &claims.Verdict{ClaimID: id, Attribution: claims.Attribution(f.Attribution), Rating: claims.Rating(f.Rating), Rationale: f.Rationale}
	for _, e := range f.Evidence {
		v.Evidence = append(v.Evidence, claims.Evidence{URL: strings.TrimSpace(e.URL), Note: strings.TrimSpace(e.Note)})
	}
	err := s.store.ProposeVerdict(r.Context(), userFrom(r.Context()).Actor(), v)
	if err == nil {
		// Back to the claim within the queue it was opened from, if any
		// (the form posts with the page's ?queue=…), so that previous and
		// next still walk it.
		view, _ := parseQueueView(r)
		seeOther(w, r, view.claimURL(id)+"#verdict-"+v.ID)
		return
	}
	code := claims.ErrorCode(err)
	if code != claims.EINVALID && code != claims.ECONFLICT {
		s.error(w, r, err)
		return
	}
	page, perr := s.claimPage(r, id)
	if perr != nil {
		s.error(w, r, perr)
		return
	}
	f.Errors = formErrors(s.localize(r, err), "attribution", "rating", "rationale", "evidence")
	page.VerdictForm = f
	page.CanPropose = true // keep the typed verdict on screen even if the claim moved on
	s.render(w, r, statusOf(code), "claim.html", page)
}

func (s *Server) handleVerdictApprove(w http.ResponseWriter, r *http.Request) {
	s.decideVerdict(w, r, func(id string) (*claims.Verdict, error) {
		return s.store.ApproveVerdict(r.Context(), userFrom(r.Context()).Actor(), id)
	})
}

func (s *Server) handleVerdictReject(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	reason := r.PostForm.Get("reason")
	s.decideVerdict(w, r, func(id string) (*claims.Verdict, error) {
		if strings.TrimSpace(reason) == "" {
			return nil, &claims.Error{Code: claims.EINVALID, Message: "Say why the verdict is rejected.",
				Fields: []claims.FieldError{{Field: "reason", Message: "is required: say why the verdict is rejected"}}}
		}
		return s.store.RejectVerdict(r.Context(), userFrom(r.Context()).Actor(), id, reason)
	})
}

// decideVerdict runs an editor's decision on the verdict in the URL and
// goes back to its claim. When the decision fails, the claim page comes back
// with the message on the verdict's card and the reason kept.
func (s *Server) decideVerdict(w http.ResponseWriter, r *http.Request, decide func(id string) (*claims.Verdict, error)) {
	id := mux.Vars(r)["id"]
	v, err := s.store.FindVerdictByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := decide(id); err == nil {
		seeOther(w, r, "/claims/"+v.ClaimID+"#verdict-"+v.ID)
		return
	} else if code := claims.ErrorCode(err); code == claims.EINTERNAL || code == claims.EUNAVAILABLE {
		s.error(w, r, err)
		return
	} else {
		page, perr := s.claimPage(r, v.ClaimID)
		if perr != nil {
			s.error(w, r, perr)
			return
		}
		msg := s.formLine(r, err)
		for i := range page.Verdicts {
			if page.Verdicts[i].ID == id {
				page.Verdicts[i].Error = msg
				page.Verdicts[i].Typed = r.PostForm.Get("reason")
			}
		}
		s.render(w, r, statusOf(code), "claim.html", page)
	}
}
