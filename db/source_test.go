package db

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

func TestCreateSource(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := newTestDB(t)
		s := &claims.Source{Name: "  Alaksandr Łukaszenka ", Type: claims.SourcePerson,
			Aliases: []string{"Lukashenko", " Лукашенко", "Lukashenko", ""}, URL: "https://example.org/l"}
		if err := db.CreateSource(ctx, editor, s); err != nil {
			t.Fatal(err)
		}
		if s.ID == "" || s.Version != 1 || s.CreatedAt.IsZero() {
			t.Fatalf("created source %+v lacks id, version or time", s)
		}
		got, err := db.FindSourceByID(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Alaksandr Łukaszenka" || fmt.Sprint(got.Aliases) != "[Lukashenko Лукашенко]" || got.URL != s.URL {
			t.Errorf("stored %+v", got)
		}
		events := checkAuditLog(t, db)
		if len(events) != 1 || events[0].Action != "source.create" || events[0].EntityID != s.ID || events[0].Actor != editor {
			t.Fatalf("events %+v", events)
		}
		var logged claims.Source
		if err := json.Unmarshal(events[0].Data, &logged); err != nil || logged.Name != s.Name {
			t.Errorf("event data %s: %v", events[0].Data, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := newTestDB(t)
		err := db.CreateSource(ctx, editor, &claims.Source{Name: " ", Type: "alien"})
		wantField(t, err, "name")
		wantField(t, err, "type")
		if countRows(t, db, "sources") != 0 || countEvents(t, db) != 0 {
			t.Error("a refused source left a row or an event")
		}
	})
}

func TestFindSourceByID_ErrNotFound(t *testing.T) {
	db := newTestDB(t)
	_, err := db.FindSourceByID(ctx, "nope")
	wantCode(t, err, claims.ENOTFOUND)
}

func TestUpdateSource(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := newTestDB(t)
		s := mustSource(t, db, "ISW")
		name := "Institute for the Study of War"
		aliases := []string{"ISW"}
		got, err := db.UpdateSource(ctx, editor, s.ID, claims.SourceUpdate{Name: &name, Aliases: &aliases, Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Name != name || got.Type != claims.SourcePerson {
			t.Errorf("updated %+v", got)
		}
		events := checkAuditLog(t, db)
		last := events[len(events)-1]
		if last.Action != "source.update" {
			t.Fatalf("last event %s", last.Action)
		}
		var data struct {
			Changes map[string]struct{ Old, New any }
		}
		if err := json.Unmarshal(last.Data, &data); err != nil {
			t.Fatal(err)
		}
		if len(data.Changes) != 2 || data.Changes["name"].Old != "ISW" || data.Changes["name"].New != name {
			t.Errorf("changes %s", last.Data)
		}
	})
	t.Run("OKNoChange", func(t *testing.T) {
		db := newTestDB(t)
		s := mustSource(t, db, "ISW")
		same := "ISW"
		got, err := db.UpdateSource(ctx, editor, s.ID, claims.SourceUpdate{Name: &same, Version: 1})
		if err != nil || got.Version != 1 {
			t.Fatalf("no-op update = %+v, %v", got, err)
		}
		if n := countEvents(t, db); n != 1 {
			t.Errorf("%d events after a no-op update, want 1", n)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		db := newTestDB(t)
		s := mustSource(t, db, "ISW")
		name := "x"
		_, err := db.UpdateSource(ctx, editor, s.ID, claims.SourceUpdate{Name: &name, Version: 7})
		wantCode(t, err, claims.ECONFLICT)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := newTestDB(t)
		_, err := db.UpdateSource(ctx, editor, "nope", claims.SourceUpdate{Version: 1})
		wantCode(t, err, claims.ENOTFOUND)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := newTestDB(t)
		s := mustSource(t, db, "ISW")
		bad := "javascript:alert(1)"
		_, err := db.UpdateSource(ctx, editor, s.ID, claims.SourceUpdate{URL: &bad, Version: 1})
		wantField(t, err, "url")
		if n := countEvents(t, db); n != 1 {
			t.Errorf("%d events after a refused update", n)
		}
	})
}

func TestFindSources(t *testing.T) {
	db := newTestDB(t)
	db.Now = steppingClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Second)
	mustSource(t, db, "Alaksandr Łukaszenka", "Lukashenko", "Лукашенко")
	mustSource(t, db, "Xi Jinping", "Si Dzinping")
	mustSource(t, db, "ISW", "Institute for the Study of War")
	for i := range 7 {
		mustSource(t, db, fmt.Sprintf("Source %02d", i))
	}
	mustSource(t, db, "Source 03") // same name, told apart by id

	t.Run("OKPages", func(t *testing.T) {
		seen := map[string]bool{}
		var names []string
		cursor := ""
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("pagination does not end")
			}
			page, next, err := db.FindSources(ctx, claims.SourceFilter{Limit: 3, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range page {
				if seen[s.ID] {
					t.Fatalf("source %s on two pages", s.Name)
				}
				seen[s.ID] = true
				names = append(names, s.Name)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if len(seen) != 11 {
			t.Fatalf("pages held %d sources, want 11: %v", len(seen), names)
		}
		for i := 1; i < len(names); i++ {
			if names[i-1] > names[i] {
				t.Errorf("not ordered by name: %v", names)
			}
		}
	})
	tests := []struct {
		name, q string
		want    int
	}{
		{"OKName", "jinping", 1},
		{"OKAliasPolishCase", "łukaszenka", 1},
		{"OKAliasUpperPolish", "ŁUKASZENKA", 1},
		{"OKAliasCyrillic", "лукашенко", 1},
		{"OKAlias", "study of war", 1},
		{"OKMany", "source", 8},
		{"OKNone", "putin", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, _, err := db.FindSources(ctx, claims.SourceFilter{Q: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) != tt.want {
				t.Errorf("q=%q found %d, want %d", tt.q, len(page), tt.want)
			}
		})
	}
	t.Run("ErrCursor", func(t *testing.T) {
		_, _, err := db.FindSources(ctx, claims.SourceFilter{Cursor: "not a cursor!"})
		wantField(t, err, "cursor")
	})
}
