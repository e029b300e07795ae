package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/claimtrail/claimtrail/claims"
)

// pickerOptions returns the texts of the names the listbox of the picker
// field css offers.
func (b *browser) pickerOptions(css string) []string {
	b.t.Helper()
	return eval[[]string](b, `(() => { const f = document.querySelector(`+jsString(css)+`);
		const l = f && document.getElementById(f.getAttribute("aria-controls"));
		return l && !l.hidden ? [...l.querySelectorAll("[role=option]")].map(o => o.firstChild.textContent) : [] })()`)
}

// waitOption waits until the listbox of the picker field css offers name,
// and returns its place in the list.
func (b *browser) waitOption(css, name string) int {
	b.t.Helper()
	var got []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		got = b.pickerOptions(css)
		for i, o := range got {
			if o == name {
				return i
			}
		}
	}
	b.t.Fatalf("the picker %s does not offer %q; it offers %q", css, name, got)
	return -1
}

// pick empties the picker field css and types typed into it as a person
// would, waits for the listbox to offer name, goes down to it with the
// arrow key and chooses it with Enter; the hidden id field then holds an
// id.
func (b *browser) pick(css, typed, name string) {
	b.t.Helper()
	b.empty(css)
	b.run(chromedp.SendKeys(chromedp.CSS(css), typed))
	i := b.waitOption(css, name)
	for range i + 1 {
		b.keys(kb.ArrowDown)
	}
	active := eval[string](b, `(() => { const f = document.querySelector(`+jsString(css)+`);
		const o = document.getElementById(f.getAttribute("aria-activedescendant")); return o ? o.firstChild.textContent : "" })()`)
	if active != name {
		b.t.Fatalf("after %d presses of ↓ the picker %s highlights %q, want %q", i+1, css, active, name)
	}
	b.enter()
	b.checkPicked(css, name)
}

// empty focuses the field css and deletes what it holds, with the keys.
func (b *browser) empty(css string) {
	b.t.Helper()
	b.run(chromedp.Focus(chromedp.CSS(css)))
	b.keys("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	b.keys(kb.Delete)
}

// checkPicked fails unless the picker field css shows name, holds an id
// and has its listbox closed.
func (b *browser) checkPicked(css, name string) {
	b.t.Helper()
	got := eval[[]string](b, `(() => { const f = document.querySelector(`+jsString(css)+`);
		const id = f.closest(".picker").querySelector("input[type=hidden]");
		return [f.value, id.disabled ? "" : id.value, f.getAttribute("aria-expanded")] })()`)
	if got[0] != name || got[1] == "" || got[2] != "false" {
		b.t.Fatalf("after choosing %q the picker %s shows %q, id %q, expanded %s", name, css, got[0], got[1], got[2])
	}
}

// enter presses Enter as a keyboard does: its text comes with the
// keydown, so that a page that handles the keydown (a combobox choosing
// an option) keeps the form from being sent, as in a browser. kb.Enter
// sends the text in an event of its own, which would send the form
// whatever the page did.
func (b *browser) enter() {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	key := input.DispatchKeyEventParams{Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	down, up := key, key
	down.Type, down.Text, down.UnmodifiedText = input.DispatchKeyEventTypeKeyDown, "\r", "\r"
	up.Type = input.DispatchKeyEventTypeKeyUp
	for _, k := range []input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, k); err != nil {
			b.t.Fatal(err)
		}
	}
}

// pressEnter presses Enter in the focused field and waits for the page
// the form's submission loads (see submit).
func (b *browser) pressEnter() {
	b.t.Helper()
	eval[bool](b, `(() => { window.__oldPage = true; return true })()`)
	b.enter()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__oldPage === undefined && document.readyState === "complete"`))
		cancel()
		if err == nil && done {
			return
		}
	}
	b.t.Fatalf("pressing Enter loaded no new page; at %s, focus on %s", eval[string](b, "location.href"),
		eval[string](b, "document.activeElement.outerHTML.slice(0, 200)"))
}

// forgetConsole drops the browser's messages that hold text: errors the
// test caused on purpose.
func (b *browser) forgetConsole(text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	kept := b.console[:0]
	for _, m := range b.console {
		if !strings.Contains(m, text) {
			kept = append(kept, m)
		}
	}
	b.console = kept
}

// TestBrowserPicker chooses sources and documents by typing in Chromium:
// the claims list filtered by a source found by its alias and chosen with
// the keyboard, then by a document, then cleared; a claim created with a
// source, a document and a hop source chosen in the form, one of them with
// the mouse; and what Esc and a name that matches nothing do. Screenshots
// of the open listbox at 1280 and 390 px go to screenshots/tmp/workspace.
func TestBrowserPicker(t *testing.T) {
	b := newBrowser(t)
	b.addUser("ola", claims.RoleEditor)
	ctx := context.Background()
	sources := map[string]*claims.Source{}
	for _, s := range []*claims.Source{
		{Name: "Aleksander Łukaszenka", Type: claims.SourcePerson, Aliases: []string{"Lukashenko", "Łukaszenki"}},
		{Name: "Instytut Badań nad Wojną", Type: claims.SourceThinkTank, Aliases: []string{"ISW"}},
		{Name: "Redakcja portalu", Type: claims.SourceMedia},
		{Name: "Ministerstwo Spraw Zagranicznych Republiki Białorusi i jego rzecznik prasowy", Type: claims.SourceGovernment},
		{Name: `<img src=x onerror="window.__xss=1">`, Type: claims.SourceOther},
		{Name: "Jan Kowalski", Type: claims.SourcePerson},
		{Name: "Anna Kowalska", Type: claims.SourceMedia, Aliases: []string{"A. Kowalska"}},
	} {
		if err := b.store.CreateSource(ctx, claims.SystemActor, s); err != nil {
			t.Fatal(err)
		}
		sources[s.Name] = s
	}
	visit := &claims.Document{Title: "Łukaszenka zakończył wizytę w Chinach", Publisher: "Redakcja portalu",
		Body: "Prezydent Białorusi zakończył wizytę.\n\nPodpisano pakiet 16 dokumentów."}
	other := &claims.Document{Title: "Raport o mostach", Body: "Most zostanie otwarty w maju.\n\nTak twierdzi minister."}
	for _, d := range []*claims.Document{visit, other} {
		if err := b.store.CreateDocument(ctx, claims.SystemActor, d); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []*claims.Claim{
		{Text: "Białoruscy producenci chcą poznać chińskie technologie.", SourceID: sources["Aleksander Łukaszenka"].ID, DocumentID: visit.ID},
		{Text: "Współpraca z Chinami przyniesie inwestycje.", SourceID: sources["Aleksander Łukaszenka"].ID},
		{Text: "Dokumenty mają ułatwić omijanie sankcji.", SourceID: sources["Instytut Badań nad Wojną"].ID, DocumentID: visit.ID},
		{Text: "Most zostanie otwarty w maju.", SourceID: sources["Redakcja portalu"].ID, DocumentID: other.ID},
		{Text: "Budowa mostu się opóźni.", SourceID: sources["Anna Kowalska"].ID},
	} {
		c.Kind = claims.KindReported
		if err := b.store.CreateClaim(ctx, claims.SystemActor, c); err != nil {
			t.Fatal(err)
		}
	}
	b.login("ola")

	// The claims list, filtered by a source found by its alias.
	b.run(chromedp.Navigate(b.base + "/claims"))
	b.run(chromedp.SendKeys(chromedp.CSS("#f-source"), "Lukash"))
	b.waitOption("#f-source", "Aleksander Łukaszenka")
	b.keys(kb.ArrowDown)
	b.shot("picker-01-list-open", false)
	b.enter()
	b.checkPicked("#f-source", "Aleksander Łukaszenka")
	b.pressEnter() // the listbox is closed: Enter sends the filter
	q, err := url.ParseQuery(eval[string](b, "location.search.slice(1)"))
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("source_id") != sources["Aleksander Łukaszenka"].ID || q.Get("source_name") != "Aleksander Łukaszenka" {
		t.Fatalf("the filter sent %v", q)
	}
	rows := eval[[]string](b, `[...document.querySelectorAll("table.claims tbody tr td:nth-child(4)")].map(td => td.textContent.trim())`)
	if len(rows) != 2 || rows[0] != "Aleksander Łukaszenka" || rows[1] != "Aleksander Łukaszenka" {
		t.Fatalf("filtered by Łukaszenka the list shows claims of %q", rows)
	}
	if v := eval[string](b, `document.getElementById("f-source").value`); v != "Aleksander Łukaszenka" {
		t.Errorf("the filtered list's source field shows %q", v)
	}
	b.shot("picker-02-list-filtered", false)

	// Then by a document too, found by a word of its title being typed.
	b.pick("#f-document", "wizy", "Łukaszenka zakończył wizytę w Chinach")
	b.pressEnter()
	rows = eval[[]string](b, `[...document.querySelectorAll("table.claims tbody tr td:first-child")].map(td => td.textContent.trim())`)
	if len(rows) != 1 || rows[0] != "Białoruscy producenci chcą poznać chińskie technologie." {
		t.Fatalf("filtered by Łukaszenka and the visit the list shows %q", rows)
	}

	// Emptying the fields clears the filter.
	b.empty("#f-source")
	b.empty("#f-document")
	b.pressEnter()
	if n := eval[int](b, `document.querySelectorAll("table.claims tbody tr").length`); n != 5 {
		t.Fatalf("with the fields emptied the list shows %d claims, want all 5", n)
	}

	// A name typed and not chosen is the server's to resolve: "Kowal"
	// names two sources, which come back to choose from.
	b.run(chromedp.SendKeys(chromedp.CSS("#f-source"), "Kowal"))
	b.pressEnter()
	if !strings.Contains(b.text("#f-source-error"), "Several sources match") || strings.Contains(b.text("main"), "Budowa mostu") {
		t.Fatalf("an ambiguous name gave %q", b.text("main"))
	}
	if opts := eval[[]string](b, `[...document.querySelectorAll("#f-source-choices option")].map(o => o.textContent)`); len(opts) != 3 ||
		opts[1] != "Anna Kowalska — Media; A. Kowalska" || opts[2] != "Jan Kowalski — Person" {
		t.Fatalf("the candidates are %q", opts)
	}
	b.shot("picker-05-list-candidates", false)
	b.forgetConsole("status of 422") // Chromium logs the page's status as an error
	b.run(setValue("#f-source-choices", sources["Anna Kowalska"].ID))
	eval[bool](b, `document.getElementById("f-source-choices").dispatchEvent(new Event("change")) || true`)
	if v := eval[string](b, `document.getElementById("f-source").value`); v != "Anna Kowalska" {
		t.Errorf("choosing a candidate puts %q in the field", v)
	}
	b.submit("form.filters button[type=submit]")
	rows = eval[[]string](b, `[...document.querySelectorAll("table.claims tbody tr td:first-child")].map(td => td.textContent.trim())`)
	if len(rows) != 1 || rows[0] != "Budowa mostu się opóźni." {
		t.Fatalf("filtered by the chosen candidate the list shows %q", rows)
	}
	b.run(chromedp.Navigate(b.base + "/claims"))

	// Esc closes the listbox and leaves the text; a name that matches
	// nothing says so.
	b.run(chromedp.SendKeys(chromedp.CSS("#f-source"), "ISW"))
	b.waitOption("#f-source", "Instytut Badań nad Wojną")
	b.keys(kb.Escape)
	if got := eval[[]string](b, `[document.getElementById("f-source").getAttribute("aria-expanded"), document.getElementById("f-source").value]`); got[0] != "false" || got[1] != "ISW" {
		t.Fatalf("after Esc the picker is expanded=%s with %q", got[0], got[1])
	}
	b.run(chromedp.SendKeys(chromedp.CSS("#f-source"), "zzz"))
	b.run(chromedp.WaitVisible(chromedp.CSS("#f-source-status:not(:empty)")))
	if none := b.text("#f-source-status"); none != "No matches." {
		t.Errorf("a name that matches nothing shows %q", none)
	}

	// The claim form: the source by its alias and the keyboard, the
	// document, and a hop's source with the mouse.
	b.run(chromedp.Navigate(b.base+"/claims/new"),
		setValue("#text", "Łukaszenka i Xi podpisali 16 dokumentów."))
	b.pick("#source_name", "Lukash", "Aleksander Łukaszenka")
	b.pick("#document_title", "Chin", "Łukaszenka zakończył wizytę w Chinach")
	b.run(chromedp.SendKeys(chromedp.CSS("#hop_source_name-1"), "Minister"))
	b.waitOption("#hop_source_name-1", "Ministerstwo Spraw Zagranicznych Republiki Białorusi i jego rzecznik prasowy")
	b.shot("picker-03-form-hop-open", false)
	b.run(chromedp.Click(chromedp.CSS("#hop_source_name-1-list [role=option]")))
	b.checkPicked("#hop_source_name-1", "Ministerstwo Spraw Zagranicznych Republiki Białorusi i jego rzecznik prasowy")
	b.run(setValue("#hop_role-1", "originator"))
	// A row added by the script gets a picker too.
	eval[bool](b, `(() => { [...document.querySelectorAll("button")].find(b => b.textContent === "Add another hop").click(); return true })()`)
	b.pick("#hop_source_name-3", "Redak", "Redakcja portalu")
	b.run(setValue("#hop_role-3", "reported-by"))
	// A source named like markup is shown as text.
	b.run(chromedp.SendKeys(chromedp.CSS("#hop_source_name-2"), "img"))
	b.waitOption("#hop_source_name-2", `<img src=x onerror="window.__xss=1">`)
	b.keys(kb.Escape)
	b.empty("#hop_source_name-2")
	b.shot("picker-04-form", false)
	b.submit("form.claim-form button[type=submit]")
	c, err := b.store.FindClaimByID(ctx, strings.TrimPrefix(eval[string](b, "location.pathname"), "/claims/"))
	if err != nil {
		t.Fatalf("no claim at %s: %v", eval[string](b, "location.pathname"), err)
	}
	if c.SourceID != sources["Aleksander Łukaszenka"].ID || c.DocumentID != visit.ID || len(c.Provenance) != 2 ||
		c.Provenance[0].SourceID != sources["Ministerstwo Spraw Zagranicznych Republiki Białorusi i jego rzecznik prasowy"].ID ||
		c.Provenance[1].SourceID != sources["Redakcja portalu"].ID {
		t.Fatalf("the claim was stored with source %s, document %s, chain %+v", c.SourceID, c.DocumentID, c.Provenance)
	}

	// Editing it shows the choices by name.
	b.run(chromedp.Navigate(b.base + "/claims/" + c.ID + "/edit"))
	for css, want := range map[string]string{"#source_name": "Aleksander Łukaszenka", "#document_title": "Łukaszenka zakończył wizytę w Chinach",
		"#hop_source_name-2": "Redakcja portalu"} {
		if v := eval[string](b, `document.querySelector(`+jsString(css)+`).value`); v != want {
			t.Errorf("the edit form's %s shows %q, want %q", css, v, want)
		}
	}

	if eval[bool](b, `window.__xss === 1`) {
		t.Fatal("a source's name ran as script")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) > 0 {
		t.Fatalf("the browser reported errors: %q", b.console)
	}
}
