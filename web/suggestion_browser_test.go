package web

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/claimtrail/claimtrail/claims"
)

// tableClaim is one row of DESIGN.md's table of the seed's claims, as the
// suggestions should capture it with no source stored beforehand: the
// sentence that holds it, its kind, source and chain ("name:role"; the
// publisher is the name the editor gave on import).
type tableClaim struct {
	sentence, source string
	kind             claims.Kind
	chain            string
}

var seedTable = []tableClaim{
	{"podpisali też pakiet 16 dokumentów", "Redakcja portalu", claims.KindReported,
		"wcześniejsze zapowiedzi:originator → Redakcja portalu:reported-by"},
	{"Musimy dążyć w kierunku politycznego rozwiązania", "Xi Jinping", claims.KindReported,
		"Xi Jinping:originator → Redakcja portalu:reported-by"},
	{"dokumenty mają ułatwić Kremlowi", "Instytut Badań nad Wojną", claims.KindAnalytical,
		"Instytut Badań nad Wojną:assessed-by → Redakcja portalu:reported-by"},
	{"białoruscy producenci są zainteresowani", "Aleksander Łukaszenka", claims.KindReported,
		"Aleksander Łukaszenka:originator → Instytut Badań nad Wojną:quoted-by → Redakcja portalu:reported-by"},
	{"Chiny mogą", "Instytut Badań nad Wojną", claims.KindAnalytical,
		"Instytut Badań nad Wojną:assessed-by → Redakcja portalu:reported-by"},
}

// TestBrowserSuggestions has an editor import the seed article through the
// form, with no sources stored, and capture the five claims of DESIGN.md's
// table with one Accept each (the proposed sources are created on the
// way). Each claim is then read back through the API, and each accepted
// suggestion has left the panel. Screenshots of the reader page before
// and after, on a desktop and a 390 px phone, go to CLAIMTRAIL_SCREENSHOTS.
func TestBrowserSuggestions(t *testing.T) {
	b := newBrowser(t)
	b.addUser("ola", claims.RoleEditor)
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	b.login("ola")
	b.run(chromedp.Navigate(b.base+"/documents/new"),
		setValue("#title", "Łukaszenka zakończył wizytę w Chinach"),
		setValue("#publisher", "Redakcja portalu"),
		setValue("#body", string(raw)))
	b.submit("form.document-form button[type=submit]")
	docPath := eval[string](b, "location.pathname")
	if n := eval[int](b, `document.querySelectorAll("#suggestions li.suggestion").length`); n < len(seedTable) {
		t.Fatalf("the reader page lists %d suggestions, want at least %d", n, len(seedTable))
	}
	if n := eval[int](b, `document.querySelectorAll(".document-body .suggested").length`); n == 0 {
		t.Fatal("no suggested sentence is outlined in the text")
	}
	b.screenshot("suggestions-before.png")
	b.phoneScreenshot("suggestions-before-390.png")

	for _, c := range seedTable {
		id := b.suggestionWith(c.sentence)
		if id == "" {
			t.Fatalf("no suggestion holds %q", c.sentence)
		}
		b.submit("#sg-" + id + " .sg-actions button[type=submit]")
		if p := eval[string](b, "location.pathname"); p != docPath {
			t.Fatalf("accepting %q led to %s", c.sentence, p)
		}
		if b.suggestionWith(c.sentence) != "" {
			t.Errorf("the accepted suggestion %q is still in the panel", c.sentence)
		}
		if n := eval[int](b, `document.querySelectorAll("#sg-`+id+`, #in-`+id+`").length`); n != 0 {
			t.Errorf("suggestion %s is still on the page", id)
		}
	}
	b.screenshot("suggestions-after.png")
	b.phoneScreenshot("suggestions-after-390.png")

	var doc struct {
		Claims []*claims.Claim `json:"claims"`
	}
	apiGet(b, "/api/v1"+docPath, &doc)
	var srcs struct {
		Items []*claims.Source `json:"items"`
	}
	apiGet(b, "/api/v1/sources?limit=100", &srcs)
	name := map[string]string{}
	for _, s := range srcs.Items {
		name[s.ID] = s.Name
	}
	if len(doc.Claims) != len(seedTable) {
		t.Errorf("the document has %d claims, want %d", len(doc.Claims), len(seedTable))
	}
	for _, want := range seedTable {
		var c *claims.Claim
		for _, dc := range doc.Claims {
			if strings.Contains(dc.Text, want.sentence) {
				c = dc
			}
		}
		if c == nil {
			t.Errorf("no claim holds %q", want.sentence)
			continue
		}
		var chain []string
		for _, h := range c.Provenance {
			chain = append(chain, name[h.SourceID]+":"+string(h.Role))
		}
		got := tableClaim{want.sentence, name[c.SourceID], c.Kind, strings.Join(chain, " → ")}
		if got != want {
			t.Errorf("%q:\n\tgot  %s, %s, %s\n\twant %s, %s, %s", want.sentence, got.source, got.kind, got.chain, want.source, want.kind, want.chain)
		}
		if c.Quote == nil || !strings.Contains(c.Quote.Exact, want.sentence) {
			t.Errorf("%q: quote %+v", want.sentence, c.Quote)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) > 0 {
		t.Fatalf("the browser reported errors: %q", b.console)
	}
}

// suggestionWith returns the id of the suggestion in the panel whose text
// holds part, or "" when there is none.
func (b *browser) suggestionWith(part string) string {
	b.t.Helper()
	return eval[string](b, `(() => { const li = [...document.querySelectorAll("#suggestions li.suggestion")]
		.find(li => li.querySelector(".sg-text").textContent.includes(`+jsString(part)+`));
		return li ? li.id.replace(/^sg-/, "") : "" })()`)
}

// phoneScreenshot takes a screenshot at a phone's width, 390 px, then goes
// back to newBrowser's 1280 × 900 window (EmulateReset alone would leave
// the last emulated width in place).
func (b *browser) phoneScreenshot(name string) {
	b.t.Helper()
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	if w := eval[int](b, "document.documentElement.scrollWidth"); w > 390 {
		b.t.Errorf("%s: the page is %d px wide on a 390 px screen", name, w)
	}
	b.screenshot(name)
	b.run(chromedp.EmulateViewport(1280, 900))
}

// apiGet reads an API path with the browser's session and decodes the
// JSON answer into v.
func apiGet(b *browser, path string, v any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	js := `fetch(` + jsString(path) + `, {credentials: "same-origin"}).then(r => r.ok ? r.text() : Promise.reject("status " + r.status))`
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
}
