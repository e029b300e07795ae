package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/password"
	"github.com/claimtrail/claimtrail/db"
	"github.com/claimtrail/claimtrail/web"
)

// site is the real server over a real SQLite file, behind TLS because the
// session cookie is Secure.
type site struct {
	t     *testing.T
	store *db.DB
	http  *httptest.Server
}

// browser is one signed-in user with a cookie jar. It does not follow
// redirects, so tests see the 303s.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

// page is a finished request.
type page struct {
	Status   int
	Location string
	Body     string
}

const testPassword = "correct horse battery"

func newSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(t.TempDir(), "pages.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	srv, err := web.New(store, web.Config{Version: "test", Signer: web.TestSigner(t)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv)
	t.Cleanup(ts.Close)
	return &site{t: t, store: store, http: ts}
}

// user creates a user with testPassword and the given roles.
func (s *site) user(name string, roles ...claims.Role) *claims.User {
	s.t.Helper()
	hash, err := password.Hash(testPassword)
	if err != nil {
		s.t.Fatal(err)
	}
	u := &claims.User{Name: name, Roles: roles, PasswordHash: hash}
	if err := s.store.CreateUser(context.Background(), claims.SystemActor, u); err != nil {
		s.t.Fatal(err)
	}
	return u
}

// signIn signs name in through the login form.
func (s *site) signIn(name string) *browser {
	s.t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		s.t.Fatal(err)
	}
	// Client returns one shared client; each browser needs its own jar.
	c := &http.Client{Transport: s.http.Client().Transport, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	b := &browser{t: s.t, base: s.http.URL, client: c}
	p := b.post("/login", url.Values{"name": {name}, "password": {testPassword}, "next": {"/"}})
	if p.Status != http.StatusSeeOther || p.Location != "/" {
		s.t.Fatalf("sign in %s: status %d location %q: %s", name, p.Status, p.Location, p.Body)
	}
	return b
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	p := page{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(body)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		checkMarkup(b.t, req.URL.Path, p.Body)
	}
	return p
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, err := http.NewRequest("GET", b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, err := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// postMultipart posts form with one file in the field "file".
func (b *browser) postMultipart(path string, form url.Values, fileName, fileBody string) page {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile("file", fileName)
	if err != nil {
		b.t.Fatal(err)
	}
	io.WriteString(fw, fileBody)
	mw.Close()
	req, err := http.NewRequest("POST", b.base+path, &buf)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// must fails unless the page has the status and every wanted fragment.
func (p page) must(t *testing.T, status int, want ...string) page {
	t.Helper()
	if p.Status != status {
		t.Fatalf("status %d, want %d; body:\n%s", p.Status, status, p.Body)
	}
	for _, w := range want {
		if !strings.Contains(p.Body, w) {
			t.Fatalf("page does not contain %q; body:\n%s", w, p.Body)
		}
	}
	return p
}

// redirect fails unless the page is a 303 to a path starting with prefix,
// and returns the path.
func (p page) redirect(t *testing.T, prefix string) string {
	t.Helper()
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, prefix) {
		t.Fatalf("status %d location %q, want 303 to %s…; body:\n%s", p.Status, p.Location, prefix, p.Body)
	}
	return p.Location
}

var (
	inlineScript  = regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`)
	inlineHandler = regexp.MustCompile(`<[^>]+\son[a-z]+\s*=`)
	inlineStyle   = regexp.MustCompile(`<[^>]+\sstyle\s*=|<style`)
	h1            = regexp.MustCompile(`<h1[\s>]`)
	inputID       = regexp.MustCompile(`<(?:input|select|textarea)[^>]*\sid="([^"]+)"`)
)

// checkMarkup checks what the CSP and accessibility rules demand of every
// page: no inline script, handler or style, one h1, a label for every
// input that has an id.
func checkMarkup(t *testing.T, path, body string) {
	t.Helper()
	for _, re := range []*regexp.Regexp{inlineScript, inlineHandler, inlineStyle} {
		if m := re.FindString(body); m != "" {
			t.Errorf("%s: inline code or style the CSP forbids: %q", path, m)
		}
	}
	if n := len(h1.FindAllString(body, -1)); n != 1 {
		t.Errorf("%s: %d h1 elements, want 1", path, n)
	}
	for _, m := range inputID.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(body, `for="`+m[1]+`"`) {
			t.Errorf("%s: input %s has no label", path, m[1])
		}
	}
}

// idFrom returns the last path element of a redirect, without a fragment.
func idFrom(location string) string {
	location, _, _ = strings.Cut(location, "#")
	return location[strings.LastIndex(location, "/")+1:]
}

const articleBody = "Leaders met in the capital on Monday.\n\n" +
	"The minister said that the bridge will open in May, according to officials. Analysts think the bridge will open late.\n\n" +
	"Nothing else happened."

func TestPages(t *testing.T) {
	s := newSite(t)
	s.user("ed", claims.RoleEditor, claims.RoleAdmin)
	s.user("ed2", claims.RoleEditor)
	s.user("chk", claims.RoleChecker)
	ed, ed2, chk := s.signIn("ed"), s.signIn("ed2"), s.signIn("chk")

	// Sources.
	minister := idFrom(ed.post("/sources", url.Values{"name": {"Minister Nowak"}, "type": {"person"},
		"aliases": {"Nowak\nJan Nowak"}, "url": {"https://gov.example/nowak"}}).redirect(t, "/sources/"))
	agency := idFrom(ed.post("/sources", url.Values{"name": {"Press Agency"}, "type": {"media"}}).redirect(t, "/sources/"))
	ed.get("/sources/"+minister).must(t, 200, "<h1>Minister Nowak</h1>", "Jan Nowak", "Edit source")
	ed.get("/sources?q=Jan").must(t, 200, "Minister Nowak")

	t.Run("SourceErrInvalid", func(t *testing.T) {
		p := ed.post("/sources", url.Values{"name": {""}, "type": {"person"}, "description": {"kept description"}})
		p.must(t, 422, `class="field-error" id="name-error"`, `aria-describedby="name-error"`, "kept description")
	})
	t.Run("SourceErrConflict", func(t *testing.T) {
		ed.get("/sources/"+agency+"/edit").must(t, 200, `name="version" value="1"`, `value="Press Agency"`)
		ed.post("/sources/"+agency, url.Values{"name": {"Press Agency A"}, "type": {"media"}, "version": {"1"}}).redirect(t, "/sources/"+agency)
		p := ed2.post("/sources/"+agency, url.Values{"name": {"Press Agency B"}, "type": {"media"}, "version": {"1"}})
		p.must(t, 409, "Someone else changed this source", "Press Agency A", `value="Press Agency B"`, `name="version" value="2"`)
	})

	// Documents: one pasted, one uploaded.
	doc := idFrom(ed.post("/documents", url.Values{"title": {"Bridge report"}, "publisher": {"Daily"},
		"published_at": {"2024-05-01"}, "format": {"text"}, "body": {articleBody}}).redirect(t, "/documents/"))
	uploaded := idFrom(ed.postMultipart("/documents", url.Values{"title": {"Uploaded"}, "format": {"text"}, "body": {""}},
		"article.txt", "An uploaded article.\n\nWith two paragraphs.").redirect(t, "/documents/"))
	ed.get("/documents/"+uploaded).must(t, 200, "<h1>Uploaded</h1>", "With two paragraphs.")

	t.Run("DocumentErrInvalid", func(t *testing.T) {
		p := ed.post("/documents", url.Values{"title": {""}, "format": {"text"}, "body": {"typed body text"}, "published_at": {"yesterday"}})
		p.must(t, 422, `id="title-error"`, `id="published_at-error"`, "typed body text", `value="yesterday"`)
	})

	// Claims.
	var claimID string
	t.Run("ClaimCreate", func(t *testing.T) {
		ed.get("/claims/new?document_id="+doc).must(t, 200, `<input type="hidden" name="document_id" value="`+doc+`">`,
			`name="document_title" type="text" value="Bridge report"`, `name="hop_source"`, `name="hop_source_name"`)
		p := ed.post("/claims", url.Values{
			"text": {"The bridge opens in May"}, "kind": {"reported"}, "source_id": {minister}, "document_id": {doc},
			"quote": {"the bridge will open in May"}, "tags": {"bridge, infrastructure"},
			"hop_source": {minister, agency, ""}, "hop_role": {"originator", "reported-by", "originator"},
			"hop_url": {"", "https://agency.example/1", ""}, "hop_date": {"2024-04-30", "", ""}, "hop_note": {"press briefing", "", ""},
		})
		claimID = idFrom(p.redirect(t, "/claims/"))
	})
	if claimID == "" {
		t.FailNow()
	}

	t.Run("ClaimView", func(t *testing.T) {
		p := ed.get("/claims/" + claimID)
		p.must(t, 200,
			`<h1 class="claim-title">The bridge opens in May</h1>`,
			`<p>The minister said that <mark class="kind-reported">the bridge will open in May</mark>, according to officials. Analysts think the bridge will open late.</p>`,
			`<a href="/sources/`+minister+`">Minister Nowak</a>`,
			`href="/documents/`+doc+`#q-`+claimID+`"`,
			`class="hop hop-originator"`, `class="hop hop-reported-by"`, "press briefing",
			`href="https://agency.example/1" rel="noopener noreferrer nofollow"`,
			"created the claim", "Edit claim")
		if strings.Index(p.Body, "hop-originator") > strings.Index(p.Body, "hop-reported-by") {
			t.Error("provenance chain is not in order")
		}
		// A checker sees the verdict form, not the edit link.
		chk.get("/claims/"+claimID).must(t, 200, "Propose a verdict", `name="evidence_url"`)
		if strings.Contains(chk.get("/claims/"+claimID).Body, "Edit claim") {
			t.Error("a checker is offered the edit link")
		}
	})

	t.Run("ClaimErrInvalid", func(t *testing.T) {
		p := ed.post("/claims", url.Values{"text": {"typed claim text"}, "kind": {"reported"}, "source_id": {minister},
			"document_id": {doc}, "quote": {"words that are not there"}, "tags": {"typed-tag"}})
		p.must(t, 422, `id="quote-error"`, "is not in the document", "typed claim text", "words that are not there", `value="typed-tag"`)
		p = ed.post("/claims", url.Values{"text": {"typed claim text"}, "kind": {"analytical"}, "source_id": {minister},
			"hop_source": {""}, "hop_role": {"quoted-by"}, "hop_note": {"typed note"}})
		p.must(t, 422, `id="provenance-error"`, `value="typed note"`, `<option value="quoted-by" selected>`,
			`id="kind-analytical" name="kind" value="analytical" checked`)
		p = ed.post("/claims", url.Values{"text": {""}, "kind": {"reported"}})
		p.must(t, 422, `id="text-error"`, `id="source_name-error"`, `aria-describedby="text-hint text-error"`,
			`aria-describedby="source_name-hint source_name-error" aria-invalid="true"`)
	})

	t.Run("ClaimEditAndConflict", func(t *testing.T) {
		ed.get("/claims/"+claimID+"/edit").must(t, 200, "The bridge opens in May", `name="version" value="1"`,
			`value="press briefing"`, `value="bridge, infrastructure"`)
		form := url.Values{"text": {"The bridge opens in May 2024"}, "kind": {"reported"}, "source_id": {minister},
			"document_id": {doc}, "quote": {"the bridge will open in May"}, "version": {"1"},
			"hop_source": {minister}, "hop_role": {"originator"}}
		ed.post("/claims/"+claimID, form).redirect(t, "/claims/"+claimID)
		form.Set("text", "My stale edit")
		p := ed2.post("/claims/"+claimID, form)
		p.must(t, 409, "Someone else changed this claim", "The bridge opens in May 2024", "My stale edit", `name="version" value="2"`)
		ed.get("/claims/"+claimID).must(t, 200, "edited the claim: changed", "text")
	})

	// A second, analytical claim whose quote overlaps the first.
	overlap := idFrom(ed.post("/claims", url.Values{"text": {"Opening in May is doubtful"}, "kind": {"analytical"},
		"source_id": {agency}, "document_id": {doc}, "quote": {"will open in May, according to officials"}}).redirect(t, "/claims/"))

	t.Run("DocumentView", func(t *testing.T) {
		p := ed.get("/documents/" + doc)
		p.must(t, 200, "<h1>Bridge report</h1>", "Leaders met in the capital on Monday.",
			`<mark class="kind-reported" id="q-`+claimID+`"><a href="/claims/`+claimID+`"`,
			`>the bridge </a></mark>`,
			`<mark class="kind-reported kind-analytical overlap" id="q-`+overlap+`"><a href="/claims/`+claimID+`"`,
			`>will open in May</a></mark>`,
			`<mark class="kind-analytical"><a href="/claims/`+overlap+`"`,
			`New claim in this document`, `href="/claims/new?document_id=`+doc+`"`)
		ed.get("/documents").must(t, 200, "Bridge report", "Uploaded", "Daily", "1 May 2024")
	})

	t.Run("ClaimList", func(t *testing.T) {
		ed.get("/claims").must(t, 200, "The bridge opens in May 2024", "Opening in May is doubtful", "Bridge report")
		p := ed.get("/claims?kind=analytical")
		p.must(t, 200, "Opening in May is doubtful", `<option value="analytical" selected>`)
		if strings.Contains(p.Body, "The bridge opens in May 2024") {
			t.Error("kind filter let a reported claim through")
		}
		p = ed.get("/claims?status=new&limit=1")
		p.must(t, 200, "Next page")
		next := regexp.MustCompile(`href="(/claims\?[^"]+)" rel="next"`).FindStringSubmatch(p.Body)
		if next == nil {
			t.Fatal("no next link")
		}
		link := strings.ReplaceAll(next[1], "&amp;", "&")
		if !strings.Contains(link, "cursor=") || !strings.Contains(link, "status=new") || !strings.Contains(link, "limit=1") {
			t.Errorf("next link %q lost the filters", link)
		}
		ed.get(link).must(t, 200)
	})

	// Verdicts.
	t.Run("Verdicts", func(t *testing.T) {
		p := chk.post("/claims/"+claimID+"/verdicts", url.Values{"attribution": {"accurate"}, "rating": {"true"},
			"rationale": {""}, "evidence_url": {"https://evidence.example/doc", "", ""}, "evidence_note": {"typed evidence note", "", ""}})
		p.must(t, 422, `id="rationale-error"`, `value="https://evidence.example/doc"`, `value="typed evidence note"`,
			`id="attribution-accurate" name="attribution" value="accurate" checked`)

		loc := chk.post("/claims/"+claimID+"/verdicts", url.Values{"attribution": {"accurate"}, "rating": {"mostly-true"},
			"rationale": {"The ministry published the schedule."}, "evidence_url": {"https://evidence.example/doc", "", ""},
			"evidence_note": {"schedule", "", ""}}).redirect(t, "/claims/"+claimID+"#verdict-")
		verdict := strings.TrimPrefix(loc[strings.Index(loc, "#"):], "#verdict-")

		p = ed.get("/claims/" + claimID)
		p.must(t, 200, `id="verdict-`+verdict+`"`, "Rating:</span> mostly true", "The ministry published the schedule.",
			`href="https://evidence.example/doc" rel="noopener noreferrer nofollow"`, "Approve and publish",
			`action="/verdicts/`+verdict+`/reject"`, "proposed a verdict", "status-proposed")

		p = ed.post("/verdicts/"+verdict+"/reject", url.Values{"reason": {"  "}})
		p.must(t, 422, `id="decide-`+verdict+`-error"`, "say why")
		ed.post("/verdicts/"+verdict+"/approve", nil).redirect(t, "/claims/"+claimID+"#verdict-"+verdict)
		ed.get("/claims/"+claimID).must(t, 200, "status-published", "Approved by</dt><dd>ed", "approved a verdict")
		// Approving twice says why on the card instead of an error page.
		ed2.post("/verdicts/"+verdict+"/approve", nil).must(t, 409, `id="decide-`+verdict+`-error"`)
	})

	t.Run("Reject", func(t *testing.T) {
		loc := chk.post("/claims/"+overlap+"/verdicts", url.Values{"attribution": {"unverified"}, "rating": {"unverifiable"},
			"rationale": {"No data."}}).redirect(t, "/claims/"+overlap)
		verdict := loc[strings.Index(loc, "#verdict-")+len("#verdict-"):]
		ed.post("/verdicts/"+verdict+"/reject", url.Values{"reason": {"Needs a source."}}).redirect(t, "/claims/"+overlap)
		ed.get("/claims/"+overlap).must(t, 200, "Reason for rejection:</strong> Needs a source.", "rejected a verdict")
	})

	t.Run("Home", func(t *testing.T) {
		ed.post("/claims", url.Values{"text": {"Leaders met on Monday"}, "kind": {"reported"}, "source_id": {agency}}).redirect(t, "/claims/")
		p := ed.get("/")
		p.must(t, 200, "Review queue", "Import an article", "New claim", "Awaiting your approval", "New in your documents",
			"Bridge report", `href="/dashboard"`)
		c := chk.get("/")
		c.must(t, 200, "Assigned to you")
		if strings.Contains(c.Body, "Import an article") || strings.Contains(c.Body, "Awaiting your approval") {
			t.Error("a checker is offered the import button or the approvals")
		}
	})

	t.Run("Audit", func(t *testing.T) {
		ed.get("/audit").must(t, 200, "Claim created</a> <code class=\"code-note\">claim.create</code>", `href="/claims/`+claimID+`"`, "verdict.approve")
		p := ed.get("/audit?limit=2")
		p.must(t, 200, `href="/audit?after=2&amp;limit=2" rel="next"`)
		ed.get("/audit?after=2&limit=2").must(t, 200, `rel="prev"`, `rel="next"`)
	})

	t.Run("Users", func(t *testing.T) {
		ed.get("/admin/users").must(t, 200, `">chk</a></td>`, "Add a user")
		p := ed.post("/admin/users", url.Values{"name": {"chk"}, "roles": {"checker"}, "password": {testPassword}, "confirm": {testPassword}})
		p.must(t, 409, `id="name-error"`, `value="chk"`)
		p = ed.post("/admin/users", url.Values{"name": {"newbie"}, "roles": {"checker", "editor"}, "password": {"short"}, "confirm": {"other"}})
		p.must(t, 422, `id="password-error"`, `id="confirm-error"`, `value="newbie"`, `id="role-editor" name="roles" value="editor" checked`)
		ed.post("/admin/users", url.Values{"name": {"newbie"}, "roles": {"checker"}, "password": {testPassword}, "confirm": {testPassword}}).
			redirect(t, "/admin/users")
		s.signIn("newbie").get("/").must(t, 200, "Review queue", "Assigned to you")
		if chk.get("/admin/users").Status != http.StatusForbidden {
			t.Error("a checker reached the users page")
		}
	})
}
