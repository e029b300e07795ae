package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/password"
	"github.com/claimtrail/claimtrail/db"
)

// chromiumPath finds Debian's chromium. Under CI a missing browser fails
// the test: a skipped browser suite looks green and tests nothing.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; .ci/run must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium not found; install it with apt-get install -y chromium")
	return ""
}

// browser is a headless Chromium tab on a real server over plain HTTP on
// 127.0.0.1, as a user of `make run` sees it.
type browser struct {
	t       *testing.T
	ctx     context.Context
	base    string
	store   *db.DB
	mu      sync.Mutex
	console []string // exceptions and errors, CSP violations among them
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	exe := chromiumPath(t)
	store, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "browser.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	srv, err := New(store, Config{Version: "test", Signer: testSigner(t)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	b := &browser{t: t, ctx: ctx, base: hs.URL, store: store}
	// The first action starts the browser; only then may a timeout go on.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" {
				b.mu.Lock()
				b.console = append(b.console, m.String()+" at "+m.URL)
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// run performs steps with a deadline, failing the test on error.
func (b *browser) run(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

// text returns the text of the first element matching css.
func (b *browser) text(css string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

// eval evaluates JavaScript and returns its result.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

// setValue sets a form control's value as typing or picking would,
// including a textarea's (chromedp.SetValue does not reach those).
func setValue(css, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		js := `(() => { const el = document.querySelector(` + jsString(css) + `); if (!el) return false;
			el.value = ` + jsString(value) + `; el.dispatchEvent(new Event("input", {bubbles: true})); return true })()`
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && !ok {
			err = fmt.Errorf("no element %s", css)
		}
		return err
	})
}

// submit clicks css and waits for the next page to load: the old page
// carries a marker that the new one lacks, which works even when the new
// page has the same URL.
func (b *browser) submit(css string) {
	b.t.Helper()
	eval[bool](b, `(() => { window.__oldPage = true; return true })()`)
	b.run(chromedp.Click(chromedp.CSS(css)))
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		// Evaluation fails while the page is being replaced; try again.
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__oldPage === undefined && document.readyState === "complete"`))
		cancel()
		if err == nil && done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("after clicking %s no new page loaded", css)
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "$", `\$`)
	return "`" + r.Replace(s) + "`"
}

// screenshot saves the full page as a PNG named name in the folder
// CLAIMTRAIL_SCREENSHOTS names (make screenshots sets it to
// docs/screenshots), or in the test's temporary folder.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("CLAIMTRAIL_SCREENSHOTS")
	if dir == "" {
		dir = b.t.TempDir()
	}
	path := filepath.Join(dir, name)
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) addUser(name string, roles ...claims.Role) {
	b.t.Helper()
	h, err := password.Hash(name + "-password-1")
	if err != nil {
		b.t.Fatal(err)
	}
	if err := b.store.CreateUser(context.Background(), claims.SystemActor, &claims.User{Name: name, Roles: roles, PasswordHash: h}); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) login(name string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), name+"-password-1"),
	)
	b.submit("main form button[type=submit]")
}

func (b *browser) logout() {
	b.t.Helper()
	b.submit("form.logout button")
}

// TestBrowserClaimLifecycle walks an editor and a checker through the whole
// ledger in Chromium: import the seed article, add sources, record a claim
// with a quote and a provenance chain, propose a verdict, approve it as a
// second editor, and read the audit log.
func TestBrowserClaimLifecycle(t *testing.T) {
	b := newBrowser(t)
	b.addUser("ola", claims.RoleEditor, claims.RoleChecker)
	b.addUser("ewa", claims.RoleEditor)
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}

	b.login("ola")
	for _, src := range []struct{ name, typ, aliases string }{
		{"Aleksander Łukaszenka", "person", "Lukashenko\nŁukaszenki"},
		{"Instytut Badań nad Wojną", "think-tank", "ISW"},
		{"Redakcja portalu", "media", ""},
	} {
		b.run(chromedp.Navigate(b.base+"/sources/new"), setValue("#name", src.name),
			setValue("#type", src.typ), setValue("#aliases", src.aliases))
		b.submit("form.source-form button[type=submit]")
		if h := b.text("main h1"); !strings.Contains(h, src.name) {
			t.Fatalf("after creating a source the page says %q", h)
		}
	}

	b.run(chromedp.Navigate(b.base+"/documents/new"),
		setValue("#title", "Łukaszenka zakończył wizytę w Chinach"),
		setValue("#body", string(raw)))
	b.submit("form.document-form button[type=submit]")
	if n := eval[int](b, `document.querySelectorAll(".document-body > p:not(.legend)").length`); n != 7 {
		t.Fatalf("the article shows %d paragraphs, want 7", n)
	}

	b.submit("a[href^='/claims/new?document_id=']")
	b.run(setValue("#text", "Łukaszenka: białoruscy producenci chcą poznać technologie chińskich firm."),
		chromedp.Click(chromedp.CSS("#kind-reported")),
		setValue("#quote", "Łukaszenka powiedział, że białoruscy producenci są zainteresowani"))
	b.pick("#source_name", "Lukash", "Aleksander Łukaszenka")
	b.pick("#hop_source_name-1", "Łuka", "Aleksander Łukaszenka")
	b.run(setValue("#hop_role-1", "originator"))
	b.pick("#hop_source_name-2", "ISW", "Instytut Badań nad Wojną")
	b.run(setValue("#hop_role-2", "quoted-by"))
	// Two empty hop rows come with the form; the script adds a third.
	eval[bool](b, `(() => { [...document.querySelectorAll("button")].find(b => b.textContent === "Add another hop").click(); return true })()`)
	b.pick("#hop_source_name-3", "Redak", "Redakcja portalu")
	b.run(setValue("#hop_role-3", "reported-by"))
	b.submit("form.claim-form button[type=submit]")
	if m := b.text("mark"); m != "Łukaszenka powiedział, że białoruscy producenci są zainteresowani" {
		t.Fatalf("the claim page marks %q", m)
	}
	if chain := strings.ToLower(b.text("main")); !strings.Contains(chain, "quoted-by") && !strings.Contains(chain, "quoted by") {
		t.Fatalf("the claim page shows no quoted-by hop:\n%s", chain)
	}

	b.run(chromedp.Click(chromedp.CSS("#attribution-accurate")),
		setValue("#rating", "unverifiable"),
		setValue("#rationale", "ISW cites the statement; the original transcript is not public."),
		setValue("#propose input[name=evidence_url]", "https://www.understandingwar.org/"))
	b.submit("#propose button[type=submit]")
	claimURL := eval[string](b, "location.pathname")
	b.logout()

	b.login("ewa")
	b.run(chromedp.Navigate(b.base + claimURL))
	b.submit("form[action$='/approve'] button")
	if main := b.text("main"); !strings.Contains(strings.ToLower(main), "published") {
		t.Fatalf("after approval the claim page does not say published:\n%s", main)
	}
	b.screenshot("claim.png")

	b.run(chromedp.Navigate(b.base+"/audit"), chromedp.WaitVisible(chromedp.CSS("main table")))
	audit := b.text("main table")
	for _, action := range []string{"source.create", "document.import", "claim.create", "verdict.propose", "verdict.approve", "user.login"} {
		if !strings.Contains(audit, action) {
			t.Errorf("the audit page lacks %s", action)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) > 0 {
		t.Fatalf("the browser reported errors: %q", b.console)
	}
}
