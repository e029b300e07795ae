package web

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// searchEnv is a server holding the claims the search tests look for.
func searchEnv(t *testing.T) (*env, map[string]string) {
	e := newEnv(t)
	luk := e.createSource("Aleksander Łukaszenka", claims.SourcePerson, "Lukashenko", "Лукашенко")
	isw := e.createSource("ISW", claims.SourceThinkTank)
	ids := map[string]string{}
	for key, c := range map[string]struct {
		text, src string
	}{
		"visit":  {"Łukaszenka zakończył podróż do Chin", luk.ID},
		"moscow": {"Łukaszenka zakończył wizytę w Moskwie", luk.ID},
		"source": {"Źródło: ISW o architekturze bezpieczeństwa w Europie", isw.ID},
		"trade":  {"Nowa architektura handlu (AND, OR, NOT)", isw.ID},
		"xi":     {"Xi Jinping przyjął delegację w Pekinie", isw.ID},
	} {
		var out claims.Claim
		e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims",
			map[string]any{"text": c.text, "kind": "reported", "source_id": c.src})).decode(t, &out)
		ids[key] = out.ID
	}
	return e, ids
}

type hitsJSON struct {
	Items []struct {
		ID        string        `json:"id"`
		Text      string        `json:"text"`
		MatchedIn string        `json:"matched_in"`
		Snippet   []segmentJSON `json:"snippet"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func (e *env) search(query string) hitsJSON {
	e.t.Helper()
	var h hitsJSON
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims?"+query, nil)).decode(e.t, &h)
	return h
}

func TestAPIClaimSearch(t *testing.T) {
	e, ids := searchEnv(t)
	tests := []struct {
		q         string
		want      []string // ids, any order
		marked    string   // the first marked text of the first hit
		matchedIn string
	}{
		{"zrodlo", []string{ids["source"]}, "Źródło", "text"},
		{"LUKASZENKA", []string{ids["visit"], ids["moscow"]}, "Łukaszenka", "text"},
		{"Lukashenko", []string{ids["visit"], ids["moscow"]}, "", "source"},
		{"Lukashenko Chinach", []string{ids["visit"]}, "Chin", "text"},
		{"architektur*", []string{ids["source"], ids["trade"]}, "", "text"},
		{`"architekturze bezpieczeństwa"`, []string{ids["source"]}, "architekturze bezpieczeństwa", "text"},
		{`"architektura bezpieczeństwa"`, nil, "", ""},
		{`NEAR(" architektur* OR`, nil, "", ""},
	}
	for _, tt := range tests {
		h := e.search("q=" + url.QueryEscape(tt.q))
		var got []string
		for _, it := range h.Items {
			got = append(got, it.ID)
		}
		if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(tt.want)) {
			t.Errorf("%q: %v, want %v", tt.q, got, tt.want)
			continue
		}
		if len(h.Items) == 0 {
			continue
		}
		first := h.Items[0]
		if first.MatchedIn != tt.matchedIn {
			t.Errorf("%q: matched_in %q, want %q", tt.q, first.MatchedIn, tt.matchedIn)
		}
		var joined strings.Builder
		mark := ""
		for _, s := range first.Snippet {
			joined.WriteString(s.Text)
			if s.Mark && mark == "" {
				mark = s.Text
			}
		}
		if tt.marked != "" && mark != tt.marked {
			t.Errorf("%q: first mark %q, want %q (snippet %+v)", tt.q, mark, tt.marked, first.Snippet)
		}
		if first.MatchedIn == "text" && joined.String() != first.Text {
			t.Errorf("%q: snippet %q is not the text %q", tt.q, joined.String(), first.Text)
		}
	}

	t.Run("OKFilters", func(t *testing.T) {
		if h := e.search("q=architektur*&kind=analytical"); len(h.Items) != 0 {
			t.Errorf("kind filter: %+v", h.Items)
		}
		if h := e.search("q=architektur*&from=2000-01-01&to=2999-12-31"); len(h.Items) != 2 {
			t.Errorf("date range: %+v", h.Items)
		}
		if h := e.search("q=architektur*&to=2000-01-01"); len(h.Items) != 0 {
			t.Errorf("date range before the claims: %+v", h.Items)
		}
		h := e.search("q=architektur*&limit=1")
		if len(h.Items) != 1 || h.NextCursor == "" {
			t.Fatalf("first page: %+v", h)
		}
		h2 := e.search("q=architektur*&limit=1&cursor=" + h.NextCursor)
		if len(h2.Items) != 1 || h2.Items[0].ID == h.Items[0].ID || h2.NextCursor != "" {
			t.Errorf("second page: %+v", h2)
		}
	})
	t.Run("ErrFrom", func(t *testing.T) {
		r := e.do(claims.RoleViewer, "GET", "/api/v1/claims?from=yesterday", nil)
		if r.Status != 422 && r.Status != 400 {
			t.Errorf("status %d", r.Status)
		}
	})
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestAPISearchHostile sends random hostile search boxes through HTTP to
// both searches and claim matching: none may be a server error.
func TestAPISearchHostile(t *testing.T) {
	e, _ := searchEnv(t)
	pieces := []string{`"`, `""`, `(`, `)`, `*`, `^`, `:`, `-`, `+`, `{`, `}`, "NEAR", "NEAR/3", "AND", "OR", "NOT",
		"folded", "stems", "rowid", "claim_fts", "Ł", "ź", "Лукашенко", "\u0301", "\u200b", "🙂", "\x00", "\xff", "%", "'", ";", " ", "a", "architektur"}
	r := rand.New(rand.NewPCG(7, 7))
	n := 300
	if testing.Short() {
		n = 60
	}
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		q := url.QueryEscape(b.String())
		for _, path := range []string{"/api/v1/claims?q=" + q, "/api/v1/documents?q=" + q, "/api/v1/claims/similar?text=" + q, "/claims?q=" + q} {
			res := e.do(claims.RoleViewer, "GET", path, nil)
			if res.Status >= 500 {
				t.Fatalf("GET %s: %d %s", path, res.Status, res.Body)
			}
		}
	}
}

func TestAPIClaimSimilar(t *testing.T) {
	e, ids := searchEnv(t)
	e.proposeAs(claims.RoleChecker, ids["visit"], claims.RatingTrue)
	var got struct {
		Items []struct {
			Claim   claims.Claim    `json:"claim"`
			Score   float64         `json:"score"`
			Verdict *claims.Verdict `json:"verdict"`
		} `json:"items"`
	}
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/similar?text="+url.QueryEscape("Łukaszenka zakończył wizytę w Chinach"), nil)).decode(t, &got)
	if len(got.Items) == 0 || got.Items[0].Claim.ID != ids["visit"] {
		t.Fatalf("best match %+v, want the trip to China", got.Items)
	}
	if v := got.Items[0].Verdict; v == nil || v.Rating != claims.RatingTrue || got.Items[0].Score <= 0 || got.Items[0].Claim.Source == nil {
		t.Errorf("best match without verdict, score or source: %+v", got.Items[0])
	}
	t.Run("OKNoWords", func(t *testing.T) {
		e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/similar?text=", nil)).decode(t, &got)
		if len(got.Items) != 0 {
			t.Errorf("empty text found %+v", got.Items)
		}
	})
	t.Run("ErrLimit", func(t *testing.T) {
		if r := e.do(claims.RoleViewer, "GET", "/api/v1/claims/similar?text=x&limit=0", nil); r.Status != 422 && r.Status != 400 {
			t.Errorf("status %d", r.Status)
		}
	})
	t.Run("ErrUnauthorized", func(t *testing.T) {
		if r := e.do("", "GET", "/api/v1/claims/similar?text=x", nil); r.Status != 401 {
			t.Errorf("status %d", r.Status)
		}
	})
}

func TestAPIDocumentSearch(t *testing.T) {
	e := newEnv(t)
	d := e.importText("Łukaszenka w Chinach", "Źródło podaje, że wizyta potrwa trzy dni.\n\nNic więcej.")
	e.importText("Budżet", "Wydatki na drogi wzrosły.")
	var h struct {
		Items []struct {
			ID      string        `json:"id"`
			Body    string        `json:"body"`
			Snippet []segmentJSON `json:"snippet"`
		} `json:"items"`
	}
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/documents?q=zrodlo", nil)).decode(t, &h)
	if len(h.Items) != 1 || h.Items[0].ID != d.ID || h.Items[0].Body != "" {
		t.Fatalf("documents search %+v", h.Items)
	}
	if s := h.Items[0].Snippet; len(s) == 0 || !s[0].Mark || s[0].Text != "Źródło" {
		t.Errorf("snippet %+v", s)
	}
}
