package db

import (
	"database/sql"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/mattn/go-sqlite3"
)

// TestHotReadsStayPrepared runs the reads every page and API request
// makes, three times each, and checks that the read pool's statement cache
// served them without SQLite preparing any of them again. A statement that
// compares a column with a bare ? in a join, or before an ORDER BY the
// index provides, is re-prepared on every run (SQLite marks its plan as
// depending on the bound value); the query costs several times more and
// nothing else shows it. Such a query must compare with CAST(? AS TEXT).
func TestHotReadsStayPrepared(t *testing.T) {
	db := newTestDB(t)
	db.r.SetMaxOpenConns(1) // one connection, one cache to inspect
	u := &claims.User{Name: "marta", Roles: []claims.Role{claims.RoleEditor, claims.RoleChecker}}
	if err := db.CreateUser(ctx, claims.SystemActor, u); err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(ctx, claims.SystemActor, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	session, err := db.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{})
	if err != nil {
		t.Fatal(err)
	}
	src := &claims.Source{Name: "Aleksander Łukaszenka", Type: claims.SourcePerson}
	if err := db.CreateSource(ctx, editor, src); err != nil {
		t.Fatal(err)
	}
	c := &claims.Claim{Text: "Łukaszenka podpisał 16 dokumentów", Kind: claims.KindReported, SourceID: src.ID,
		Provenance: []claims.Hop{{SourceID: src.ID, Role: claims.RoleOriginator}}}
	if err := db.CreateClaim(ctx, editor, c); err != nil {
		t.Fatal(err)
	}
	v := &claims.Verdict{ClaimID: c.ID, Attribution: claims.AttributionAccurate, Rating: claims.RatingTrue, Rationale: "Lista jest w BIP."}
	if err := db.ProposeVerdict(ctx, u.Actor(), v); err != nil {
		t.Fatal(err)
	}
	reads := map[string]func() error{
		"FindUserByToken":   func() error { _, err := db.FindUserByToken(ctx, token); return err },
		"FindUserBySession": func() error { _, err := db.FindUserBySession(ctx, session, time.Hour); return err },
		"FindUserByID":      func() error { _, err := db.FindUserByID(ctx, u.ID); return err },
		"FindUsers":         func() error { _, err := db.FindUsers(ctx); return err },
		"FindSettings":      func() error { _, err := db.FindSettings(ctx); return err },
		"FindClaimByID":     func() error { _, err := db.FindClaimByID(ctx, c.ID); return err },
		"FindComments":      func() error { _, err := db.FindComments(ctx, c.ID); return err },
		"FindEvents": func() error {
			_, err := db.FindEvents(ctx, claims.EventFilter{ClaimID: c.ID, Limit: claims.MaxPageSize})
			return err
		},
		// The lists behind the API's and the pages' list views.
		"FindClaims": func() error { _, _, err := db.FindClaims(ctx, claims.ClaimFilter{Limit: 50}); return err },
		"FindClaims by source": func() error {
			_, _, err := db.FindClaims(ctx, claims.ClaimFilter{SourceID: src.ID, Status: claims.StatusProposed, Limit: 50})
			return err
		},
		"FindDocuments": func() error { _, _, err := db.FindDocuments(ctx, claims.DocumentFilter{Limit: 50}); return err },
		"FindSources":   func() error { _, _, err := db.FindSources(ctx, claims.SourceFilter{Limit: 50}); return err },
		"FindClaims search": func() error {
			_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: "dokumentów", Limit: 20})
			return err
		},
		"FindQueue": func() error {
			for _, q := range claims.Queues {
				f := claims.QueueFilter{Queue: q, UserID: u.ID, UserName: u.Name, Kind: claims.KindReported}
				if _, _, err := db.FindQueue(ctx, f); err != nil {
					return err
				}
				if _, err := db.CountQueue(ctx, f, 99); err != nil {
					return err
				}
				if _, _, err := db.QueueNeighbors(ctx, f, c.ID); err != nil {
					return err
				}
			}
			return nil
		},
		"FindCurrentVerdicts": func() error { _, err := db.FindCurrentVerdicts(ctx, "d-none"); return err },
		"FindClaims search by status": func() error {
			_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: "dokumentów", Status: claims.StatusProposed, Limit: 20})
			return err
		},
	}
	for name, read := range reads {
		for range 3 {
			if err := read(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	for query, n := range cachedStatements(t, db.r) {
		if n > 1 {
			t.Errorf("SQLite prepared this statement %d times again:\n%s", n, strings.TrimSpace(query))
		}
	}
	// The writer's too: proposing verdicts rebuilds a claim's index row.
	for range 3 {
		v := &claims.Verdict{ClaimID: c.ID, Attribution: claims.AttributionAccurate, Rating: claims.RatingTrue, Rationale: "Lista jest w BIP."}
		if err := db.ProposeVerdict(ctx, u.Actor(), v); err != nil {
			t.Fatal(err)
		}
	}
	for query, n := range cachedStatements(t, db.w) {
		if n > 1 {
			t.Errorf("the writer prepared this statement %d times again:\n%s", n, strings.TrimSpace(query))
		}
	}
}

// cachedStatements returns the statements in the cache of pool's connection
// with how often SQLite has re-prepared each. It reads go-sqlite3's
// unexported fields, and fails, not skips, when they change.
func cachedStatements(t *testing.T, pool *sql.DB) map[string]int64 {
	t.Helper()
	conn, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	found := map[string]int64{}
	err = conn.Raw(func(dc any) error {
		c := reflect.ValueOf(dc.(*sqlite3.SQLiteConn)).Elem()
		cache := c.FieldByName("stmtCache")
		if !cache.IsValid() || cache.Kind() != reflect.Slice {
			t.Fatal("go-sqlite3 has no stmtCache field any more: update cachedStatements")
		}
		for i := range cache.Len() {
			s := cache.Index(i).Elem()
			key, reps := s.FieldByName("cacheKey"), s.FieldByName("repreps")
			if !key.IsValid() || !reps.IsValid() {
				t.Fatal("go-sqlite3's statements lost cacheKey or repreps: update cachedStatements")
			}
			found[key.String()] = reps.Int()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		t.Fatal("the read connection caches no statements: is _stmt_cache_size set?")
	}
	return found
}
