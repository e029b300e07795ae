package db

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
)

func TestCreateClaim(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := newTestDB(t)
		xi, isw := mustSource(t, db, "Xi Jinping"), mustSource(t, db, "ISW")
		checker := mustUser(t, db, "kasia", claims.RoleChecker)
		c := &claims.Claim{Text: "  Xi wzywa do politycznego rozwiązania. ", Kind: claims.KindReported,
			SourceID: xi.ID, Assignee: checker.ID, Tags: []string{"chiny", " chiny", "białoruś"},
			Status:     claims.StatusPublished, // ignored: a new claim is new
			Provenance: []claims.Hop{{SourceID: xi.ID, Role: claims.RoleOriginator}, {SourceID: isw.ID, Role: claims.RoleQuotedBy, Date: "2024-12-04"}}}
		if err := db.CreateClaim(ctx, editor, c); err != nil {
			t.Fatal(err)
		}
		if c.Status != claims.StatusNew || c.Version != 1 || c.CreatedBy != editor.Name {
			t.Errorf("created %+v", c)
		}
		got, err := db.FindClaimByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != "Xi wzywa do politycznego rozwiązania." || got.Assignee != checker.ID ||
			strings.Join(got.Tags, ",") != "chiny,białoruś" || got.Status != claims.StatusNew {
			t.Errorf("stored %+v", got)
		}
		if got.Source == nil || got.Source.Name != "Xi Jinping" {
			t.Errorf("source %+v", got.Source)
		}
		if len(got.Provenance) != 2 || got.Provenance[1].Source == nil || got.Provenance[1].Source.Name != "ISW" ||
			got.Provenance[1].Date != "2024-12-04" {
			t.Errorf("provenance %+v", got.Provenance)
		}
		if got.Verdicts == nil || len(got.Verdicts) != 0 {
			t.Errorf("verdicts %v, want empty list", got.Verdicts)
		}
		events := checkAuditLog(t, db)
		last := events[len(events)-1]
		if last.Action != "claim.create" || last.ClaimID != c.ID || last.EntityType != "claim" {
			t.Errorf("event %+v", last)
		}
	})
	tests := []struct {
		name  string
		edit  func(c *claims.Claim)
		field string
	}{
		{"ErrUnknownSource", func(c *claims.Claim) { c.SourceID = "nope" }, "source_id"},
		{"ErrUnknownDocument", func(c *claims.Claim) { c.DocumentID = "nope" }, "document_id"},
		{"ErrUnknownHopSource", func(c *claims.Claim) {
			c.Provenance = []claims.Hop{{SourceID: "nope", Role: claims.RoleOriginator}}
		}, "provenance"},
		{"ErrUnknownAssignee", func(c *claims.Claim) { c.Assignee = "nope" }, "assignee"},
		{"ErrNoText", func(c *claims.Claim) { c.Text = " " }, "text"},
		{"ErrKind", func(c *claims.Claim) { c.Kind = "rumour" }, "kind"},
		{"ErrQuoteWithoutDocument", func(c *claims.Claim) { c.Quote = &claims.Quote{Exact: "x"} }, "document_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newTestDB(t)
			src := mustSource(t, db, "Xi")
			before := countEvents(t, db)
			c := &claims.Claim{Text: "t", Kind: claims.KindReported, SourceID: src.ID}
			tt.edit(c)
			err := db.CreateClaim(ctx, editor, c)
			wantField(t, err, tt.field)
			if countRows(t, db, "claims") != 0 || countEvents(t, db) != before {
				t.Error("a refused claim left a row or an event")
			}
		})
	}
}

// anchorBody has an emoji outside the BMP before the quotes, so code-point,
// UTF-16 and byte offsets all differ; Polish diacritics; typographic quotes
// appearing twice; and right-to-left Hebrew and Arabic text.
const anchorBody = "🦊 Alaksandr Łukaszenka powiedział: „Chcemy współpracy”.\n\n" +
	"Xi Jinping odpowiedział: „Chcemy współpracy” — i dodał: שלום עולם, مرحبا بالعالم.\n\n" +
	"Koniec."

func TestCreateClaim_QuoteAnchoring(t *testing.T) {
	runeIndex := func(s, sub string, nth int) int {
		i := 0
		for range nth {
			j := strings.Index(s[i:], sub)
			if j < 0 {
				t.Fatalf("%q not in body", sub)
			}
			i += j + 1
		}
		return utf8.RuneCountInString(s[:i-1])
	}
	tests := []struct {
		name      string
		quote     claims.Quote
		wantStart int // code points; -1 for an error
	}{
		{"OKUnique", claims.Quote{Exact: "Alaksandr Łukaszenka"}, runeIndex(anchorBody, "Alaksandr", 1)},
		{"OKRightToLeft", claims.Quote{Exact: "שלום עולם, مرحبا بالعالم"}, runeIndex(anchorBody, "שלום", 1)},
		{"OKAmbiguousByPrefix", claims.Quote{Exact: "„Chcemy współpracy”", Prefix: "Jinping odpowiedział: "},
			runeIndex(anchorBody, "„Chcemy", 2)},
		{"OKAmbiguousByStart", claims.Quote{Exact: "„Chcemy współpracy”", Start: runeIndex(anchorBody, "„Chcemy", 1)},
			runeIndex(anchorBody, "„Chcemy", 1)},
		{"ErrAmbiguous", claims.Quote{Exact: "„Chcemy współpracy”"}, -1},
		{"ErrNotFound", claims.Quote{Exact: "Chcemy wspolpracy"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newTestDB(t)
			src := mustSource(t, db, "Łukaszenka")
			doc := mustDocument(t, db, "Łukaszenka w Chinach", anchorBody)
			q := tt.quote
			c := &claims.Claim{Text: "Cytat", Kind: claims.KindReported, SourceID: src.ID, DocumentID: doc.ID, Quote: &q}
			err := db.CreateClaim(ctx, editor, c)
			if tt.wantStart < 0 {
				wantField(t, err, "quote.exact")
				if countRows(t, db, "claims") != 0 {
					t.Error("a refused claim was stored")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.FindClaimByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			runes := []rune(anchorBody)
			n := utf8.RuneCountInString(tt.quote.Exact)
			want := claims.Quote{
				Exact:  tt.quote.Exact,
				Prefix: string(runes[max(0, tt.wantStart-32):tt.wantStart]),
				Suffix: string(runes[tt.wantStart+n : min(len(runes), tt.wantStart+n+32)]),
				Start:  tt.wantStart, End: tt.wantStart + n,
			}
			if got.Quote == nil || *got.Quote != want {
				t.Fatalf("stored quote %+v, want %+v", got.Quote, want)
			}
			if string(runes[got.Quote.Start:got.Quote.End]) != tt.quote.Exact {
				t.Errorf("offsets %d–%d do not select the quote", got.Quote.Start, got.Quote.End)
			}
			// The offsets are code points: the emoji makes bytes and UTF-16 units differ.
			prefix := string(runes[:got.Quote.Start])
			if len(prefix) == got.Quote.Start || len(utf16.Encode([]rune(prefix))) == got.Quote.Start {
				t.Errorf("start %d is not distinguishable from bytes/UTF-16", got.Quote.Start)
			}
		})
	}
}

func TestUpdateClaim(t *testing.T) {
	setup := func(t *testing.T) (*DB, *claims.Claim, *claims.Document) {
		db := newTestDB(t)
		src := mustSource(t, db, "Łukaszenka")
		doc := mustDocument(t, db, "Łukaszenka w Chinach", anchorBody)
		c := &claims.Claim{Text: "Cytat", Kind: claims.KindReported, SourceID: src.ID, DocumentID: doc.ID,
			Quote: &claims.Quote{Exact: "Alaksandr Łukaszenka"}}
		if err := db.CreateClaim(ctx, editor, c); err != nil {
			t.Fatal(err)
		}
		return db, c, doc
	}
	t.Run("OK", func(t *testing.T) {
		db, c, _ := setup(t)
		text := "Nowy tekst"
		got, err := db.UpdateClaim(ctx, editor, c.ID, claims.ClaimUpdate{Text: &text, Quote: &claims.Quote{Exact: "Koniec."}, Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Text != text || got.Quote.Start != utf8.RuneCountInString(anchorBody)-7 {
			t.Errorf("updated %+v quote %+v", got, got.Quote)
		}
		stored, err := db.FindClaimByID(ctx, c.ID)
		if err != nil || stored.Version != 2 || *stored.Quote != *got.Quote {
			t.Fatalf("stored %+v, %v", stored, err)
		}
		events := checkAuditLog(t, db)
		last := events[len(events)-1]
		var data struct {
			Changes map[string]json.RawMessage `json:"changes"`
		}
		if err := json.Unmarshal(last.Data, &data); err != nil {
			t.Fatal(err)
		}
		if last.Action != "claim.update" || len(data.Changes) != 2 || data.Changes["text"] == nil || data.Changes["quote"] == nil {
			t.Errorf("event %s %s", last.Action, last.Data)
		}
		if !strings.Contains(string(data.Changes["text"]), `"old":"Cytat"`) {
			t.Errorf("text change %s", data.Changes["text"])
		}
	})
	t.Run("OKClearQuote", func(t *testing.T) {
		db, c, _ := setup(t)
		got, err := db.UpdateClaim(ctx, editor, c.ID, claims.ClaimUpdate{ClearQuote: true, Version: 1})
		if err != nil || got.Quote != nil {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("OKNoChange", func(t *testing.T) {
		db, c, _ := setup(t)
		before := countEvents(t, db)
		text := c.Text
		got, err := db.UpdateClaim(ctx, editor, c.ID, claims.ClaimUpdate{Text: &text, Version: 1})
		if err != nil || got.Version != 1 {
			t.Fatalf("got %+v, %v", got, err)
		}
		if countEvents(t, db) != before {
			t.Error("a no-op update wrote an event")
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		db, c, _ := setup(t)
		text := "a"
		if _, err := db.UpdateClaim(ctx, editor, c.ID, claims.ClaimUpdate{Text: &text, Version: 1}); err != nil {
			t.Fatal(err)
		}
		text = "b"
		_, err := db.UpdateClaim(ctx, editor, c.ID, claims.ClaimUpdate{Text: &text, Version: 1})
		wantCode(t, err, claims.ECONFLICT)
		if msg := claims.ErrorMessage(err); msg != "This claim was changed by someone else (now version 2). Reload and try again." {
			t.Errorf("message %q", msg)
		}
	})
	t.Run("ErrQuoteNotInNewDocument", func(t *testing.T) {
		db, c, _ := setup(t)
		other := mustDocument(t, db, "inny", "zupełnie inny tekst")
		before := countEvents(t, db)
		_, err := db.UpdateClaim(ctx, editor, c.ID, claims.ClaimUpdate{DocumentID: &other.ID, Version: 1})
		wantField(t, err, "quote.exact")
		if countEvents(t, db) != before {
			t.Error("a refused update wrote an event")
		}
	})
	t.Run("ErrUnknownSource", func(t *testing.T) {
		db, c, _ := setup(t)
		bad := "nope"
		_, err := db.UpdateClaim(ctx, editor, c.ID, claims.ClaimUpdate{SourceID: &bad, Version: 1})
		wantField(t, err, "source_id")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db, _, _ := setup(t)
		_, err := db.UpdateClaim(ctx, editor, "nope", claims.ClaimUpdate{Version: 1})
		wantCode(t, err, claims.ENOTFOUND)
	})
}

func TestFindClaimByID_ErrNotFound(t *testing.T) {
	db := newTestDB(t)
	_, err := db.FindClaimByID(ctx, "nope")
	wantCode(t, err, claims.ENOTFOUND)
}

// TestCreateClaim_IndexRow checks that the index row CreateClaim writes
// from the claim in hand is the row indexClaim would build from what is
// stored, for claims with and without a quote, tags, aliases and hops.
func TestCreateClaim_IndexRow(t *testing.T) {
	db := newTestDB(t)
	luk := mustSource(t, db, "Aleksandr Łukaszenka", "Lukashenko", "Łukaszenko")
	isw := mustSource(t, db, "ISW")
	doc := mustDocument(t, db, "Wizyta", "Łukaszenka zakończył wizytę w Chinach. Podpisano pakiet 16 dokumentów.")
	for _, c := range []*claims.Claim{
		{Text: "Podpisano pakiet dokumentów", Kind: claims.KindReported, SourceID: luk.ID, DocumentID: doc.ID,
			Quote: &claims.Quote{Exact: "pakiet 16 dokumentów"}, Tags: []string{"Chiny", "dyplomacja"}},
		{Text: "Wizyta była sukcesem", Kind: claims.KindAnalytical, SourceID: isw.ID,
			Provenance: []claims.Hop{{SourceID: luk.ID, Role: claims.RoleOriginator}, {SourceID: isw.ID, Role: claims.RoleAssessedBy}}},
		{Text: "Bez cytatu i tagów", Kind: claims.KindReported, SourceID: isw.ID},
	} {
		if err := db.CreateClaim(ctx, editor, c); err != nil {
			t.Fatal(err)
		}
		err := db.read(ctx, func(tx *Tx) error {
			src, _, err := readSourceNames(tx, c.SourceID)
			if err != nil {
				return err
			}
			_, stored, err := storedClaimIndexText(tx, c.ID)
			if err != nil {
				return err
			}
			if made := newClaimIndexText(c, src); made != stored {
				t.Errorf("claim %q: index text written %q, rebuilt from storage %q", c.Text, made, stored)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if page, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: "lukashenko dyplomacja"}); err != nil || len(page) != 1 {
		t.Errorf("search by alias and tag = %d claims, %v; want the first", len(page), err)
	}
}
