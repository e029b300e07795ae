package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// TestPprof checks that the profiles are for admins only, that the index
// renders under its own CSP and that a profile arrives whole.
func TestPprof(t *testing.T) {
	e := newEnv(t)
	t.Run("OK", func(t *testing.T) {
		res := e.must(200, e.do(admin, "GET", "/debug/pprof/", nil))
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Fatalf("index content type %q", ct)
		}
		if !bytes.Contains(res.Body, []byte("goroutine?debug=2")) {
			t.Fatalf("index %s", res.Body)
		}
		if csp := res.Header.Get("Content-Security-Policy"); csp != pprofIndexCSP {
			t.Fatalf("index CSP %q", csp)
		}
		heap := e.must(200, e.do(admin, "GET", "/debug/pprof/heap", nil))
		checkProfile(t, heap.Body)
		goroutines := e.must(200, e.do(admin, "GET", "/debug/pprof/goroutine?debug=1", nil))
		if !bytes.Contains(goroutines.Body, []byte("goroutine profile:")) {
			t.Fatalf("goroutine dump %.200s", goroutines.Body)
		}
		if csp := goroutines.Header.Get("Content-Security-Policy"); csp != contentSecurityPolicy {
			t.Fatalf("a profile has CSP %q, want the site's", csp)
		}
		e.must(200, e.do(admin, "GET", "/debug/pprof/cmdline", nil))
		e.must(200, e.do(admin, "GET", "/debug/pprof/symbol", nil))
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if p := e.must(404, e.do(admin, "GET", "/debug/pprof/nosuch", nil)).problem(t); !strings.Contains(p.Detail, "nosuch") {
			t.Fatalf("problem %+v", p)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/profile?seconds=1"} {
			e.must(401, e.do("", "GET", path, nil))
			for _, role := range []claims.Role{viewer, editor, checker} {
				e.must(403, e.do(role, "GET", path, nil))
			}
		}
	})
	t.Run("ErrPost", func(t *testing.T) {
		e.must(405, e.do(admin, "POST", "/debug/pprof/symbol", "0x1"))
	})
}

// TestPprofOutlivesTimeouts serves a profile that takes longer than the
// server's read and write timeouts: it must arrive whole, after the time
// asked for. (With the write deadline left where WriteTimeout puts it the
// client gets EOF; see pprof.go for who moves it.)
func TestPprofOutlivesTimeouts(t *testing.T) {
	e := newEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// net/http/pprof gives the profile WriteTimeout again for being
	// written once collected: a second here.
	srv := &http.Server{Handler: e.server, ReadTimeout: time.Second, WriteTimeout: time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })

	// A delta profile over two seconds: the server waits, then writes. (A CPU profile works the same way, but would clash with
	// go test -cpuprofile.)
	req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/debug/pprof/mutex?seconds=2", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[admin])
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 {
		t.Fatalf("status %d after %v: %s", res.StatusCode, time.Since(start), b)
	}
	if d := time.Since(start); d < 2*time.Second {
		t.Fatalf("a two-second profile came back after %v", d)
	}
	checkProfile(t, b)
}

// checkProfile checks that b is a gzipped pprof profile.
func checkProfile(t *testing.T, b []byte) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a gzipped profile (%v): %.100q", err, b)
	}
	if raw, err := io.ReadAll(zr); err != nil || len(raw) == 0 {
		t.Fatalf("profile: %d bytes, %v", len(raw), err)
	}
}
