//go:build unix

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/db"
)

// readBench is a server over a real database file with claims to read, a
// token and a session for a user holding every role (as claimbench's).
type readBench struct {
	srv      *Server
	token    string
	session  string
	claimIDs []string
}

// benchBody is the article the benchmark claims quote from.
const benchBody = "Aleksander Łukaszenka zakończył dziś podróż do Chin.\n\n" +
	"Xi Jinping i Łukaszenka podpisali też pakiet 16 dokumentów dotyczących rozwijania współpracy.\n\n" +
	"Jak analizuje amerykański think tank ISW, dokumenty mają ułatwić Kremlowi omijanie zachodnich sankcji."

func newReadBench(b *testing.B, n int) *readBench {
	b.Helper()
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	srv, err := New(store, Config{Version: "bench", Signer: testSigner(b)})
	if err != nil {
		b.Fatal(err)
	}
	u := &claims.User{Name: "bench", Roles: []claims.Role{claims.RoleAdmin, claims.RoleEditor, claims.RoleChecker}}
	if err := store.CreateUser(ctx, claims.SystemActor, u); err != nil {
		b.Fatal(err)
	}
	rb := &readBench{srv: srv}
	if rb.token, err = store.CreateToken(ctx, claims.SystemActor, u.ID, "bench"); err != nil {
		b.Fatal(err)
	}
	if rb.session, err = store.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{}); err != nil {
		b.Fatal(err)
	}
	actor := u.Actor()
	src := &claims.Source{Name: "Aleksander Łukaszenka", Type: claims.SourcePerson, Aliases: []string{"Lukashenko"}}
	if err := store.CreateSource(ctx, actor, src); err != nil {
		b.Fatal(err)
	}
	doc := &claims.Document{Title: "Wizyta w Chinach", Language: "pl", Body: benchBody}
	if err := store.CreateDocument(ctx, actor, doc); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		c := &claims.Claim{
			Text: fmt.Sprintf("Łukaszenka i Xi podpisali pakiet %d dokumentów o współpracy gospodarczej", i), Kind: claims.KindReported,
			SourceID: src.ID, DocumentID: doc.ID, Quote: &claims.Quote{Exact: "podpisali też pakiet 16 dokumentów"},
			Provenance: []claims.Hop{{SourceID: src.ID, Role: claims.RoleOriginator}}, Tags: []string{"białoruś", "chiny"},
		}
		if err := store.CreateClaim(ctx, actor, c); err != nil {
			b.Fatal(err)
		}
		rb.claimIDs = append(rb.claimIDs, c.ID)
	}
	return rb
}

// discardWriter is a ResponseWriter that keeps the headers and drops the
// body, so the benchmark measures the server and not a recorder.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// run serves GET path(i) with auth set on the request, in parallel, and
// fails on any status but 200.
func (rb *readBench) run(b *testing.B, path func(i int) string, auth func(r *http.Request)) {
	b.Helper()
	var next atomic.Int64
	b.ReportAllocs()
	cpu := cpuSoFar()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1))
			// A cancellable context, as net/http gives every request:
			// database/sql and the driver take other paths for one.
			ctx, cancel := context.WithCancel(context.Background())
			r := httptest.NewRequestWithContext(ctx, "GET", path(i), nil)
			auth(r)
			w := &discardWriter{h: http.Header{}}
			rb.srv.ServeHTTP(w, r)
			cancel()
			if w.status != 0 && w.status != http.StatusOK {
				b.Fatalf("GET %s: %d", r.URL.Path, w.status)
			}
		}
	})
	// The machine is shared: CPU time per request says more than wall
	// time when other processes compete for the cores.
	b.ReportMetric(float64(cpuSoFar()-cpu)/float64(b.N), "cpu-ns/op")
}

// cpuSoFar is the process's user and system CPU time so far.
func cpuSoFar() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadPath measures the reads claimbench drives, without the
// network: GET /api/v1/claims/{id} and the claim page, with a bearer token
// and with a session cookie.
func BenchmarkReadPath(b *testing.B) {
	rb := newReadBench(b, 200)
	bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+rb.token) }
	cookie := func(r *http.Request) { r.AddCookie(&http.Cookie{Name: sessionCookie, Value: rb.session}) }
	api := func(i int) string { return "/api/v1/claims/" + rb.claimIDs[i%len(rb.claimIDs)] }
	page := func(i int) string { return "/claims/" + rb.claimIDs[i%len(rb.claimIDs)] }
	b.Run("APIClaim/token", func(b *testing.B) { rb.run(b, api, bearer) })
	b.Run("APIClaim/session", func(b *testing.B) { rb.run(b, api, cookie) })
	b.Run("ClaimPage/token", func(b *testing.B) { rb.run(b, page, bearer) })
	b.Run("ClaimPage/session", func(b *testing.B) { rb.run(b, page, cookie) })
}
