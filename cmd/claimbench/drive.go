package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// scenario is one kind of request; next builds one request.
type scenario struct {
	key    string // for -scenarios
	name   string
	write  bool // compared with the floor
	status int  // the answer that counts as a success
	next   func() (method, path string, body any)
}

// scenarioKeys name the scenarios for -scenarios, in the order they run.
var scenarioKeys = []string{"post", "ceiling", "get", "page", "list", "listpage", "search", "verdict"}

// scenarios are the requests the issue names: write a claim, read it as
// JSON and as a page, list a page of claims (JSON and HTML), search,
// propose a verdict. Reads pick a random claim of the fixture. The
// ceiling is GET /healthz with the token: the whole HTTP path (the
// connection, the middleware, authentication, routing, the access log and
// the metrics, a small JSON answer) without reading the store, which bounds
// what any request can reach on this machine with this load generator.
func scenarios(f *fixture) []scenario {
	pick := func() string { return f.claimIDs[rand.IntN(len(f.claimIDs))] }
	word := func() string { return url.QueryEscape(f.words[rand.IntN(len(f.words))]) }
	var seq atomic.Int64
	return []scenario{
		{"post", "POST claim", true, 201, func() (string, string, any) {
			return "POST", "/api/v1/claims", claimBody(f, 1_000_000+int(seq.Add(1)))
		}},
		{"ceiling", ceilingName, false, 200, func() (string, string, any) { return "GET", "/healthz", nil }},
		{"get", "GET claim (JSON)", false, 200, func() (string, string, any) { return "GET", "/api/v1/claims/" + pick(), nil }},
		{"page", "claim page (HTML)", false, 200, func() (string, string, any) { return "GET", "/claims/" + pick(), nil }},
		{"list", "claim list (JSON, 50)", false, 200, func() (string, string, any) { return "GET", "/api/v1/claims?limit=50", nil }},
		{"listpage", "claim list page (HTML)", false, 200, func() (string, string, any) { return "GET", "/claims", nil }},
		{"search", "search (?q=, 20)", false, 200, func() (string, string, any) { return "GET", "/api/v1/claims?limit=20&q=" + word(), nil }},
		{"verdict", "propose verdict", true, 201, func() (string, string, any) {
			return "POST", "/api/v1/claims/" + pick() + "/verdicts", map[string]any{
				"attribution": "accurate", "rating": "mostly-true", "rationale": "Kancelaria opublikowała listę dokumentów.",
			}
		}},
	}
}

// result is one scenario at one concurrency level.
type result struct {
	scenario      string
	clients       int
	write         bool
	requests      int // answered as expected
	rate          float64
	p50, p95, p99 time.Duration
	errors        int    // failed or answered otherwise
	firstError    string // what the first of them was
	rssMB         int    // the server's resident memory at the end
	peakMB        int    // and its high-water mark during the run
}

// drive runs sc with c closed-loop clients for d: each sends a request,
// waits for the whole answer, and sends the next. Latencies are those of
// the successful requests; the rate counts them over the wall time.
func drive(ctx context.Context, s *server, sc scenario, c int, d time.Duration) result {
	var mu sync.Mutex
	var lat []time.Duration
	var errs int
	var firstErr string
	fail := func(msg string) {
		mu.Lock()
		if errs == 0 {
			firstErr = msg
		}
		errs++
		mu.Unlock()
	}
	start := time.Now()
	stop := start.Add(d)
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(stop) && ctx.Err() == nil {
				method, path, body := sc.next()
				t := time.Now()
				res, err := s.do(ctx, method, path, body)
				if err != nil {
					fail(err.Error())
					continue
				}
				var snippet []byte
				if res.StatusCode != sc.status {
					snippet, _ = io.ReadAll(io.LimitReader(res.Body, 300))
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				switch {
				case res.StatusCode != sc.status:
					fail(fmt.Sprintf("%s %s: %d %s", method, path, res.StatusCode, snippet))
				case err != nil:
					fail(fmt.Sprintf("%s %s: reading the answer: %v", method, path, err))
				default:
					mine = append(mine, time.Since(t))
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	return result{requests: len(lat), rate: float64(len(lat)) / elapsed.Seconds(),
		p50: q(0.50), p95: q(0.95), p99: q(0.99), errors: errs, firstError: firstErr}
}
