package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// wordsServer is a server with the catalogs and nothing else, for the
// functions that only translate.
func wordsServer(t *testing.T) *Server {
	t.Helper()
	locs, err := loadLocales(assets)
	if err != nil {
		t.Fatal(err)
	}
	return &Server{locales: locs}
}

func TestDescribeEvent(t *testing.T) {
	s := wordsServer(t)
	r := httptest.NewRequest("GET", "/", nil)
	event := func(action string, data any) *claims.Event {
		raw, err := json.Marshal(data)
		if err != nil {
			t.Fatal(err)
		}
		return &claims.Event{Seq: 7, At: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), Actor: claims.Actor{Name: "kasia"},
			Action: action, Data: raw}
	}
	tests := []struct {
		name    string
		event   *claims.Event
		summary string
		details []string
	}{
		{"OKPropose", event("verdict.propose", map[string]any{
			"verdict":      &claims.Verdict{Attribution: claims.AttributionAccurate, Rating: claims.RatingMostlyFalse},
			"claim_status": claims.StatusProposed, "claim_version": 2,
		}), "proposed a verdict", []string{"attribution accurate, rating mostly false", "new status: proposed"}},
		{"OKReject", event("verdict.reject", map[string]any{"reason": "Needs a source.", "claim_status": claims.StatusInReview}),
			"rejected a verdict", []string{"new status: in review", "reason: Needs a source."}},
		{"OKUpdate", event("claim.update", map[string]any{"changes": map[string]any{
			"kind":      map[string]any{"old": "reported", "new": "analytical"},
			"source_id": map[string]any{"old": "a", "new": "b"},
		}}), "edited the claim: changed kind, source_id", []string{"kind: reported → analytical"}},
		{"OKCreate", event("claim.create", &claims.Claim{Text: "x", Status: claims.StatusNew}), "created the claim", nil},
		{"OKUnknownAction", event("claim.frobnicate", nil), "claim frobnicate", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := s.describeEvent(r, tt.event)
			if it.Summary != tt.summary {
				t.Errorf("summary = %q, want %q", it.Summary, tt.summary)
			}
			if !slices.Equal(it.Details, tt.details) {
				t.Errorf("details = %q, want %q", it.Details, tt.details)
			}
			if it.Seq != 7 || it.Actor != "kasia" || it.Action != tt.event.Action {
				t.Errorf("item %+v does not keep the event's seq, actor and action", it)
			}
		})
	}
}

func TestHistoryNewestFirst(t *testing.T) {
	h := wordsServer(t).history(httptest.NewRequest("GET", "/", nil), []*claims.Event{{Seq: 1, Action: "claim.create"}, {Seq: 2, Action: "claim.update"}})
	if len(h) != 2 || h[0].Seq != 2 || h[1].Seq != 1 || !strings.HasPrefix(h[1].Summary, "created") {
		t.Fatalf("history = %+v, want seq 2 then seq 1", h)
	}
}

// TestDescribeEventPolish: the timeline speaks Polish on a Polish page,
// enumeration values included; stored field names and values stay.
func TestDescribeEventPolish(t *testing.T) {
	s := wordsServer(t)
	r := httptest.NewRequest("GET", "/", nil)
	r = r.WithContext(context.WithValue(r.Context(), localeKey{}, s.locales["pl"]))
	raw, _ := json.Marshal(map[string]any{
		"verdict":      &claims.Verdict{Attribution: claims.AttributionAccurate, Rating: claims.RatingMostlyFalse},
		"claim_status": claims.StatusProposed,
	})
	it := s.describeEvent(r, &claims.Event{Action: "verdict.propose", Data: raw})
	if it.Summary != "zaproponował(a) werdykt" || !slices.Equal(it.Details, []string{"atrybucja zgodna, ocena w większości fałsz", "nowy status: do zatwierdzenia"}) {
		t.Errorf("Polish: %q %q", it.Summary, it.Details)
	}
	raw, _ = json.Marshal(map[string]any{"changes": map[string]any{"kind": map[string]any{"old": "reported", "new": "analytical"}}})
	it = s.describeEvent(r, &claims.Event{Action: "claim.update", Data: raw})
	if it.Summary != "zmienił(a) twierdzenie, pola: kind" || !slices.Equal(it.Details, []string{"kind: reported → analytical"}) {
		t.Errorf("Polish update: %q %q", it.Summary, it.Details)
	}
}
