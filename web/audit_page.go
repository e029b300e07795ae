package web

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
)

// auditListPage is one page of the audit log in seq order under the
// filter form, and a box with the log's signed checkpoint and whether the
// stored log verifies.
type auditListPage struct {
	layout
	Form        auditForm
	Actions     []string
	EntityTypes []string
	Events      []auditRow
	OlderURL    string
	NewerURL    string
	Log         auditLogBox
}

// auditForm is the filter as the reader typed it; it lives in the URL,
// so a filtered log is a link.
type auditForm struct {
	Actor, Action, EntityType, EntityID, From, To, Limit string

	Filtered bool
	Errors   map[string]string // field → message
}

// auditRow is an event with links to what it changed and to the log
// filtered by its actor and action.
type auditRow struct {
	*claims.Event
	EntityURL string
	ActorURL  string
	ActionURL string
}

// auditEntityTypes are the kinds of thing events are about.
var auditEntityTypes = []string{"claim", "verdict", "document", "source", "user", "token"}

func (s *Server) handleAuditList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := eventFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	form := s.readAuditForm(r, &f)
	p := &auditListPage{layout: s.layout(r, "Audit log"), Form: form,
		Actions: auditActions(form.Action), EntityTypes: withChoice(auditEntityTypes, form.EntityType)}
	if p.Log, err = s.auditLogBox(r); err != nil {
		s.error(w, r, err)
		return
	}
	if len(form.Errors) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "audit.html", p)
		return
	}
	events, err := s.store.FindEvents(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, e := range events {
		p.Events = append(p.Events, auditRow{Event: e, EntityURL: entityURL(e),
			ActorURL: auditLink("actor", e.Actor.Name), ActionURL: auditLink("action", e.Action)})
	}
	if len(events) == f.Limit {
		p.NewerURL = withQuery(r, "after", strconv.FormatInt(events[len(events)-1].Seq, 10))
	}
	if f.After > 0 {
		older, err := s.olderAfter(ctx, f, form.Filtered)
		if err != nil {
			s.error(w, r, err)
			return
		}
		p.OlderURL = withQuery(r, "after", "")
		if older > 0 {
			p.OlderURL = withQuery(r, "after", strconv.FormatInt(older, 10))
		}
	}
	s.render(w, r, http.StatusOK, "audit.html", p)
}

// readAuditForm reads the filter fields into f and returns them as typed,
// with a message for each that is malformed. Dates are calendar days in
// UTC; "to" includes its whole day.
func (s *Server) readAuditForm(r *http.Request, f *claims.EventFilter) auditForm {
	q := r.URL.Query()
	form := auditForm{
		Actor: q.Get("actor"), Action: q.Get("action"), EntityType: q.Get("entity_type"), EntityID: q.Get("entity_id"),
		From: q.Get("from"), To: q.Get("to"), Limit: q.Get("limit"), Errors: map[string]string{},
	}
	f.Actor, f.Action, f.EntityType, f.EntityID = form.Actor, form.Action, form.EntityType, form.EntityID
	day := func(field, value string) time.Time {
		if value == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, value)
		if err != nil {
			form.Errors[field] = s.t(r, "must be a date, YYYY-MM-DD")
		}
		return t
	}
	f.Since = day("from", form.From)
	if until := day("to", form.To); !until.IsZero() {
		f.Until = until.AddDate(0, 0, 1)
		if !f.Since.IsZero() && f.Until.Before(f.Since.AddDate(0, 0, 1)) {
			form.Errors["to"] = s.t(r, "must not be before the from date")
		}
	}
	form.Filtered = form.Actor != "" || form.Action != "" || form.EntityType != "" || form.EntityID != "" || form.From != "" || form.To != ""
	return form
}

// auditActions lists the actions the log records, for the filter's
// select, with current added if the URL names one we do not know.
func auditActions(current string) []string {
	actions := make([]string, 0, len(actionWords)+1)
	for a := range actionWords {
		actions = append(actions, a)
	}
	actions = withChoice(actions, "token.create") // tokens are logged but have no history wording
	slices.Sort(actions)
	return withChoice(actions, current)
}

// withChoice returns choices with v added at the end when it is neither
// empty nor already there, so that a select always shows the value in use.
func withChoice(choices []string, v string) []string {
	if v == "" || slices.Contains(choices, v) {
		return choices
	}
	return append(slices.Clip(choices), v)
}

// auditLink is the audit page filtered to one value.
func auditLink(key, value string) string {
	return "/audit?" + url.Values{key: {value}}.Encode()
}

// maxOlderScan bounds how many events finding the previous page of a
// filtered log may read.
const maxOlderScan = 20 * claims.MaxPageSize

// olderAfter returns the ?after= of the page before the one that starts
// after f.After: the page whose last event is the last match at or before
// f.After (0 for the first page). Unfiltered, seqs have no gaps and that
// is f.After minus the page size. Filtered, it reads backwards in windows
// that grow fourfold; past maxOlderScan events it settles for the
// unfiltered answer, which may repeat part of the current page but never
// skips an event. (The store reads events forwards only; a "before"
// filter would make this one query.)
func (s *Server) olderAfter(ctx context.Context, f claims.EventFilter, filtered bool) (int64, error) {
	fallback := max(0, f.After-int64(f.Limit))
	if !filtered {
		return fallback, nil
	}
	scanned := 0
	for window := int64(f.Limit); ; window *= 4 {
		from := max(0, f.After-window)
		var seqs []int64 // matches in (from, f.After]
		g := f
		g.After, g.Limit = from, claims.MaxPageSize
	read:
		for {
			events, err := s.store.FindEvents(ctx, g)
			if err != nil {
				return 0, err
			}
			scanned += len(events)
			for _, e := range events {
				if e.Seq > f.After {
					break read
				}
				seqs = append(seqs, e.Seq)
			}
			if len(events) < g.Limit {
				break
			}
			if scanned > maxOlderScan {
				return fallback, nil
			}
			g.After = events[len(events)-1].Seq
		}
		switch {
		case len(seqs) >= f.Limit:
			return seqs[len(seqs)-f.Limit] - 1, nil
		case from == 0:
			return 0, nil
		case scanned > maxOlderScan:
			return fallback, nil
		}
	}
}

// auditLogBox is the log as a whole: its current signed checkpoint, how
// to check it offline, and whether the stored log verifies right now.
type auditLogBox struct {
	Origin  string
	Size    int64
	Root    string // base64, as in the checkpoint
	Signed  string // the signed note
	Key     string // the verifier key
	Command string // how to verify an export offline

	Verified     bool
	VerifiedSize int64
	VerifiedRoot string
	FailureSeq   int64  // the first bad seq, when the log does not verify
	Failure      string // why it does not verify, or could not be checked
}

// verifyTimeout bounds checking the stored log during a page view; a log
// too long for it is checked with `claimtrail audit verify --db`.
const verifyTimeout = 5 * time.Second

func (s *Server) auditLogBox(r *http.Request) (auditLogBox, error) {
	ctx := r.Context()
	th, signed, err := s.signedHead(ctx)
	if err != nil {
		return auditLogBox{}, err
	}
	key := s.cfg.Signer.VerifierKey()
	box := auditLogBox{
		Origin: s.cfg.Signer.Origin(), Size: th.Size, Root: base64.StdEncoding.EncodeToString(th.Root[:]),
		Signed: string(signed), Key: key, Command: "claimtrail audit verify audit.jsonl --key '" + key + "'",
	}
	vctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	vh, err := s.store.VerifyLog(vctx)
	var bad *auditlog.VerifyError
	switch {
	case err == nil:
		box.Verified, box.VerifiedSize, box.VerifiedRoot = true, vh.Size, base64.StdEncoding.EncodeToString(vh.Root[:])
	case errors.As(err, &bad):
		box.FailureSeq, box.Failure = bad.Seq, bad.Reason
	case errors.Is(err, context.DeadlineExceeded):
		box.Failure = s.t(r, "Not checked: the log is too long to verify during a page view. Run claimtrail audit verify --db on the server.")
	default:
		s.log.Error("verify audit log", "err", err)
		box.Failure = s.t(r, "Not checked: the log could not be read.")
	}
	return box, nil
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
