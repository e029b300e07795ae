package db

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	claimtrail "github.com/claimtrail/claimtrail"
	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"github.com/claimtrail/claimtrail/claims/search"
)

// TestSchemaFrozen makes the current schema's copy in testdata match
// schema.sql. Bumping SchemaVersion means copying schema.sql to
// testdata/schema-vN.sql and keeping the older copies, which the upgrade
// fixtures below build old databases from.
func TestSchemaFrozen(t *testing.T) {
	b, err := os.ReadFile(fmt.Sprintf("testdata/schema-v%d.sql", claimtrail.SchemaVersion))
	if err != nil {
		t.Fatalf("freeze the schema: %v", err)
	}
	if string(b) != claimtrail.Schema {
		t.Fatalf("testdata/schema-v%d.sql differs from schema.sql: changing the schema needs a new version and a migration",
			claimtrail.SchemaVersion)
	}
	if len(migrations) != claimtrail.SchemaVersion-1 {
		t.Fatalf("%d migrations for schema version %d, want %d", len(migrations), claimtrail.SchemaVersion, claimtrail.SchemaVersion-1)
	}
}

// rawDB opens path with plain go-sqlite3, as an older claimtrail would have
// written it, and applies stmts.
func rawDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
}

func frozenSchema(t *testing.T, version int) string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("testdata/schema-v%d.sql", version))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMigrate opens databases left by earlier versions. Adding migration N
// adds a case "vN-1 with data" built from testdata/schema-v(N-1).sql.
func TestMigrate(t *testing.T) {
	tests := []struct {
		name    string
		fixture func(t *testing.T, path string)
		check   func(t *testing.T, db *DB)
	}{
		{"OKv0EmptyFile", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T, db *DB) {
			if n, err := db.CountUsers(ctx); err != nil || n != 0 {
				t.Errorf("CountUsers = %d, %v", n, err)
			}
		}},
		{"OKv0NoFile", func(t *testing.T, path string) {}, nil},
		{"OKv1WithData", func(t *testing.T, path string) {
			rawDB(t, path, frozenSchema(t, 1), `PRAGMA user_version = 1`,
				`INSERT INTO sources (id, name, type, aliases, created_at, updated_at)
				 VALUES ('s1', 'Alaksandr Łukaszenka', 'person', '["Lukashenko"]', '2024-12-04 08:00:00+00:00', '2024-12-04 08:00:00+00:00')`,
				`INSERT INTO claims (id, text, kind, source_id, created_at, updated_at)
				 VALUES ('c1', 'Producenci chcą know-how', 'reported', 's1', '2024-12-04 08:00:01+00:00', '2024-12-04 08:00:01+00:00')`)
		}, func(t *testing.T, db *DB) {
			c, err := db.FindClaimByID(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			if c.Text != "Producenci chcą know-how" || c.Source.Name != "Alaksandr Łukaszenka" || c.Status != claims.StatusNew {
				t.Errorf("claim after upgrade %+v", c)
			}
		}},
		{"OKv1WithEvents", func(t *testing.T, path string) {
			stmts := []string{frozenSchema(t, 1), `PRAGMA user_version = 1`}
			for _, e := range v1Events(t, 37) {
				stmts = append(stmts, fmt.Sprintf(`INSERT INTO audit_events (seq, id, at, actor_id, actor_name, action, entity_type, entity_id, claim_id, data, hash)
					VALUES (%d, '%s', '%s', '%s', '%s', '%s', '%s', '%s', '', '%s', '%s')`,
					e.Seq, e.ID, e.At.Format("2006-01-02 15:04:05.999999999-07:00"), e.Actor.UserID, e.Actor.Name,
					e.Action, e.EntityType, e.EntityID, e.Data, e.Hash))
			}
			rawDB(t, path, stmts...)
		}, func(t *testing.T, db *DB) {
			th, err := db.TreeHead(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := treeOf(t, v1Events(t, 37)); th != want {
				t.Fatalf("TreeHead after upgrade %+v, the events' tree %+v", th, want)
			}
			if got, err := db.VerifyLog(ctx); err != nil || got != th {
				t.Fatalf("VerifyLog after upgrade = %+v, %v", got, err)
			}
		}},
		{"OKv2WithData", func(t *testing.T, path string) {
			rawDB(t, path, frozenSchema(t, 2), `PRAGMA user_version = 2`,
				`INSERT INTO sources (id, name, type, aliases, created_at, updated_at)
				 VALUES ('s1', 'ISW', 'think-tank', '[]', '2024-12-04 08:00:00+00:00', '2024-12-04 08:00:00+00:00')`,
				`INSERT INTO claims (id, text, kind, source_id, status, created_at, updated_at)
				 VALUES ('c1', 'Dokumenty pomagają Kremlowi', 'analytical', 's1', 'in-review', '2024-12-04 08:00:01+00:00', '2024-12-04 08:00:01+00:00')`)
		}, func(t *testing.T, db *DB) {
			c, err := db.FindClaimByID(ctx, "c1")
			if err != nil || c.Status != claims.StatusInReview {
				t.Fatalf("claim after upgrade %+v, %v", c, err)
			}
			if err := db.CreateComment(ctx, claims.SystemActor, &claims.Comment{ClaimID: "c1", Body: "po migracji"}); err != nil {
				t.Fatal(err)
			}
			if list, err := db.FindComments(ctx, "c1"); err != nil || len(list) != 1 {
				t.Fatalf("comments after upgrade %v, %v", list, err)
			}
		}},
		{"OKv3WithAccounts", func(t *testing.T, path string) {
			rawDB(t, path, frozenSchema(t, 3), `PRAGMA user_version = 3`,
				`INSERT INTO users (id, name, roles, created_at, version) VALUES ('u1', 'ewa', '["editor"]', '2024-12-04 08:00:00+00:00', 3)`,
				`INSERT INTO tokens (id, token_hash, name, user_id, created_at) VALUES ('t1', '`+hashToken("ct_old")+`', 'cli', 'u1', '2024-12-04 08:00:00+00:00')`,
				`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('`+hashToken("ct_session")+`', 'u1', '2024-12-04 08:00:00+00:00', '2999-01-01 00:00:00+00:00')`)
		}, func(t *testing.T, db *DB) {
			if u, err := db.FindUserByToken(ctx, "ct_old"); err != nil || u.Name != "ewa" || u.Version != 3 || u.TOTPEnabled {
				t.Fatalf("token after upgrade %+v, %v", u, err)
			}
			// The session kept its row; its last use is taken to be its
			// start, long past any idle timeout.
			_, err := db.FindUserBySession(ctx, "ct_session", 30*time.Minute)
			wantCode(t, err, claims.EUNAUTHORIZED)
			if _, err := db.FindUserBySession(ctx, "ct_session", 0); err != nil {
				t.Fatalf("session after upgrade: %v", err)
			}
			if s, err := db.FindSettings(ctx); err != nil || s.RequireTOTP {
				t.Fatalf("settings after upgrade %+v, %v", s, err)
			}
			if n, err := db.CountRecoveryCodes(ctx, "u1"); err != nil || n != 0 {
				t.Fatalf("recovery codes after upgrade %d, %v", n, err)
			}
		}},
		{"OKv4WithSearchIndex", func(t *testing.T, path string) {
			rawDB(t, path, frozenSchema(t, 4), `PRAGMA user_version = 4`,
				`INSERT INTO sources (id, name, type, aliases, created_at, updated_at)
				 VALUES ('s1', 'Aleksander Łukaszenka', 'person', '["Lukashenko"]', '2024-12-04 08:00:00+00:00', '2024-12-04 08:00:00+00:00')`,
				`INSERT INTO documents (id, title, body, sha256, created_at)
				 VALUES ('d1', 'Wizyta w Chinach', 'Źródło podaje, że wizyta potrwa trzy dni.', 'x', '2024-12-04 08:00:00+00:00')`,
				`INSERT INTO claims (id, text, kind, source_id, tags, created_at, updated_at)
				 VALUES ('c1', 'Łukaszenka zakończył podróż do Chin', 'reported', 's1', '["wizyty"]', '2024-12-04 08:00:01+00:00', '2024-12-04 08:00:01+00:00')`,
				`INSERT INTO verdicts (id, claim_id, attribution, rating, rationale, created_at)
				 VALUES ('v1', 'c1', 'accurate', 'true', 'Potwierdza komunikat MSZ.', '2024-12-04 08:00:02+00:00')`)
		}, func(t *testing.T, db *DB) {
			for _, q := range []string{"LUKASZENKA", "Lukashenko", "Chinach", "wizyty", "komunikatu"} {
				if list, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: q}); err != nil || len(list) != 1 || list[0].ID != "c1" {
					t.Errorf("search %q after upgrade: %v, %v", q, list, err)
				}
			}
			if list, _, err := db.FindDocuments(ctx, claims.DocumentFilter{Q: "zrodlo"}); err != nil || len(list) != 1 {
				t.Errorf("document search after upgrade: %v, %v", list, err)
			}
			if got, err := db.FindSimilarClaims(ctx, "Łukaszenka zakończył wizytę w Chinach", 3); err != nil || len(got) != 1 {
				t.Errorf("similar after upgrade: %v, %v", got, err)
			}
			checkPrefixSearch(t, db, "zakoncz*", "c1")
		}},
		{"OKv5WithSearchTerms", func(t *testing.T, path string) {
			rawDB(t, path, frozenSchema(t, 5), `PRAGMA user_version = 5`,
				`INSERT INTO sources (id, name, type, aliases, created_at, updated_at)
				 VALUES ('s1', 'ISW', 'organization', '[]', '2024-12-04 08:00:00+00:00', '2024-12-04 08:00:00+00:00')`,
				`INSERT INTO claims (id, text, kind, source_id, created_at, updated_at)
				 VALUES ('c1', 'Nowa architektura bezpieczeństwa', 'reported', 's1', '2024-12-04 08:00:01+00:00', '2024-12-04 08:00:01+00:00')`,
				`INSERT INTO documents (id, title, body, sha256, created_at)
				 VALUES ('d1', 'Raport', 'Architekturze Europy brak fundamentów.', 'x', '2024-12-04 08:00:00+00:00')`)
			raw, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, row := range []struct{ table, text string }{
				{"claim_fts", "Nowa architektura bezpieczeństwa\nISW"},
				{"document_fts", "Raport\nArchitekturze Europy brak fundamentów."},
			} {
				folded, stems := search.Columns(row.text)
				if _, err := raw.Exec(`INSERT INTO `+row.table+` (rowid, folded, stems) VALUES (1, ?, ?)`, folded, stems); err != nil {
					t.Fatal(err)
				}
			}
		}, func(t *testing.T, db *DB) {
			var n int
			if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM search_terms
				WHERE term IN ('architektura', 'architekturze', 'fundamentow', 'isw')`).Scan(&n); err != nil || n != 4 {
				t.Errorf("words of both indexes after upgrade: %d of 4, %v", n, err)
			}
			checkPrefixSearch(t, db, "architektur*", "c1")
			if list, _, err := db.FindDocuments(ctx, claims.DocumentFilter{Q: "fundament*"}); err != nil || len(list) != 1 {
				t.Errorf("document prefix search after upgrade: %v, %v", list, err)
			}
		}},
		{"OKv5WithQueues", func(t *testing.T, path string) {
			rawDB(t, path, frozenSchema(t, 5), `PRAGMA user_version = 5`,
				`INSERT INTO users (id, name, roles, created_at) VALUES ('u1', 'kasia', '["checker"]', '2024-12-04 08:00:00+00:00')`,
				`INSERT INTO sources (id, name, type, created_at, updated_at)
				 VALUES ('s1', 'ISW', 'think-tank', '2024-12-04 08:00:00+00:00', '2024-12-04 08:00:00+00:00')`,
				`INSERT INTO documents (id, title, body, sha256, created_at, created_by)
				 VALUES ('d1', 'Wizyta', 'Dokumenty mają ułatwić omijanie sankcji.', 'x', '2024-12-04 08:00:00+00:00', 'ola')`,
				`INSERT INTO claims (id, text, kind, source_id, document_id, assignee, created_at, updated_at)
				 VALUES ('c1', 'Dokumenty ułatwią omijanie sankcji', 'analytical', 's1', 'd1', 'u1', '2024-12-04 08:00:01+00:00', '2024-12-04 08:00:01+00:00')`,
				`INSERT INTO verdicts (id, claim_id, attribution, rating, rationale, state, created_at)
				 VALUES ('v1', 'c1', 'accurate', 'misleading', 'Brak dowodów.', 'approved', '2024-12-04 08:00:02+00:00')`)
		}, func(t *testing.T, db *DB) {
			for _, f := range []claims.QueueFilter{{Queue: claims.QueueNew, UserName: "ola"}, {Queue: claims.QueueAssigned, UserID: "u1"}} {
				if list, _, err := db.FindQueue(ctx, f); err != nil || len(list) != 1 || list[0].ID != "c1" {
					t.Errorf("queue %s after upgrade: %v, %v", f.Queue, list, err)
				}
			}
			if d, err := db.Dashboard(ctx, claims.DashboardFilter{Sources: 5, Weeks: 1}); err != nil || d.ByRating[claims.RatingMisleading] != 1 {
				t.Errorf("dashboard after upgrade: %+v, %v", d, err)
			}
		}},
		// main once numbered the search_terms step 5 -> 6, before the
		// queue indexes took that number: its version 6 has search_terms
		// and no queue indexes.
		{"OKv6OfEarlierMain", func(t *testing.T, path string) {
			rawDB(t, path, frozenSchema(t, 5),
				`CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID`,
				`INSERT INTO search_terms (term) VALUES ('isw')`, `PRAGMA user_version = 6`)
		}, func(t *testing.T, db *DB) {
			var n int
			if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index'
				AND name IN ('documents_created_by', 'claims_open_assignee', 'claims_new_document', 'claims_new', 'verdicts_axes')`).Scan(&n); err != nil || n != 5 {
				t.Errorf("queue indexes after upgrade: %d of 5, %v", n, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			tt.fixture(t, path)
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer db.Close()
			if v, err := userVersion(ctx, db); err != nil || v != claimtrail.SchemaVersion {
				t.Fatalf("user_version = %d, %v; want %d", v, err, claimtrail.SchemaVersion)
			}
			if tt.check != nil {
				tt.check(t, db)
			}
			// The upgraded database takes writes, and its log still verifies.
			mustSource(t, db, "ISW")
			checkAuditLog(t, db)
		})
	}
}

// checkPrefixSearch fails t unless a search for q, a prefix longer than
// the prefix indexes, is asked as words of search_terms and finds only the
// claim with id.
func checkPrefixSearch(t *testing.T, db *DB, q, id string) {
	t.Helper()
	var expr string
	err := db.read(ctx, func(tx *Tx) error {
		x, err := expandPrefixes(tx, search.ParseQuery(q))
		expr = x.FTS5()
		return err
	})
	if err != nil || strings.Contains(expr, "*") {
		t.Errorf("%q is not searched as words: %s, %v", q, expr, err)
	}
	if list, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: q}); err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("search %q after upgrade: %v, %v", q, list, err)
	}
}

func TestMigrate_ReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keep.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s := mustSource(t, db, "Xi Jinping")
	c := mustClaim(t, db, "Musimy dążyć do politycznego rozwiązania", s)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.FindClaimByID(ctx, c.ID)
	if err != nil || got.Text != c.Text || !got.CreatedAt.Equal(c.CreatedAt) {
		t.Fatalf("claim after reopen %+v, %v", got, err)
	}
	if events := checkAuditLog(t, db); len(events) != 2 {
		t.Errorf("%d events after reopen, want 2", len(events))
	}
}

func TestMigrate_Refuse(t *testing.T) {
	tests := []struct {
		name    string
		fixture []string
		want    string
	}{
		{"ErrNewer", []string{`CREATE TABLE t (x)`, fmt.Sprintf(`PRAGMA user_version = %d`, claimtrail.SchemaVersion+1)}, "newer"},
		{"ErrForeign", []string{`CREATE TABLE t (x)`}, "not a claimtrail database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			rawDB(t, path, tt.fixture...)
			db, err := Open(ctx, path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			wantCode(t, err, claims.EINVALID)
			if !strings.Contains(claims.ErrorMessage(err), tt.want) {
				t.Errorf("message %q, want it to say %q", claims.ErrorMessage(err), tt.want)
			}
		})
	}
}

// TestMigrateStep_ErrRollsBack checks that a failing step leaves neither
// half its changes nor a new user_version.
func TestMigrateStep_ErrRollsBack(t *testing.T) {
	db := newTestDB(t)
	err := db.migrateStep(ctx, migration{sql: `CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);`}, claimtrail.SchemaVersion+1)
	if err == nil {
		t.Fatal("a failing step succeeded")
	}
	if v, _ := userVersion(ctx, db); v != claimtrail.SchemaVersion {
		t.Errorf("user_version %d after a failed step", v)
	}
	var n int
	if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'half'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("half-applied step: %d, %v", n, err)
	}
}

// v1Events returns n events as claimtrail version 1 wrote them: with their
// leaf hashes but no tree.
func v1Events(t *testing.T, n int) []*claims.Event {
	t.Helper()
	events := make([]*claims.Event, n)
	for i := range events {
		e := &claims.Event{
			Seq: int64(i + 1), ID: fmt.Sprintf("00000000-0000-0000-0000-%012d", i+1),
			At:    time.Date(2024, 12, 4, 8, 0, i, 500, time.UTC),
			Actor: claims.Actor{UserID: "u1", Name: "ewa"}, Action: "source.create", EntityType: "source",
			EntityID: fmt.Sprint("s", i), Data: json.RawMessage(fmt.Sprintf(`{"name":"Łukaszenka %d"}`, i)),
		}
		h, err := auditlog.LeafHash(e)
		if err != nil {
			t.Fatal(err)
		}
		e.Hash = auditlog.HexHash(h)
		events[i] = e
	}
	return events
}
