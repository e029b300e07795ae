package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// readCounter is a store that counts the sources and documents read.
type readCounter struct {
	claims.Store
	lists, listed, byID atomic.Int64
}

func (c *readCounter) FindSources(ctx context.Context, f claims.SourceFilter) ([]*claims.Source, string, error) {
	list, next, err := c.Store.FindSources(ctx, f)
	c.lists.Add(1)
	c.listed.Add(int64(len(list)))
	return list, next, err
}

func (c *readCounter) FindDocuments(ctx context.Context, f claims.DocumentFilter) ([]*claims.Document, string, error) {
	list, next, err := c.Store.FindDocuments(ctx, f)
	c.lists.Add(1)
	c.listed.Add(int64(len(list)))
	return list, next, err
}

func (c *readCounter) FindSourceByID(ctx context.Context, id string) (*claims.Source, error) {
	c.byID.Add(1)
	return c.Store.FindSourceByID(ctx, id)
}

func (c *readCounter) FindDocumentByID(ctx context.Context, id string) (*claims.Document, error) {
	c.byID.Add(1)
	return c.Store.FindDocumentByID(ctx, id)
}

func (c *readCounter) reset() {
	c.lists.Store(0)
	c.listed.Store(0)
	c.byID.Store(0)
}

// pickerSite is a server with the sources, documents and claims the
// picker tests choose among, and an editor signed in.
type pickerSite struct {
	*env
	ed   *http.Client
	src  map[string]*claims.Source
	doc  map[string]*claims.Document
	text map[string]string // claim text by the name of its source
}

func newPickerSite(t *testing.T) *pickerSite {
	t.Helper()
	e := newEnv(t)
	e.addUser("ola", "ola-password-1", claims.RoleEditor)
	p := &pickerSite{env: e, ed: e.signIn("ola", "ola-password-1"), src: map[string]*claims.Source{}, doc: map[string]*claims.Document{}, text: map[string]string{}}
	ctx := context.Background()
	for _, s := range []*claims.Source{
		{Name: "Jan Kowalski", Type: claims.SourcePerson},
		{Name: "Anna Kowalska", Type: claims.SourceMedia, Aliases: []string{"A. Kowalska"}},
		{Name: "Jan Kowal", Type: claims.SourcePerson},
		{Name: "Aleksander Łukaszenka", Type: claims.SourcePerson, Aliases: []string{"Lukashenko"}},
	} {
		if err := e.store.CreateSource(ctx, claims.SystemActor, s); err != nil {
			t.Fatal(err)
		}
		p.src[s.Name] = s
	}
	for _, d := range []*claims.Document{
		{Title: "Bridge report", Body: "The bridge opens in May."},
		{Title: "Bridge closure notice", Body: "The old bridge closes."},
	} {
		if err := e.store.CreateDocument(ctx, claims.SystemActor, d); err != nil {
			t.Fatal(err)
		}
		p.doc[d.Title] = d
	}
	for _, c := range []struct{ source, doc, text string }{
		{"Jan Kowalski", "Bridge report", "Kowalski says the bridge opens in May"},
		{"Anna Kowalska", "Bridge closure notice", "Kowalska reports the old bridge closes"},
		{"Jan Kowal", "", "Kowal doubts the date"},
		{"Aleksander Łukaszenka", "", "Lukashenko praises the bridge"},
	} {
		cl := &claims.Claim{Text: c.text, Kind: claims.KindReported, SourceID: p.src[c.source].ID}
		if c.doc != "" {
			cl.DocumentID = p.doc[c.doc].ID
		}
		if err := e.store.CreateClaim(ctx, claims.SystemActor, cl); err != nil {
			t.Fatal(err)
		}
		p.text[c.source] = c.text
	}
	return p
}

// list gets the claims list with the query and checks its status.
func (p *pickerSite) list(status int, q url.Values) string {
	p.t.Helper()
	return string(p.must(status, p.get(p.ed, "/claims?"+q.Encode())).Body)
}

// shows fails unless the page lists exactly the claims of the named
// sources.
func (p *pickerSite) shows(t *testing.T, body string, sources ...string) {
	t.Helper()
	for name, text := range p.text {
		want := false
		for _, s := range sources {
			want = want || s == name
		}
		if strings.Contains(body, text) != want {
			t.Errorf("the list shows %q: %v, want %v", text, !want, want)
		}
	}
}

func contains(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("the page lacks %s", w)
		}
	}
}

// TestPickerClaimList filters the claims list by a source and a document
// given by id, by a typed name (with no JavaScript to choose one), and by
// a typed name that matches several or none.
func TestPickerClaimList(t *testing.T) {
	p := newPickerSite(t)
	kowalski, kowalska := p.src["Jan Kowalski"], p.src["Anna Kowalska"]
	hiddenSource := func(id string) string { return `<input type="hidden" name="source_id" value="` + id + `">` }

	t.Run("ByID", func(t *testing.T) {
		body := p.list(200, url.Values{"source_id": {kowalski.ID}, "document_id": {p.doc["Bridge report"].ID}})
		contains(t, body, `id="f-source" name="source_name" type="text" value="Jan Kowalski"`, hiddenSource(kowalski.ID),
			`id="f-document" name="document_title" type="text" value="Bridge report"`,
			`<input type="hidden" name="document_id" value="`+p.doc["Bridge report"].ID+`">`)
		p.shows(t, body, "Jan Kowalski")
	})
	t.Run("TypedUnique", func(t *testing.T) {
		body := p.list(200, url.Values{"source_name": {"Lukashenko"}, "source_id": {""}}) // an alias
		contains(t, body, `value="Aleksander Łukaszenka"`, hiddenSource(p.src["Aleksander Łukaszenka"].ID))
		p.shows(t, body, "Aleksander Łukaszenka")
	})
	t.Run("TypedExactAmongSeveral", func(t *testing.T) {
		// "Jan Kowal" is in "Jan Kowalski" too; the source of that very name wins.
		body := p.list(200, url.Values{"source_name": {"  jan   kowal "}})
		contains(t, body, `value="Jan Kowal"`, hiddenSource(p.src["Jan Kowal"].ID))
		p.shows(t, body, "Jan Kowal")
	})
	t.Run("TypedSeveral", func(t *testing.T) {
		body := p.list(422, url.Values{"source_name": {"Kowal"}, "source_id": {""}})
		contains(t, body, `Several sources match “Kowal”: choose one below, or type more of the name.`,
			`aria-describedby="f-source-error" aria-invalid="true"`,
			`<input type="hidden" name="source_id" value="" disabled>`, `<select id="f-source-choices" name="source_id">`,
			`<option value="`+kowalska.ID+`" data-name="Anna Kowalska">Anna Kowalska — Media; A. Kowalska</option>`,
			`<option value="`+kowalski.ID+`" data-name="Jan Kowalski">Jan Kowalski — Person</option>`, `value="Kowal"`)
		if strings.Contains(body, `<table class="claims">`) {
			t.Error("a filter that names no one source shows claims")
		}
	})
	t.Run("CandidateChosen", func(t *testing.T) {
		// The select sends the id; the field still holds what was typed.
		body := p.list(200, url.Values{"source_name": {"Kowal"}, "source_id": {kowalska.ID}})
		contains(t, body, `value="Anna Kowalska"`, hiddenSource(kowalska.ID))
		p.shows(t, body, "Anna Kowalska")
	})
	t.Run("TypedOverStaleID", func(t *testing.T) {
		// Without JavaScript the hidden id stays when the name is retyped.
		body := p.list(200, url.Values{"source_name": {"Anna Kowalska"}, "source_id": {kowalski.ID}})
		p.shows(t, body, "Anna Kowalska")
	})
	t.Run("TypedNone", func(t *testing.T) {
		body := p.list(422, url.Values{"source_name": {"Nobody"}})
		contains(t, body, `No source matches “Nobody”. Check the spelling, or add the source first.`, `value="Nobody"`)
	})
	t.Run("Emptied", func(t *testing.T) {
		body := p.list(200, url.Values{"source_name": {""}, "source_id": {kowalski.ID}})
		p.shows(t, body, "Jan Kowalski", "Anna Kowalska", "Jan Kowal", "Aleksander Łukaszenka")
		contains(t, body, hiddenSource(""))
	})
	t.Run("Documents", func(t *testing.T) {
		body := p.list(422, url.Values{"document_title": {"bridge"}})
		contains(t, body, `Several documents match “bridge”: choose one below, or type more of the title.`,
			`<option value="`+p.doc["Bridge report"].ID+`" data-name="Bridge report">Bridge report</option>`)
		body = p.list(200, url.Values{"document_title": {"Bridge report"}})
		p.shows(t, body, "Jan Kowalski")
		body = p.list(200, url.Values{"document_title": {"closure"}})
		p.shows(t, body, "Anna Kowalska")
		p.list(422, url.Values{"document_title": {"nonexistent words"}})
	})
	t.Run("Polish", func(t *testing.T) {
		req, err := http.NewRequest("GET", p.http.URL+"/claims?source_name=Kowal", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Language", "pl")
		body := string(p.must(422, p.sendWith(p.ed, req)).Body)
		contains(t, body, "Do „Kowal” pasuje kilka źródeł: wybierz jedno poniżej albo wpisz więcej liter nazwy.",
			"— wybierz —", "Anna Kowalska — Media; A. Kowalska", `placeholder="Wpisz nazwę"`)
	})
}

// TestPickerClaimForm creates and edits claims through the form with
// sources and documents typed by name, as without JavaScript.
func TestPickerClaimForm(t *testing.T) {
	p := newPickerSite(t)
	luka, kowal, kowalska := p.src["Aleksander Łukaszenka"], p.src["Jan Kowal"], p.src["Anna Kowalska"]
	report := p.doc["Bridge report"]

	t.Run("PrefilledByID", func(t *testing.T) {
		body := string(p.must(200, p.get(p.ed, "/claims/new?"+url.Values{"source_id": {luka.ID}, "document_id": {report.ID},
			"hop_source": {kowal.ID}, "hop_role": {"originator"}}.Encode())).Body)
		contains(t, body, `id="source_name" name="source_name" type="text" value="Aleksander Łukaszenka"`,
			`<input type="hidden" name="source_id" value="`+luka.ID+`">`,
			`id="document_title" name="document_title" type="text" value="Bridge report"`,
			`id="hop_source_name-1" name="hop_source_name" type="text" value="Jan Kowal"`,
			`<input type="hidden" name="hop_source" value="`+kowal.ID+`">`,
			`id="hop_source_name-2" name="hop_source_name" type="text" value=""`, `<script src="/static/picker.js" defer></script>`)
	})

	form := func(source, doc string, hops ...string) url.Values {
		v := url.Values{"text": {"The bridge opens in May"}, "kind": {"reported"}, "source_name": {source}, "source_id": {""},
			"document_title": {doc}, "document_id": {""}}
		for _, h := range hops {
			v["hop_source_name"] = append(v["hop_source_name"], h)
			v["hop_source"] = append(v["hop_source"], "")
			v["hop_role"] = append(v["hop_role"], "originator")
		}
		return v
	}
	var id string
	t.Run("CreateTyped", func(t *testing.T) {
		res := p.must(303, p.form(p.ed, "/claims", form("lukashenko", "Bridge report", "Jan Kowal", "")))
		id = strings.TrimPrefix(res.Header.Get("Location"), "/claims/")
		c, err := p.store.FindClaimByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if c.SourceID != luka.ID || c.DocumentID != report.ID || len(c.Provenance) != 1 || c.Provenance[0].SourceID != kowal.ID {
			t.Fatalf("stored source %s, document %s, chain %+v", c.SourceID, c.DocumentID, c.Provenance)
		}
	})
	t.Run("EditShowsNames", func(t *testing.T) {
		body := string(p.must(200, p.get(p.ed, "/claims/"+id+"/edit")).Body)
		contains(t, body, `value="Aleksander Łukaszenka"`, `value="Bridge report"`,
			`id="hop_source_name-1" name="hop_source_name" type="text" value="Jan Kowal"`)
	})
	t.Run("Unresolved", func(t *testing.T) {
		count := func() int {
			list, _, err := p.store.FindClaims(context.Background(), claims.ClaimFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		before := count()
		v := form("Kowal", "no such title", "Nobody", "")
		v.Set("text", "")
		body := string(p.must(422, p.form(p.ed, "/claims", v)).Body)
		contains(t, body, "Several sources match “Kowal”", `<select id="source_name-choices" name="source_id">`,
			`aria-describedby="source_name-hint source_name-error" aria-invalid="true"`,
			"No document matches “no such title”", `id="document_title-error"`,
			`No source matches “Nobody”`, `id="hop_source_name-1-error"`, "The source of a hop is not clear",
			`id="text-error"`) // the form's other problems are shown at once
		if n := count(); n != before {
			t.Errorf("%d claims after an unresolved form, want %d as before", n, before)
		}
		// Choosing a candidate and emptying the rest saves it.
		v = form("Kowal", "", "")
		v.Set("source_id", kowalska.ID)
		p.must(303, p.form(p.ed, "/claims", v))
	})
	t.Run("IDsOnly", func(t *testing.T) {
		// A client that sends only ids (no text fields) is taken at its word.
		p.must(303, p.form(p.ed, "/claims", url.Values{"text": {"By id"}, "kind": {"reported"}, "source_id": {kowal.ID},
			"hop_source": {luka.ID}, "hop_role": {"originator"}}))
	})
}

// TestPickerReadsFew seeds 1,500 sources and 1,500 documents and checks
// that the claims list and the claim form read only the chosen ones, that
// a typed name reads at most a few candidates, and that a source past the
// first thousand can be chosen.
func TestPickerReadsFew(t *testing.T) {
	p := newPickerSite(t)
	ctx := context.Background()
	const n = 1500
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 16 {
		wg.Go(func() {
			for i := w; i < n; i += 16 {
				if err := p.store.CreateSource(ctx, claims.SystemActor, &claims.Source{Name: fmt.Sprintf("Źródło %04d", i), Type: claims.SourceOther}); err != nil {
					errs <- err
					return
				}
				if err := p.store.CreateDocument(ctx, claims.SystemActor, &claims.Document{Title: fmt.Sprintf("Raport %04d", i), Body: "Treść."}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	counter := &readCounter{Store: p.server.store}
	p.server.store = counter

	check := func(path string, status int, maxByID, maxListed int64) string {
		t.Helper()
		counter.reset()
		body := string(p.must(status, p.get(p.ed, path)).Body)
		if got := counter.byID.Load(); got > maxByID {
			t.Errorf("%s read %d sources or documents by id, want at most %d", path, got, maxByID)
		}
		if got := counter.listed.Load(); got > maxListed {
			t.Errorf("%s listed %d sources or documents in %d calls, want at most %d", path, got, counter.lists.Load(), maxListed)
		}
		if opts := strings.Count(body, "<option"); opts > 40 {
			t.Errorf("%s has %d options", path, opts)
		}
		return body
	}
	check("/claims", 200, 0, 0)
	check("/claims/new", 200, 0, 0)
	check("/claims?"+url.Values{"source_id": {p.src["Jan Kowal"].ID}, "document_id": {p.doc["Bridge report"].ID}}.Encode(), 200, 2, 0)
	check("/claims/new?"+url.Values{"source_id": {p.src["Jan Kowal"].ID}, "document_id": {p.doc["Bridge report"].ID},
		"hop_source": {p.src["Jan Kowal"].ID}, "hop_role": {"originator"}}.Encode(), 200, 3, 0)
	body := check("/claims?source_name=Źródło", 422, 0, pickerCandidates+1)
	if got := strings.Count(body, `data-name="Źródło`); got != pickerCandidates {
		t.Errorf("%d candidates offered, want %d", got, pickerCandidates)
	}
	// Past the first thousand by name, which the old select never offered.
	last := fmt.Sprintf("Źródło %04d", n-1)
	body = check("/claims?source_name="+url.QueryEscape(last), 200, 0, pickerCandidates+1)
	contains(t, body, `value="`+last+`"`)
	check("/claims?document_title="+url.QueryEscape(fmt.Sprintf("Raport %04d", n-1)), 200, 0, pickerCandidates+1)
}
