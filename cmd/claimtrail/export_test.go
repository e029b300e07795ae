package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/demo"
	"github.com/claimtrail/claimtrail/db"
)

// TestExportClaims exports the demo workspace as the editors' CSV and as
// ClaimReview JSON-LD.
func TestExportClaims(t *testing.T) {
	f := newAuditFixture(t, 0)
	err := withStore(context.Background(), &config{DB: f.db}, func(store *db.DB) error {
		return demo.Load(context.Background(), store, claims.SystemActor)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OKClaimsCSV", func(t *testing.T) {
		out, _, err := f.runOut(&config{Command: "export", What: "claims"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, "\ufeff") || strings.Count(out, "\n") != 8 || !strings.Contains(out, "Kancelaria Prezydenta Lewonii") {
			t.Fatalf("CSV export:\n%s", out)
		}
	})
	t.Run("OKClaimReview", func(t *testing.T) {
		out, _, err := f.runOut(&config{Command: "export", What: "claimreview", Newsroom: "Kurier Sprawdzam", BaseURL: "https://sprawdzam.example.pl"})
		if err != nil {
			t.Fatal(err)
		}
		var reviews []map[string]any
		if err := json.Unmarshal([]byte(out), &reviews); err != nil {
			t.Fatalf("not a JSON array: %v\n%s", err, out)
		}
		if len(reviews) != 1 || reviews[0]["@type"] != "ClaimReview" || !strings.HasPrefix(reviews[0]["url"].(string), "https://sprawdzam.example.pl/claims/") {
			t.Fatalf("reviews %v", reviews)
		}
		if a := reviews[0]["author"].(map[string]any); a["name"] != "Kurier Sprawdzam" {
			t.Fatalf("author %v", a)
		}
	})
	t.Run("ErrClaimReviewWithoutBaseURL", func(t *testing.T) {
		if _, _, err := f.runOut(&config{Command: "export", What: "claimreview"}); err == nil || !strings.Contains(err.Error(), "--base-url") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrBadBaseURL", func(t *testing.T) {
		if _, err := parseArgs([]string{"export", "claimreview", "--base-url", "javascript:alert(1)"}, func(string) string { return "" }); err == nil {
			t.Fatal("a javascript: base URL was accepted")
		}
	})
}
