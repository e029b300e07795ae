package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/password"
	"github.com/claimtrail/claimtrail/db"
)

// TestMain lets a test run the real main in a subprocess, to check exit
// codes.
func TestMain(m *testing.M) {
	if os.Getenv("CLAIMTRAIL_TEST_MAIN") == "1" {
		os.Args = append([]string{"claimtrail"}, strings.Fields(os.Getenv("CLAIMTRAIL_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runMain runs main with args in a subprocess and returns its exit code,
// stdout and stderr.
func runMain(t *testing.T, args string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CLAIMTRAIL_TEST_MAIN=1", "CLAIMTRAIL_TEST_ARGS="+args,
		"CLAIMTRAIL_DB="+filepath.Join(t.TempDir(), "main.db"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), stdout.String(), stderr.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, stdout.String(), stderr.String()
}

func TestMainExitCodes(t *testing.T) {
	cases := []struct {
		args     string
		code     int
		inStderr string
	}{
		{"help", 2, "Usage:"},
		{"", 2, "no command given"},
		{"frobnicate", 2, `unknown command "frobnicate"`},
		{"import", 2, "Usage:"},
		{"version", 0, ""},
		{"user add --name bad,name --role editor", 1, "must not contain spaces or commas"},
		{"import /nonexistent/article.txt", 1, "no such file"},
	}
	for _, c := range cases {
		code, stdout, stderr := runMain(t, c.args)
		if code != c.code || !strings.Contains(stderr, c.inStderr) {
			t.Errorf("claimtrail %s: exit %d, stderr %q; want exit %d and stderr containing %q", c.args, code, stderr, c.code, c.inStderr)
		}
		if c.code == 2 && stdout != "" {
			t.Errorf("claimtrail %s wrote usage to stdout: %q", c.args, stdout)
		}
	}
}

// testEnv returns an env with stdin and captured output.
func testEnv(stdin string) (env, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}, &out, &errOut
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestUserAdd(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "ct.db")
	t.Run("OK", func(t *testing.T) {
		e, out, _ := testEnv("correct horse battery\n")
		cfg := &config{Command: "user add", DB: dbPath, Name: "admin", Roles: "admin,editor,checker", PasswordStdin: true}
		if err := run(ctx, cfg, e); err != nil {
			t.Fatalf("user add: %v", describe(err))
		}
		token := lastLine(out.String())
		store := openDB(t, dbPath)
		u, err := store.FindUserByToken(ctx, token)
		if err != nil {
			t.Fatalf("the last line %q is not a working token: %v", token, err)
		}
		if u.Name != "admin" || !u.Has(claims.RoleAdmin) || !u.Has(claims.RoleChecker) {
			t.Fatalf("user = %+v", u)
		}
		if ok, err := password.Verify(u.PasswordHash, "correct horse battery"); !ok || err != nil {
			t.Fatalf("password does not verify (%v); hash %q", err, u.PasswordHash)
		}
	})
	t.Run("TokenOnly", func(t *testing.T) {
		e, out, _ := testEnv("")
		cfg := &config{Command: "user add", DB: dbPath, Name: "bot", Roles: "viewer"}
		if err := run(ctx, cfg, e); err != nil {
			t.Fatalf("user add: %v", describe(err))
		}
		store := openDB(t, dbPath)
		u, err := store.FindUserByToken(ctx, lastLine(out.String()))
		if err != nil || u.PasswordHash != "" {
			t.Fatalf("user = %+v, %v; want a token-only user", u, err)
		}
	})
	errCases := map[string]struct {
		cfg   config
		stdin string
		code  string
	}{
		"ErrShortPassword": {config{Name: "x1", Roles: "editor", PasswordStdin: true}, "short\n", claims.EINVALID},
		"ErrNoPassword":    {config{Name: "x2", Roles: "editor", PasswordStdin: true}, "", claims.EINVALID},
		"ErrRole":          {config{Name: "x3", Roles: "editor,boss"}, "", claims.EINVALID},
		"ErrTaken":         {config{Name: "admin", Roles: "editor"}, "", claims.ECONFLICT},
	}
	for name, c := range errCases {
		t.Run(name, func(t *testing.T) {
			e, out, _ := testEnv(c.stdin)
			cfg := c.cfg
			cfg.Command, cfg.DB = "user add", dbPath
			err := run(ctx, &cfg, e)
			if claims.ErrorCode(err) != c.code {
				t.Fatalf("error %v, want code %s", err, c.code)
			}
			if out.Len() != 0 {
				t.Fatalf("printed %q on failure", out.String())
			}
		})
	}
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "ct.db")
	seed, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seed", "article-pl.txt"))
	if err != nil {
		t.Fatalf("the seed article is required: %v", err)
	}
	t.Run("Stdin", func(t *testing.T) {
		e, out, _ := testEnv(string(seed))
		cfg := &config{Command: "import", DB: dbPath, File: "-", URL: "https://example.org/a", Publisher: "Example"}
		if err := run(ctx, cfg, e); err != nil {
			t.Fatalf("import: %v", describe(err))
		}
		d, err := openDB(t, dbPath).FindDocumentByID(ctx, lastLine(out.String()))
		if err != nil {
			t.Fatalf("the last line is not a document id: %v\n%s", err, out)
		}
		if !strings.HasPrefix(d.Title, "Aleksander Łukaszenka zakończył") || !strings.HasSuffix(d.Title, "…") || len([]rune(d.Title)) > maxTitleRunes+1 {
			t.Errorf("default title = %q", d.Title)
		}
		if d.Language != "pl" || len(d.Paragraphs()) != 7 || len(d.Links) != 6 || d.Publisher != "Example" {
			t.Errorf("document: lang %q, %d paragraphs, %d links, publisher %q", d.Language, len(d.Paragraphs()), len(d.Links), d.Publisher)
		}
	})
	t.Run("MarkdownFile", func(t *testing.T) {
		file := filepath.Join(dir, "report.md")
		os.WriteFile(file, []byte("# Road spending\n\nThe council says spending [doubled](https://example.org/r)."), 0o644)
		e, out, _ := testEnv("")
		cfg := &config{Command: "import", DB: dbPath, File: file, Lang: "en-GB"}
		if err := run(ctx, cfg, e); err != nil {
			t.Fatalf("import: %v", describe(err))
		}
		d, err := openDB(t, dbPath).FindDocumentByID(ctx, lastLine(out.String()))
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != "Road spending" || d.Language != "en-GB" || len(d.Links) != 1 || d.Links[0].Href != "https://example.org/r" {
			t.Errorf("document = %+v", d)
		}
	})
	t.Run("ErrBinary", func(t *testing.T) {
		e, out, _ := testEnv("\x89PNG\r\n\x1a\n\x00\x00")
		err := run(ctx, &config{Command: "import", DB: dbPath, File: "-"}, e)
		if claims.ErrorCode(err) != claims.EINVALID || out.Len() != 0 {
			t.Fatalf("error %v, output %q", err, out)
		}
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath, out := filepath.Join(dir, "ct.db"), filepath.Join(dir, "copy.db")
	e, _, _ := testEnv("")
	if err := run(ctx, &config{Command: "user add", DB: dbPath, Name: "ala", Roles: "viewer"}, e); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, &config{Command: "backup", DB: dbPath, File: out}, e); err != nil {
		t.Fatalf("backup: %v", describe(err))
	}
	if _, err := openDB(t, out).FindUserByName(ctx, "ala"); err != nil {
		t.Fatalf("backup lacks the user: %v", err)
	}
	t.Run("ErrExists", func(t *testing.T) {
		if err := run(ctx, &config{Command: "backup", DB: dbPath, File: out}, e); claims.ErrorCode(err) != claims.EINVALID {
			t.Fatalf("second backup to the same file: %v, want EINVALID", err)
		}
	})
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "ct.db")
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, &config{Command: "serve", DB: dbPath, Addr: addr, Demo: true}, env{strings.NewReader(""), &out, &errOut})
	}()

	var resp *http.Response
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("server did not come up: %v\nstderr:\n%s", err, errOut.String())
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz: %s", resp.Status)
	}
	re := regexp.MustCompile(`^No admin yet\. Open http://` + regexp.QuoteMeta(addr) + `/setup\?token=[A-Za-z0-9_-]{43} to create the first admin, or run: claimtrail user add --name admin --role admin,editor,checker --password-stdin\n$`)
	if !re.MatchString(out.String()) {
		t.Errorf("stdout = %q, want the setup message", out.String())
	}

	// The signing key was created beside the database, and its verifier
	// key logged.
	signer, created, err := loadSigner(&config{DB: dbPath}, false)
	if err != nil || created {
		t.Fatalf("key after serve: %v (created now: %v)", err, created)
	}
	if !strings.Contains(errOut.String(), signer.VerifierKey()) {
		t.Errorf("serve did not log the new verifier key; stderr:\n%s", errOut.String())
	}
	if !strings.HasPrefix(signer.Origin(), "claimtrail/") {
		t.Errorf("log name %q", signer.Origin())
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after the context was cancelled")
	}
	// Close checkpointed and truncated the WAL.
	if fi, err := os.Stat(dbPath + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("WAL is %d bytes after shutdown, want checkpointed", fi.Size())
	}
	docs, _, err := openDB(t, dbPath).FindDocuments(context.Background(), claims.DocumentFilter{})
	if err != nil || len(docs) != 2 {
		t.Fatalf("demo documents = %d, %v; want 2", len(docs), err)
	}
}

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func openDB(t *testing.T, path string) *db.DB {
	t.Helper()
	store, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := store.Close(); err != nil {
			t.Error(err)
		}
	})
	return store
}

func TestDefaultTitle(t *testing.T) {
	long := strings.Repeat("słowo ", 40)
	cases := []struct{ body, name, want string }{
		{"Krótki tytuł\n\nTreść.", "a.txt", "Krótki tytuł"},
		{long, "a.txt", strings.TrimSpace(strings.Repeat("słowo ", 20)) + "…"},
		{"", "a.txt", "a.txt"},
	}
	for _, c := range cases {
		if got := defaultTitle(c.body, c.name); got != c.want {
			t.Errorf("defaultTitle(%.20q) = %q, want %q", c.body, got, c.want)
		}
	}
}
