package web

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/suggest"
)

// TestSuggestionsSeed imports the seed article, lists its suggestions over
// HTTP and accepts the five of DESIGN.md's table in one bulk call: each
// becomes a claim with its quote, source, kind and chain, and no longer
// shows as a suggestion.
func TestSuggestionsSeed(t *testing.T) {
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	doc := e.importText("Łukaszenka zakończył wizytę w Chinach", string(raw))
	e.createSource("Redakcja portalu", claims.SourceMedia)
	e.createSource("Kancelaria Prezydenta Białorusi", claims.SourceGovernment, "kancelaria Łukaszenki")
	xi := e.createSource("Xi Jinping", claims.SourcePerson)
	isw := e.createSource("Instytut Badań nad Wojną", claims.SourceThinkTank, "ISW")
	luka := e.createSource("Aleksander Łukaszenka", claims.SourcePerson, "Lukashenko")

	var sugs list[suggest.Suggestion]
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/documents/"+doc.ID+"/suggestions", nil)).decode(t, &sugs)
	table := []struct {
		part   string
		kind   claims.Kind
		source *claims.Source // nil: the publisher ("unknown publisher", new)
		chain  []string
	}{
		{"podpisali też pakiet 16 dokumentów", claims.KindReported, nil, []string{"originator", "reported-by"}},
		{"Musimy dążyć", claims.KindReported, xi, []string{"originator", "reported-by"}},
		{"dokumenty mają ułatwić Kremlowi", claims.KindAnalytical, isw, []string{"assessed-by", "reported-by"}},
		{"białoruscy producenci", claims.KindReported, luka, []string{"originator", "quoted-by", "reported-by"}},
		{"Chiny mogą potajemnie", claims.KindAnalytical, isw, []string{"assessed-by", "reported-by"}},
	}
	var ids []string
	for _, tc := range table {
		var found *suggest.Suggestion
		for k := range sugs.Items {
			if strings.Contains(sugs.Items[k].Text, tc.part) {
				found = &sugs.Items[k]
			}
		}
		if found == nil {
			t.Fatalf("no suggestion for %q in %d", tc.part, len(sugs.Items))
		}
		if found.Kind != tc.kind || tc.source != nil && found.Source.ID != tc.source.ID || len(found.Provenance) != len(tc.chain) {
			t.Fatalf("%q: %+v", tc.part, found)
		}
		for k, h := range found.Provenance {
			if string(h.Role) != tc.chain[k] {
				t.Fatalf("%q: hop %d is %+v", tc.part, k, h)
			}
		}
		ids = append(ids, found.ID)
	}

	t.Run("ErrNewSourceNotAllowed", func(t *testing.T) {
		r := e.do(claims.RoleEditor, "POST", "/api/v1/documents/"+doc.ID+"/suggestions/accept", map[string]any{"ids": ids})
		if r.Status != 422 || r.problem(t).Errors[0].Field != "create_sources" {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
	})
	t.Run("ErrViewer", func(t *testing.T) {
		e.must(403, e.do(claims.RoleViewer, "POST", "/api/v1/documents/"+doc.ID+"/suggestions/accept", map[string]any{"ids": ids, "create_sources": true}))
	})
	var created list[*claims.Claim]
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/documents/"+doc.ID+"/suggestions/accept",
		map[string]any{"ids": ids, "create_sources": true})).decode(t, &created)
	if len(created.Items) != 5 {
		t.Fatalf("%d claims created", len(created.Items))
	}
	body := []rune(doc.Body)
	for i, c := range created.Items {
		var got claims.Claim
		e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/"+c.ID, nil)).decode(t, &got)
		if got.Quote == nil || !strings.Contains(string(body[got.Quote.Start:got.Quote.End]), table[i].part) || got.Kind != table[i].kind {
			t.Fatalf("claim %d read back as %+v", i, got)
		}
		if last := got.Provenance[len(got.Provenance)-1]; last.Source == nil || last.Role != claims.RoleReportedBy {
			t.Fatalf("claim %d: chain %+v does not end with the publisher", i, got.Provenance)
		}
	}
	var after list[suggest.Suggestion]
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/documents/"+doc.ID+"/suggestions", nil)).decode(t, &after)
	if len(after.Items) != len(sugs.Items)-5 {
		t.Fatalf("%d suggestions left of %d", len(after.Items), len(sugs.Items))
	}
	e.must(404, e.do(claims.RoleViewer, "GET", "/api/v1/documents/nope/suggestions", nil))
}

// similarCounter is a store whose claim matching counts its calls and
// takes delay each; nothing else of it is called.
type similarCounter struct {
	claims.Store
	calls int
	delay time.Duration
}

func (c *similarCounter) FindSimilarClaims(ctx context.Context, text string, limit int) ([]*claims.SimilarClaim, error) {
	c.calls++
	time.Sleep(c.delay)
	return nil, ctx.Err()
}

// TestFlagChecked_Limits: the reader page looks up at most
// maxCheckedLookups suggestions, and none after checkedBudget.
func TestFlagChecked_Limits(t *testing.T) {
	sugs := make([]suggestionView, 3*maxCheckedLookups)
	store := &similarCounter{}
	(&Server{store: store}).flagChecked(context.Background(), sugs)
	if store.calls != maxCheckedLookups {
		t.Errorf("%d lookups for %d suggestions, want %d", store.calls, len(sugs), maxCheckedLookups)
	}
	slow := &similarCounter{delay: checkedBudget / 4}
	(&Server{store: slow}).flagChecked(context.Background(), sugs)
	if slow.calls > 5 {
		t.Errorf("%d lookups of %v each within a budget of %v", slow.calls, slow.delay, checkedBudget)
	}
}
