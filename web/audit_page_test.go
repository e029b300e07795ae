package web

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"html"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"github.com/claimtrail/claimtrail/db"
)

// auditPage fetches /audit with query q as the viewer and returns the
// status and the page's text with HTML escapes undone.
func auditPageGet(e *env, q url.Values) (int, string) {
	e.t.Helper()
	res := e.do(claims.RoleViewer, "GET", "/audit?"+q.Encode(), nil)
	return res.Status, html.UnescapeString(string(res.Body))
}

var auditRowPattern = regexp.MustCompile(`<td class="num">(\d+)</td>[\s\S]*?<td class="action"[^>]*>[\s\S]*?<code[^>]*>([a-z._]+)</code>`)

// auditRows returns the seq and action of each row of an audit page.
func auditRows(body string) (seqs []string, actions []string) {
	for _, m := range auditRowPattern.FindAllStringSubmatch(body, -1) {
		seqs, actions = append(seqs, m[1]), append(actions, m[2])
	}
	return seqs, actions
}

func TestAuditPageFilters(t *testing.T) {
	f := newExportFixture(t)
	today := time.Now().UTC().Format(time.DateOnly)
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	for _, tc := range []struct {
		name    string
		q       url.Values
		actions string // the rows' actions, in order
		kept    []string
	}{
		{"Actor", url.Values{"actor": {"checker"}}, "verdict.propose verdict.propose verdict.propose", []string{`name="actor" type="text" value="checker"`}},
		{"Action", url.Values{"action": {"verdict.approve"}}, "verdict.approve verdict.approve", []string{`<option value="verdict.approve" selected>`}},
		{"Entity", url.Values{"entity_type": {"document"}, "entity_id": {f.doc.ID}}, "document.import",
			[]string{`<option value="document" selected>`, `value="` + f.doc.ID + `"`}},
		{"EntityType", url.Values{"entity_type": {"source"}}, "source.create source.create source.create", nil},
		{"Combined", url.Values{"actor": {"editor"}, "entity_type": {"claim"}}, "claim.create claim.create claim.create", nil},
		{"Today", url.Values{"action": {"claim.create"}, "from": {today}, "to": {today}}, "claim.create claim.create claim.create",
			[]string{`name="from" type="date" value="` + today + `"`, `name="to" type="date" value="` + today + `"`}},
		{"Yesterday", url.Values{"to": {yesterday}}, "", []string{"No events match."}},
		{"Unknown action kept", url.Values{"action": {"claim.teleport"}}, "", []string{`<option value="claim.teleport" selected>claim.teleport</option>`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := auditPageGet(f.env, tc.q)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			if _, actions := auditRows(body); strings.Join(actions, " ") != tc.actions {
				t.Errorf("rows %v, want %s", actions, tc.actions)
			}
			for _, s := range tc.kept {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %s", s)
				}
			}
			if !strings.Contains(body, `<a href="/audit">Clear</a>`) {
				t.Error("no link to clear the filter")
			}
		})
	}
	for _, tc := range []struct {
		name  string
		q     url.Values
		field string
	}{
		{"ErrFromNotDate", url.Values{"from": {"wczoraj"}}, "f-from-error"},
		{"ErrToNotDate", url.Values{"to": {"2025-02-30"}}, "f-to-error"},
		{"ErrToBeforeFrom", url.Values{"from": {today}, "to": {yesterday}}, "f-to-error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := auditPageGet(f.env, tc.q)
			if status != 422 || !strings.Contains(body, `id="`+tc.field+`"`) || !strings.Contains(body, `aria-invalid="true"`) {
				t.Fatalf("status %d; page without the field error %s", status, tc.field)
			}
			if seqs, _ := auditRows(body); len(seqs) != 0 {
				t.Errorf("rows shown under a broken filter: %v", seqs)
			}
		})
	}
}

// TestAuditPageNames: actions and entity types are named, with the
// action's code beside its name; the filter offers every action the store
// logs by name, with the code as the value; a code without a name (a
// newer action, an entity type) shows as the code.
func TestAuditPageNames(t *testing.T) {
	f := newExportFixture(t)
	_, body := auditPageGet(f.env, nil)
	for _, want := range []string{
		`<a href="/audit?action=claim.create" title="Only “Claim created” events">Claim created</a> <code class="code-note">claim.create</code>`,
		`title="Only “Verdict approved” events">Verdict approved</a> <code class="code-note">verdict.approve</code>`,
		`">document …` + f.doc.ID[len(f.doc.ID)-8:] + `</a>`,
		`<option value="user.login_failed">Failed sign-in</option>`,
		`<option value="settings.update">Sign-in rules changed</option>`,
		`<option value="token">API token</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}

	// Rows with codes the page has no name for.
	s := f.server
	r := httptest.NewRequest("GET", "/audit", nil)
	ev := &claims.Event{Seq: 7, At: time.Now(), Actor: claims.Actor{Name: "ed"}, Action: "claim.teleport", EntityType: "planet", EntityID: "mars-1"}
	known := &claims.Event{Seq: 8, At: time.Now(), Actor: claims.Actor{Name: "ed"}, Action: "claim.create", EntityType: "claim", EntityID: "c-1"}
	for _, lang := range []string{"en", "pl"} {
		r.Header.Set("Accept-Language", lang)
		actions, types := s.auditNames(r, "audit action: ", auditActions, ""), s.auditNames(r, "entity type: ", auditEntityTypes, "")
		w := httptest.NewRecorder()
		s.render(w, r, 200, "audit.html", &auditListPage{layout: s.layout(r, "Audit log"), Actions: actions, EntityTypes: types,
			Events: []auditRow{newAuditRow(ev, actions, types), newAuditRow(known, actions, types)}})
		body := w.Body.String()
		for _, want := range []string{`title="` + s.t(r, "Only “%s” events", "claim.teleport") + `"><code>claim.teleport</code></a></td>`, `>planet mars-1</span></td>`,
			s.localeFrom(r).Named("audit action: claim.create", "Claim created") + `</a> <code class="code-note">claim.create</code>`} {
			if !strings.Contains(html.UnescapeString(body), want) {
				t.Errorf("%s: page lacks %s", lang, want)
			}
		}
	}
}

func TestAuditPagePaging(t *testing.T) {
	f := newExportFixture(t)
	// The two approvals, one a page, with the filter kept in the links.
	q := url.Values{"action": {"verdict.approve"}, "limit": {"1"}}
	_, first := auditPageGet(f.env, q)
	seqs, _ := auditRows(first)
	if len(seqs) != 1 {
		t.Fatalf("first page rows %v", seqs)
	}
	next := regexp.MustCompile(`href="(/audit\?[^"]+)" rel="next"`).FindStringSubmatch(first)
	if next == nil || !strings.Contains(next[1], "action=verdict.approve") || !strings.Contains(next[1], "after="+seqs[0]) {
		t.Fatalf("newer link %v", next)
	}
	if strings.Contains(first, `rel="prev"`) {
		t.Error("the first page links to an older one")
	}
	res := f.must(200, f.do(claims.RoleViewer, "GET", next[1], nil))
	second := html.UnescapeString(string(res.Body))
	seqs2, actions := auditRows(second)
	if len(seqs2) != 1 || actions[0] != "verdict.approve" || seqs2[0] == seqs[0] {
		t.Fatalf("second page rows %v %v", seqs2, actions)
	}
	// Older goes back exactly one filtered page, over the events between.
	prev := regexp.MustCompile(`href="(/audit\?[^"]+)" rel="prev"`).FindStringSubmatch(second)
	if prev == nil {
		t.Fatal("no older link")
	}
	res = f.must(200, f.do(claims.RoleViewer, "GET", prev[1], nil))
	if back, _ := auditRows(html.UnescapeString(string(res.Body))); len(back) != 1 || back[0] != seqs[0] {
		t.Fatalf("older page rows %v, want [%s]", back, seqs[0])
	}
	// Unfiltered, older is plain arithmetic: after=10 with 5 a page goes
	// to after=5.
	_, body := auditPageGet(f.env, url.Values{"after": {"10"}, "limit": {"5"}})
	if !strings.Contains(body, `href="/audit?after=5&limit=5" rel="prev"`) {
		t.Error("unfiltered older link is not after=5")
	}
}

func TestAuditPageCheckpoint(t *testing.T) {
	f := newExportFixture(t)
	th, err := f.store.TreeHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	key := f.server.cfg.Signer.VerifierKey()
	_, body := auditPageGet(f.env, nil)
	root := base64.StdEncoding.EncodeToString(th.Root[:])
	for _, want := range []string{
		fmt.Sprintf("Verified: %d events, root <code class=\"hash\">%s</code>", th.Size, root),
		fmt.Sprintf("<dd>%d events</dd>", th.Size),
		"<dd><code>claimtrail.test</code></dd>",
		`<code class="hash" id="verifier-key">` + key + `</code>`,
		`href="/api/v1/export/audit.jsonl"`,
		"claimtrail audit verify audit.jsonl --key '" + key + "'",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	m := regexp.MustCompile(`<pre class="note" id="signed-checkpoint">([\s\S]*?)</pre>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no signed checkpoint")
	}
	cp, err := auditlog.Open([]byte(m[1]), key)
	if err != nil || cp.Size != th.Size || cp.Root != th.Root {
		t.Fatalf("the page's checkpoint %+v does not open to the tree head: %v", cp, err)
	}
	if strings.Contains(body, "verify-fail") {
		t.Error("an untouched log shows a failure")
	}
}

// TestAuditPageTampered edits an event behind the server's back and
// checks that the page says so, naming the event.
func TestAuditPageTampered(t *testing.T) {
	e := newTamperedEnv(t)
	status, body := auditPageGet(e, nil)
	if status != 200 || !strings.Contains(body, `class="verify-fail"`) ||
		!strings.Contains(body, "First bad event: seq 4 (the event was altered: its content does not match its hash).") {
		t.Fatalf("status %d; the page does not name seq 4:\n%s", status, body)
	}
	if strings.Contains(body, "Verified:") {
		t.Error("a tampered log shows as verified")
	}
}

// newTamperedEnv is a server whose log verified until its event 4 (a
// source's creation) was edited behind its back.
func newTamperedEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tampered.db")
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	srv, err := New(store, Config{Version: "test", Signer: testSigner(t)})
	if err != nil {
		t.Fatal(err)
	}
	u := &claims.User{Name: "viewer", Roles: []claims.Role{claims.RoleViewer}}
	if err := store.CreateUser(ctx, claims.SystemActor, u); err != nil {
		t.Fatal(err)
	}
	tok, err := store.CreateToken(ctx, claims.SystemActor, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Xi Jinping", "Aleksander Łukaszenka", "ISW"} {
		if err := store.CreateSource(ctx, claims.SystemActor, &claims.Source{Name: name, Type: claims.SourceOther}); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{t: t, store: store, server: srv, http: httptest.NewTLSServer(srv),
		tokens: map[claims.Role]string{claims.RoleViewer: tok}, users: map[claims.Role]*claims.User{claims.RoleViewer: u}}
	t.Cleanup(e.http.Close)
	if _, body := auditPageGet(e, nil); !strings.Contains(body, "Verified: 5 events") {
		t.Fatal("the log does not verify before tampering")
	}

	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{
		`DROP TRIGGER audit_events_no_update`,
		`UPDATE audit_events SET data = '{"name":"Xi Jinping, przewodniczący"}' WHERE seq = 4`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	return e
}
