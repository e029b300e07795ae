package web

import (
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/db"
	"github.com/prometheus/client_golang/prometheus"
)

// TestMetrics scrapes /metrics as a Prometheus server does, with an admin
// token, after some requests: they are counted under their route
// templates, never their raw paths.
func TestMetrics(t *testing.T) {
	extra := prometheus.NewCounter(prometheus.CounterOpts{Name: "claimtrail_test_store_total", Help: "Stands for the store's collector."})
	extra.Add(7)
	e := newEnvWith(t, "", func(_ *db.DB, cfg *Config) {
		cfg.Metrics = prometheus.NewRegistry()
		cfg.Metrics.MustRegister(extra)
	})
	const id = "0badc0de-0000-0000-0000-000000000000"
	e.must(200, e.do(viewer, "GET", "/api/v1/sources", nil))
	e.must(200, e.do(viewer, "GET", "/api/v1/sources", nil))
	e.must(404, e.do(viewer, "GET", "/api/v1/claims/"+id, nil))
	e.must(404, e.do(viewer, "GET", "/no/such/page-"+id, nil))
	req := e.request("", "GET", "/api/v1/claims/"+id+"/history", nil)
	req.Header.Set("Authorization", "Bearer not-a-token")
	e.must(401, e.send(req))
	req = e.request("", "PROPFIND", "/api/v1/sources", nil)
	e.send(req)

	res := e.must(200, e.do(admin, "GET", "/metrics", nil))
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("content type %q", ct)
	}
	body := string(res.Body)
	for _, want := range []string{
		`claimtrail_http_request_duration_seconds_count{method="GET",route="/api/v1/sources",status="2xx"} 2`,
		`claimtrail_http_request_duration_seconds_count{method="GET",route="/api/v1/claims/{id}",status="4xx"} 1`,
		`claimtrail_http_request_duration_seconds_count{method="GET",route="unmatched",status="4xx"} 1`,
		// Refused before routing (bad token): still under its template.
		`claimtrail_http_request_duration_seconds_count{method="GET",route="/api/v1/claims/{id}/history",status="4xx"} 1`,
		`claimtrail_http_request_duration_seconds_count{method="other",route="unmatched",status="4xx"} 1`,
		`claimtrail_http_request_duration_seconds_bucket{method="GET",route="/api/v1/sources",status="2xx",le="+Inf"} 2`,
		"claimtrail_http_requests_in_flight 1", // the scrape itself
		`claimtrail_build_info{version="test"} 1`,
		"claimtrail_test_store_total 7",
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("the scrape lacks the line %q", want)
		}
	}
	for _, want := range []string{"\ngo_goroutines ", "\nprocess_resident_memory_bytes ", "\ngo_memstats_heap_alloc_bytes "} {
		if !strings.Contains(body, want) {
			t.Errorf("the scrape lacks %q", want[1:])
		}
	}
	if strings.Contains(body, id) {
		t.Errorf("a raw path made it into a label:\n%s", grepLines(body, id))
	}

	t.Run("ErrNotAdmin", func(t *testing.T) {
		if p := e.must(401, e.do("", "GET", "/metrics", nil)).problem(t); p.Status != 401 {
			t.Fatalf("problem %+v", p)
		}
		for _, role := range []claims.Role{viewer, editor, checker} {
			e.must(403, e.do(role, "GET", "/metrics", nil))
		}
	})
}

// TestMetricsSharedRegistry checks that two servers may share a registry
// (as two in one process would): the second reuses the first's metrics.
func TestMetricsSharedRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	for range 2 {
		newEnvWith(t, "", func(_ *db.DB, cfg *Config) { cfg.Metrics = reg })
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
