//go:build unix

package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
	"github.com/claimtrail/claimtrail/db"
)

// BenchmarkClaimPage serves the claim page of a reviewed claim of the seed
// article to a signed-in editor and checker (so every form shows), opened
// from the review queue (so the neighbours are looked up), from a real
// database file through the whole handler chain: session, locale, page
// render into a buffer. It reports the median and the 90th percentile of
// the requests; the target is a median under 5 ms.
func BenchmarkClaimPage(b *testing.B) {
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	srv, err := New(store, Config{Version: "bench", Signer: testSigner(b)})
	if err != nil {
		b.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	ola := &claims.User{Name: "ola", Roles: []claims.Role{claims.RoleEditor, claims.RoleChecker}}
	kasia := &claims.User{Name: "kasia", Roles: []claims.Role{claims.RoleChecker}}
	ewa := &claims.User{Name: "ewa", Roles: []claims.Role{claims.RoleEditor}}
	for _, u := range []*claims.User{ola, kasia, ewa} {
		must(store.CreateUser(ctx, claims.SystemActor, u))
	}
	raw, err := os.ReadFile(seedPath)
	must(err)
	parsed, err := article.Parse(claims.FormatText, raw)
	must(err)
	doc := &claims.Document{Title: "Łukaszenka zakończył wizytę w Chinach", Publisher: "Redakcja portalu", Language: "pl",
		Body: parsed.Body, Links: parsed.Links}
	must(store.CreateDocument(ctx, ola.Actor(), doc))
	var srcs []*claims.Source
	for _, name := range []string{"Aleksander Łukaszenka", "Instytut Badań nad Wojną", "Redakcja portalu"} {
		s := &claims.Source{Name: name, Type: claims.SourceOther}
		must(store.CreateSource(ctx, claims.SystemActor, s))
		srcs = append(srcs, s)
	}
	var target *claims.Claim
	for i, q := range []string{"pakiet 16 dokumentów", "ułatwić Kremlowi omijanie zachodnich sankcji", "potajemnie przekazywać do Rosji sprzęt wojskowy"} {
		c := &claims.Claim{Text: q, Kind: claims.KindAnalytical, SourceID: srcs[1].ID, DocumentID: doc.ID,
			Quote: &claims.Quote{Exact: q}, Assignee: kasia.ID, Tags: []string{"białoruś", "chiny"},
			Provenance: []claims.Hop{{SourceID: srcs[0].ID, Role: claims.RoleOriginator, Date: "2023-03-01"},
				{SourceID: srcs[1].ID, Role: claims.RoleQuotedBy, URL: "https://www.understandingwar.org/"},
				{SourceID: srcs[2].ID, Role: claims.RoleReportedBy, Date: "2023-03-02"}}}
		must(store.CreateClaim(ctx, ola.Actor(), c))
		if i == 1 {
			target = c
		}
	}
	v := &claims.Verdict{ClaimID: target.ID, Attribution: claims.AttributionAccurate, Rating: claims.RatingMostlyTrue,
		Rationale: "ISW napisał to 1 marca.", Evidence: []claims.Evidence{{URL: "https://www.understandingwar.org/", Note: "raport"}}}
	must(store.ProposeVerdict(ctx, kasia.Actor(), v))
	_, err = store.ApproveVerdict(ctx, ewa.Actor(), v.ID)
	must(err)
	_, err = store.ReopenClaim(ctx, ewa.Actor(), target.ID, "Korekta ISW.", 0)
	must(err)
	must(store.ProposeVerdict(ctx, kasia.Actor(), &claims.Verdict{ClaimID: target.ID, Attribution: claims.AttributionAccurate,
		Rating: claims.RatingMostlyFalse, Rationale: "Korekta: brak dowodów."}))
	for _, body := range []string{"Sprawdzę raport.", "Jest korekta.", "OK."} {
		must(store.CreateComment(ctx, ola.Actor(), &claims.Comment{ClaimID: target.ID, Body: body}))
	}
	token, err := store.CreateSession(ctx, ola.ID, time.Hour, claims.SecondFactor{})
	must(err)

	path := "/claims/" + target.ID + "?queue=approval"
	serve := func() time.Duration {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
		rec := httptest.NewRecorder()
		start := time.Now()
		srv.ServeHTTP(rec, req)
		took := time.Since(start)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body.String()[:min(400, rec.Body.Len())])
		}
		return took
	}
	serve() // warm the caches: first statements, the page cache
	times := make([]time.Duration, 0, b.N)
	cpu := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		times = append(times, serve())
	}
	b.StopTimer()
	cpu = cpuTime() - cpu
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "ms-p90")
	// The process's CPU time a request, which a busy machine does not
	// inflate as it does the wall-clock times.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(times)), "cpu-ms/op")
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
