package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/claimtrail/claimtrail/claims/auditlog"
)

// auditFixture is a database with a few events and its signing key.
type auditFixture struct {
	t      *testing.T
	dir    string
	db     string
	signer *auditlog.Signer
	users  int
}

func newAuditFixture(t *testing.T, users int) *auditFixture {
	t.Helper()
	dir := t.TempDir()
	f := &auditFixture{t: t, dir: dir, db: filepath.Join(dir, "ct.db")}
	s, created, err := loadSigner(&config{DB: f.db, LogName: "claimtrail/test"}, true)
	if err != nil || !created {
		t.Fatalf("create key: %v, %v", created, err)
	}
	f.signer = s
	f.addUsers(users)
	return f
}

// addUsers appends n user events (a user and a token each: 2n events).
func (f *auditFixture) addUsers(n int) {
	f.t.Helper()
	for range n {
		f.users++
		if _, _, err := f.runOut(&config{Command: "user add", Name: fmt.Sprint("user", f.users), Roles: "viewer"}); err != nil {
			f.t.Fatal(err)
		}
	}
}

// runOut runs a command and returns stdout, stderr and its error.
func (f *auditFixture) runOut(cfg *config) (string, string, error) {
	f.t.Helper()
	if cfg.DB == "" {
		cfg.DB = f.db
	}
	e, out, errOut := testEnv("")
	err := run(context.Background(), cfg, e)
	return out.String(), errOut.String(), err
}

// export writes an audit export to a file and returns its path.
func (f *auditFixture) export(name string) string {
	f.t.Helper()
	path := filepath.Join(f.dir, name)
	if _, _, err := f.runOut(&config{Command: "export", What: "audit", Out: path}); err != nil {
		f.t.Fatalf("export audit: %v", err)
	}
	return path
}

// verify runs audit verify on file and returns stdout, stderr and error.
func (f *auditFixture) verify(file, key, since string) (string, string, error) {
	f.t.Helper()
	return f.runOut(&config{Command: "audit verify", File: file, Key: key, Since: since})
}

func TestAuditKeyAndCheckpoint(t *testing.T) {
	f := newAuditFixture(t, 2)
	out, _, err := f.runOut(&config{Command: "audit key"})
	if err != nil || strings.TrimSpace(out) != f.signer.VerifierKey() {
		t.Fatalf("audit key = %q, %v", out, err)
	}
	out, _, err = f.runOut(&config{Command: "audit checkpoint"})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := auditlog.Open([]byte(out), f.signer.VerifierKey())
	if err != nil || cp.Size != 4 || cp.Origin != "claimtrail/test" {
		t.Fatalf("checkpoint %+v, %v\n%s", cp, err, out)
	}
	t.Run("ErrNoKey", func(t *testing.T) {
		for _, cmd := range []string{"audit key", "audit checkpoint"} {
			_, _, err := f.runOut(&config{Command: cmd, Key: filepath.Join(t.TempDir(), "none.key")})
			if err == nil || !strings.Contains(err.Error(), "no checkpoint signing key") {
				t.Errorf("%s without a key: %v", cmd, err)
			}
		}
		if _, err := os.Stat(filepath.Join(t.TempDir(), "none.key")); err == nil {
			t.Error("a command other than serve created a key")
		}
	})
}

var okLine = regexp.MustCompile(`^ok: (\d+) events, root [A-Za-z0-9+/]{43}=, signed by claimtrail/test(, extends checkpoint of size (\d+))?\n$`)

func TestExportVerify(t *testing.T) {
	f := newAuditFixture(t, 3)
	path := f.export("audit.jsonl")
	vkey := f.signer.VerifierKey()
	keyOnly := filepath.Join(f.dir, "verifier.key")
	if err := os.WriteFile(keyOnly, []byte(vkey+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, key := range map[string]string{"KeyString": vkey, "KeyFile": keyOnly, "ServerKeyFile": f.db + ".key"} {
		t.Run("OK"+name, func(t *testing.T) {
			out, errOut, err := f.verify(path, key, "")
			m := okLine.FindStringSubmatch(out)
			if err != nil || m == nil || m[1] != "6" {
				t.Fatalf("verify = %q, %q, %v", out, errOut, err)
			}
		})
	}
	t.Run("OKStdout", func(t *testing.T) {
		out, _, err := f.runOut(&config{Command: "export", What: "audit"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		if out != string(b) {
			t.Errorf("stdout export differs from the file export")
		}
	})
	t.Run("OKSince", func(t *testing.T) {
		cpOut, _, err := f.runOut(&config{Command: "audit checkpoint"})
		if err != nil {
			t.Fatal(err)
		}
		oldCP := filepath.Join(f.dir, "old-checkpoint.txt")
		if err := os.WriteFile(oldCP, []byte(cpOut), 0o644); err != nil {
			t.Fatal(err)
		}
		f.addUsers(2)
		later := f.export("later.jsonl")
		for _, since := range []string{oldCP, path} { // a checkpoint, or the earlier export
			out, errOut, err := f.verify(later, vkey, since)
			m := okLine.FindStringSubmatch(out)
			if err != nil || m == nil || m[1] != "10" || m[3] != "6" {
				t.Fatalf("verify --since %s = %q, %q, %v", since, out, errOut, err)
			}
		}
		// The earlier export does not extend the later one.
		_, errOut, err := f.verify(path, vkey, later)
		if !errors.Is(err, errReported) || !strings.HasPrefix(errOut, "FAIL: seq 7: ") {
			t.Fatalf("verify the older export since the newer = %q, %v", errOut, err)
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		_, other, _ := auditlog.GenerateKey("claimtrail/test")
		_, errOut, err := f.verify(path, other, "")
		if !errors.Is(err, errReported) || !strings.HasPrefix(errOut, "FAIL: seq 7: ") {
			t.Fatalf("verify with another key = %q, %v", errOut, err)
		}
	})
}

// TestVerifyTampered edits an export the ways a forger might and checks
// that audit verify fails naming the first bad seq.
func TestVerifyTampered(t *testing.T) {
	f := newAuditFixture(t, 4) // events 1..8
	b, err := os.ReadFile(f.export("audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n") // 8 events + checkpoint
	if len(lines) != 9 {
		t.Fatalf("%d lines", len(lines))
	}
	without := func(drop ...int) []string {
		var out []string
		for i, l := range lines {
			if !slices.Contains(drop, i) {
				out = append(out, l)
			}
		}
		return out
	}
	swapped := append([]string(nil), lines...)
	swapped[4], swapped[5] = swapped[5], swapped[4]
	flipped := append([]string(nil), lines...)
	flipped[2] = strings.Replace(flipped[2], `"name":"user`, `"name":"uses`, 1)
	tests := []struct {
		name    string
		lines   []string
		wantSeq int
	}{
		{"ErrFlippedByte", flipped, 3},
		{"ErrDeletedLine", without(3), 4},
		{"ErrSwappedLines", swapped, 5},
		{"ErrDroppedTail", without(6, 7), 7},
		{"ErrDroppedCheckpoint", without(8), 9},
		{"ErrTruncatedMidLine", append(append([]string(nil), lines[:7]...), lines[7][:30]), 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "ErrFlippedByte" && flipped[2] == lines[2] {
				t.Fatal("the edit changed nothing")
			}
			path := filepath.Join(t.TempDir(), "tampered.jsonl")
			if err := os.WriteFile(path, []byte(strings.Join(tt.lines, "")), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, err := f.verify(path, f.signer.VerifierKey(), "")
			want := fmt.Sprintf("FAIL: seq %d: ", tt.wantSeq)
			if !errors.Is(err, errReported) || !strings.HasPrefix(errOut, want) || out != "" || strings.Count(errOut, "\n") != 1 {
				t.Fatalf("verify = stdout %q, stderr %q, %v; want %q…", out, errOut, err, want)
			}
		})
	}
}

func TestVerifyDB(t *testing.T) {
	f := newAuditFixture(t, 3)
	out, _, err := f.runOut(&config{Command: "audit verify", VerifyDB: true})
	if err != nil || !regexp.MustCompile(`^ok: 6 events, root \S+, database `).MatchString(out) {
		t.Fatalf("verify --db = %q, %v", out, err)
	}
	// With the server stopped, someone drops the triggers and rewrites
	// event 4.
	raw, err := sql.Open("sqlite3", f.db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DROP TRIGGER audit_events_no_update; UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 4`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, errOut, err := f.runOut(&config{Command: "audit verify", VerifyDB: true})
	if !errors.Is(err, errReported) || !strings.HasPrefix(errOut, "FAIL: seq 4: ") {
		t.Fatalf("verify --db of a rewritten log = %q, %v", errOut, err)
	}
}

// TestVerifyExitCodes runs the real main: 0 for a good export, 1 and one
// FAIL line for a bad one, with no database anywhere.
func TestVerifyExitCodes(t *testing.T) {
	f := newAuditFixture(t, 1)
	path := f.export("audit.jsonl")
	vkey := f.signer.VerifierKey()
	code, stdout, stderr := runMain(t, "audit verify "+path+" --key "+vkey)
	if code != 0 || !okLine.MatchString(stdout) || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	b, _ := os.ReadFile(path)
	bad := filepath.Join(f.dir, "bad.jsonl")
	os.WriteFile(bad, []byte(strings.Replace(string(b), `"seq":2`, `"seq":3`, 1)), 0o644)
	code, stdout, stderr = runMain(t, "audit verify "+bad+" --key "+vkey)
	if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "FAIL: seq 2: ") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestExportAtomic(t *testing.T) {
	f := newAuditFixture(t, 1)
	path := filepath.Join(f.dir, "keep.jsonl")
	if err := os.WriteFile(path, []byte("previous export\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without a signing key the export fails before writing: the old file
	// stays, and no temporary file is left beside it.
	_, _, err := f.runOut(&config{Command: "export", What: "audit", Out: path, Key: filepath.Join(f.dir, "missing.key")})
	if err == nil {
		t.Fatal("export without a key succeeded")
	}
	err = writeOutput(path, nil, func(w io.Writer) error {
		fmt.Fprintln(w, "half an export")
		return errors.New("disk full")
	})
	if err == nil {
		t.Fatal("writeOutput hid the error")
	}
	if b, _ := os.ReadFile(path); string(b) != "previous export\n" {
		t.Errorf("the file holds %q after a failed export", b)
	}
	entries, _ := os.ReadDir(f.dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestExportToDevice checks that an export to something that is not a
// regular file (here a named pipe, as /dev/null or /dev/stdout would be)
// writes into it and leaves it what it was, instead of renaming a regular
// file over it.
func TestExportToDevice(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo) // opening blocks until the writer opens
		got <- string(b)
	}()
	if err := writeOutput(fifo, nil, func(w io.Writer) error {
		_, err := io.WriteString(w, "line\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("after the export the path is %v (%v), want the named pipe", fi.Mode(), err)
	}
	if s := <-got; s != "line\n" {
		t.Errorf("the pipe's reader got %q", s)
	}
}
