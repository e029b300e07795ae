package db

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// TestStreamEventLines checks that the lines of a log written the usual
// way are exactly json.Marshal of the events StreamEvents reads, actors
// and data with quotes, HTML, line separators and Polish letters
// included.
func TestStreamEventLines(t *testing.T) {
	db := newTestDB(t)
	for _, name := range []string{"Łukaszenka", `Xi "the" <Jinping> & co`, "line\u2028sep", `back\slash`, "tab\there"} {
		actor := claims.Actor{UserID: "u-" + name, Name: name}
		s := &claims.Source{Name: name, Type: claims.SourcePerson, Description: "„cytat” — </script>"}
		if err := db.CreateSource(ctx, actor, s); err != nil {
			t.Fatal(err)
		}
		c := &claims.Claim{Text: name + " said so", Kind: claims.KindReported, SourceID: s.ID}
		if err := db.CreateClaim(ctx, actor, c); err != nil {
			t.Fatal(err)
		}
	}
	var want [][]byte
	err := db.StreamEvents(ctx, 10, func(e *claims.Event) error {
		b, err := json.Marshal(e)
		want = append(want, b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	err = db.StreamEventLines(ctx, 10, func(line []byte) error {
		got = append(got, bytes.Clone(line))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
	// Only the events of the actor "Łukaszenka" are plain enough for the
	// fast path: SQLite and encoding/json escape the other actors' names
	// differently, and those lines come from json.Marshal. (Data is
	// json.Marshal's already.)
	var b lineBatch
	if err := db.read(ctx, func(tx *Tx) error { return b.read(tx, 0, 10) }); err != nil {
		t.Fatal(err)
	}
	if len(b.ends) != 10 || b.slow != 8 {
		t.Errorf("%d lines, %d of them slow; want 10 and 8", len(b.ends), b.slow)
	}
	t.Run("ErrFromFn", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := db.StreamEventLines(ctx, 10, func([]byte) error {
			if n++; n == 3 {
				return stop
			}
			return nil
		})
		if err != stop || n != 3 {
			t.Fatalf("after %d lines: %v, want the error of the third", n, err)
		}
	})
	t.Run("ErrSize", func(t *testing.T) {
		err := db.StreamEventLines(ctx, 11, func([]byte) error { return nil })
		if claims.ErrorCode(err) != claims.EINVALID {
			t.Fatalf("size beyond the log: %v", err)
		}
	})
}

// FuzzEventLine stores events whose columns hold anything — as someone
// editing the file could, past the CHECK constraints — and checks that
// their line is json.Marshal's bytes, or that both fail.
func FuzzEventLine(f *testing.F) {
	const ok = "2026-03-02 09:00:00.123456789+00:00"
	for _, tc := range []struct{ name, claimID, at, data string }{
		{"ewa", "", ok, `{"name":"Łukaszenka"}`},
		{"ewa", "c1", "2026-03-02 09:00:00+00:00", `{"a":[1,-2.5e+3,true,false,null,"x"],"b":{}}`},
		{`"quoted"`, "", ok, `{"a":"\"\\\/\b\f\n\r\t\u00e9"}`},
		{"<b>&", "", ok, `{"a":"<b>&"}`},
		{"ewa", "", ok, `{"a":"\u003cb\u003e"}`},
		{"line\u2028sep", "", ok, "{\"a\":\"\u2029\"}"},
		{"ewa", "", ok, "{\"a\":\"„cytat” — ok\"}"},
		{"bad\xffutf8", "", ok, "{\"a\":\"\xff\"}"},
		{"nul\x00byte", "", ok, `{}`},
		{"ctrl\x01\x1f\x7f", "", ok, `[]`},
		{"ewa", "", ok, `{ "a" : 1 }`},
		{"ewa", "", ok, "{\n\t\"a\":1\n}"},
		{"ewa", "", ok, ` "x" `},
		{"ewa", "", ok, `{"a":01}`},
		{"ewa", "", ok, `{"a":1,}`},
		{"ewa", "", ok, `{a:1}`},
		{"ewa", "", ok, ``},
		{"ewa", "", ok, `nul`},
		{"ewa", "", ok, strings.Repeat("[", 600) + strings.Repeat("]", 600)},
		{"ewa", "", "2026-03-02 09:00:00.500+00:00", `1`},
		{"ewa", "", "2026-03-02 09:00:00.000+00:00", `1`},
		{"ewa", "", "2026-03-02 09:00:00.1234567891+00:00", `1`},
		{"ewa", "", "2026-03-02 09:00:00.+00:00", `1`},
		{"ewa", "", "2026-03-02 09:00:00,5+00:00", `1`},
		{"ewa", "", "0000-01-01 00:00:00+00:00", `1`},
		{"ewa", "", "2024-02-29 23:59:59.999999999+00:00", `1`},
		{"ewa", "", "2026-02-29 12:00:00+00:00", `1`},
		{"ewa", "", "2026-03-02 09:00:60+00:00", `1`},
		{"ewa", "", "2026-03-02 09:00:00.5Z", `1`},
		{"ewa", "", "2026-03-02T09:00:00Z", `1`},
		{"ewa", "", "2026-03-02 10:00:00+01:00", `1`},
		{"ewa", "", "2026-02-30 09:00:00+00:00", `1`},
		{"ewa", "", "2026-03-02 24:00:00+00:00", `1`},
		{"ewa", "", "12026-03-02 09:00:00+00:00", `1`},
		{"ewa", "", "yesterday", `1`},
		{"ewa", "", "1767225600", `1`},
	} {
		f.Add(tc.name, tc.claimID, tc.at, tc.data)
	}
	db, err := Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	// Past the CHECK constraints, as a forger with the file could go.
	if _, err := db.w.ExecContext(ctx, `PRAGMA ignore_check_constraints = ON`); err != nil {
		f.Fatal(err)
	}
	seq := int64(0)
	f.Fuzz(func(t *testing.T, name, claimID, at, data string) {
		seq++
		_, err := db.w.ExecContext(ctx, `
			INSERT INTO audit_events (seq, id, at, actor_id, actor_name, action, entity_type, entity_id, claim_id, data, hash)
			VALUES (?, ?, ?, ?, ?, 'source.create', 'source', ?, ?, ?, ?)`,
			seq, fmt.Sprint("id-", seq), at, name, name, name, claimID, data, name)
		if err != nil {
			t.Skip("not storable:", err)
		}
		var want []byte
		var wantErr error
		err = db.read(ctx, func(tx *Tx) error {
			events, err := queryEvents(tx, `SELECT `+eventColumns+` FROM audit_events WHERE seq = ?`, seq)
			if err != nil || len(events) != 1 {
				return fmt.Errorf("read back event %d: %v", seq, err)
			}
			want, wantErr = json.Marshal(events[0])
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var b lineBatch
		gotErr := db.read(ctx, func(tx *Tx) error { return b.read(tx, seq-1, seq) })
		switch {
		case wantErr != nil && gotErr == nil:
			t.Fatalf("json.Marshal fails (%v), the line does not: %s", wantErr, b.buf)
		case wantErr == nil && gotErr != nil:
			t.Fatalf("the line fails (%v), json.Marshal does not: %s", gotErr, want)
		case wantErr == nil && !bytes.Equal(b.buf, want):
			t.Fatalf("line\n got %q\nwant %q", b.buf, want)
		}
	})
}

func TestCompactJSON(t *testing.T) {
	for _, v := range []any{
		map[string]any{"a": []any{1, -2.5e300, true, false, nil, "x"}, "b": map[string]any{}},
		"Łukaszenka „cytat” — <b>&\u2028\"\\\n\t\u0001",
		[]string{}, 0, -1.5, 1e-7, 123456789012345678, "",
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !compactJSON(b) {
			t.Errorf("compactJSON(%s) = false, want true", b)
		}
	}
	for _, s := range []string{
		``, ` 1`, `1 `, `{"a" :1}`, `[1, 2]`, "{\n}", `01`, `1.`, `.5`, `1e`, `-`, `+1`, `tru`, `nulll`, `"abc`,
		`"a\x"`, `"\u12"`, `{"a"}`, `{"a":}`, `[1,]`, `{,}`, `"<"`, `">"`, `"&"`, "\"\u2028\"", "\"\x01\"",
		`{"a":1}{}`, strings.Repeat("[", maxCompactDepth+2) + strings.Repeat("]", maxCompactDepth+2),
	} {
		if compactJSON([]byte(s)) {
			t.Errorf("compactJSON(%q) = true, want false", s)
		}
	}
}

// TestHasControl puts every byte at every place of a 17-byte text (two
// words and a tail) among bytes of every kind.
func TestHasControl(t *testing.T) {
	for _, fill := range []byte{'a', 0x20, 0x7f, 0x80, 0xff} {
		for pos := range 17 {
			for c := range 256 {
				b := bytes.Repeat([]byte{fill}, 17)
				b[pos] = byte(c)
				if got, want := hasControl(b), c < 0x20; got != want {
					t.Fatalf("hasControl(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// TestStreamEventLinesRanges streams a log of several ranges read at once,
// with batches cut by size inside them, and checks the order and content
// against StreamEvents, then the ways a stream stops early.
func TestStreamEventLinesRanges(t *testing.T) {
	db := newTestDB(t)
	const n = 2*streamRange + 100
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx := &Tx{tx: sqlTx, ctx: ctx, now: db.now()}
	long := strings.Repeat("Łukaszenka podpisał dokumenty. ", 60) // 2 kB: a batch holds about 2,000
	for i := range n {
		if err := tx.appendEvent(editor, "source.update", "source", "s1", "", map[string]any{"i": i, "note": long}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		t.Fatal(err)
	}
	want := sha256.New()
	err = db.StreamEvents(ctx, n, func(e *claims.Event) error {
		b, err := json.Marshal(e)
		want.Write(append(b, '\n'))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, lines := sha256.New(), 0
	err = db.StreamEventLines(ctx, n, func(line []byte) error {
		lines++
		got.Write(line) // not append(line, …): line's array holds the next lines
		got.Write([]byte{'\n'})
		return nil
	})
	if err != nil || lines != n || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Fatalf("%d lines, %v; equal to json.Marshal's: %v", lines, err, bytes.Equal(got.Sum(nil), want.Sum(nil)))
	}
	t.Run("ErrFromFn", func(t *testing.T) {
		stop := errors.New("stop")
		before := runtime.NumGoroutine()
		seen := 0
		err := db.StreamEventLines(ctx, n, func([]byte) error {
			if seen++; seen == streamRange+10 {
				return stop
			}
			return nil
		})
		if err != stop || seen != streamRange+10 {
			t.Fatalf("after %d lines: %v, want the error of line %d", seen, err, streamRange+10)
		}
		// database/sql ends its own goroutines of a cancelled
		// transaction a moment later; the readers must be gone by then.
		after := runtime.NumGoroutine()
		for deadline := time.Now().Add(2 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
			time.Sleep(10 * time.Millisecond)
		}
		if after > before {
			t.Errorf("%d goroutines before, %d after: readers left running", before, after)
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		seen := 0
		err := db.StreamEventLines(cctx, n, func([]byte) error {
			if seen++; seen == 100 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) || seen >= n {
			t.Fatalf("after %d lines: %v, want context.Canceled", seen, err)
		}
	})
}
