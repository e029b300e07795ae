package web

import (
	"encoding/json"
	"fmt"
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

// actionWords says what an action did, as the rest of a sentence that
// starts with the actor's name.
var actionWords = map[string]string{
	"claim.create":     "created the claim",
	"claim.update":     "edited the claim",
	"claim.status":     "changed the claim's status",
	"claim.reopen":     "reopened the claim",
	"claim.assign":     "assigned the claim",
	"verdict.propose":  "proposed a verdict",
	"verdict.approve":  "approved a verdict",
	"verdict.reject":   "rejected a verdict",
	"verdict.withdraw": "withdrew a verdict",
	"comment.create":   "commented",
	"document.import":  "imported the document",
	"source.create":    "created the source",
	"source.update":    "edited the source",
	"user.create":      "created the user",
	"user.login":       "signed in",
	"user.logout":      "signed out",
}

// history turns a claim's events into its timeline, newest first.
func history(events []*claims.Event) []historyItem {
	out := make([]historyItem, 0, len(events))
	for _, e := range events {
		out = append(out, describeEvent(e))
	}
	slices.Reverse(out)
	return out
}

// describeEvent summarises one event. The data is the created object,
// {"changes": {field: {"old", "new"}}}, or, for verdict events, the
// verdict under "verdict" and the claim's new status; anything else is
// summarised by its action alone.
func describeEvent(e *claims.Event) historyItem {
	it := historyItem{Seq: e.Seq, At: e.At, Actor: e.Actor.Name, Action: e.Action}
	it.Summary = actionWords[e.Action]
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
				it.Summary += ": changed " + strings.Join(fields, ", ")
			}
			for _, f := range fields {
				if d := changeDetail(f, ch[f].Old, ch[f].New); d != "" {
					it.Details = append(it.Details, d)
				}
			}
		}
	}
	// A verdict.propose event holds the verdict under "verdict".
	verdict := data
	if raw, ok := data["verdict"]; ok {
		verdict = nil
		json.Unmarshal(raw, &verdict) // a verdict that is not an object shows no detail
	}
	if a, r := scalar(verdict["attribution"]), scalar(verdict["rating"]); a != "" && r != "" {
		it.Details = append(it.Details, fmt.Sprintf("attribution %s, rating %s", label(a), label(r)))
	}
	if st := scalar(data["status"]); st != "" && e.Action != "claim.create" && data["changes"] == nil {
		it.Details = append(it.Details, "status: "+label(st))
	}
	if st := scalar(data["claim_status"]); st != "" {
		it.Details = append(it.Details, "the claim is now "+label(st))
	}
	if e.Action == "comment.create" {
		if body := scalar(data["body"]); body != "" {
			it.Details = append(it.Details, "“"+truncate(body, 200)+"”")
		}
	}
	var superseded []string
	if json.Unmarshal(data["superseded"], &superseded) == nil && len(superseded) > 0 {
		it.Details = append(it.Details, "the earlier approved verdict is now superseded")
	}
	if reason := scalar(data["reason"]); reason != "" {
		it.Details = append(it.Details, "reason: "+truncate(reason, 200))
	}
	return it
}

// changeDetail shows a change of a short scalar field as "old → new"; long
// texts and lists only count as changed.
func changeDetail(field string, old, new json.RawMessage) string {
	if field == "assignee" || strings.HasSuffix(field, "_id") {
		return "" // ids mean nothing to a reader
	}
	o, n := scalar(old), scalar(new)
	if (o == "" && n == "") || len([]rune(o)) > 60 || len([]rune(n)) > 60 {
		return ""
	}
	if o == "" {
		o = "(none)"
	}
	if n == "" {
		n = "(none)"
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
