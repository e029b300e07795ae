package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"github.com/claimtrail/claimtrail/claims/export"
	"github.com/claimtrail/claimtrail/db"
	"golang.org/x/mod/sumdb/tlog"
)

// exportFixture is a Polish article with three claims: one published
// mostly-true, one published misleading, one only proposed.
type exportFixture struct {
	*env
	doc                         *claims.Document
	luka, isw, portal           *claims.Source
	mostlyTrue, misleading, wip *claims.Claim
}

func newExportFixture(t *testing.T) *exportFixture {
	t.Helper()
	e := newEnv(t)
	f := &exportFixture{env: e}
	const body = "Łukaszenka powiedział, że białoruscy producenci są zainteresowani badaniem kompetencji chińskich firm.\n\n" +
		"Według ISW Chiny mogą potajemnie przekazywać do Rosji sprzęt wojskowy przez Białoruś.\n\n=Zażółć gęślą jaźń."
	f.doc = new(claims.Document)
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/documents", map[string]any{
		"title": "Łukaszenka zakończył wizytę w Chinach", "body": body, "format": "text",
		"url": "https://portal.example.pl/lukaszenka", "publisher": "Portal Przykładowy", "language": "pl",
	})).decode(t, f.doc)
	f.luka = e.createSource("Aleksander Łukaszenka", claims.SourcePerson, "Lukashenko")
	f.isw = e.createSource("Instytut Badań nad Wojną", claims.SourceThinkTank, "ISW")
	f.portal = e.createSource("Redakcja portalu", claims.SourceMedia)
	hop := func(s *claims.Source, role claims.HopRole) map[string]any {
		return map[string]any{"source_id": s.ID, "role": role}
	}
	f.mostlyTrue = f.claim("Łukaszenka: białoruscy producenci chcą poznać kompetencje chińskich firm.", f.luka,
		"Łukaszenka powiedział, że białoruscy producenci są zainteresowani badaniem",
		hop(f.luka, claims.RoleOriginator), hop(f.isw, claims.RoleQuotedBy), hop(f.portal, claims.RoleReportedBy))
	f.misleading = f.claim("Chiny mogą potajemnie przekazywać Rosji sprzęt wojskowy przez Białoruś.", f.isw,
		"Chiny mogą potajemnie przekazywać do Rosji sprzęt wojskowy przez Białoruś",
		hop(f.isw, claims.RoleAssessedBy), hop(f.portal, claims.RoleReportedBy))
	f.wip = f.claim("=Zażółć gęślą jaźń.", f.portal, "")
	f.publish(f.mostlyTrue, claims.AttributionAccurate, claims.RatingMostlyTrue)
	f.publish(f.misleading, claims.AttributionAccurate, claims.RatingMisleading)
	e.must(201, e.do(claims.RoleChecker, "POST", "/api/v1/claims/"+f.wip.ID+"/verdicts", map[string]any{
		"attribution": "unverified", "rating": "false", "rationale": "-Nie ma śladu."}))
	return f
}

// claim creates a claim on the fixture's document; an empty quote leaves
// it unquoted.
func (f *exportFixture) claim(text string, src *claims.Source, quote string, chain ...map[string]any) *claims.Claim {
	f.t.Helper()
	in := map[string]any{"text": text, "kind": "reported", "source_id": src.ID, "document_id": f.doc.ID, "provenance": chain}
	if quote != "" {
		in["quote"] = map[string]any{"exact": quote}
	}
	var c claims.Claim
	f.must(201, f.do(claims.RoleEditor, "POST", "/api/v1/claims", in)).decode(f.t, &c)
	return &c
}

// publish has the checker propose a verdict and an editor approve it.
func (f *exportFixture) publish(c *claims.Claim, a claims.Attribution, r claims.Rating) {
	f.t.Helper()
	var v claims.Verdict
	f.must(201, f.do(claims.RoleChecker, "POST", "/api/v1/claims/"+c.ID+"/verdicts", map[string]any{
		"attribution": a, "rating": r, "rationale": "Zgadza się z komunikatem; „kompetencje” to skrót."})).decode(f.t, &v)
	f.must(200, f.do(claims.RoleEditor, "POST", "/api/v1/verdicts/"+v.ID+"/approve", nil))
}

func TestExportClaimReview(t *testing.T) {
	f := newExportFixture(t)
	t.Run("OK", func(t *testing.T) {
		res := f.must(200, f.do(claims.RoleViewer, "GET", "/api/v1/export/claimreview.jsonld", nil))
		if ct := res.Header.Get("Content-Type"); ct != "application/ld+json; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
		var reviews []map[string]any
		res.decode(t, &reviews)
		if len(reviews) != 2 {
			t.Fatalf("%d reviews, want the 2 published claims", len(reviews))
		}
		byURL := map[string]map[string]any{}
		for _, r := range reviews {
			if r["@context"] != "https://schema.org" || r["@type"] != "ClaimReview" {
				t.Errorf("not a ClaimReview: %v", r)
			}
			byURL[r["url"].(string)] = r
		}
		base := f.http.URL // https://127.0.0.1:port: the request's scheme and host
		mt := byURL[base+"/claims/"+f.mostlyTrue.ID]
		ml := byURL[base+"/claims/"+f.misleading.ID]
		if mt == nil || ml == nil {
			t.Fatalf("review urls %v", byURL)
		}
		if mt["claimReviewed"] != f.mostlyTrue.Text {
			t.Errorf("claimReviewed %q", mt["claimReviewed"])
		}
		rating := mt["reviewRating"].(map[string]any)
		if rating["ratingValue"] != 4.0 || rating["alternateName"] != "Mostly true" {
			t.Errorf("mostly-true rating %v", rating)
		}
		if rating := ml["reviewRating"].(map[string]any); rating["ratingValue"] != nil || rating["alternateName"] != "Misleading" {
			t.Errorf("misleading rating %v", rating)
		}
		item := mt["itemReviewed"].(map[string]any)
		if a := item["author"].(map[string]any); a["@type"] != "Person" || a["name"] != "Aleksander Łukaszenka" {
			t.Errorf("claim author %v", a)
		}
		if a := item["appearance"].(map[string]any); a["url"] != "https://portal.example.pl/lukaszenka" || a["headline"] != f.doc.Title {
			t.Errorf("appearance %v", a)
		}
		if a := mt["author"].(map[string]any); a["name"] != "claimtrail" || a["@type"] != "Organization" {
			t.Errorf("review author %v", a)
		}
		if mt["datePublished"] == "" {
			t.Error("no datePublished")
		}
	})
	t.Run("Empty", func(t *testing.T) {
		e := newEnv(t)
		res := e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/export/claimreview.jsonld", nil))
		var reviews []any
		res.decode(t, &reviews)
		if reviews == nil || len(reviews) != 0 {
			t.Fatalf("body %s, want []", res.Body)
		}
	})
	t.Run("ErrUnauthorized", func(t *testing.T) {
		f.must(401, f.do("", "GET", "/api/v1/export/claimreview.jsonld", nil)).problem(t)
	})
}

// readCSV checks the CSV's headers, BOM and header row and returns its
// rows as maps by column name.
func readCSV(t *testing.T, res response) []map[string]string {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("content disposition %q", cd)
	}
	if !bytes.HasPrefix(res.Body, []byte("\uFEFF")) {
		t.Fatalf("no byte-order mark: %q", res.Body[:min(10, len(res.Body))])
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}

func TestExportClaimsCSV(t *testing.T) {
	f := newExportFixture(t)
	t.Run("OK", func(t *testing.T) {
		rows := readCSV(t, f.must(200, f.do(claims.RoleViewer, "GET", "/api/v1/export/claims.csv", nil)))
		if len(rows) != 3 {
			t.Fatalf("%d rows, want 3", len(rows))
		}
		byID := map[string]map[string]string{}
		for _, r := range rows {
			byID[r["id"]] = r
		}
		mt, wip := byID[f.mostlyTrue.ID], byID[f.wip.ID]
		for col, want := range map[string]string{
			"text":           f.mostlyTrue.Text,
			"status":         "published",
			"source":         "Aleksander Łukaszenka",
			"source type":    "person",
			"document title": "Łukaszenka zakończył wizytę w Chinach",
			"document url":   "https://portal.example.pl/lukaszenka",
			"quote":          "Łukaszenka powiedział, że białoruscy producenci są zainteresowani badaniem",
			"provenance":     "Aleksander Łukaszenka (originator) → Instytut Badań nad Wojną (quoted-by) → Redakcja portalu (reported-by)",
			"attribution":    "accurate",
			"rating":         "mostly-true",
			"rationale":      "Zgadza się z komunikatem; „kompetencje” to skrót.",
			"approved by":    "editor",
		} {
			if mt[col] != want {
				t.Errorf("%s = %q, want %q", col, mt[col], want)
			}
		}
		// A cell that a spreadsheet would run as a formula is defused; a
		// proposed verdict shows with no approver.
		if wip["text"] != "'=Zażółć gęślą jaźń." || wip["rationale"] != "'-Nie ma śladu." || wip["rating"] != "false" || wip["approved by"] != "" {
			t.Errorf("unpublished row %v", wip)
		}
	})
	t.Run("Filters", func(t *testing.T) {
		q := url.Values{"status": {"published"}, "source_id": {f.isw.ID}}
		rows := readCSV(t, f.must(200, f.do(claims.RoleViewer, "GET", "/api/v1/export/claims.csv?"+q.Encode(), nil)))
		if len(rows) != 1 || rows[0]["id"] != f.misleading.ID {
			t.Fatalf("rows %v, want the misleading claim alone", rows)
		}
		rows = readCSV(t, f.must(200, f.do(claims.RoleViewer, "GET", "/api/v1/export/claims.csv?q=nobody+said+this", nil)))
		if len(rows) != 0 {
			t.Fatalf("rows %v, want none", rows)
		}
	})
	t.Run("ErrFilter", func(t *testing.T) {
		f.must(422, f.do(claims.RoleViewer, "GET", "/api/v1/export/claims.csv?status=maybe", nil)).problem(t)
	})
}

// TestExportClaimsCSVPages exports more claims than one keyset page holds.
func TestExportClaimsCSVPages(t *testing.T) {
	e := newEnv(t)
	src := e.createSource("Rzecznik", claims.SourcePerson)
	n := claims.MaxPageSize + 3
	for i := range n {
		c := &claims.Claim{Text: fmt.Sprintf("Twierdzenie nr %d", i), Kind: claims.KindReported, SourceID: src.ID}
		if err := e.store.CreateClaim(context.Background(), e.users[claims.RoleEditor].Actor(), c); err != nil {
			t.Fatal(err)
		}
	}
	rows := readCSV(t, e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/export/claims.csv", nil)))
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r["text"]] = true
	}
	if len(rows) != n || len(seen) != n {
		t.Fatalf("%d rows, %d distinct, want %d", len(rows), len(seen), n)
	}

	// A store that fails on the second page: the client must see a broken
	// download, not a shorter CSV that looks complete.
	t.Run("ErrMidStream", func(t *testing.T) {
		srv, err := New(failingPages{e.store}, Config{Version: "test", Signer: testSigner(t)})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		defer ts.Close()
		req := e.request(claims.RoleViewer, "GET", "/api/v1/export/claims.csv", nil)
		req.URL, _ = url.Parse(ts.URL + "/api/v1/export/claims.csv")
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if res.StatusCode != 200 || err == nil {
			t.Fatalf("status %d, read error %v after %d bytes: the cut-off export looks complete", res.StatusCode, err, len(body))
		}
	})
}

// failingPages is a store whose claim list fails after the first page.
type failingPages struct{ *db.DB }

func (f failingPages) FindClaims(ctx context.Context, cf claims.ClaimFilter) ([]*claims.Claim, string, error) {
	if cf.Cursor != "" {
		return nil, "", errors.New("disk on fire")
	}
	return f.DB.FindClaims(ctx, cf)
}

// checkAudit verifies every proof of an audit against its checkpoint with
// the server's verifier key and returns the proven events' actions.
func checkAudit(t *testing.T, e *env, a *export.Audit) []string {
	t.Helper()
	cp, err := auditlog.Open([]byte(a.Checkpoint), e.server.cfg.Signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, pe := range a.Events {
		ev := pe.Event
		data, err := ev.LeafData()
		if err != nil {
			t.Fatal(err)
		}
		leaf := tlog.RecordHash(data)
		if auditlog.HexHash(leaf) != ev.Hash {
			t.Fatalf("event %d: hash %s does not match its content", ev.Seq, ev.Hash)
		}
		proof := make(tlog.RecordProof, len(pe.Proof))
		for i, s := range pe.Proof {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil || len(b) != tlog.HashSize {
				t.Fatalf("event %d: proof hash %q", ev.Seq, s)
			}
			copy(proof[i][:], b)
		}
		if err := tlog.CheckRecord(proof, cp.Size, cp.Root, ev.Seq-1, leaf); err != nil {
			t.Fatalf("event %d: %v", ev.Seq, err)
		}
		actions = append(actions, ev.Action)
	}
	return actions
}

func TestClaimBundle(t *testing.T) {
	f := newExportFixture(t)
	t.Run("Published", func(t *testing.T) {
		var b export.Bundle
		var raw map[string]any
		res := f.must(200, f.do(claims.RoleViewer, "GET", "/api/v1/claims/"+f.mostlyTrue.ID+"/bundle", nil))
		// Strictly: what the server sends is what the export types describe.
		dec := json.NewDecoder(bytes.NewReader(res.Body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&b); err != nil {
			t.Fatal(err)
		}
		res.decode(t, &raw)
		if b.Claim.ID != f.mostlyTrue.ID || len(b.Claim.Verdicts) != 1 || b.Claim.Provenance[1].Source.Name != "Instytut Badań nad Wojną" {
			t.Fatalf("claim %+v", b.Claim)
		}
		if b.ClaimReview == nil || b.ClaimReview.ReviewRating.RatingValue != 4 {
			t.Fatalf("claim_review %+v", b.ClaimReview)
		}
		if b.Annotation == nil || b.Annotation.Target.SHA256 != f.doc.SHA256 || b.Annotation.Target.Selector[0].Exact != "Łukaszenka powiedział, że białoruscy producenci są zainteresowani badaniem" {
			t.Fatalf("annotation %+v", b.Annotation)
		}
		if p := raw["provenance"].(map[string]any)["@graph"].([]any); p[1].(map[string]any)["wasQuotedFrom"] != f.http.URL+"/claims/"+f.mostlyTrue.ID {
			t.Fatalf("provenance %v", p)
		}
		actions := checkAudit(t, f.env, b.Audit)
		if strings.Join(actions, " ") != "claim.create verdict.propose verdict.approve" {
			t.Fatalf("proven events %v", actions)
		}
		// The proven approve event is the approval of the verdict the
		// review shows.
		if ev := b.Audit.Events[2].Event; ev.EntityID != b.Claim.Verdicts[0].ID {
			t.Fatalf("approve event for %s, verdict %s", ev.EntityID, b.Claim.Verdicts[0].ID)
		}
	})
	t.Run("Unpublished", func(t *testing.T) {
		var raw map[string]any
		f.must(200, f.do(claims.RoleViewer, "GET", "/api/v1/claims/"+f.wip.ID+"/bundle", nil)).decode(t, &raw)
		if _, ok := raw["claim_review"]; ok {
			t.Error("an unpublished claim has a claim_review")
		}
		if _, ok := raw["annotation"]; ok {
			t.Error("an unquoted claim has an annotation")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f.must(404, f.do(claims.RoleViewer, "GET", "/api/v1/claims/nope/bundle", nil)).problem(t)
	})
	t.Run("ErrUnauthorized", func(t *testing.T) {
		f.must(401, f.do("", "GET", "/api/v1/claims/"+f.wip.ID+"/bundle", nil)).problem(t)
	})
}

func TestDocumentBundle(t *testing.T) {
	f := newExportFixture(t)
	t.Run("OK", func(t *testing.T) {
		var b export.DocumentBundle
		res := f.must(200, f.do(claims.RoleViewer, "GET", "/api/v1/documents/"+f.doc.ID+"/bundle", nil))
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("content type %q", ct)
		}
		res.decode(t, &b)
		if b.Document.Body != f.doc.Body || claims.BodyHash(b.Document.Body) != b.Document.SHA256 {
			t.Fatal("the bundle's body is not the document's")
		}
		if got := checkAudit(t, f.env, b.Audit); len(got) != 1 || got[0] != "document.import" {
			t.Fatalf("document events %v", got)
		}
		if len(b.Claims) != 3 {
			t.Fatalf("%d claim bundles", len(b.Claims))
		}
		reviews := 0
		for _, cb := range b.Claims {
			if cb.Audit.Checkpoint != b.Audit.Checkpoint {
				t.Error("a claim's audit has another checkpoint")
			}
			if len(checkAudit(t, f.env, cb.Audit)) < 2 {
				t.Errorf("claim %s: too few events", cb.Claim.ID)
			}
			if cb.ClaimReview != nil {
				reviews++
			}
		}
		if reviews != 2 {
			t.Errorf("%d reviews, want 2", reviews)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f.must(404, f.do(claims.RoleViewer, "GET", "/api/v1/documents/nope/bundle", nil)).problem(t)
	})
}
