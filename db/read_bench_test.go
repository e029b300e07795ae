//go:build unix

package db

import (
	"encoding/json"
	"syscall"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// benchUser creates a user with every role, an API token and a session.
func benchUser(b *testing.B, db *DB) (token, session string) {
	b.Helper()
	u := &claims.User{Name: "bench", Roles: []claims.Role{claims.RoleAdmin, claims.RoleEditor, claims.RoleChecker}}
	if err := db.CreateUser(ctx, claims.SystemActor, u); err != nil {
		b.Fatal(err)
	}
	token, err := db.CreateToken(ctx, claims.SystemActor, u.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	if session, err = db.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{}); err != nil {
		b.Fatal(err)
	}
	return token, session
}

// loopCPU runs fn b.N times and reports the process's CPU time per call
// besides the wall time: on a shared machine it is the steadier figure.
func loopCPU(b *testing.B, fn func() error) {
	b.Helper()
	b.ReportAllocs()
	start := cpuSoFar()
	n := 0
	for b.Loop() {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(cpuSoFar()-start)/float64(n), "cpu-ns/op")
}

// cpuSoFar is the process's user and system CPU time so far.
func cpuSoFar() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReads measures the reads behind authenticating a request and
// behind the claim page, one at a time.
func BenchmarkReads(b *testing.B) {
	db, src, doc := benchDB(b)
	token, session := benchUser(b, db)
	c := benchClaim(0, src, doc)
	if err := db.CreateClaim(ctx, editor, c); err != nil {
		b.Fatal(err)
	}
	b.Run("FindUserByToken", func(b *testing.B) {
		loopCPU(b, func() error { _, err := db.FindUserByToken(ctx, token); return err })
	})
	b.Run("FindUserBySession", func(b *testing.B) {
		loopCPU(b, func() error { _, err := db.FindUserBySession(ctx, session, 30*time.Minute); return err })
	})
	b.Run("FindSettings", func(b *testing.B) {
		loopCPU(b, func() error { _, err := db.FindSettings(ctx); return err })
	})
	b.Run("FindClaimByID", func(b *testing.B) {
		loopCPU(b, func() error { _, err := db.FindClaimByID(ctx, c.ID); return err })
	})
	b.Run("FindDocumentByID", func(b *testing.B) {
		loopCPU(b, func() error { _, err := db.FindDocumentByID(ctx, doc.ID); return err })
	})
	b.Run("FindComments", func(b *testing.B) {
		loopCPU(b, func() error { _, err := db.FindComments(ctx, c.ID); return err })
	})
	b.Run("FindUsers", func(b *testing.B) {
		loopCPU(b, func() error { _, err := db.FindUsers(ctx); return err })
	})
	b.Run("FindEvents", func(b *testing.B) {
		loopCPU(b, func() error {
			_, err := db.FindEvents(ctx, claims.EventFilter{ClaimID: c.ID, Limit: claims.MaxPageSize})
			return err
		})
	})
}

// BenchmarkExportLines compares the two ways to the export's lines over a
// log of benchLog events: decoding each event and json.Marshal (the way
// before StreamEventLines), and StreamEventLines. ns/event is the figure
// to read.
func BenchmarkExportLines(b *testing.B) {
	db := benchLogDB(b)
	run := func(b *testing.B, stream func(n *int) error) {
		passes := 0
		start := cpuSoFar()
		for b.Loop() {
			n := 0
			if err := stream(&n); err != nil || n != benchLog {
				b.Fatalf("%d events: %v", n, err)
			}
			passes++
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(passes*benchLog), "ns/event")
		b.ReportMetric(float64(cpuSoFar()-start)/float64(passes*benchLog), "cpu-ns/event")
	}
	b.Run("Marshal", func(b *testing.B) {
		run(b, func(n *int) error {
			return db.StreamEvents(ctx, benchLog, func(e *claims.Event) error {
				_, err := json.Marshal(e)
				*n++
				return err
			})
		})
	})
	b.Run("Lines", func(b *testing.B) {
		run(b, func(n *int) error {
			return db.StreamEventLines(ctx, benchLog, func([]byte) error { *n++; return nil })
		})
	})
}
