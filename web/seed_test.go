package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// seedPath is the real article our users work with, kept beside the repo.
const seedPath = "../../shared/seed/article-pl.txt"

// TestSeedArticle imports the seed article as editors paste it and records
// the five claims of DESIGN.md's table with their sources, kinds and
// provenance chains, then reads them back through the API.
func TestSeedArticle(t *testing.T) {
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		abs, _ := filepath.Abs(seedPath)
		t.Fatalf("the seed article must be at %s: %v", abs, err)
	}
	e := newEnv(t)
	doc := e.importText("Łukaszenka zakończył wizytę w Chinach", string(raw))
	if doc.Language != "pl" {
		t.Errorf("language %q, want pl", doc.Language)
	}
	if n := strings.Count(doc.Body, "\n\n") + 1; n != 7 {
		t.Fatalf("%d paragraphs, want 7:\n%s", n, doc.Body)
	}

	publisher := e.createSource("Redakcja portalu", claims.SourceMedia)
	chancellery := e.createSource("Kancelaria Prezydenta Białorusi", claims.SourceGovernment, "kancelaria Łukaszenki")
	xi := e.createSource("Xi Jinping", claims.SourcePerson, "Xi Jinpingiem", "习近平")
	isw := e.createSource("Instytut Badań nad Wojną", claims.SourceThinkTank, "ISW", "Institute for the Study of War")
	luka := e.createSource("Aleksander Łukaszenka", claims.SourcePerson, "Lukashenko", "Łukaszenki", "Лукашэнка")

	hop := func(s *claims.Source, role claims.HopRole) map[string]any {
		return map[string]any{"source_id": s.ID, "role": role}
	}
	for _, tc := range []struct {
		text   string
		kind   claims.Kind
		source *claims.Source
		quote  string
		chain  []map[string]any
	}{
		{"Xi Jinping i Łukaszenka podpisali pakiet 16 dokumentów o współpracy.", claims.KindReported, publisher,
			"Xi Jinping i Łukaszenka podpisali też pakiet 16 dokumentów",
			[]map[string]any{hop(chancellery, claims.RoleOriginator), hop(publisher, claims.RoleReportedBy)}},
		{"Xi: musimy dążyć do politycznego rozwiązania i odrzucić myślenie zimnowojenne.", claims.KindReported, xi,
			"Musimy dążyć w kierunku politycznego rozwiązania, odrzucić wszelkie myślenie zimnowojenne",
			[]map[string]any{hop(xi, claims.RoleOriginator), hop(publisher, claims.RoleReportedBy)}},
		{"Dokumenty mają ułatwić Kremlowi omijanie sankcji przez kierowanie pomocy dla Rosji przez Białoruś.", claims.KindAnalytical, isw,
			"dokumenty mają ułatwić Kremlowi omijanie zachodnich sankcji poprzez kierowanie pomocy dla Rosji przez Białoruś",
			[]map[string]any{hop(isw, claims.RoleAssessedBy), hop(publisher, claims.RoleReportedBy)}},
		{"Łukaszenka: białoruscy producenci chcą poznać kompetencje chińskich firm w produkcji komponentów.", claims.KindReported, luka,
			"Łukaszenka powiedział, że białoruscy producenci są zainteresowani badaniem",
			[]map[string]any{hop(luka, claims.RoleOriginator), hop(isw, claims.RoleQuotedBy), hop(publisher, claims.RoleReportedBy)}},
		{"Chiny mogą potajemnie przekazywać Rosji sprzęt wojskowy przez Białoruś.", claims.KindAnalytical, isw,
			"Chiny mogą potajemnie przekazywać do Rosji sprzęt wojskowy przez Białoruś",
			[]map[string]any{hop(isw, claims.RoleAssessedBy), hop(publisher, claims.RoleReportedBy)}},
	} {
		var c claims.Claim
		e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{
			"text": tc.text, "kind": tc.kind, "source_id": tc.source.ID, "document_id": doc.ID,
			"quote": map[string]any{"exact": tc.quote}, "provenance": tc.chain,
		})).decode(t, &c)
		var got claims.Claim
		e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/"+c.ID, nil)).decode(t, &got)
		body := []rune(doc.Body)
		if got.Quote == nil || string(body[got.Quote.Start:got.Quote.End]) != tc.quote {
			t.Fatalf("%q: quote %+v does not point at its words in the body", tc.text, got.Quote)
		}
		if got.Kind != tc.kind || got.Source == nil || got.Source.Name != tc.source.Name || len(got.Provenance) != len(tc.chain) {
			t.Fatalf("%q: read back %+v", tc.text, got)
		}
		for i, h := range got.Provenance {
			if h.SourceID != tc.chain[i]["source_id"] || h.Role != tc.chain[i]["role"] || h.Source == nil {
				t.Fatalf("%q: hop %d is %+v", tc.text, i, h)
			}
		}
	}
	var doc2 documentWithClaims
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/documents/"+doc.ID, nil)).decode(t, &doc2)
	if len(doc2.Claims) != 5 || doc2.Body != doc.Body {
		t.Fatalf("document has %d claims", len(doc2.Claims))
	}
	var quotedBy list[*claims.Claim]
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims?kind=analytical&source_id="+isw.ID, nil)).decode(t, &quotedBy)
	if len(quotedBy.Items) != 2 {
		t.Fatalf("%d analytical ISW claims, want 2", len(quotedBy.Items))
	}
}
