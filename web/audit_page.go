package web

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
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
	Actions     []auditName
	EntityTypes []auditName
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
// filtered by its actor and action, and its action and entity type as
// people read them ("" for a code without a name).
type auditRow struct {
	*claims.Event
	EntityURL  string
	ActorURL   string
	ActionURL  string
	ActionName string
	EntityName string
}

// newAuditRow is e as the page shows it, its codes named by actions and
// entityTypes (in the page's language).
func newAuditRow(e *claims.Event, actions, entityTypes []auditName) auditRow {
	return auditRow{Event: e, EntityURL: entityURL(e),
		ActorURL: auditLink("actor", e.Actor.Name), ActionURL: auditLink("action", e.Action),
		ActionName: nameOf(actions, e.Action), EntityName: nameOf(entityTypes, e.EntityType)}
}

// auditName is a code of the log (an action, an entity type) and its name
// in the page's language.
type auditName struct {
	Code, Name string
}

// auditActions are the actions the store logs (the action of db's
// appendEvent), in the filter's order, named in English. Other languages
// name them under "audit action: " + the code (see auditNames). The page
// shows the code too: auditors and the offline verifier speak in codes.
var auditActions = []auditName{
	{"claim.create", "Claim created"},
	{"claim.update", "Claim edited"},
	{"claim.reopen", "Claim reopened"},
	{"verdict.propose", "New verdict proposed"},
	{"verdict.approve", "Verdict approved"},
	{"verdict.reject", "Verdict rejected"},
	{"verdict.withdraw", "Verdict withdrawn"},
	{"comment.create", "Comment added"},
	{"document.import", "Document imported"},
	{"source.create", "Source created"},
	{"source.update", "Source edited"},
	{"user.create", "User created"},
	{"user.update", "User's roles or access changed"},
	{"user.password", "Password changed"},
	{"user.login", "Signed in"},
	{"user.login_failed", "Failed sign-in"},
	{"user.logout", "Signed out"},
	{"user.totp_enable", "Turned on two-step sign-in"},
	{"user.totp_disable", "Turned off two-step sign-in"},
	{"token.create", "API token created"},
	{"token.revoke", "API token revoked"},
	{"settings.update", "Sign-in rules changed"},
}

// auditEntityTypes are the kinds of thing events are about, named in
// English; other languages name them under "entity type: " + the code.
var auditEntityTypes = []auditName{
	{"claim", "claim"},
	{"verdict", "verdict"},
	{"comment", "comment"},
	{"document", "document"},
	{"source", "source"},
	{"user", "user"},
	{"token", "API token"},
	{"settings", "settings"},
}

// auditNames returns names in the page's language, with current added
// (named by its code) if the URL names a code we do not know, so that the
// filter's select shows the value in use.
func (s *Server) auditNames(r *http.Request, prefix string, names []auditName, current string) []auditName {
	l := s.localeFrom(r)
	out := make([]auditName, 0, len(names)+1)
	known := current == ""
	for _, n := range names {
		out = append(out, auditName{Code: n.Code, Name: l.Named(prefix+n.Code, n.Name)})
		known = known || n.Code == current
	}
	if !known {
		out = append(out, auditName{Code: current, Name: current})
	}
	return out
}

// nameOf is code's name in names, or "" when it has none.
func nameOf(names []auditName, code string) string {
	for _, n := range names {
		if n.Code == code {
			return n.Name
		}
	}
	return ""
}

func (s *Server) handleAuditList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := eventFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	form := s.readAuditForm(r, &f)
	p := &auditListPage{layout: s.layout(r, "Audit log"), Form: form,
		Actions:     s.auditNames(r, "audit action: ", auditActions, form.Action),
		EntityTypes: s.auditNames(r, "entity type: ", auditEntityTypes, form.EntityType)}
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
		p.Events = append(p.Events, newAuditRow(e, p.Actions, p.EntityTypes))
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
		box.FailureSeq, box.Failure = bad.Seq, s.localeFrom(r).verifyReason(bad)
	case errors.Is(err, context.DeadlineExceeded):
		box.Failure = s.t(r, "Not checked: the log is too long to verify during a page view. Run claimtrail audit verify --db on the server.")
	default:
		s.log.Error("verify audit log", "err", err)
		box.Failure = s.t(r, "Not checked: the log could not be read.")
	}
	return box, nil
}

// verifyReason is why the log does not verify, in l's language: the
// verifier's Format translated and formatted with its Args. A reason that
// only passes an error through ("%v") is shown as it is.
func (l *locale) verifyReason(e *auditlog.VerifyError) string {
	if e.Format == "" || e.Format == "%v" {
		return e.Reason
	}
	return l.T(e.Format, e.Args...)
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
