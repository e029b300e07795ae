package db

import (
	"fmt"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

func TestCreateDocument(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := newTestDB(t)
		pub := time.Date(2024, 12, 4, 10, 0, 0, 0, time.FixedZone("CET", 3600))
		body := "Xi Jinping i Alaksandr Łukaszenka podpisali\n\npakiet 16 dokumentów 🦊."
		d := &claims.Document{Title: "Łukaszenka w Chinach", URL: "https://example.pl/a", Language: "pl",
			Body: body, PublishedAt: &pub,
			Links: []claims.Link{{Start: 0, End: 10, Text: "Xi Jinping", Href: "https://example.pl/xi"}}}
		if err := db.CreateDocument(ctx, editor, d); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindDocumentByID(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Body != body || got.SHA256 != claims.BodyHash(body) || got.CreatedBy != editor.Name {
			t.Errorf("stored %+v", got)
		}
		if got.PublishedAt == nil || !got.PublishedAt.Equal(pub) || got.PublishedAt.Location() != time.UTC {
			t.Errorf("published_at %v, want %v in UTC", got.PublishedAt, pub)
		}
		if len(got.Links) != 1 || got.Links[0] != d.Links[0] {
			t.Errorf("links %+v", got.Links)
		}
		events := checkAuditLog(t, db)
		if len(events) != 1 || events[0].Action != "document.import" {
			t.Fatalf("events %+v", events)
		}
	})
	t.Run("OKSupersedes", func(t *testing.T) {
		db := newTestDB(t)
		old := mustDocument(t, db, "v1", "tekst")
		d := &claims.Document{Title: "v2", Body: "tekst poprawiony", Supersedes: old.ID}
		if err := db.CreateDocument(ctx, editor, d); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindDocumentByID(ctx, d.ID)
		if err != nil || got.Supersedes != old.ID {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("ErrSupersedesUnknown", func(t *testing.T) {
		db := newTestDB(t)
		err := db.CreateDocument(ctx, editor, &claims.Document{Title: "v2", Body: "x", Supersedes: "nope"})
		wantField(t, err, "supersedes")
		if countRows(t, db, "documents") != 0 || countEvents(t, db) != 0 {
			t.Error("a refused document left a row or an event")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := newTestDB(t)
		err := db.CreateDocument(ctx, editor, &claims.Document{Title: "t", Body: "abc",
			Links: []claims.Link{{Start: 0, End: 2, Text: "xx"}}})
		wantField(t, err, "links")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := newTestDB(t)
		_, err := db.FindDocumentByID(ctx, "nope")
		wantCode(t, err, claims.ENOTFOUND)
	})
}

func TestFindDocuments(t *testing.T) {
	db := newTestDB(t)
	// Every document gets the same time, so order rests on the id tie-break.
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return at }
	ids := map[string]bool{}
	var first *claims.Document
	for i := range 7 {
		d := mustDocument(t, db, fmt.Sprintf("Artykuł %d", i), "treść artykułu")
		ids[d.ID] = true
		first = d
	}
	src := mustSource(t, db, "Xi")
	for range 2 {
		c := &claims.Claim{Text: "t", Kind: claims.KindReported, SourceID: src.ID, DocumentID: first.ID}
		if err := db.CreateClaim(ctx, editor, c); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("OKPages", func(t *testing.T) {
		seen := map[string]bool{}
		cursor := ""
		var lastID string
		for {
			page, next, err := db.FindDocuments(ctx, claims.DocumentFilter{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range page {
				if seen[d.ID] {
					t.Fatalf("document %s on two pages", d.ID)
				}
				if lastID != "" && d.ID > lastID {
					t.Errorf("not newest first (id tie-break desc)")
				}
				lastID = d.ID
				seen[d.ID] = true
				if d.Body != "" {
					t.Errorf("list holds a body")
				}
				if want := map[bool]int{true: 2, false: 0}[d.ID == first.ID]; d.ClaimCount != want {
					t.Errorf("document %s claim count %d, want %d", d.Title, d.ClaimCount, want)
				}
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if len(seen) != len(ids) {
			t.Errorf("pages held %d documents, want %d", len(seen), len(ids))
		}
	})
	t.Run("OKNewestFirst", func(t *testing.T) {
		db := newTestDB(t)
		db.Now = steppingClock(at, time.Millisecond)
		a := mustDocument(t, db, "old", "x")
		b := mustDocument(t, db, "new", "y")
		page, _, err := db.FindDocuments(ctx, claims.DocumentFilter{})
		if err != nil || len(page) != 2 || page[0].ID != b.ID || page[1].ID != a.ID {
			t.Fatalf("page %v, %v", page, err)
		}
	})
	t.Run("OKQuery", func(t *testing.T) {
		page, _, err := db.FindDocuments(ctx, claims.DocumentFilter{Q: "ARTYKUŁ 3"})
		if err != nil || len(page) != 1 {
			t.Fatalf("found %d, %v", len(page), err)
		}
	})
	t.Run("ErrCursor", func(t *testing.T) {
		_, _, err := db.FindDocuments(ctx, claims.DocumentFilter{Cursor: encodeCursor("not a time", "x")})
		wantField(t, err, "cursor")
	})
}
