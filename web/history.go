package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// historyItem is one audit event told for people: who did what, and in a
// few words what changed, instead of the event's raw JSON.
type historyItem struct {
	Seq     int64
	At      time.Time
	Actor   string
	Action  string
	Summary string
	Details []string
}

// actionSummary says what an action did, in the request's language, as
// the rest of a sentence that starts with the actor's name; "" for an
// action it does not know.
func (s *Server) actionSummary(r *http.Request, action string) string {
	switch action {
	case "claim.create":
		return s.t(r, "created the claim")
	case "claim.update":
		return s.t(r, "edited the claim")
	case "claim.status":
		return s.t(r, "changed the claim's status")
	case "claim.reopen":
		return s.t(r, "reopened the claim")
	case "claim.assign":
		return s.t(r, "assigned the claim")
	case "verdict.propose":
		return s.t(r, "proposed a verdict")
	case "verdict.approve":
		return s.t(r, "approved a verdict")
	case "verdict.reject":
		return s.t(r, "rejected a verdict")
	case "verdict.withdraw":
		return s.t(r, "withdrew a verdict")
	case "comment.create":
		return s.t(r, "commented")
	case "document.import":
		return s.t(r, "imported the document")
	case "source.create":
		return s.t(r, "created the source")
	case "source.update":
		return s.t(r, "edited the source")
	case "user.create":
		return s.t(r, "created the user")
	case "user.login":
		return s.t(r, "signed in")
	case "user.logout":
		return s.t(r, "signed out")
	}
	return ""
}

// history turns a claim's events into its timeline, newest first, in the
// request's language.
func (s *Server) history(r *http.Request, events []*claims.Event) []historyItem {
	out := make([]historyItem, 0, len(events))
	for _, e := range events {
		out = append(out, s.describeEvent(r, e))
	}
	slices.Reverse(out)
	return out
}

// describeEvent summarises one event. The data is the created object,
// {"changes": {field: {"old", "new"}}}, or, for verdict events, the
// verdict under "verdict" and the claim's new status; anything else is
// summarised by its action alone. Field names and changed values are
// shown as stored: they are data, not words of the interface.
func (s *Server) describeEvent(r *http.Request, e *claims.Event) historyItem {
	it := historyItem{Seq: e.Seq, At: e.At, Actor: e.Actor.Name, Action: e.Action}
	it.Summary = s.actionSummary(r, e.Action)
	if it.Summary == "" {
		it.Summary = strings.ReplaceAll(e.Action, ".", " ")
	}
	var data map[string]json.RawMessage
	if json.Unmarshal(e.Data, &data) != nil {
		return it
	}
	if raw, ok := data["changes"]; ok {
		var ch map[string]struct{ Old, New json.RawMessage }
		if json.Unmarshal(raw, &ch) == nil {
			fields := make([]string, 0, len(ch))
			for f := range ch {
				fields = append(fields, f)
			}
			slices.Sort(fields)
			if len(fields) > 0 {
				it.Summary = s.t(r, "%s: changed %s", it.Summary, strings.Join(fields, ", "))
			}
			for _, f := range fields {
				if d := changeDetail(f, ch[f].Old, ch[f].New, s.t(r, "(none)")); d != "" {
					it.Details = append(it.Details, d)
				}
			}
		}
	}
	l := s.localeFrom(r) // labels inside a sentence, lower-case as catalogued
	// A verdict.propose event holds the verdict under "verdict".
	verdict := data
	if raw, ok := data["verdict"]; ok {
		verdict = nil
		json.Unmarshal(raw, &verdict) // a verdict that is not an object shows no detail
	}
	if a, rt := scalar(verdict["attribution"]), scalar(verdict["rating"]); a != "" && rt != "" {
		it.Details = append(it.Details, s.t(r, "attribution %s, rating %s",
			l.Label(claims.Attribution(a)), l.Label(claims.Rating(rt))))
	}
	if st := scalar(data["status"]); st != "" && e.Action != "claim.create" && data["changes"] == nil {
		it.Details = append(it.Details, s.t(r, "status: %s", l.Label(claims.Status(st))))
	}
	if st := scalar(data["claim_status"]); st != "" {
		it.Details = append(it.Details, s.t(r, "new status: %s", l.Label(claims.Status(st))))
	}
	if e.Action == "comment.create" {
		if body := scalar(data["body"]); body != "" {
			it.Details = append(it.Details, "“"+truncate(body, 200)+"”")
		}
	}
	var superseded []string
	if json.Unmarshal(data["superseded"], &superseded) == nil && len(superseded) > 0 {
		it.Details = append(it.Details, s.t(r, "the earlier approved verdict is now superseded"))
	}
	if reason := scalar(data["reason"]); reason != "" {
		it.Details = append(it.Details, s.t(r, "reason: %s", truncate(reason, 200)))
	}
	return it
}

// changeDetail shows a change of a short scalar field as "old → new"; long
// texts and lists only count as changed.
func changeDetail(field string, old, new json.RawMessage, none string) string {
	if field == "assignee" || strings.HasSuffix(field, "_id") {
		return "" // ids mean nothing to a reader
	}
	o, n := scalar(old), scalar(new)
	if (o == "" && n == "") || len([]rune(o)) > 60 || len([]rune(n)) > 60 {
		return ""
	}
	if o == "" {
		o = none
	}
	if n == "" {
		n = none
	}
	return fmt.Sprintf("%s: %s → %s", field, o, n)
}

// scalar returns a JSON string or number as text, and "" for anything else.
func scalar(raw json.RawMessage) string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	}
	return ""
}

// label turns an enumeration value into words: "mostly-true" → "mostly true".
func label(s string) string { return strings.ReplaceAll(s, "-", " ") }

// truncate shortens s to n code points with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}
