package db

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// dropTriggers is what someone holding the file must run before the log
// can be edited at all.
const dropTriggers = `
	DROP TRIGGER audit_events_no_update;
	DROP TRIGGER audit_events_no_delete;
	DROP TRIGGER audit_hashes_no_update;
	DROP TRIGGER audit_hashes_no_delete;`

// TestVerifyLog_Tampered edits a closed database file behind claimtrail's
// back — with the server stopped, the triggers dropped, plain database/sql
// — and checks that VerifyLog, after reopening, names the edited seq.
func TestVerifyLog_Tampered(t *testing.T) {
	const n = 10
	tests := []struct {
		name    string
		tamper  func(t *testing.T, raw *sql.DB)
		wantSeq int64
		want    string // part of the reason
	}{
		{"ErrData", execAll(`UPDATE audit_events SET data = '{"name":"Xi Jinping"}' WHERE seq = 4`), 4, "content does not match"},
		{"ErrActor", execAll(`UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 7`), 7, "content does not match"},
		{"ErrDataAndHash", rehash(6, `{"name":"Xi Jinping"}`), 6, "rewritten together with its hash"},
		{"ErrSwappedData", execAll(`UPDATE audit_events SET data = (SELECT data FROM audit_events WHERE seq = 5) WHERE seq = 3`), 3, "content does not match"},
		{"ErrDeletedEvent", execAll(`DELETE FROM audit_events WHERE seq = 5`), 5, "missing"},
		{"ErrDeletedTail", execAll(`DELETE FROM audit_events WHERE seq = 10`), 10, "deleted"},
		{"ErrLeafInTree", execAll(fmt.Sprintf(`UPDATE audit_hashes SET hash = zeroblob(32) WHERE idx = %d`, tlog.StoredHashIndex(0, 8))), 9, "not the leaf"},
		// The subtree over events 3 and 4 is stored when event 4 is appended.
		{"ErrSubtreeInTree", execAll(fmt.Sprintf(`UPDATE audit_hashes SET hash = zeroblob(32) WHERE idx = %d`, tlog.StoredHashIndex(1, 1))), 4, "subtree"},
		{"ErrMissingTreeHash", execAll(fmt.Sprintf(`DELETE FROM audit_hashes WHERE idx = %d`, tlog.StoredHashIndex(0, 1))), 2, "missing from the Merkle tree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tampered.db")
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				mustSource(t, db, fmt.Sprint("Łukaszenka ", i))
			}
			checkAuditLog(t, db)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}

			raw, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(dropTriggers); err != nil {
				t.Fatal(err)
			}
			tt.tamper(t, raw)
			if err := raw.Close(); err != nil {
				t.Fatal(err)
			}

			db, err = Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			_, err = db.VerifyLog(ctx)
			var ve *auditlog.VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("VerifyLog = %v, want a *auditlog.VerifyError", err)
			}
			if ve.Seq != tt.wantSeq || !strings.Contains(ve.Reason, tt.want) {
				t.Fatalf("VerifyLog named seq %d (%s), want %d (%s)", ve.Seq, ve.Reason, tt.wantSeq, tt.want)
			}
		})
	}
}

// execAll returns a tampering that runs stmts.
func execAll(stmts ...string) func(t *testing.T, raw *sql.DB) {
	return func(t *testing.T, raw *sql.DB) {
		t.Helper()
		for _, s := range stmts {
			if _, err := raw.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
}

// rehash returns a tampering that rewrites event seq's data and gives it
// the leaf hash of its new content, as a careful forger would.
func rehash(seq int64, data string) func(t *testing.T, raw *sql.DB) {
	return func(t *testing.T, raw *sql.DB) {
		t.Helper()
		rows, err := raw.Query(`SELECT `+eventColumns+` FROM audit_events WHERE seq = ?`, seq)
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() {
			t.Fatalf("no event %d", seq)
		}
		e, err := scanEvent(rows)
		rows.Close()
		if err != nil {
			t.Fatal(err)
		}
		e.Data = []byte(data)
		h, err := auditlog.LeafHash(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`UPDATE audit_events SET data = ?, hash = ? WHERE seq = ?`, data, auditlog.HexHash(h), seq); err != nil {
			t.Fatal(err)
		}
	}
}
