package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
)

// workspace is a newsroom for the workspace pages: a checker, two
// editors (ola imports), a source and one of ola's documents.
type workspace struct {
	*site
	kasia, ola, ewa *claims.User
	src             *claims.Source
	doc             *claims.Document
}

func newWorkspace(t *testing.T, body string) *workspace {
	t.Helper()
	w := &workspace{site: newSite(t)}
	w.kasia = w.user("kasia", claims.RoleChecker)
	w.ola = w.user("ola", claims.RoleEditor, claims.RoleChecker)
	w.ewa = w.user("ewa", claims.RoleEditor)
	ctx := context.Background()
	w.src = &claims.Source{Name: "Instytut <b>Badań</b>", Type: claims.SourceThinkTank, Aliases: []string{"ISW"}}
	if err := w.store.CreateSource(ctx, claims.SystemActor, w.src); err != nil {
		t.Fatal(err)
	}
	w.doc = &claims.Document{Title: "Wizyta", Language: "pl", Body: body}
	if err := w.store.CreateDocument(ctx, w.ola.Actor(), w.doc); err != nil {
		t.Fatal(err)
	}
	return w
}

// claim stores a claim in the document quoting quote (when not empty).
func (w *workspace) claim(text, quote string, kind claims.Kind, assignee string) *claims.Claim {
	w.t.Helper()
	c := &claims.Claim{Text: text, Kind: kind, SourceID: w.src.ID, DocumentID: w.doc.ID, Assignee: assignee}
	if quote != "" {
		c.Quote = &claims.Quote{Exact: quote}
	}
	if err := w.store.CreateClaim(context.Background(), w.ola.Actor(), c); err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *workspace) propose(c *claims.Claim, by *claims.User, rating claims.Rating) *claims.Verdict {
	w.t.Helper()
	v := &claims.Verdict{ClaimID: c.ID, Attribution: claims.AttributionAccurate, Rating: rating, Rationale: "Sprawdzone w komunikacie."}
	if err := w.store.ProposeVerdict(context.Background(), by.Actor(), v); err != nil {
		w.t.Fatal(err)
	}
	return v
}

const seedLike = "Xi Jinping i Łukaszenka podpisali pakiet 16 dokumentów 🇨🇳 dotyczących współpracy. ISW ocenia, że dokumenty mają ułatwić omijanie sankcji.\n\n" +
	"Drugi akapit 😀 z 𝒳 i słowem „sankcje”."

func TestPagesQueue(t *testing.T) {
	w := newWorkspace(t, seedLike)
	assigned := w.claim("Przydzielone Kasi", "", claims.KindReported, w.kasia.ID)
	proposed := w.claim("Czeka na zatwierdzenie", "", claims.KindAnalytical, "")
	w.propose(proposed, w.kasia, claims.RatingFalse)
	kasia, ewa, ola := w.signIn("kasia"), w.signIn("ewa"), w.signIn("ola")

	t.Run("OKChecker", func(t *testing.T) {
		p := kasia.get("/").must(t, 200, "Review queue", "Assigned to you", "Przydzielone Kasi",
			`href="/claims/`+assigned.ID+`?queue=assigned#propose"`, `aria-current="page" class="queue-tab queue-assigned"`)
		if strings.Contains(p.Body, "Awaiting your approval") || strings.Contains(p.Body, "Czeka na zatwierdzenie") {
			t.Error("a checker sees the approvals")
		}
	})
	t.Run("OKProposeStaysInQueue", func(t *testing.T) {
		c := w.claim("Do werdyktu z kolejki", "", claims.KindReported, w.kasia.ID)
		kasia.get("/claims/"+c.ID+"?queue=assigned").must(t, 200,
			`action="/claims/`+c.ID+`/verdicts?queue=assigned"`)
		kasia.post("/claims/"+c.ID+"/verdicts?queue=assigned", url.Values{
			"attribution": {"accurate"}, "rating": {"true"}, "rationale": {"Sprawdzone."}}).
			redirect(t, "/claims/"+c.ID+"?queue=assigned#verdict-")
		// A queue the URL gets wrong is dropped: back to the plain claim
		// page, which opens, rather than to one that fails.
		c2 := w.claim("Do werdyktu ze złej kolejki", "", claims.KindReported, w.kasia.ID)
		kasia.post("/claims/"+c2.ID+"/verdicts?queue=bogus", url.Values{
			"attribution": {"accurate"}, "rating": {"true"}, "rationale": {"Sprawdzone."}}).
			redirect(t, "/claims/"+c2.ID+"#verdict-")
	})
	t.Run("OKEditorApproval", func(t *testing.T) {
		p := ewa.get("/").must(t, 200, "Awaiting your approval", "Czeka na zatwierdzenie", `href="/claims/`+proposed.ID+`?queue=approval"`)
		if strings.Contains(p.Body, "#propose") {
			t.Error("an editor who is not a checker is offered to propose a verdict")
		}
		// Kasia's own proposal does not wait for her, were she an editor;
		// ola's queue has it, and ola's documents hold the new claims.
		ola.get("/?queue=approval").must(t, 200, "Czeka na zatwierdzenie")
	})
	t.Run("OKPagesAndKind", func(t *testing.T) {
		for i := range 30 {
			kind := claims.KindReported
			if i%10 == 0 {
				kind = claims.KindAnalytical
			}
			w.claim(fmt.Sprintf("Nowe twierdzenie %02d", i), "", kind, "")
		}
		p := ola.get("/?queue=new").must(t, 200, "Nowe twierdzenie 29", "Older claims →")
		if strings.Contains(p.Body, "Nowe twierdzenie 04") {
			t.Error("the first page shows more than 25 claims")
		}
		next := regexp.MustCompile(`href="(/\?[^"]+)" rel="next"`).FindStringSubmatch(p.Body)
		if next == nil {
			t.Fatal("no next page")
		}
		link := html.UnescapeString(next[1])
		if !strings.Contains(link, "queue=new") || !strings.Contains(link, "cursor=") {
			t.Fatalf("next link %q lost the queue", link)
		}
		p2 := ola.get(link).must(t, 200, "Nowe twierdzenie 04", "Przydzielone Kasi", "← Back to the newest")
		if strings.Contains(p2.Body, "Nowe twierdzenie 29") {
			t.Error("the second page repeats the first")
		}
		k := ola.get("/?queue=new&kind=analytical").must(t, 200, "Nowe twierdzenie 20", `<option value="analytical" selected>`)
		if strings.Contains(k.Body, "Nowe twierdzenie 21") {
			t.Error("the kind filter let a reported claim through")
		}
	})
	t.Run("OKCountCap", func(t *testing.T) {
		for i := range 75 {
			w.claim(fmt.Sprintf("Jeszcze jedno %d", i), "", claims.KindReported, "")
		}
		ola.get("/?queue=new").must(t, 200, `<span aria-hidden="true">99+</span>`, "more than 99 claims")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		ola.get("/?queue=mine").must(t, http.StatusUnprocessableEntity, "must be one of assigned, approval, disputed, new")
		ola.get("/?queue=new&kind=opinion").must(t, http.StatusUnprocessableEntity, "must be one of reported, analytical")
		ola.get("/?queue=new&cursor=nonsense").must(t, http.StatusUnprocessableEntity, "start from the first page")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		if p := kasia.get("/?queue=approval"); p.Status != http.StatusForbidden {
			t.Errorf("a checker asked for the approvals: %d", p.Status)
		}
	})
}

func TestPagesClaimQueueNav(t *testing.T) {
	w := newWorkspace(t, seedLike)
	var cs []*claims.Claim
	for i := range 3 {
		cs = append(cs, w.claim(fmt.Sprintf("Nowe %d", i), "", claims.KindReported, ""))
	}
	ola := w.signIn("ola")
	ola.get("/claims/"+cs[1].ID+"?queue=new").must(t, 200,
		`href="/claims/`+cs[2].ID+`?queue=new" rel="prev"`, `href="/claims/`+cs[0].ID+`?queue=new" rel="next"`,
		`href="/?queue=new" class="queue-back">New in your documents</a>`)
	if strings.Contains(ola.get("/claims/"+cs[1].ID).Body, `class="queue-nav"`) {
		t.Error("a claim opened outside a queue shows queue links")
	}
	ola.get("/claims/"+cs[2].ID+"?queue=new&kind=reported").must(t, 200, `href="/claims/`+cs[1].ID+`?kind=reported&amp;queue=new" rel="next"`)
	ola.get("/claims/"+cs[1].ID+"?queue=nonsense").must(t, http.StatusUnprocessableEntity)
	// A checker following an editor's link gets the claim without the queue.
	if p := w.signIn("kasia").get("/claims/"+cs[1].ID+"?queue=new").must(t, 200); strings.Contains(p.Body, `class="queue-nav"`) {
		t.Error("a checker got the editor's queue links")
	}
}

func TestPagesDashboard(t *testing.T) {
	w := newWorkspace(t, seedLike)
	a := w.claim("Pierwsze", "", claims.KindReported, "")
	b := w.claim("Drugie", "", claims.KindAnalytical, "")
	v := w.propose(a, w.kasia, claims.RatingMostlyFalse)
	if _, err := w.store.ApproveVerdict(context.Background(), w.ewa.Actor(), v.ID); err != nil {
		t.Fatal(err)
	}
	w.propose(b, w.kasia, claims.RatingMostlyFalse)
	p := w.signIn("ewa").get("/dashboard").must(t, 200,
		`<svg class="bars" viewBox="0 0 400`, `role="img" aria-label="Claims by status"`, `aria-describedby="status-desc"`,
		`<desc id="status-desc">○ New: 0; ◔ In review: 0; ◑ Proposed: 1; ⚠ Disputed: 0; ✓ Published: 1</desc>`,
		`<desc id="rating-desc">True: 0; Mostly true: 0; Mixed: 0; Mostly false: 1 &#43; 1;`,
		`<title>Mostly false: 1 + 1 proposed</title>`, `class="extra"`,
		`<a href="/claims?status=published">✓ Published</a>`, "2 claims in all")
	// Names are escaped in the chart and in its table.
	if strings.Contains(p.Body, "<b>Badań</b>") || !strings.Contains(p.Body, "Instytut &lt;b&gt;Badań&lt;/b&gt;") {
		t.Error("a source's name reached the chart unescaped")
	}
	// Polish, from Accept-Language.
	req, _ := http.NewRequest("GET", w.http.URL+"/dashboard", nil)
	req.Header.Set("Accept-Language", "pl")
	pl := w.signIn("kasia")
	res, err := pl.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, res)
	for _, want := range []string{"<h1>Pulpit</h1>", "Twierdzenia według statusu", "W większości fałsz", "2 twierdzenia łącznie", "Do zatwierdzenia: 1"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Polish dashboard lacks %q", want)
		}
	}
}

func TestPagesReader(t *testing.T) {
	w := newWorkspace(t, seedLike)
	c := w.claim("Podpisano 16 dokumentów", "pakiet 16 dokumentów 🇨🇳 dotyczących", claims.KindReported, "")
	inner := w.claim("Szesnaście", "16 dokumentów", claims.KindAnalytical, "")
	w.propose(c, w.kasia, claims.RatingTrue)
	p := w.signIn("ola").get("/documents/"+w.doc.ID).must(t, 200,
		`id="doc-body" data-document="`+w.doc.ID+`"`, `tabindex="0" aria-describedby="capture-help"`,
		`aria-describedby="card-`+inner.ID+` card-`+c.ID+`"`, `class="q-start st-proposed"`,
		`<div class="claim-card" id="card-`+c.ID+`" role="tooltip">`, "Rating:</span> true",
		`id="selection-bar"`, "New claim from selection")
	// Every run's data-o is the code-point offset of its text in the body,
	// emoji and 𝒳 included.
	runes := []rune(w.doc.Body)
	runs := regexp.MustCompile(`data-o="(\d+)"[^>]*>([^<]*)<`).FindAllStringSubmatch(p.Body, -1)
	if len(runs) < 5 {
		t.Fatalf("%d runs", len(runs))
	}
	covered := 0
	for _, m := range runs {
		o, _ := strconv.Atoi(m[1])
		text := html.UnescapeString(m[2])
		n := utf8.RuneCountInString(text)
		if o+n > len(runes) || string(runes[o:o+n]) != text {
			t.Errorf("run at %d holds %q, the body has %q there", o, text, string(runes[o:min(len(runes), o+n)]))
		}
		covered += n
	}
	if want := len(runes) - 2; covered != want { // all but the blank line
		t.Errorf("the runs cover %d code points, want %d", covered, want)
	}
	// The sentences for the keyboard are offsets too.
	sents := regexp.MustCompile(`data-s="([^"]*)"`).FindAllStringSubmatch(p.Body, -1)
	if len(sents) != 2 || !strings.HasPrefix(sents[0][1], "0-") {
		t.Fatalf("sentences %q", sents)
	}
	// A viewer reads, without the capture tools.
	w.user("vera", claims.RoleViewer)
	v := w.signIn("vera").get("/documents/"+w.doc.ID).must(t, 200, `id="doc-body"`)
	if strings.Contains(v.Body, "selection-bar") || strings.Contains(v.Body, `tabindex="0" aria-describedby="capture-help"`) {
		t.Error("a viewer is offered to capture claims")
	}
}

func TestPagesClaimFromSelection(t *testing.T) {
	w := newWorkspace(t, seedLike)
	ola := w.signIn("ola")
	runes := []rune(w.doc.Body)
	at := func(s string) int {
		i := strings.Index(w.doc.Body, s)
		return utf8.RuneCountInString(w.doc.Body[:i])
	}
	newForm := func(start, end int) string {
		return "/claims/new?" + url.Values{"document_id": {w.doc.ID}, "quote_start": {strconv.Itoa(start)}, "quote_end": {strconv.Itoa(end)}}.Encode()
	}

	t.Run("OK", func(t *testing.T) {
		s := at("pakiet")
		e := s + utf8.RuneCountInString("pakiet 16 dokumentów 🇨🇳")
		ola.get(newForm(s, e)).must(t, 200, ">\npakiet 16 dokumentów 🇨🇳</textarea>",
			`name="quote_start" type="number" min="0" inputmode="numeric" value="`+strconv.Itoa(s)+`"`,
			`<input type="hidden" name="document_id" value="`+w.doc.ID+`">`,
			`name="document_title" type="text" value="`+w.doc.Title+`"`)
	})
	t.Run("OKTrimsSpaces", func(t *testing.T) {
		s := at("pakiet") - 1 // the space before
		ola.get(newForm(s, s+8)).must(t, 200, ">\npakiet</textarea>", `value="`+strconv.Itoa(s+1)+`"`)
	})
	t.Run("OKAcrossParagraphs", func(t *testing.T) {
		s, e := at("sankcji."), at("Drugi")+len("Drugi")
		p := ola.get(newForm(s, e)).must(t, 200)
		if !strings.Contains(p.Body, ">\n"+string(runes[s:e])+"</textarea>") {
			t.Fatalf("the form does not quote %q", string(runes[s:e]))
		}
		// Posted back as a browser sends a textarea, with CRLF.
		posted := strings.ReplaceAll(string(runes[s:e]), "\n", "\r\n")
		loc := ola.post("/claims", url.Values{"text": {"Sankcje"}, "kind": {"analytical"}, "source_id": {w.src.ID},
			"document_id": {w.doc.ID}, "quote": {posted}, "quote_start": {strconv.Itoa(s)}}).redirect(t, "/claims/")
		c, err := w.store.FindClaimByID(context.Background(), idFrom(loc))
		if err != nil || c.Quote == nil || c.Quote.Start != s || c.Quote.End != e {
			t.Fatalf("stored %+v, %v; want %d–%d", c.Quote, err, s, e)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, q := range [][2]int{{-1, 3}, {5, 5}, {3, len(runes) + 1}, {10, 2}} {
			p := ola.get(newForm(q[0], q[1]))
			p.must(t, http.StatusUnprocessableEntity, "does not fit the document", `id="quote_start-error"`)
		}
		ola.get("/claims/new?document_id="+w.doc.ID+"&quote_start=x&quote_end=3").must(t, http.StatusUnprocessableEntity, "select the passage again")
		if p := ola.get("/claims/new?document_id=nope&quote_start=0&quote_end=3"); p.Status != http.StatusNotFound {
			t.Errorf("an unknown document: %d", p.Status)
		}
	})
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return sb.String()
}
