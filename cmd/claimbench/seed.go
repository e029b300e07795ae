package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"

	"github.com/claimtrail/claimtrail/claims/corpus"
)

// fixture is what the scenarios work on.
type fixture struct {
	sourceID string   // for new claims
	docIDs   []string // for new claims, which quote them
	claimIDs []string // the claims to read and to propose verdicts on
	words    []string // search terms that find claims
	total    int      // claims in the database
}

// benchWords occur in every seeded claim: each search matches them all,
// the worst case for ranking.
var benchWords = []string{"dokumentów", "współpracy", "Łukaszenka", "gospodarczej", "pakiet"}

// benchBody is a short Polish article the seeded claims quote from.
const benchBody = "Aleksander Łukaszenka zakończył dziś podróż do Chin.\n\n" +
	"Xi Jinping i Łukaszenka podpisali też pakiet 16 dokumentów dotyczących rozwijania współpracy.\n\n" +
	"Jak analizuje amerykański think tank ISW, dokumenty mają ułatwić Kremlowi omijanie zachodnich sankcji."

// claimBody is a POST /api/v1/claims body; i makes the text unique and
// picks the document.
func claimBody(f *fixture, i int) map[string]any {
	return map[string]any{
		"text": fmt.Sprintf("Łukaszenka i Xi podpisali pakiet %d dokumentów o współpracy gospodarczej", i),
		"kind": "reported", "source_id": f.sourceID, "document_id": f.docIDs[i%len(f.docIDs)],
		"quote":      map[string]any{"exact": "podpisali też pakiet 16 dokumentów"},
		"provenance": []map[string]any{{"source_id": f.sourceID, "role": "originator"}},
		"tags":       []string{"białoruś", "chiny"},
	}
}

// claimsPerDocument is how many of the seeded claims quote one document:
// an article's worth. The claim page reads the claim's document with its
// count of claims, so a document every claim quoted would make each page
// count them all.
const claimsPerDocument = 20

// seed creates a source, a document for every claimsPerDocument claims and
// n claims through the API, eight at a time.
func seed(ctx context.Context, s *server, n int) (*fixture, error) {
	f, err := seedTargets(ctx, s, max(1, n/claimsPerDocument))
	if err != nil {
		return nil, err
	}
	f.words, f.total = benchWords, n
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				var c struct{ ID string }
				if err := s.postJSON(ctx, "/api/v1/claims", claimBody(f, i), &c); err != nil {
					errs <- err
					return
				}
				ids[i] = c.ID
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	f.claimIDs = ids
	return f, nil
}

// seedTargets creates the source and the docs documents that new claims
// cite.
func seedTargets(ctx context.Context, s *server, docs int) (*fixture, error) {
	var src struct{ ID string }
	if err := s.postJSON(ctx, "/api/v1/sources", map[string]any{"name": "Aleksander Łukaszenka", "type": "person", "aliases": []string{"Lukashenko"}}, &src); err != nil {
		return nil, err
	}
	f := &fixture{sourceID: src.ID}
	for i := range docs {
		var doc struct{ ID string }
		title := fmt.Sprintf("Wizyta w Chinach (%d)", i+1)
		if err := s.postJSON(ctx, "/api/v1/documents", map[string]any{"title": title, "body": benchBody, "format": "text"}, &doc); err != nil {
			return nil, err
		}
		f.docIDs = append(f.docIDs, doc.ID)
	}
	return f, nil
}

// sampleFixture prepares the scenarios on an existing database: a source
// and a document for new claims, through the API, and n claims to read
// drawn at random rowids across the whole claims table (read straight
// from the file, read-only: the API's lists reach only the newest).
func sampleFixture(ctx context.Context, s *server, path string, n int) (*fixture, error) {
	f, err := seedTargets(ctx, s, 10)
	if err != nil {
		return nil, err
	}
	f.words = corpus.Vocabulary()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var maxRowid int64
	if err := db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(rowid), 0) FROM claims`).Scan(&f.total, &maxRowid); err != nil {
		return nil, fmt.Errorf("count claims: %w", err)
	}
	if maxRowid == 0 {
		return nil, errors.New("the database has no claims to read")
	}
	for range n {
		var id string
		err := db.QueryRowContext(ctx, `SELECT id FROM claims WHERE rowid >= ? ORDER BY rowid LIMIT 1`, 1+rand.Int64N(maxRowid)).Scan(&id)
		if err != nil {
			return nil, fmt.Errorf("sample claims: %w", err)
		}
		f.claimIDs = append(f.claimIDs, id)
	}
	return f, nil
}

// postJSON sends v and decodes the 201 answer into out.
func (s *server) postJSON(ctx context.Context, path string, v, out any) error {
	res, err := s.do(ctx, "POST", path, v)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST %s: %d %s", path, res.StatusCode, b)
	}
	return json.Unmarshal(b, out)
}

// do sends an authenticated request with v as its JSON body (nil: none).
func (s *server) do(ctx context.Context, method, path string, v any) (*http.Response, error) {
	var body io.Reader
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	if v != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return s.client.Do(req)
}
