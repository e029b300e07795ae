package db

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
)

// TestOpen_Pragmas checks the settings in effect on the writer and on
// several reader connections held at once (so not just one pooled conn).
func TestOpen_Pragmas(t *testing.T) {
	db := newTestDB(t)
	conns := map[string]*sql.Conn{}
	w, err := db.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	conns["writer"] = w
	for _, name := range []string{"reader1", "reader2", "reader3"} {
		c, err := db.r.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[name] = c
	}
	tests := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"journal_size_limit", "67108864"},
	}
	for _, tt := range tests {
		t.Run(tt.pragma, func(t *testing.T) {
			for name, c := range conns {
				var got string
				if err := c.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != tt.want {
					t.Errorf("%s: PRAGMA %s = %q, want %q", name, tt.pragma, got, tt.want)
				}
			}
		})
	}
	// The writer's savepoint journals stay in memory (writerConnectHook);
	// the readers keep SQLite's default, files, for their large sorts.
	for name, c := range conns {
		want := "0"
		if name == "writer" {
			want = "2"
		}
		var got string
		if err := c.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: PRAGMA temp_store = %q, want %q", name, got, want)
		}
	}
}

func TestOpen_ReaderRefusesWrites(t *testing.T) {
	db := newTestDB(t)
	_, err := db.r.ExecContext(ctx, `INSERT INTO sources (id, name, type, created_at, updated_at) VALUES ('x', 'x', 'other', ?, ?)`,
		time.Now(), time.Now())
	if err == nil {
		t.Fatal("insert through the read-only pool succeeded")
	}
	wantCode(t, mapError(err), claims.EUNAVAILABLE) // SQLITE_READONLY
	if n := countRows(t, db, "sources"); n != 0 {
		t.Fatalf("%d sources after a refused insert", n)
	}
}

func TestOpen_CreatesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub dir & more", "new.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	mustSource(t, db, "Xi Jinping")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file: %v", err)
	}
	// Close checkpoints and truncates the WAL.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL is %d bytes after Close, want 0", fi.Size())
	}
}

func TestTime_RoundTripUTC(t *testing.T) {
	db := newTestDB(t)
	warsaw := time.FixedZone("CEST", 2*60*60)
	at := time.Date(2024, 4, 11, 14, 5, 6, 123456789, warsaw)
	db.Now = func() time.Time { return at }
	s := mustSource(t, db, "ISW")
	got, err := db.FindSourceByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]time.Time{"CreatedAt": got.CreatedAt, "UpdatedAt": got.UpdatedAt, "returned": s.CreatedAt} {
		if !v.Equal(at) || v.Location() != time.UTC || v != at.UTC() {
			t.Errorf("%s = %v (%v), want %v in UTC", name, v, v.Location(), at.UTC())
		}
	}
	var raw string
	if err := db.r.QueryRowContext(ctx, `SELECT CAST(created_at AS TEXT) FROM sources`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw != "2024-04-11 12:05:06.123456789+00:00" {
		t.Errorf("stored time %q, want UTC text", raw)
	}
}

func TestBackup(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := newTestDB(t)
		s := mustSource(t, db, "Łukaszenka")
		out := filepath.Join(t.TempDir(), "backup.db")
		if err := db.Backup(ctx, out); err != nil {
			t.Fatalf("Backup: %v", err)
		}
		want, err := db.TreeHead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Restore: the one file, copied into a clean folder, is the whole
		// database.
		if _, err := os.Stat(out + "-wal"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the checked backup left a WAL file: %v", err)
		}
		restored := filepath.Join(t.TempDir(), "restored.db")
		copyFile(t, out, restored)
		b, err := Open(ctx, restored)
		if err != nil {
			t.Fatalf("Open backup: %v", err)
		}
		defer b.Close()
		got, err := b.FindSourceByID(ctx, s.ID)
		if err != nil || got.Name != "Łukaszenka" {
			t.Fatalf("source in backup = %v, %v", got, err)
		}
		if th, err := b.VerifyLog(ctx); err != nil || th != want {
			t.Fatalf("VerifyLog of the restored backup = %+v, %v; want %+v", th, err, want)
		}
		// The restored database takes writes and extends the same log.
		mustSource(t, b, "ISW")
		checkAuditLog(t, b)
	})
	t.Run("ErrLogDoesNotVerify", func(t *testing.T) {
		db, err := Open(ctx, filepath.Join(t.TempDir(), "live.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		mustSource(t, db, "Łukaszenka")
		if _, err := db.w.ExecContext(ctx, dropTriggers+`UPDATE audit_events SET actor_name = 'mallory'`); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "backup.db")
		err = db.Backup(ctx, out)
		var ve *auditlog.VerifyError
		if !errors.As(err, &ve) || ve.Seq != 1 {
			t.Fatalf("Backup = %v, want the log's failure at seq 1", err)
		}
		for _, p := range []string{out, out + "-wal", out + "-shm"} {
			if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s left behind: %v", p, err)
			}
		}
	})
	t.Run("ErrExists", func(t *testing.T) {
		db := newTestDB(t)
		out := filepath.Join(t.TempDir(), "backup.db")
		if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.Backup(ctx, out), claims.EINVALID)
		if b, _ := os.ReadFile(out); string(b) != "keep me" {
			t.Errorf("existing file overwritten: %q", b)
		}
	})
}

// copyFile copies a closed database file byte for byte.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
