package claims

import (
	"strings"
	"testing"
)

func TestClaimValidate(t *testing.T) {
	ok := func() Claim {
		return Claim{Text: "Xi i Łukaszenka podpisali 16 dokumentów.", Kind: KindReported, SourceID: "s1",
			Provenance: []Hop{{SourceID: "s1", Role: RoleOriginator, URL: "https://example.org", Date: "2024-12-04"}}}
	}
	tests := []struct {
		name  string
		edit  func(c *Claim)
		field string
	}{
		{"OK", func(c *Claim) {}, ""},
		{"OKQuote", func(c *Claim) { c.DocumentID, c.Quote = "d1", &Quote{Exact: "16 dokumentów"} }, ""},
		{"OKEmptyQuoteDropped", func(c *Claim) { c.Quote = &Quote{} }, ""},
		{"ErrText", func(c *Claim) { c.Text = "   " }, "text"},
		{"ErrTextControl", func(c *Claim) { c.Text = "a\x00b" }, "text"},
		{"ErrTextInvalidUTF8", func(c *Claim) { c.Text = "a\xffb" }, "text"},
		{"ErrTextTooLong", func(c *Claim) { c.Text = strings.Repeat("ą", MaxLongText) }, "text"},
		{"ErrKind", func(c *Claim) { c.Kind = "opinion" }, "kind"},
		{"ErrSource", func(c *Claim) { c.SourceID = "" }, "source_id"},
		{"ErrStatus", func(c *Claim) { c.Status = "done" }, "status"},
		{"ErrQuoteWithoutDocument", func(c *Claim) { c.Quote = &Quote{Exact: "x"} }, "document_id"},
		{"ErrHopRole", func(c *Claim) { c.Provenance[0].Role = "said" }, "provenance"},
		{"ErrHopDate", func(c *Claim) { c.Provenance[0].Date = "2024-02-30" }, "provenance"},
		{"ErrHopURL", func(c *Claim) { c.Provenance[0].URL = "ftp://example.org" }, "provenance"},
		{"ErrHopSource", func(c *Claim) { c.Provenance[0].SourceID = "" }, "provenance"},
		{"ErrTags", func(c *Claim) { c.Tags = []string{strings.Repeat("x", MaxNameLen+1)} }, "tags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok()
			tt.edit(&c)
			c.Normalize()
			checkField(t, c.Validate(), tt.field)
		})
	}
}

func TestClaimNormalize(t *testing.T) {
	c := Claim{Text: "  tekst \n", Tags: []string{" a", "a", "", "b"}, Quote: &Quote{},
		Provenance: []Hop{{URL: " https://x.org ", Source: &Source{Name: "x"}}}}
	c.Normalize()
	if c.Text != "tekst" || strings.Join(c.Tags, ",") != "a,b" || c.Quote != nil ||
		c.Provenance[0].URL != "https://x.org" || c.Provenance[0].Source != nil {
		t.Errorf("normalized %+v", c)
	}
}

func TestClaimFilterValidate(t *testing.T) {
	tests := []struct {
		name  string
		f     ClaimFilter
		field string
	}{
		{"OK", ClaimFilter{Status: StatusDisputed, Kind: KindAnalytical, Limit: MaxPageSize}, ""},
		{"ErrStatus", ClaimFilter{Status: "x"}, "status"},
		{"ErrKind", ClaimFilter{Kind: "x"}, "kind"},
		{"ErrLimit", ClaimFilter{Limit: MaxPageSize + 1}, "limit"},
		{"ErrNegativeLimit", ClaimFilter{Limit: -1}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkField(t, tt.f.Validate(), tt.field)
		})
	}
}

func TestListFilterValidate(t *testing.T) {
	long := strings.Repeat("q", MaxShortText+1)
	tests := []struct {
		name  string
		f     interface{ Validate() error }
		field string
	}{
		{"OKSource", &SourceFilter{Q: "Łukaszenka", Limit: MaxPageSize}, ""},
		{"OKDocument", &DocumentFilter{Q: "Chiny"}, ""},
		{"OKEvent", &EventFilter{After: 3, Limit: 1}, ""},
		{"ErrSourceLimit", &SourceFilter{Limit: MaxPageSize + 1}, "limit"},
		{"ErrSourceQ", &SourceFilter{Q: long}, "q"},
		{"ErrDocumentLimit", &DocumentFilter{Limit: -1}, "limit"},
		{"ErrDocumentQ", &DocumentFilter{Q: "a\x00b"}, "q"},
		{"ErrEventLimit", &EventFilter{Limit: MaxPageSize + 1}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkField(t, tt.f.Validate(), tt.field)
		})
	}
}

func TestPageSize(t *testing.T) {
	for in, want := range map[int]int{0: DefaultPageSize, -5: DefaultPageSize, 7: 7, MaxPageSize + 50: MaxPageSize} {
		if got := PageSize(in); got != want {
			t.Errorf("PageSize(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestClaimUpdateApply(t *testing.T) {
	c := Claim{Text: "a", Kind: KindReported, Quote: &Quote{Exact: "q"}}
	text, kind := "b", KindAnalytical
	ClaimUpdate{Text: &text, Kind: &kind, ClearQuote: true}.Apply(&c)
	if c.Text != "b" || c.Kind != KindAnalytical || c.Quote != nil {
		t.Errorf("applied %+v", c)
	}
	q := Quote{Exact: "x"}
	upd := ClaimUpdate{Quote: &q}
	upd.Apply(&c)
	q.Exact = "changed after Apply"
	if c.Quote == nil || c.Quote.Exact != "x" {
		t.Errorf("quote %+v shares memory with the update", c.Quote)
	}
}
