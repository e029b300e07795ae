package main

import (
	"context"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// scenario is one kind of request; next builds the i-th request.
type scenario struct {
	name   string
	write  bool
	status int
	next   func(i int) (method, path string, body any)
}

// scenarios are the requests the issue names: write a claim, read it as
// JSON and as a page, list, search, propose a verdict.
func scenarios(f *fixture) []scenario {
	pick := func() string { return f.claimIDs[rand.IntN(len(f.claimIDs))] }
	var seq atomic.Int64
	return []scenario{
		{"POST claim", true, 201, func(int) (string, string, any) {
			return "POST", "/api/v1/claims", claimBody(f, 1_000_000+int(seq.Add(1)))
		}},
		{"GET claim", false, 200, func(int) (string, string, any) { return "GET", "/api/v1/claims/" + pick(), nil }},
		{"claim page", false, 200, func(int) (string, string, any) { return "GET", "/claims/" + pick(), nil }},
		{"claim list", false, 200, func(int) (string, string, any) { return "GET", "/api/v1/claims?limit=50", nil }},
		{"search", false, 200, func(int) (string, string, any) { return "GET", "/api/v1/claims?q=dokument%C3%B3w&limit=20", nil }},
		{"propose verdict", true, 201, func(int) (string, string, any) {
			return "POST", "/api/v1/claims/" + pick() + "/verdicts", map[string]any{
				"attribution": "accurate", "rating": "mostly-true", "rationale": "Kancelaria opublikowała listę dokumentów.",
			}
		}},
	}
}

// result is one scenario at one concurrency level.
type result struct {
	rate          float64
	p50, p95, p99 time.Duration
	errors        int
}

// drive runs sc with c clients for d and measures every request.
func drive(ctx context.Context, s *server, sc scenario, c int, d time.Duration) result {
	var mu sync.Mutex
	var lat []time.Duration
	var errs int
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			var mine []time.Duration
			bad := 0
			for i := 0; time.Now().Before(stop); i++ {
				method, path, body := sc.next(i)
				t := time.Now()
				res, err := s.do(ctx, method, path, body)
				if err != nil {
					bad++
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != sc.status {
					bad++
					continue
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat, errs = append(lat, mine...), errs+bad
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
	return result{rate: float64(len(lat)) / elapsed.Seconds(), p50: q(0.50), p95: q(0.95), p99: q(0.99), errors: errs}
}
