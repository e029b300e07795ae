package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// loadClient is one of many concurrent API clients of a real server.
type loadClient struct {
	t      *testing.T
	e      *env
	base   string
	client *http.Client
}

// newLoadClient returns a client sharing one transport sized for n
// concurrent connections.
func newLoadClient(t *testing.T, e *env, base string, n int) *loadClient {
	tr := &http.Transport{MaxIdleConns: n, MaxIdleConnsPerHost: n, MaxConnsPerHost: n}
	t.Cleanup(tr.CloseIdleConnections)
	return &loadClient{t: t, e: e, base: base, client: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// do sends body as JSON as role; it fails the test on a 5xx, a dropped
// connection or a "locked" anywhere in the answer.
func (c *loadClient) do(ctx context.Context, role claims.Role, method, path string, body any) (int, []byte) {
	var rd io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.e.tokens[role])
	res, err := c.client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			c.t.Errorf("%s %s: %v", method, path, err)
		}
		return 0, nil
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil && ctx.Err() == nil {
		c.t.Errorf("%s %s: reading the answer: %v", method, path, err)
	}
	if res.StatusCode >= 500 || bytes.Contains(bytes.ToLower(b), []byte("locked")) {
		c.t.Errorf("%s %s: status %d: %.300s", method, path, res.StatusCode, b)
	}
	return res.StatusCode, b
}

// count pages through a list endpoint and returns how many items it has.
func (c *loadClient) count(path string) int {
	n, cursor := 0, ""
	for {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		status, b := c.do(context.Background(), viewer, "GET", path+sep+"limit=100&cursor="+cursor, nil)
		if status != 200 {
			c.t.Fatalf("GET %s: %d %s", path, status, b)
		}
		var l struct {
			Items      []json.RawMessage `json:"items"`
			NextCursor string            `json:"next_cursor"`
		}
		if err := json.Unmarshal(b, &l); err != nil {
			c.t.Fatal(err)
		}
		n += len(l.Items)
		if l.NextCursor == "" {
			return n
		}
		cursor = l.NextCursor
	}
}

// treeSize returns the audit log's size from the latest checkpoint.
func (c *loadClient) treeSize() int64 {
	size, err := c.e.store.VerifyLog(context.Background())
	if err != nil {
		c.t.Fatalf("audit log: %v", err)
	}
	return size.Size
}

// TestConcurrentClients runs 64 API clients at once, each creating sources,
// claims and comments, reading lists and records, and editing one shared
// claim with the version it last read. No request may fail with a 5xx or
// "database is locked"; the counts of what exists and of audit events must
// equal the number of acknowledged writes exactly; and every acknowledged
// edit of the shared claim must be counted in its version (no lost update).
func TestConcurrentClients(t *testing.T) {
	e := newEnv(t)
	c := newLoadClient(t, e, e.realServer(), 64)
	src := e.createSource("Shared source", claims.SourceOrganization)
	var shared claims.Claim
	e.must(201, e.do(editor, "POST", "/api/v1/claims", map[string]any{"text": "Shared claim.", "kind": "reported", "source_id": src.ID})).decode(t, &shared)
	sourcesBefore, claimsBefore := c.count("/api/v1/sources"), c.count("/api/v1/claims")
	eventsBefore := c.treeSize()

	const clients = 64
	rounds := 4
	if os.Getenv("CLAIMTRAIL_LONG") == "1" {
		rounds = 25
	}
	var sources, claimsMade, comments, edits, conflicts, reads atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for r := range rounds {
				if status, _ := c.do(ctx, editor, "POST", "/api/v1/sources", map[string]any{"name": fmt.Sprintf("Load source %d-%d", i, r), "type": "person"}); status == 201 {
					sources.Add(1)
				} else {
					t.Errorf("create source: %d", status)
				}
				if status, _ := c.do(ctx, editor, "POST", "/api/v1/claims", map[string]any{"text": fmt.Sprintf("Load claim %d-%d.", i, r), "kind": "analytical", "source_id": src.ID}); status == 201 {
					claimsMade.Add(1)
				} else {
					t.Errorf("create claim: %d", status)
				}
				if status, _ := c.do(ctx, viewer, "POST", "/api/v1/claims/"+shared.ID+"/comments", map[string]any{"body": fmt.Sprintf("Comment %d-%d", i, r)}); status == 201 {
					comments.Add(1)
				} else {
					t.Errorf("comment: %d", status)
				}
				for _, p := range []string{"/api/v1/claims?limit=20", "/api/v1/sources?q=Load", "/api/v1/claims/" + shared.ID, "/api/v1/audit?limit=50", "/"} {
					if status, _ := c.do(ctx, viewer, "GET", p, nil); status != 200 {
						t.Errorf("GET %s: %d", p, status)
					}
					reads.Add(1)
				}
				// Edit the shared claim with the version just read.
				_, b := c.do(ctx, editor, "GET", "/api/v1/claims/"+shared.ID, nil)
				var cur claims.Claim
				json.Unmarshal(b, &cur)
				switch status, b := c.do(ctx, editor, "PATCH", "/api/v1/claims/"+shared.ID, map[string]any{"version": cur.Version, "tags": []string{fmt.Sprintf("t%d-%d", i, r)}}); status {
				case 200:
					edits.Add(1)
				case 409:
					conflicts.Add(1)
				default:
					t.Errorf("PATCH: %d %s", status, b)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	if got, want := c.count("/api/v1/sources")-sourcesBefore, int(sources.Load()); got != want {
		t.Errorf("%d new sources, want %d", got, want)
	}
	if got, want := c.count("/api/v1/claims")-claimsBefore, int(claimsMade.Load()); got != want {
		t.Errorf("%d new claims, want %d", got, want)
	}
	if got, want := c.count("/api/v1/claims/"+shared.ID+"/comments"), int(comments.Load()); got != want {
		t.Errorf("%d comments, want %d", got, want)
	}
	var final claims.Claim
	e.must(200, e.do(viewer, "GET", "/api/v1/claims/"+shared.ID, nil)).decode(t, &final)
	if want := 1 + int(edits.Load()); final.Version != want {
		t.Errorf("shared claim at version %d after %d acknowledged edits; want %d (a lost update)", final.Version, edits.Load(), want)
	}
	writes := sources.Load() + claimsMade.Load() + comments.Load() + edits.Load()
	if got := c.treeSize() - eventsBefore; got != writes {
		t.Errorf("%d audit events for %d acknowledged writes", got, writes)
	}
	t.Logf("concurrency: %d clients × %d rounds in %v: %d sources, %d claims, %d comments, %d edits + %d conflicts on one claim, %d reads; %d audit events, counts exact",
		clients, rounds, elapsed.Round(time.Millisecond), sources.Load(), claimsMade.Load(), comments.Load(), edits.Load(), conflicts.Load(), reads.Load(), writes)
}

// TestConcurrentEditsSameVersion has 64 clients PATCH one claim with the
// same version at the same moment, several times: exactly one wins each
// round, the others get 409, and the winner's text is what is stored.
func TestConcurrentEditsSameVersion(t *testing.T) {
	e := newEnv(t)
	c := newLoadClient(t, e, e.realServer(), 64)
	src := e.createSource("Edit source", claims.SourcePerson)
	var cl claims.Claim
	e.must(201, e.do(editor, "POST", "/api/v1/claims", map[string]any{"text": "Original.", "kind": "reported", "source_id": src.ID})).decode(t, &cl)
	const clients, rounds = 64, 5
	for round := range rounds {
		version := cl.Version
		var ok, conflict atomic.Int64
		var winner atomic.Value
		gate := make(chan struct{})
		var wg sync.WaitGroup
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				text := fmt.Sprintf("Edit %d by client %d.", round, i)
				status, b := c.do(context.Background(), editor, "PATCH", "/api/v1/claims/"+cl.ID, map[string]any{"version": version, "text": text})
				switch status {
				case 200:
					ok.Add(1)
					winner.Store(text)
				case 409:
					conflict.Add(1)
				default:
					t.Errorf("PATCH: %d %s", status, b)
				}
			}()
		}
		close(gate)
		wg.Wait()
		e.must(200, e.do(viewer, "GET", "/api/v1/claims/"+cl.ID, nil)).decode(t, &cl)
		if ok.Load() != 1 || conflict.Load() != clients-1 {
			t.Fatalf("round %d: %d × 200 and %d × 409; want exactly one winner", round, ok.Load(), conflict.Load())
		}
		if cl.Version != version+1 || cl.Text != winner.Load() {
			t.Fatalf("round %d: stored version %d text %q; want version %d text %q", round, cl.Version, cl.Text, version+1, winner.Load())
		}
	}
	t.Logf("optimistic locking: %d rounds × %d concurrent PATCHes of one version: exactly one 200 each, %d × 409", rounds, clients, rounds*(clients-1))
}

// TestCancelledWritesLeaveNoPartialState sends writes whose clients hang up
// at random moments. Whatever the server did, each write is whole or
// absent: the number of new sources equals the number of new audit
// events, every acknowledged source exists, and the log verifies.
func TestCancelledWritesLeaveNoPartialState(t *testing.T) {
	e := newEnv(t)
	c := newLoadClient(t, e, e.realServer(), 16)
	sourcesBefore := c.count("/api/v1/sources")
	eventsBefore := c.treeSize()
	n := 300
	if os.Getenv("CLAIMTRAIL_LONG") == "1" {
		n = 3000
	}
	var acked, cancelled atomic.Int64
	var mu sync.Mutex
	var ackedIDs []string
	jobs := make([]func(), n)
	for i := range jobs {
		jobs[i] = func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(rand.IntN(250000))*time.Microsecond)
			defer cancel()
			status, b := c.do(ctx, editor, "POST", "/api/v1/sources", map[string]any{"name": fmt.Sprintf("Cancelled %d", i), "type": "media",
				"description": strings.Repeat("long ", 2000)})
			if status == 201 {
				var s claims.Source
				if json.Unmarshal(b, &s) == nil {
					acked.Add(1)
					mu.Lock()
					ackedIDs = append(ackedIDs, s.ID)
					mu.Unlock()
				}
			} else {
				cancelled.Add(1)
			}
		}
	}
	parallel(16, jobs)
	// Writes detached from cancelled requests may still be finishing:
	// count once the log stands still around the count of sources.
	var created int
	var events int64
	for deadline := time.Now().Add(30 * time.Second); ; {
		before := c.treeSize()
		created = c.count("/api/v1/sources") - sourcesBefore
		after := c.treeSize()
		events = after - eventsBefore
		if before == after || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if int64(created) != events {
		t.Errorf("%d sources were created but %d audit events appended", created, events)
	}
	if int64(created) < acked.Load() {
		t.Errorf("%d sources exist but %d were acknowledged", created, acked.Load())
	}
	for _, id := range ackedIDs {
		if _, err := e.store.FindSourceByID(context.Background(), id); err != nil {
			t.Errorf("acknowledged source %s: %v", id, err)
		}
	}
	t.Logf("cancellation: %d writes, %d acknowledged, %d cut off by the client; %d sources created and %d audit events (equal), log verifies",
		n, acked.Load(), cancelled.Load(), created, events)
}
