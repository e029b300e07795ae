package db

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

var (
	ctx    = context.Background()
	editor = claims.Actor{UserID: "u-editor", Name: "ewa"}
)

// newTestDB opens a fresh database file in t.TempDir. When the test ends it
// checks the audit log every test leaves behind (seq 1..N, hashes) and
// closes the database.
func newTestDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	t.Cleanup(func() { checkAuditLog(t, db) })
	return db
}

// checkAuditLog fails t unless the log runs 1..N without gaps and every
// hash is the RFC 6962 leaf hash of the event's LeafData.
func checkAuditLog(t *testing.T, db *DB) []*claims.Event {
	t.Helper()
	var all []*claims.Event
	for after := int64(0); ; {
		page, err := db.FindEvents(ctx, claims.EventFilter{After: after, Limit: claims.MaxPageSize})
		if err != nil {
			t.Fatalf("FindEvents: %v", err)
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		after = page[len(page)-1].Seq
	}
	for i, e := range all {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d, want %d (gap)", i, e.Seq, i+1)
		}
		leaf, err := e.LeafData()
		if err != nil {
			t.Fatal(err)
		}
		h := tlog.RecordHash(leaf)
		if want := hex.EncodeToString(h[:]); e.Hash != want {
			t.Errorf("event %d hash %s, want %s", e.Seq, e.Hash, want)
		}
	}
	// The stored tree agrees with the events, and its head with a tree
	// computed from them here.
	th, err := db.VerifyLog(ctx)
	if err != nil {
		t.Fatalf("VerifyLog: %v", err)
	}
	if want := treeOf(t, all); th != want {
		t.Errorf("VerifyLog = %+v, the events' tree is %+v", th, want)
	}
	return all
}

// treeOf computes the tree head of events with auditlog.Tree, independently
// of the stored hashes.
func treeOf(t testing.TB, events []*claims.Event) claims.TreeHead {
	t.Helper()
	var tree auditlog.Tree
	for _, e := range events {
		h, err := auditlog.LeafHash(e)
		if err != nil {
			t.Fatal(err)
		}
		tree.Append(h)
	}
	return claims.TreeHead{Size: tree.Size(), Root: tree.Root()}
}

// appendEvents appends n events with no other change, through the writer
// in transactions of up to 10,000 events, to build long logs quickly.
func appendEvents(t testing.TB, db *DB, n int) {
	t.Helper()
	for done := 0; done < n; {
		k := min(n-done, 10_000)
		err := db.writeMany(ctx, k, func(tx *Tx) error {
			for i := range k {
				data := map[string]any{"name": fmt.Sprintf("Łukaszenka %d", done+i)}
				if err := tx.appendEvent(editor, "source.update", "source", "s1", "", data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		done += k
	}
}

// countEvents returns how many audit events exist.
func countEvents(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM audit_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// countRows returns how many rows table holds.
func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// wantCode fails t unless err carries the claims error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := claims.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

// wantField fails t unless err is EINVALID naming field.
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	wantCode(t, err, claims.EINVALID)
	for _, f := range claims.ErrorFields(err) {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("error %v has fields %v, want one for %q", err, claims.ErrorFields(err), field)
}

func mustSource(t *testing.T, db *DB, name string, aliases ...string) *claims.Source {
	t.Helper()
	s := &claims.Source{Name: name, Type: claims.SourcePerson, Aliases: aliases}
	if err := db.CreateSource(ctx, editor, s); err != nil {
		t.Fatalf("CreateSource: %v", err)
	}
	return s
}

func mustDocument(t *testing.T, db *DB, title, body string) *claims.Document {
	t.Helper()
	d := &claims.Document{Title: title, Language: "pl", Body: body}
	if err := db.CreateDocument(ctx, editor, d); err != nil {
		t.Fatalf("CreateDocument: %v", err)
	}
	return d
}

func mustUser(t *testing.T, db *DB, name string, roles ...claims.Role) *claims.User {
	t.Helper()
	u := &claims.User{Name: name, Roles: roles}
	if err := db.CreateUser(ctx, claims.SystemActor, u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	return u
}

func mustClaim(t *testing.T, db *DB, text string, src *claims.Source) *claims.Claim {
	t.Helper()
	c := &claims.Claim{Text: text, Kind: claims.KindReported, SourceID: src.ID}
	if err := db.CreateClaim(ctx, editor, c); err != nil {
		t.Fatalf("CreateClaim: %v", err)
	}
	return c
}

// steppingClock returns a Now that advances by step on every call, so rows
// get distinct, known times.
func steppingClock(start time.Time, step time.Duration) func() time.Time {
	ch := make(chan time.Time, 1)
	ch <- start
	return func() time.Time {
		t := <-ch
		ch <- t.Add(step)
		return t
	}
}

func isCode(err error, code string) bool {
	var e *claims.Error
	return errors.As(err, &e) && e.Code == code
}
