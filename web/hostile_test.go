package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/db"
	"github.com/gorilla/mux"
)

// lockedBuffer is a bytes.Buffer safe for the server's concurrent logging.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// realServer serves e's handler through Server.Serve, the http.Server with
// claimtrail's timeouts, on a loopback port, and returns its base URL.
func (e *env) realServer() string {
	e.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.server.Serve(ctx, ln) }()
	e.t.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String()
}

// hostileEnv is newEnv with the server's log captured and a user holding
// every role (so that every route gets past authorization).
func hostileEnv(t *testing.T) (*env, *lockedBuffer, string) {
	t.Helper()
	logs := &lockedBuffer{}
	e := newEnvWith(t, "", func(_ *db.DB, cfg *Config) {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	})
	u := &claims.User{Name: "root", Roles: []claims.Role{claims.RoleViewer, claims.RoleEditor, claims.RoleChecker, claims.RoleAdmin}}
	if err := e.store.CreateUser(context.Background(), claims.SystemActor, u); err != nil {
		t.Fatal(err)
	}
	tok, err := e.store.CreateToken(context.Background(), claims.SystemActor, u.ID, "root")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens["root"], e.users["root"] = tok, u
	return e, logs, e.realServer()
}

// hostileStrings go into every text field and query parameter: SQL and
// FTS5 syntax, markup, NUL bytes, path tricks, odd Unicode and a megabyte.
var hostileStrings = []string{
	"' OR 1=1 --",
	`"; DROP TABLE claims; --`,
	"1; SELECT * FROM users",
	`"unterminated`,
	"a AND OR NOT b",
	"NEAR(a b, -1)",
	"*",
	"text:foo OR body:*",
	"{text title}: x^",
	"(((((",
	"%",
	"_%\\",
	"<script>window.__xss=1</script>",
	"javascript:alert(1)",
	"nul\x00byte",
	"../../../../etc/passwd",
	"\u202egnp.exe\u2066",
	"Łukaszenka 🇧🇾 \U0010FFFF",
	"",
	"   ",
	strings.Repeat("A", 1<<20),
}

// hostileJSON are raw JSON values of every wrong type and absurd size.
var hostileJSON = []string{
	`12345`, `-1`, `0`, `1e309`, `9223372036854775808`, `-9223372036854775809`, `1.5`,
	`[]`, `{}`, `null`, `[1,"a",null]`, `{"a":{"b":[]}}`, `["' OR 1=1 --"]`,
	`"\u0000"`, `"\ud800"`, `[` + strings.Repeat(`"x",`, 10000) + `"x"]`,
}

// hostileBodies are whole request bodies that are wrong before any field
// is looked at.
var hostileBodies = []struct {
	name, contentType string
	body              []byte
}{
	{"empty", "application/json", nil},
	{"open brace", "application/json", []byte("{")},
	{"array", "application/json", []byte("[]")},
	{"null", "application/json", []byte("null")},
	{"two objects", "application/json", []byte("{}{}")},
	{"trailing garbage", "application/json", []byte(`{} x`)},
	{"invalid UTF-8", "application/json", []byte("{\"name\":\"\xff\xfe\xc0\x80\"}")},
	{"raw NUL", "application/json", []byte("{\"name\":\"a\x00b\"}")},
	{"nested arrays", "application/json", []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000))},
	{"nested objects", "application/json", []byte(strings.Repeat(`{"a":`, 50000) + "1" + strings.Repeat("}", 50000))},
	{"duplicate keys", "application/json", []byte(`{"name":"a","name":"b","text":"x","text":"y"}`)},
	{"oversize", "application/json", append(append([]byte(`{"name":"`), bytes.Repeat([]byte("A"), 6<<20)...), `"}`...)},
	{"text/plain", "text/plain", []byte(`{"name":"x"}`)},
	{"no content type", "", []byte(`{"name":"x"}`)},
	{"bad content type", "application/json; charset=\"", []byte(`{}`)},
	{"form to API", "application/x-www-form-urlencoded", []byte("name=x&name=y&text=%00%ff")},
	{"multipart garbage", "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--")},
	{"form invalid escape", "application/x-www-form-urlencoded", []byte("name=%zz&text=%")},
}

// requestFields are every field name a request body may carry somewhere.
var requestFields = []string{
	"text", "kind", "source_id", "document_id", "quote", "provenance", "assignee", "tags", "version", "clear_quote",
	"name", "type", "aliases", "url", "description", "title", "body", "format", "language", "publisher",
	"published_at", "supersedes", "attribution", "rating", "rationale", "evidence", "reason", "password",
	"current", "confirm", "roles", "disabled", "token", "code", "secret", "ids", "all", "except",
	"create_sources", "dismiss", "next", "user_id", "quote_prefix", "quote_start",
}

// queryParams are every query parameter any handler reads.
var queryParams = []string{"q", "limit", "cursor", "after", "status", "kind", "source_id", "document_id", "assignee",
	"from", "to", "action", "actor", "entity_type", "entity_id", "next", "token", "done", "saved", "created", "user_id", "format"}

// hostileIDs replace {id}, {seq} and {file} in every path.
var hostileIDs = []string{
	"00000000-0000-0000-0000-000000000000", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2fschema.sql", "%00", "%ff%fe",
	"'%20OR%201=1--", "-1", "99999999999999999999999", "0", strings.Repeat("a", 8000), "%252e%252e", "a%0d%0aSet-Cookie:x=1",
	"app.css%00.png", "..", "%2e",
}

// hostileClient performs one request and checks the answer.
type hostileClient struct {
	t      *testing.T
	e      *env
	base   string
	client *http.Client
	tried  atomic.Int64
	fiveXX atomic.Int64
}

func (h *hostileClient) send(role claims.Role, method, path string, contentType string, body []byte) (int, []byte) {
	h.tried.Add(1)
	req, err := http.NewRequest(method, h.base+path, bytes.NewReader(body))
	if err != nil {
		h.t.Errorf("%s %s: %v", method, path, err)
		return 0, nil
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if role != "" && role != public {
		req.Header.Set("Authorization", "Bearer "+h.e.tokens[role])
	}
	res, err := h.client.Do(req)
	label := fmt.Sprintf("%s %.120s (%d-byte %s body %.80q)", method, path, len(body), contentType, body)
	if err != nil {
		h.t.Errorf("%s: no answer (dropped connection?): %v", label, err)
		return 0, nil
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Errorf("%s: answer cut off: %v", label, err)
	}
	if res.StatusCode >= 500 {
		h.fiveXX.Add(1)
		h.t.Errorf("%s: status %d: %.300s", label, res.StatusCode, b)
	}
	// 431 comes from net/http itself, before any handler, in plain text.
	if strings.HasPrefix(path, "/api/") && res.StatusCode >= 400 && res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			h.t.Errorf("%s: status %d with content type %q, want application/problem+json", label, res.StatusCode, ct)
		} else {
			var p problem
			if err := json.Unmarshal(b, &p); err != nil || p.Detail == "" || p.Status != res.StatusCode {
				h.t.Errorf("%s: problem %+v (%v) has no detail or the wrong status", label, p, err)
			}
		}
	}
	return res.StatusCode, b
}

// hostileRoute is one route of the router with the caller that may use it.
type hostileRoute struct {
	method, tpl string
	role        claims.Role
}

// walkRoutes lists every route the router serves, with a caller allowed to
// use it: "root" holds every role, public routes are called anonymously.
func walkRoutes(t *testing.T, s *Server) []hostileRoute {
	roles := map[string]claims.Role{}
	for _, rt := range s.routes() {
		roles[rt.method+" "+rt.path] = rt.role
	}
	var out []hostileRoute
	err := s.router.Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := r.GetPathTemplate()
		if err != nil {
			return err
		}
		methods, err := r.GetMethods()
		if err != nil {
			return err
		}
		for _, m := range methods {
			role := claims.Role("root")
			if roles[m+" "+tpl] == public {
				role = public
			}
			out = append(out, hostileRoute{m, tpl, role})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 40 {
		t.Fatalf("walked only %d routes", len(out))
	}
	return out
}

// parallel runs jobs on a few workers.
func parallel(n int, jobs []func()) {
	ch := make(chan func())
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				j()
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
}

// TestHostileInput sends every route of the router malformed, oversized
// and malicious requests over real HTTP: hostile ids in the path, hostile
// values in every query parameter, whole bodies that are wrong, and every
// body field set to hostile strings and values of the wrong type. Every
// answer must be a 4xx (problem+json on the API) or a handled success:
// never a 5xx, a panic or a dropped connection.
func TestHostileInput(t *testing.T) {
	e, logs, base := hostileEnv(t)
	h := &hostileClient{t: t, e: e, base: base, client: &http.Client{
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}

	// Real entities, so that requests reach past "not found".
	src := e.createSource("Hostile Source", claims.SourcePerson, "Alias")
	doc := e.importText("Hostile document", "Alexander Lukashenko said that the talks went well.\n\nISW assessed the trip.")
	var c claims.Claim
	e.must(201, e.do(editor, "POST", "/api/v1/claims", map[string]any{"text": "The talks went well.", "kind": "reported", "source_id": src.ID, "document_id": doc.ID})).decode(t, &c)
	var v claims.Verdict
	e.must(201, e.do(checker, "POST", "/api/v1/claims/"+c.ID+"/verdicts", map[string]any{"attribution": "accurate", "rating": "true", "rationale": "Checked."})).decode(t, &v)
	victim := &claims.User{Name: "victim", Roles: []claims.Role{claims.RoleViewer}}
	if err := e.store.CreateUser(context.Background(), claims.SystemActor, victim); err != nil {
		t.Fatal(err)
	}
	var tok struct{ ID string }
	e.must(201, e.do("root", "POST", "/api/v1/tokens", map[string]any{"name": "victim token"})).decode(t, &tok)

	realID := func(tpl string) string {
		switch {
		case strings.Contains(tpl, "/sources/"):
			return src.ID
		case strings.Contains(tpl, "/documents/"):
			return doc.ID
		case strings.Contains(tpl, "/claims/"):
			return c.ID
		case strings.Contains(tpl, "/verdicts/"):
			return v.ID
		case strings.Contains(tpl, "/tokens/"):
			return tok.ID
		case strings.Contains(tpl, "/users/"):
			return victim.ID
		}
		return "1"
	}
	fill := func(tpl, id string) string {
		return strings.NewReplacer("{id}", id, "{seq}", id, "{file}", id).Replace(tpl)
	}
	concrete := func(tpl string) string {
		return strings.NewReplacer("{id}", realID(tpl), "{seq}", "1", "{file}", "app.css").Replace(tpl)
	}
	baseBodies := map[string]map[string]any{
		"POST /api/v1/sources":                    {"name": "Base source", "type": "person"},
		"POST /api/v1/documents":                  {"title": "Base", "body": "Some text.", "format": "text"},
		"POST /api/v1/claims":                     {"text": "Base claim.", "kind": "reported", "source_id": src.ID},
		"POST /api/v1/claims/{id}/verdicts":       {"attribution": "accurate", "rating": "true", "rationale": "Base."},
		"POST /api/v1/claims/{id}/comments":       {"body": "Base comment."},
		"POST /api/v1/claims/{id}/reopen":         {"reason": "Base.", "version": 1},
		"POST /api/v1/tokens":                     {"name": "base"},
		"POST /api/v1/users":                      {"name": "base", "roles": []string{"viewer"}},
		"PATCH /api/v1/claims/{id}":               {"version": 1},
		"PATCH /api/v1/sources/{id}":              {"version": 1},
		"PATCH /api/v1/users/{id}":                {"version": 1},
		"POST /sources":                           {"name": "Base", "type": "person"},
		"POST /claims":                            {"text": "Base.", "kind": "reported", "source_id": src.ID},
		"POST /documents":                         {"title": "Base", "body": "Text.", "format": "text"},
		"POST /claims/{id}/verdicts":              {"attribution": "accurate", "rating": "true", "rationale": "Base."},
		"POST /claims/{id}/comments":              {"body": "Base."},
		"POST /documents/{id}/suggestions/accept": {"ids": "x"},
	}

	long := os.Getenv("CLAIMTRAIL_LONG") == "1"
	routes := walkRoutes(t, e.server)
	var jobs []func()
	for _, rt := range routes {
		if rt.tpl == "/debug/pprof/profile" || rt.tpl == "/debug/pprof/trace" {
			// They read only ?seconds= and collect for that long (30 s
			// and 1 s by default) whatever else is sent, slowing the whole
			// process meanwhile; TestPprof covers them.
			continue
		}
		// Path tricks in every id.
		if strings.Contains(rt.tpl, "{") {
			for _, id := range hostileIDs {
				jobs = append(jobs, func() { h.send(rt.role, rt.method, fill(rt.tpl, id), "application/json", []byte("{}")) })
			}
		}
		path := concrete(rt.tpl)
		// Hostile values in every query parameter: all at once on every
		// route, and one at a time on the lists (whose handlers read them).
		for _, val := range queryValues() {
			all := url.Values{}
			for _, p := range queryParams {
				all.Set(p, val)
			}
			jobs = append(jobs, func() { h.send(rt.role, rt.method, path+"?"+all.Encode(), "application/json", []byte("{}")) })
			if rt.method == "GET" && !strings.Contains(rt.tpl, "{") && (long || len(val) < 100) {
				for _, p := range queryParams {
					if !long && !strings.Contains(" q limit cursor after from to status ", " "+p+" ") {
						continue // the long run sweeps every parameter
					}
					q := url.Values{p: {val}}.Encode()
					jobs = append(jobs, func() { h.send(rt.role, rt.method, path+"?"+q, "", nil) })
				}
			}
		}
		if rt.method == "GET" {
			continue
		}
		for _, hb := range hostileBodies {
			jobs = append(jobs, func() { h.send(rt.role, rt.method, path, hb.contentType, hb.body) })
		}
		baseBody := baseBodies[rt.method+" "+rt.tpl]
		if !strings.HasPrefix(rt.tpl, "/api/") {
			// Forms: every field at once set to each hostile string, and
			// repeated.
			for _, val := range hostileStrings {
				jobs = append(jobs, func() {
					form := url.Values{}
					for _, f := range requestFields {
						if len(val) > 1000 && f != "text" && f != "body" {
							continue // one megabyte field per form, not forty
						}
						form.Set(f, val)
						form.Add(f, val)
					}
					h.send(rt.role, rt.method, path, "application/x-www-form-urlencoded", []byte(form.Encode()))
				})
			}
			continue
		}
		// JSON: each field the route knows set to a hostile string or a
		// value of the wrong type, over the route's valid base body.
		for _, field := range knownFields(h, rt, path) {
			for i, val := range jsonValues() {
				if !long && i%2 == 1 && len(val) < 100 {
					continue // the long run sends all of them
				}
				jobs = append(jobs, func() {
					h.send(rt.role, rt.method, path, "application/json", withField(baseBody, field, val))
				})
			}
		}
	}
	// Imports: malformed HTML and Markdown.
	for _, body := range malformedDocuments() {
		for _, format := range []string{"html", "markdown", "text"} {
			j, _ := json.Marshal(map[string]any{"title": "Malformed", "body": body, "format": format})
			jobs = append(jobs, func() { h.send("root", "POST", "/api/v1/documents", "application/json", j) })
		}
	}
	start := time.Now()
	parallel(4, jobs)
	if out := logs.String(); strings.Contains(out, "level=ERROR") {
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "level=ERROR") {
				t.Errorf("server logged: %.500s", line)
			}
		}
	}
	// The store is whole after all this.
	if _, err := e.store.VerifyLog(context.Background()); err != nil {
		t.Errorf("audit log after the hostile run: %v", err)
	}
	t.Logf("hostile input: %d requests over %d routes in %v; %d answered 5xx", h.tried.Load(), len(routes), time.Since(start).Round(time.Millisecond), h.fiveXX.Load())
}

// queryValues are the hostile values of query parameters.
func queryValues() []string {
	return append(hostileStrings[:len(hostileStrings)-1:len(hostileStrings)-1], "-1", "0", "99999999999999999999", "1e9",
		"2147483648", "AAAA", "eyJ4IjoxfQ", "%%%", strings.Repeat("x", 4000))
}

// jsonValues are hostile strings as JSON and values of the wrong type.
func jsonValues() []string {
	values := make([]string, 0, len(hostileStrings)+len(hostileJSON)+1)
	for _, s := range hostileStrings {
		j, _ := json.Marshal(s)
		values = append(values, string(j))
	}
	values = append(values, hostileJSON...)
	return append(values, "\"\xff\xfe\"")
}

// withField is base as a JSON object with field set to the raw value val.
func withField(base map[string]any, field, val string) []byte {
	var buf bytes.Buffer
	buf.WriteString("{")
	for k, v := range base {
		if k == field {
			continue
		}
		j, _ := json.Marshal(v)
		fmt.Fprintf(&buf, "%q:%s,", k, j)
	}
	fmt.Fprintf(&buf, "%q:%s}", field, val)
	return buf.Bytes()
}

// knownFields probes which of requestFields an API route accepts: the
// decoder refuses unknown fields by name.
func knownFields(h *hostileClient, rt hostileRoute, path string) []string {
	if _, b := h.send(rt.role, rt.method, path, "application/json", []byte(`{"zz_no_such_field":1}`)); !bytes.Contains(b, []byte("Unknown field")) {
		return []string{"name", "version"} // the route reads no strict JSON object
	}
	var known []string
	for _, f := range requestFields {
		_, b := h.send(rt.role, rt.method, path, "application/json", []byte(fmt.Sprintf("{%q:null}", f)))
		if !bytes.Contains(b, []byte("Unknown field")) {
			known = append(known, f)
		}
	}
	return known
}

// malformedDocuments are article bodies that break HTML and Markdown
// parsers' assumptions.
func malformedDocuments() []string {
	return []string{
		"<html><body><p>Unclosed <b><i><a href='javascript:alert(1)'>link",
		"<script>alert(1)</script><p onclick=alert(1)>x</p><img src=x onerror=alert(1)>",
		strings.Repeat("<div>", 20000) + "deep" + strings.Repeat("</div>", 100),
		strings.Repeat("<a href=x>", 5000),
		"<p>" + strings.Repeat("&amp;&#0;&#xD800;&#99999999;", 1000) + "</p>",
		"<!-- never closed " + strings.Repeat("x", 10000),
		"<![CDATA[" + strings.Repeat("]]", 1000),
		"<svg><foreignObject><math><mi><mglyph><style><img src=x onerror=alert(1)>",
		strings.Repeat("> ", 5000) + "quote",
		strings.Repeat("[", 10000) + "link" + strings.Repeat("](x)", 10000),
		strings.Repeat("*", 50000),
		"[a](javascript:alert(1)) ![b](data:text/html,<script>alert(1)</script>)",
		"# " + strings.Repeat("#", 10000) + "\n\n```\nunterminated fence",
		strings.Repeat("- ", 10000) + "list",
		"\x00\x01\x02 \xff\xfe invalid",
		"\ufeff\r\n\r\n\r" + strings.Repeat("\u200b", 5000),
		strings.Repeat("word ", 200000),
		strings.Repeat("a", 1<<20),
	}
}

// TestSlowHeadersAreCutOff checks the server's ReadHeaderTimeout: a client
// that trickles its headers is disconnected instead of holding a
// connection (and a goroutine) forever.
func TestSlowHeadersAreCutOff(t *testing.T) {
	e := newEnv(t)
	base := e.realServer()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n"); err != nil {
		t.Fatal(err)
	}
	cut := make(chan time.Duration, 1)
	go func() {
		buf := make([]byte, 1024)
		for {
			if _, err := conn.Read(buf); err != nil {
				cut <- time.Since(start)
				return
			}
		}
	}()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	limit := 20 * time.Second
	if os.Getenv("CLAIMTRAIL_LONG") == "1" {
		limit = time.Minute
	}
	for i := 0; ; i++ {
		select {
		case d := <-cut:
			if d > 10*time.Second {
				t.Fatalf("slow headers were cut off only after %v", d)
			}
			t.Logf("slow headers: cut off after %v (%d header lines trickled)", d.Round(time.Millisecond), i)
			return
		case <-tick.C:
			if time.Since(start) > limit {
				t.Fatalf("a client trickling headers was still connected after %v", limit)
			}
			fmt.Fprintf(conn, "X-Slow-%d: %d\r\n", i, i)
		}
	}
}
