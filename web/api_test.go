package web

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"golang.org/x/mod/sumdb/tlog"
)

// unicodeText mixes Polish diacritics, typographic quotes, an emoji outside
// the BMP and right-to-left Arabic and Hebrew: it must come back byte for byte.
const unicodeText = "Źródło: „Łukaszenka” powiedział 🦊 «tak» — مرحبا بالعالم שלום"

func TestSourceAPI(t *testing.T) {
	e := newEnv(t)
	t.Run("OK", func(t *testing.T) {
		s := e.createSource(unicodeText, claims.SourcePerson, "Lukashenko", "Лукашенко", " Lukashenko ")
		if s.Name != unicodeText || s.Version != 1 || s.ID == "" {
			t.Fatalf("created %+v", s)
		}
		if strings.Join(s.Aliases, "|") != "Lukashenko|Лукашенко" {
			t.Fatalf("aliases %q", s.Aliases)
		}
		var got claims.Source
		e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/sources/"+s.ID, nil)).decode(t, &got)
		if got.Name != unicodeText || got.CreatedAt.Location().String() != "UTC" {
			t.Fatalf("read back %+v", got)
		}
		var upd claims.Source
		e.must(200, e.do(claims.RoleEditor, "PATCH", "/api/v1/sources/"+s.ID, map[string]any{"description": "Belarus", "version": 1})).decode(t, &upd)
		if upd.Version != 2 || upd.Description != "Belarus" || upd.Name != unicodeText {
			t.Fatalf("updated %+v", upd)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		s := e.createSource("Stale", claims.SourceMedia)
		e.must(200, e.do(claims.RoleEditor, "PATCH", "/api/v1/sources/"+s.ID, map[string]any{"url": "https://a.example", "version": 1}))
		p := e.must(409, e.do(claims.RoleEditor, "PATCH", "/api/v1/sources/"+s.ID, map[string]any{"url": "https://b.example", "version": 1})).problem(t)
		if p.Code != claims.ECONFLICT || p.Detail == "" {
			t.Fatalf("problem %+v", p)
		}
	})
	t.Run("ErrNoVersion", func(t *testing.T) {
		s := e.createSource("NoVersion", claims.SourceMedia)
		p := e.must(422, e.do(claims.RoleEditor, "PATCH", "/api/v1/sources/"+s.ID, map[string]any{"url": "https://a.example"})).problem(t)
		if len(p.Errors) != 1 || p.Errors[0].Field != "version" {
			t.Fatalf("problem %+v", p)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		e.must(404, e.do(claims.RoleViewer, "GET", "/api/v1/sources/00000000-0000-0000-0000-000000000000", nil)).problem(t)
		if res := e.do(claims.RoleViewer, "GET", "/api/v1/sources/..%2F..%2Fetc", nil); res.Status != 404 && res.Status != 301 {
			t.Fatalf("path trick: status %d", res.Status)
		}
	})
}

// TestBadInput sends each kind of bad request and checks its status, its
// problem document and that nothing was written.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	big := `{"name":"` + strings.Repeat("a", maxRequestBody) + `"}`
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		field                   string
	}{
		{"ErrMalformed", "application/json", `{"name":`, 400, ""},
		{"ErrNotObject", "application/json", `[1,2]`, 400, ""},
		{"ErrTrailing", "application/json", `{"name":"A","type":"person"} {}`, 400, ""},
		{"ErrUnknownField", "application/json", `{"name":"A","type":"person","colour":"red"}`, 400, "colour"},
		{"ErrDuplicateKey", "application/json", `{"name":"A","name":"B","type":"person"}`, 400, ""},
		{"ErrWrongType", "application/json", `{"name":5,"type":"person"}`, 400, "name"},
		{"ErrInvalidUTF8", "application/json", "{\"name\":\"\xff\xfe\",\"type\":\"person\"}", 400, ""},
		{"ErrDeep", "application/json", `{"aliases":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, 400, ""},
		{"ErrContentType", "text/plain", `{"name":"A","type":"person"}`, 415, ""},
		{"ErrTooLarge", "application/json", big, 413, ""},
		{"ErrMissingName", "application/json", `{"type":"person"}`, 422, "name"},
		{"ErrBadType", "application/json", `{"name":"A","type":"robot"}`, 422, "type"},
		{"ErrNUL", "application/json", `{"name":"A\u0000B","type":"person"}`, 422, "name"},
		{"ErrJavascriptURL", "application/json", `{"name":"A","type":"person","url":"javascript:alert(1)"}`, 422, "url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := e.request(claims.RoleEditor, "POST", "/api/v1/sources", tc.body)
			req.Header.Set("Content-Type", tc.contentType)
			res := e.must(tc.status, e.send(req))
			p := res.problem(t)
			if p.Status != tc.status || p.Detail == "" || p.Title == "" {
				t.Fatalf("problem %+v", p)
			}
			if tc.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != tc.field) {
				t.Fatalf("errors %+v, want field %q", p.Errors, tc.field)
			}
		})
	}
	var l list[*claims.Source]
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/sources", nil)).decode(t, &l)
	if len(l.Items) != 0 {
		t.Fatalf("bad requests wrote %d sources", len(l.Items))
	}
	e.must(422, e.do(claims.RoleViewer, "GET", "/api/v1/claims?limit=100000", nil)).problem(t)
	e.must(422, e.do(claims.RoleViewer, "GET", "/api/v1/claims?status=bogus", nil)).problem(t)
	e.must(422, e.do(claims.RoleViewer, "GET", "/api/v1/claims?cursor=%00%27%20OR%201=1--", nil)).problem(t)
	e.must(422, e.do(claims.RoleViewer, "GET", "/api/v1/audit?after=-1", nil)).problem(t)
}

func TestClaimAPI(t *testing.T) {
	e := newEnv(t)
	src := e.createSource("Jan Kowalski", claims.SourcePerson)
	media := e.createSource("Gazeta", claims.SourceMedia)
	doc := e.importText("Artykuł", "🦊 Jan Kowalski powiedział, że „podatki spadną”.\n\nPodatki spadną. Podatki spadną, mówi ekspert "+unicodeText+".")
	t.Run("OK", func(t *testing.T) {
		var c claims.Claim
		e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{
			"text": "Kowalski: podatki spadną", "kind": "reported", "source_id": src.ID, "document_id": doc.ID,
			"quote":      map[string]any{"exact": "„podatki spadną”"},
			"provenance": []map[string]any{{"source_id": src.ID, "role": "originator"}, {"source_id": media.ID, "role": "reported-by", "date": "2026-11-20"}},
			"tags":       []string{"podatki", " podatki", "budżet"},
		})).decode(t, &c)
		// The emoji before the quote counts as one code point.
		if c.Quote == nil || c.Quote.Start != 30 || c.Quote.End != 46 || !strings.HasSuffix(c.Quote.Prefix, "powiedział, że ") {
			t.Fatalf("quote %+v", c.Quote)
		}
		if c.Status != claims.StatusNew || c.Version != 1 || c.Source == nil || c.Source.Name != "Jan Kowalski" || len(c.Provenance) != 2 {
			t.Fatalf("claim %+v", c)
		}
		if strings.Join(c.Tags, ",") != "podatki,budżet" {
			t.Fatalf("tags %q", c.Tags)
		}
		var upd claims.Claim
		e.must(200, e.do(claims.RoleEditor, "PATCH", "/api/v1/claims/"+c.ID, map[string]any{"kind": "analytical", "version": 1})).decode(t, &upd)
		if upd.Kind != claims.KindAnalytical || upd.Version != 2 || upd.Quote.Exact != "„podatki spadną”" {
			t.Fatalf("updated %+v", upd)
		}
		e.must(409, e.do(claims.RoleEditor, "PATCH", "/api/v1/claims/"+c.ID, map[string]any{"kind": "reported", "version": 1})).problem(t)
		var hist list[*claims.Event]
		e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/"+c.ID+"/history", nil)).decode(t, &hist)
		if len(hist.Items) != 2 || hist.Items[0].Action != "claim.create" || hist.Items[1].Action != "claim.update" {
			t.Fatalf("history %+v", hist.Items)
		}
	})
	t.Run("ErrQuoteNotInDocument", func(t *testing.T) {
		p := e.must(422, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{
			"text": "x", "kind": "reported", "source_id": src.ID, "document_id": doc.ID, "quote": map[string]any{"exact": "podatki wzrosną"},
		})).problem(t)
		if p.Errors[0].Field != "quote.exact" {
			t.Fatalf("problem %+v", p)
		}
	})
	t.Run("AmbiguousQuote", func(t *testing.T) {
		in := map[string]any{"text": "x", "kind": "analytical", "source_id": src.ID, "document_id": doc.ID, "quote": map[string]any{"exact": "Podatki spadną"}}
		p := e.must(422, e.do(claims.RoleEditor, "POST", "/api/v1/claims", in)).problem(t)
		if !strings.Contains(p.Errors[0].Message, "more than once") {
			t.Fatalf("problem %+v", p)
		}
		in["quote"] = map[string]any{"exact": "Podatki spadną", "prefix": "spadną. "}
		var c claims.Claim
		e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", in)).decode(t, &c)
		if c.Quote.Start != 65 || string([]rune(doc.Body)[c.Quote.Start-8:c.Quote.End]) != "spadną. Podatki spadną" {
			t.Fatalf("quote %+v", c.Quote)
		}
	})
	t.Run("ErrUnknownReferences", func(t *testing.T) {
		p := e.must(422, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{
			"text": "x", "kind": "reported", "source_id": "nope",
		})).problem(t)
		if p.Errors[0].Field != "source_id" {
			t.Fatalf("problem %+v", p)
		}
	})
	t.Run("ListFiltersAndPages", func(t *testing.T) {
		for i := range 5 {
			e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{"text": fmt.Sprintf("page claim %d", i), "kind": "reported", "source_id": media.ID}))
		}
		seen := map[string]bool{}
		cursor := ""
		for pages := 0; ; pages++ {
			var l list[*claims.Claim]
			e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims?limit=2&source_id="+media.ID+"&cursor="+cursor, nil)).decode(t, &l)
			for _, c := range l.Items {
				if seen[c.ID] || c.SourceID != media.ID {
					t.Fatalf("claim %s repeated or off-filter", c.ID)
				}
				seen[c.ID] = true
			}
			if cursor = l.NextCursor; cursor == "" {
				break
			}
		}
		if len(seen) != 5 {
			t.Fatalf("paged through %d claims, want 5", len(seen))
		}
		var l list[*claims.Claim]
		e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims?kind=analytical", nil)).decode(t, &l)
		for _, c := range l.Items {
			if c.Kind != claims.KindAnalytical {
				t.Fatalf("kind filter let through %+v", c)
			}
		}
		if len(l.Items) != 2 {
			t.Fatalf("%d analytical claims, want 2", len(l.Items))
		}
	})
}

func TestVerdictAPI(t *testing.T) {
	e := newEnv(t)
	src := e.createSource("ISW", claims.SourceThinkTank)
	var c claims.Claim
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{"text": "Chiny mogą przekazywać sprzęt", "kind": "analytical", "source_id": src.ID})).decode(t, &c)
	propose := func(role claims.Role, rating string) *claims.Verdict {
		var v claims.Verdict
		e.must(201, e.do(role, "POST", "/api/v1/claims/"+c.ID+"/verdicts", map[string]any{
			"attribution": "accurate", "rating": rating, "rationale": "ISW wrote it on 2023-03-02.",
			"evidence": []map[string]string{{"url": "https://www.understandingwar.org/", "note": "ISW"}},
		})).decode(t, &v)
		return &v
	}
	t.Run("ErrValidation", func(t *testing.T) {
		p := e.must(422, e.do(claims.RoleChecker, "POST", "/api/v1/claims/"+c.ID+"/verdicts", map[string]any{"attribution": "maybe", "rating": "true"})).problem(t)
		fields := map[string]bool{}
		for _, f := range p.Errors {
			fields[f.Field] = true
		}
		if !fields["attribution"] || !fields["rationale"] {
			t.Fatalf("errors %+v", p.Errors)
		}
	})
	v1 := propose(claims.RoleChecker, "unverifiable")
	if v1.State != claims.VerdictProposed || v1.AuthorName != "checker" {
		t.Fatalf("verdict %+v", v1)
	}
	v2 := propose("checker2", "mostly-true")
	var got claims.Claim
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/"+c.ID, nil)).decode(t, &got)
	if got.Status != claims.StatusDisputed || len(got.Verdicts) != 2 {
		t.Fatalf("after two disagreeing verdicts: status %s, %d verdicts", got.Status, len(got.Verdicts))
	}
	t.Run("ErrRejectWithoutReason", func(t *testing.T) {
		p := e.must(422, e.do(claims.RoleEditor, "POST", "/api/v1/verdicts/"+v1.ID+"/reject", map[string]any{"reason": " "})).problem(t)
		if p.Errors[0].Field != "reason" {
			t.Fatalf("problem %+v", p)
		}
	})
	e.must(200, e.do(claims.RoleEditor, "POST", "/api/v1/verdicts/"+v1.ID+"/reject", map[string]any{"reason": "No evidence either way yet."}))
	var approved claims.Verdict
	e.must(200, e.do("editor2", "POST", "/api/v1/verdicts/"+v2.ID+"/approve", nil)).decode(t, &approved)
	if approved.State != claims.VerdictApproved || approved.ApproverName != "editor2" {
		t.Fatalf("approved %+v", approved)
	}
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/"+c.ID, nil)).decode(t, &got)
	if got.Status != claims.StatusPublished {
		t.Fatalf("status %s, want published", got.Status)
	}
	e.must(409, e.do(claims.RoleEditor, "POST", "/api/v1/verdicts/"+v2.ID+"/approve", nil)).problem(t)
	e.must(409, e.do(claims.RoleChecker, "POST", "/api/v1/claims/"+c.ID+"/verdicts", map[string]any{"attribution": "accurate", "rating": "true", "rationale": "x"})).problem(t)
	e.must(404, e.do(claims.RoleEditor, "POST", "/api/v1/verdicts/nope/approve", nil)).problem(t)

	t.Run("ErrOwnVerdict", func(t *testing.T) {
		u := &claims.User{Name: "both", Roles: []claims.Role{claims.RoleEditor, claims.RoleChecker}}
		if err := e.store.CreateUser(t.Context(), claims.SystemActor, u); err != nil {
			t.Fatal(err)
		}
		tok, err := e.store.CreateToken(t.Context(), claims.SystemActor, u.ID, "t")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens["both"] = tok
		var c2 claims.Claim
		e.must(201, e.do("both", "POST", "/api/v1/claims", map[string]any{"text": "Another", "kind": "reported", "source_id": src.ID})).decode(t, &c2)
		var v claims.Verdict
		e.must(201, e.do("both", "POST", "/api/v1/claims/"+c2.ID+"/verdicts", map[string]any{"attribution": "accurate", "rating": "true", "rationale": "Seen it."})).decode(t, &v)
		e.must(403, e.do("both", "POST", "/api/v1/verdicts/"+v.ID+"/approve", nil)).problem(t)
	})
}

// TestAuditTrail checks that every mutation left one event, numbered
// without gaps, each hashed as RFC 6962 prescribes.
func TestAuditTrail(t *testing.T) {
	e := newEnv(t)
	src := e.createSource("A", claims.SourcePerson)
	e.must(422, e.do(claims.RoleEditor, "POST", "/api/v1/sources", map[string]any{"type": "person"}))
	e.importText("T", "Body text.")
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{"text": "c", "kind": "reported", "source_id": src.ID}))
	var all []*claims.Event
	after := int64(0)
	for {
		var p auditPage
		e.must(200, e.do(claims.RoleViewer, "GET", fmt.Sprintf("/api/v1/audit?limit=3&after=%d", after), nil)).decode(t, &p)
		all = append(all, p.Items...)
		if p.NextAfter == 0 {
			break
		}
		after = p.NextAfter
	}
	actions := []string{}
	for i, ev := range all {
		if ev.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i, ev.Seq)
		}
		leaf, err := ev.LeafData()
		if err != nil {
			t.Fatal(err)
		}
		h := tlog.RecordHash(leaf)
		if ev.Hash != hex.EncodeToString(h[:]) {
			t.Fatalf("event %d: hash %s does not match its data", ev.Seq, ev.Hash)
		}
		actions = append(actions, ev.Action)
	}
	got := strings.Join(actions, ",")
	if !strings.HasSuffix(got, "source.create,document.import,claim.create") {
		t.Fatalf("actions %s", got)
	}
}
