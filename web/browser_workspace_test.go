package web

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/claimtrail/claimtrail/claims"
)

// stepShots is where the workspace tests leave a screenshot of every step,
// at 1280 and at 390 px: the repository's screenshots/tmp, which git
// ignores, so that a person can look at them after a run.
const stepShots = "../screenshots/tmp/workspace"

// shot saves the page at the desktop width and on a 390 px phone, and
// fails the test if the phone page is wider than the phone. With docs the
// desktop one also goes to CLAIMTRAIL_SCREENSHOTS (make screenshots).
func (b *browser) shot(name string, docs bool) { b.capture(name, docs, true) }

// viewShot is shot of what the window shows, for a step whose point is
// at the bottom of the window (the selection bar).
func (b *browser) viewShot(name string, docs bool) { b.capture(name, docs, false) }

func (b *browser) capture(name string, docs, full bool) {
	b.t.Helper()
	save := func(file string, docs bool) {
		ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
		defer cancel()
		shoot := chromedp.CaptureScreenshot()
		if full {
			shoot = chromedp.FullScreenshot(100)
		}
		png, err := chromedp.Run(ctx, shoot)
		if err != nil {
			b.t.Fatal(err)
		}
		if err := os.MkdirAll(stepShots, 0o755); err != nil {
			b.t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(stepShots, file), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
		if dir := os.Getenv("CLAIMTRAIL_SCREENSHOTS"); dir != "" && docs {
			// docs/screenshots names them by page, without the step number.
			if err := os.WriteFile(filepath.Join(dir, "workspace-"+file[strings.Index(file, "-")+1:]), png, 0o644); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	save(name+".png", docs)
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	w := eval[int](b, "document.documentElement.scrollWidth")
	for i := 0; i < 20 && w > 390; i++ { // the layout may take a moment to follow the new width
		time.Sleep(50 * time.Millisecond)
		w = eval[int](b, "document.documentElement.scrollWidth")
	}
	if w > 390 {
		wide := eval[string](b, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 391)
			.slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`)
		b.t.Errorf("%s: the page is %d px wide on a 390 px screen: %s", name, w, wide)
	}
	save(name+"-390.png", false)
	b.run(chromedp.EmulateViewport(1280, 900))
}

// keys presses keys on whatever has the focus.
func (b *browser) keys(keys string, opts ...chromedp.KeyOption) {
	b.t.Helper()
	b.run(chromedp.KeyEvent(keys, opts...))
}

// tabTo presses Tab until the element css has the focus, as a keyboard
// user would, and fails after max presses.
func (b *browser) tabTo(css string, max int) {
	b.t.Helper()
	for range max {
		if eval[bool](b, `document.activeElement === document.querySelector(`+jsString(css)+`)`) {
			return
		}
		b.keys(kb.Tab)
	}
	b.t.Fatalf("%d presses of Tab did not reach %s (focus is on %s)", max, css,
		eval[string](b, `document.activeElement.outerHTML.slice(0, 120)`))
}

// offsetOf is the code-point offset of the first phrase in body.
func offsetOf(t *testing.T, body, phrase string) int {
	t.Helper()
	i := strings.Index(body, phrase)
	if i < 0 {
		t.Fatalf("%q is not in the body", phrase)
	}
	return utf8.RuneCountInString(body[:i])
}

// clearSelection empties the page's selection and waits for the
// selection bar to go.
func (b *browser) clearSelection() {
	b.t.Helper()
	eval[bool](b, `(() => { getSelection().removeAllRanges(); return true })()`)
	b.run(chromedp.WaitNotVisible(chromedp.CSS("#selection-bar")))
}

// selectionLink waits for the selection bar and returns its link's
// quote_start and quote_end.
func (b *browser) selectionLink() (start, end int) {
	b.t.Helper()
	b.run(chromedp.WaitVisible(chromedp.CSS("#selection-bar")))
	href := eval[string](b, `document.getElementById("selection-claim").href`)
	q := href[strings.Index(href, "?")+1:]
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		n, _ := strconv.Atoi(v)
		switch k {
		case "quote_start":
			start = n
		case "quote_end":
			end = n
		}
	}
	return start, end
}

// TestBrowserWorkspace is the editor's day in Chromium, with a screenshot
// of every step: import the seed article, select "pakiet 16 dokumentów"
// and make it a claim (the stored offsets checked), see it marked with its
// card, propose a verdict, find it in a second editor's queue with the
// keyboard and on the dashboard, switch to Polish, and capture another
// claim of the article with the keyboard alone.
func TestBrowserWorkspace(t *testing.T) {
	b := newBrowser(t)
	b.addUser("ola", claims.RoleEditor, claims.RoleChecker)
	b.addUser("ewa", claims.RoleEditor)
	ctx := context.Background()
	for _, s := range []*claims.Source{
		{Name: "Redakcja portalu", Type: claims.SourceMedia},
		{Name: "Instytut Badań nad Wojną", Type: claims.SourceThinkTank, Aliases: []string{"ISW"}},
		{Name: "Aleksander Łukaszenka", Type: claims.SourcePerson, Aliases: []string{"Łukaszenki"}},
	} {
		if err := b.store.CreateSource(ctx, claims.SystemActor, s); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}

	b.login("ola")
	b.shot("01-queue-empty", false)

	// Import the seed article.
	b.run(chromedp.Navigate(b.base+"/documents/new"),
		setValue("#title", "Łukaszenka zakończył wizytę w Chinach"),
		setValue("#publisher", "Redakcja portalu"),
		setValue("#body", string(raw)))
	b.submit("form.document-form button[type=submit]")
	docPath := eval[string](b, "location.pathname")
	doc, err := b.store.FindDocumentByID(ctx, strings.TrimPrefix(docPath, "/documents/"))
	if err != nil {
		t.Fatal(err)
	}
	b.shot("02-reader", false)

	// Select "pakiet 16 dokumentów" as a drag over it would: from the end
	// of the text before it to the start of the text after it, so the
	// selection's ends lie in other elements than the phrase.
	const phrase = "pakiet 16 dokumentów"
	want := offsetOf(t, doc.Body, phrase)
	ok := eval[bool](b, `(() => {
		const runs = [...document.querySelectorAll("#doc-body [data-o]")];
		const i = runs.findIndex(e => e.textContent === `+jsString(phrase)+`);
		if (i < 1) return false;
		const before = runs[i-1].firstChild, after = runs[i+1].firstChild;
		const r = document.createRange();
		r.setStart(before, before.length);
		r.setEnd(after, 0);
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
		return true })()`)
	if !ok {
		t.Fatalf("%q is not a run of its own in the reader", phrase)
	}
	if s, e := b.selectionLink(); s != want || e != want+utf8.RuneCountInString(phrase) {
		t.Fatalf("the selection bar offers %d–%d, want %d–%d", s, e, want, want+utf8.RuneCountInString(phrase))
	}
	if q := b.text("#selection-quote"); q != phrase {
		t.Errorf("the selection bar quotes %q", q)
	}
	eval[bool](b, `(() => { getSelection().getRangeAt(0).startContainer.parentElement.scrollIntoView({block: "center"}); return true })()`)
	b.viewShot("03-selection", true)

	b.submit("#selection-claim")
	if q := eval[string](b, `document.getElementById("quote").value`); q != phrase {
		t.Fatalf("the claim form's quote is %q", q)
	}
	if s := eval[string](b, `document.getElementById("quote_start").value`); s != strconv.Itoa(want) {
		t.Fatalf("the claim form's start offset is %q, want %d", s, want)
	}
	b.run(setValue("#text", "Xi Jinping i Łukaszenka podpisali pakiet 16 dokumentów o współpracy."))
	b.pick("#source_name", "Redak", "Redakcja portalu")
	b.shot("04-claim-form", false)
	b.submit("form.claim-form button[type=submit]")
	claimPath := eval[string](b, "location.pathname")
	c, err := b.store.FindClaimByID(ctx, strings.TrimPrefix(claimPath, "/claims/"))
	if err != nil {
		t.Fatalf("no claim at %s: %v", claimPath, err)
	}
	if c.Quote == nil || c.Quote.Exact != phrase || c.Quote.Start != want || c.Quote.End != want+utf8.RuneCountInString(phrase) || c.DocumentID != doc.ID {
		t.Fatalf("stored quote %+v in %s, want %q at %d", c.Quote, c.DocumentID, phrase, want)
	}

	// Marked in the article, with its card on focus.
	b.run(chromedp.Navigate(b.base + docPath))
	if m := b.text("#q-" + c.ID); m != phrase {
		t.Fatalf("the article marks %q", m)
	}
	eval[bool](b, `(() => { document.querySelector("#q-`+c.ID+` a").focus(); return true })()`)
	b.run(chromedp.WaitVisible(chromedp.CSS(".card-float")))
	if card := b.text(".card-float"); !strings.Contains(card, "Redakcja portalu") || !strings.Contains(card, "new") {
		t.Errorf("the claim card says %q", card)
	}
	b.shot("05-marked", false)

	// Propose a verdict.
	b.run(chromedp.Navigate(b.base+claimPath), chromedp.Click(chromedp.CSS("#attribution-accurate")),
		setValue("#rating", "true"),
		setValue("#rationale", "Komunikat kancelarii wymienia 16 podpisanych dokumentów."),
		setValue("#propose input[name=evidence_url]", "https://president.gov.by/"))
	b.submit("#propose button[type=submit]")
	b.shot("06-claim-verdict", false)
	b.logout()

	// A second editor finds it in the queue and moves there by keyboard.
	b.login("ewa")
	b.run(chromedp.Navigate(b.base + "/"))
	if cur := b.text(".queue-tab[aria-current=page]"); !strings.Contains(cur, "Awaiting your approval") {
		t.Fatalf("the queue opens on %q", cur)
	}
	if first := b.text(".queue-item .queue-link"); !strings.Contains(first, "pakiet 16 dokumentów") {
		t.Fatalf("the approval queue shows %q", first)
	}
	b.keys("j")
	if !eval[bool](b, `document.activeElement.classList.contains("queue-link") && document.querySelector(".queue-item.current") !== null`) {
		t.Fatal("j did not move to the first claim")
	}
	b.keys("?")
	b.run(chromedp.WaitVisible(chromedp.CSS("#shortcuts")))
	b.shot("07-queue-shortcuts", false)
	b.keys(kb.Escape)
	if eval[bool](b, `document.getElementById("shortcuts").open`) {
		t.Fatal("Esc did not close the shortcuts")
	}
	b.shot("08-queue", true)
	b.keys("o")
	b.run(chromedp.WaitVisible(chromedp.CSS(".queue-nav")))
	if p := eval[string](b, "location.pathname + location.search"); p != claimPath+"?queue=approval" {
		t.Fatalf("o opened %s", p)
	}

	// The dashboard counts it.
	b.run(chromedp.Navigate(b.base + "/dashboard"))
	if desc := eval[string](b, `document.getElementById("status-desc").textContent`); !strings.Contains(desc, "Proposed: 1") {
		t.Errorf("the status chart says %q", desc)
	}
	if n := eval[int](b, `document.querySelectorAll("svg[role=img][aria-label]").length`); n != 6 {
		t.Errorf("%d charts, want 6", n)
	}
	b.shot("09-dashboard", true)

	// Polish, from the header's switcher.
	b.submit("form.lang-switch button[value=pl]")
	if h := b.text("main h1"); h != "Pulpit" {
		t.Fatalf("after switching to Polish the dashboard is headed %q", h)
	}
	if desc := eval[string](b, `document.getElementById("status-desc").textContent`); !strings.Contains(desc, "Do zatwierdzenia: 1") {
		t.Errorf("the Polish status chart says %q", desc)
	}
	b.shot("10-dashboard-pl", false)
	b.run(chromedp.Navigate(b.base + "/"))
	if h := b.text("main h1"); h != "Kolejka weryfikacji" {
		t.Errorf("the Polish queue is headed %q", h)
	}
	b.shot("11-queue-pl", false)

	// Keyboard alone: Tab to the article, ↓ to the ISW sentence, Enter,
	// then through the form to its button.
	b.run(chromedp.Navigate(b.base + docPath))
	b.tabTo("#doc-body", 80)
	const sentence = "Jak analizuje amerykański think tank Instytut Badań nad Wojną (ISW), dokumenty mają ułatwić Kremlowi omijanie zachodnich sankcji poprzez kierowanie pomocy dla Rosji przez Białoruś."
	sentStart := offsetOf(t, doc.Body, sentence)
	for range 8 {
		b.keys(kb.ArrowDown)
	}
	if s, e := b.selectionLink(); s != sentStart || e != sentStart+utf8.RuneCountInString(sentence) {
		t.Fatalf("eight presses of ↓ selected %d–%d, want the ISW sentence at %d", s, e, sentStart)
	}
	// Leave out the attribution: start at "dokumenty", end before the
	// full stop.
	for range 10 {
		b.keys(kb.ArrowRight)
	}
	b.keys(kb.ArrowLeft, chromedp.KeyModifiers(chromedp.ModifierShift))
	const part = "dokumenty mają ułatwić Kremlowi omijanie zachodnich sankcji poprzez kierowanie pomocy dla Rosji przez Białoruś"
	partStart := offsetOf(t, doc.Body, part)
	if s, e := b.selectionLink(); s != partStart || e != partStart+utf8.RuneCountInString(part) {
		t.Fatalf("the word keys selected %d–%d, want %d–%d", s, e, partStart, partStart+utf8.RuneCountInString(part))
	}
	b.viewShot("12-keyboard-selection", false)
	b.keys(kb.Enter)
	b.run(chromedp.WaitVisible(chromedp.CSS("form.claim-form")))
	if eval[string](b, `document.querySelector("input[name=source_id]").value`) == "" {
		b.tabTo("#source_name", 10)
		b.keys("Instytut") // not chosen: the server finds the one source it names
	}
	b.tabTo("form.claim-form button.primary[type=submit]", 60)
	b.keys(kb.Enter)
	b.run(chromedp.WaitVisible(chromedp.CSS(".claim-title")))
	kc, err := b.store.FindClaimByID(ctx, strings.TrimPrefix(eval[string](b, "location.pathname"), "/claims/"))
	if err != nil {
		t.Fatal(err)
	}
	if kc.Quote == nil || kc.Quote.Exact != part || kc.Quote.Start != partStart || kc.Source == nil || kc.Source.Name != "Instytut Badań nad Wojną" {
		t.Fatalf("the keyboard's claim: quote %+v, source %v", kc.Quote, kc.Source)
	}
	b.shot("13-keyboard-claim-pl", false)

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) > 0 {
		t.Fatalf("the browser reported errors: %q", b.console)
	}
}

// TestBrowserSelectionOffsets selects across emoji, letters outside the
// Basic Multilingual Plane, a link and an overlapping claim's mark, with a
// DOM range and with a real mouse drag, and checks that the offsets the
// page offers are the store's code points.
func TestBrowserSelectionOffsets(t *testing.T) {
	b := newBrowser(t)
	b.addUser("ola", claims.RoleEditor)
	ctx := context.Background()
	src := &claims.Source{Name: "Źródło", Type: claims.SourcePerson}
	if err := b.store.CreateSource(ctx, claims.SystemActor, src); err != nil {
		t.Fatal(err)
	}
	body := "Ala 😀 ma 𝒳 kota 🇵🇱 i [psa z 👍🏽 ogonem](https://example.org/pies) w domu.\n\nDrugi akapit: 🐈 śpi, a 𝔇 czyta gazetę."
	var d claims.Document
	b.login("ola")
	b.run(chromedp.Navigate(b.base+"/documents/new"), setValue("#title", "Emoji"), setValue("#format", "markdown"), setValue("#body", body))
	b.submit("form.document-form button[type=submit]")
	got, err := b.store.FindDocumentByID(ctx, strings.TrimPrefix(eval[string](b, "location.pathname"), "/documents/"))
	if err != nil {
		t.Fatal(err)
	}
	d = *got
	// A claim whose mark the selections cross.
	c := &claims.Claim{Text: "Ala ma kota", Kind: claims.KindReported, SourceID: src.ID, DocumentID: d.ID, Quote: &claims.Quote{Exact: "ma 𝒳 kota"}}
	if err := b.store.CreateClaim(ctx, claims.SystemActor, c); err != nil {
		t.Fatal(err)
	}
	b.run(chromedp.Navigate(b.base + "/documents/" + d.ID))
	cp := func(s string) int { return offsetOf(t, d.Body, s) }

	for _, tt := range []struct {
		name, from, to string // the selection runs from the start of from to the end of to
	}{
		{"InOneRun", "kota", "kota"},
		{"AcrossMarkAndLink", "𝒳 kota", "z 👍🏽"},
		{"AcrossParagraphs", "ogonem", "🐈 śpi"},
		{"AfterAstral", "czyta", "gazetę"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start, end := cp(tt.from), cp(tt.to)+utf8.RuneCountInString(tt.to)
			b.clearSelection()
			// The range is built from the page's text nodes by UTF-16
			// positions, as a browser's selection is.
			ok := eval[bool](b, `(() => {
				const nodes = [];
				const w = document.createTreeWalker(document.getElementById("doc-body"), NodeFilter.SHOW_TEXT);
				for (let n = w.nextNode(); n; n = w.nextNode()) if (n.parentElement.hasAttribute("data-o")) nodes.push(n);
				const find = (s, atEnd) => { for (const n of nodes) { const i = n.data.indexOf(s); if (i >= 0) return [n, atEnd ? i + s.length : i] } return null };
				const a = find(`+jsString(tt.from)+`, false), z = find(`+jsString(tt.to)+`, true);
				if (!a || !z) return false;
				const r = document.createRange(); r.setStart(a[0], a[1]); r.setEnd(z[0], z[1]);
				const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true })()`)
			if !ok {
				t.Fatalf("%q or %q is not within one text node", tt.from, tt.to)
			}
			if s, e := b.selectionLink(); s != start || e != end {
				t.Errorf("offered %d–%d, want %d–%d (%q)", s, e, start, end, string([]rune(d.Body)[start:end]))
			}
		})
	}

	t.Run("MouseDrag", func(t *testing.T) {
		b.clearSelection()
		// From the left part of the first letter of "psa" to the right
		// part of the last letter of "ogonem", inside the link.
		xy := eval[[]float64](b, `(() => {
			const n = [...document.querySelectorAll("#doc-body [data-o]")].map(e => e.firstChild).find(n => n.data.includes("psa z"));
			const at = (i) => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); return r.getBoundingClientRect() };
			const i = n.data.indexOf("psa"), j = n.data.indexOf("ogonem") + "ogonem".length - 1;
			const a = at(i), z = at(j);
			return [a.left + a.width * 0.2, a.top + a.height / 2, z.right - z.width * 0.2, z.top + z.height / 2] })()`)
		press := func(p *input.DispatchMouseEventParams) {
			p.Button, p.Buttons, p.ClickCount = input.MouseButtonLeft, 1, 1
		}
		held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
		release := func(p *input.DispatchMouseEventParams) { p.Button, p.ClickCount = input.MouseButtonLeft, 1 }
		steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, xy[0], xy[1], press)}
		for i := 1; i <= 8; i++ {
			x := xy[0] + (xy[2]-xy[0])*float64(i)/8
			steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x, xy[1]+(xy[3]-xy[1])*float64(i)/8, held))
		}
		b.run(append(steps, chromedp.MouseEvent(chromedp.MouseReleased, xy[2], xy[3], release))...)
		start, end := cp("psa z"), cp("ogonem")+utf8.RuneCountInString("ogonem")
		if s, e := b.selectionLink(); s != start || e != end {
			t.Errorf("a drag over the link offered %d–%d, want %d–%d", s, e, start, end)
		}
		if p := eval[string](b, "location.pathname"); !strings.HasPrefix(p, "/documents/") {
			t.Errorf("the drag followed the link to %s", p)
		}
	})
	t.Run("ClickOpensClaim", func(t *testing.T) {
		b.submit("#q-" + c.ID + " a")
		if p := eval[string](b, "location.pathname"); p != "/claims/"+c.ID {
			t.Errorf("a click on the quote led to %s", p)
		}
	})
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) > 0 {
		t.Fatalf("the browser reported errors: %q", b.console)
	}
}
