package demo_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/demo"
	"github.com/claimtrail/claimtrail/db"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })

	if err := demo.Load(ctx, store, claims.SystemActor); err != nil {
		t.Fatalf("Load: %v %v", err, claims.ErrorFields(err))
	}

	docs, _, err := store.FindDocuments(ctx, claims.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	langs := []string{}
	for _, d := range docs {
		full, err := store.FindDocumentByID(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Links) < 2 {
			t.Errorf("document %q has links %+v, want at least 2", d.Title, full.Links)
		}
		langs = append(langs, full.Language)
	}
	slices.Sort(langs)
	if !slices.Equal(langs, []string{"en", "pl"}) {
		t.Errorf("languages = %q, want en and pl", langs)
	}

	sources, _, err := store.FindSources(ctx, claims.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	types := map[claims.SourceType]bool{}
	for _, s := range sources {
		types[s.Type] = true
	}
	for _, want := range []claims.SourceType{claims.SourcePerson, claims.SourceGovernment, claims.SourceThinkTank, claims.SourceMedia} {
		if !types[want] {
			t.Errorf("no demo source of type %s", want)
		}
	}
	if found, _, err := store.FindSources(ctx, claims.SourceFilter{Q: "Горбач"}); err != nil || len(found) != 1 {
		t.Errorf("search by Cyrillic alias found %d sources (%v), want 1", len(found), err)
	}

	list, _, err := store.FindClaims(ctx, claims.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 6 || len(list) > 8 {
		t.Fatalf("%d claims, want 6 to 8", len(list))
	}
	statuses := map[claims.Status]int{}
	kinds := map[claims.Kind]int{}
	var chain bool
	for _, c := range list {
		statuses[c.Status]++
		kinds[c.Kind]++
		full, err := store.FindClaimByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := store.FindDocumentByID(ctx, c.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		q := full.Quote
		if q == nil || string([]rune(doc.Body)[q.Start:q.End]) != q.Exact {
			t.Errorf("claim %q: quote %+v is not anchored in its document", c.Text, q)
		}
		var roles []claims.HopRole
		for _, h := range full.Provenance {
			roles = append(roles, h.Role)
		}
		if slices.Equal(roles, []claims.HopRole{claims.RoleOriginator, claims.RoleQuotedBy, claims.RoleReportedBy}) {
			chain = true
		}
	}
	if !chain {
		t.Error("no claim has an originator → quoted-by → reported-by chain")
	}
	if kinds[claims.KindReported] == 0 || kinds[claims.KindAnalytical] == 0 {
		t.Errorf("kinds = %v, want both", kinds)
	}
	for _, s := range []claims.Status{claims.StatusPublished, claims.StatusProposed, claims.StatusDisputed, claims.StatusNew} {
		if statuses[s] == 0 {
			t.Errorf("no claim with status %s (statuses %v)", s, statuses)
		}
	}

	published, _, err := store.FindClaims(ctx, claims.ClaimFilter{Status: claims.StatusPublished})
	if err != nil || len(published) != 1 {
		t.Fatalf("published claims = %d, %v; want 1", len(published), err)
	}
	full, err := store.FindClaimByID(ctx, published[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if v := full.Verdicts[0]; v.State != claims.VerdictApproved || v.AuthorName != "ala" || v.ApproverName != "ewa" {
		t.Errorf("published verdict = %+v, want approved, by ala, approved by ewa", v)
	}

	for _, name := range []string{"ala", "bartek", "ewa"} {
		u, err := store.FindUserByName(ctx, name)
		if err != nil {
			t.Fatalf("demo user %s: %v", name, err)
		}
		if u.PasswordHash != "" {
			t.Errorf("demo user %s has a password", name)
		}
	}

	t.Run("Idempotent", func(t *testing.T) {
		before, err := store.FindEvents(ctx, claims.EventFilter{Limit: claims.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(ctx, store, claims.SystemActor); err != nil {
			t.Fatalf("second Load: %v", err)
		}
		after, err := store.FindEvents(ctx, claims.EventFilter{Limit: claims.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before) {
			t.Fatalf("second Load wrote %d audit events, want none", len(after)-len(before))
		}
	})
}
