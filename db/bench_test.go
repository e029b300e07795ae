package db

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// benchDB opens a fresh database with one source and one document, for
// benchmarks of the write path and the reads the pages make.
func benchDB(b *testing.B) (*DB, *claims.Source, *claims.Document) {
	b.Helper()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	src := &claims.Source{Name: "Aleksander Łukaszenka", Type: claims.SourcePerson, Aliases: []string{"Lukashenko"}}
	if err := db.CreateSource(ctx, editor, src); err != nil {
		b.Fatal(err)
	}
	doc := &claims.Document{Title: "Wizyta", Language: "pl",
		Body: "Aleksander Łukaszenka zakończył dziś podróż do Chin.\n\nXi Jinping i Łukaszenka podpisali pakiet 16 dokumentów."}
	if err := db.CreateDocument(ctx, editor, doc); err != nil {
		b.Fatal(err)
	}
	return db, src, doc
}

func benchClaim(i int, src *claims.Source, doc *claims.Document) *claims.Claim {
	return &claims.Claim{
		Text: fmt.Sprintf("Łukaszenka i Xi podpisali %d dokumentów", i), Kind: claims.KindReported,
		SourceID: src.ID, DocumentID: doc.ID, Quote: &claims.Quote{Exact: "podpisali pakiet 16 dokumentów"},
		Provenance: []claims.Hop{{SourceID: src.ID, Role: claims.RoleOriginator}},
	}
}

// BenchmarkCreateClaim measures one durable write through the single write
// path: validation, reference checks, quote anchoring, the row, the audit
// event and its leaf hash, and an fsync'd commit (synchronous=FULL). One
// writer at a time, so every write commits alone: the latency of a lone
// request.
func BenchmarkCreateClaim(b *testing.B) {
	db, src, doc := benchDB(b)
	i := 0
	defer reportCPU(b, processCPU(b))
	for b.Loop() {
		if err := db.CreateClaim(ctx, editor, benchClaim(i, src, doc)); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportRate(b, b.N, "claims/s")
}

// BenchmarkCreateClaimParallel is BenchmarkCreateClaim with 8, 32 and 128
// writers at once, as many clients posting claims would be: the writer
// commits what queues while it writes in groups. x-floor is claims/s over
// this machine's floor (BenchmarkDurableInsert), the figure comparable
// across machines; the target is 3 at 32 clients.
func BenchmarkCreateClaimParallel(b *testing.B) {
	for _, clients := range []int{8, 32, 128} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			db, src, doc := benchDB(b)
			floor := durableFloor(b)
			before := writerStats(b, db)
			defer reportCPU(b, processCPU(b))
			var n atomic.Int64
			// RunParallel starts parallelism × GOMAXPROCS goroutines.
			b.SetParallelism(max(clients/runtime.GOMAXPROCS(0), 1))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := db.CreateClaim(ctx, editor, benchClaim(int(n.Add(1)), src, doc)); err != nil {
						b.Error(err)
						return
					}
				}
			})
			rate := reportRate(b, b.N, "claims/s")
			b.ReportMetric(rate/floor, "x-floor")
			writerStats(b, db).since(before).report(b)
		})
	}
}

// BenchmarkDurableInsert measures this machine's floor: durable single-row
// inserts through go-sqlite3 with the store's pragmas, one transaction
// each (as cmd/claimbench's floor does). No write path that commits once
// per request can beat it.
func BenchmarkDurableInsert(b *testing.B) {
	db := floorDB(b)
	for b.Loop() {
		if err := durableInsert(db); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b, b.N, "inserts/s")
}

// durableFloor measures the floor (see BenchmarkDurableInsert) for a
// second, once per benchmark run, for the x-floor ratios.
func durableFloor(b *testing.B) float64 {
	floorOnce.Do(func() {
		db := floorDB(b)
		n, start := 0, time.Now()
		for time.Since(start) < time.Second {
			if err := durableInsert(db); err != nil {
				b.Fatal(err)
			}
			n++
		}
		floorRate = float64(n) / time.Since(start).Seconds()
		b.Logf("floor: %.0f durable inserts/s", floorRate)
	})
	return floorRate
}

var (
	floorOnce sync.Once
	floorRate float64
)

// floorDB opens a database of one table with the writer's pragmas.
func floorDB(b *testing.B) *sql.DB {
	b.Helper()
	db, err := sql.Open(driverName, fileURI(filepath.Join(b.TempDir(), "floor.db"), "rwc")+
		"&_journal_mode=WAL&_synchronous=FULL&_foreign_keys=on&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	return db
}

// durableInsert inserts one row in a transaction of its own.
func durableInsert(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO t (v) VALUES (?)`, "a row of about the size of a small claim"); err != nil {
		return err
	}
	return tx.Commit()
}

// reportCPU reports the process's CPU time since start per operation:
// on a busy machine a steadier figure than the time per operation, which
// includes waiting for the CPU and the disk.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU(b)-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// reportRate reports n operations over the benchmark's time as unit (per
// second) and returns the rate.
func reportRate(b *testing.B, n int, unit string) float64 {
	rate := float64(n) / b.Elapsed().Seconds()
	b.ReportMetric(rate, unit)
	return rate
}

// BenchmarkFindClaimByID measures the read behind the claim page and the
// API's GET: the claim with its source, hop sources and verdicts.
func BenchmarkFindClaimByID(b *testing.B) {
	db, src, doc := benchDB(b)
	c := benchClaim(0, src, doc)
	if err := db.CreateClaim(ctx, editor, c); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := db.FindClaimByID(ctx, c.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindClaims measures one filtered page of 50 claims, deep in a
// list of 2,000, reached by keyset cursor.
func BenchmarkFindClaims(b *testing.B) {
	db, src, doc := benchDB(b)
	for i := range 2000 {
		if err := db.CreateClaim(ctx, editor, benchClaim(i, src, doc)); err != nil {
			b.Fatal(err)
		}
	}
	f := claims.ClaimFilter{SourceID: src.ID, Limit: 50}
	for range 20 {
		_, next, err := db.FindClaims(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		f.Cursor = next
	}
	for b.Loop() {
		page, _, err := db.FindClaims(ctx, f)
		if err != nil || len(page) != 50 {
			b.Fatalf("page of %d: %v", len(page), err)
		}
	}
}

// BenchmarkAppendEvent measures the smallest durable write: a source row,
// its audit event, the event's hashes in the Merkle tree (about two rows
// on average, reading up to log₂ n earlier ones) and the fsync'd commit.
// Compare with BenchmarkCreateClaim for the cost of the tree.
func BenchmarkAppendEvent(b *testing.B) {
	db, _, _ := benchDB(b)
	i := 0
	for b.Loop() {
		s := &claims.Source{Name: fmt.Sprint("Łukaszenka ", i), Type: claims.SourcePerson}
		if err := db.CreateSource(ctx, editor, s); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// benchLog is the length of the log the read benchmarks below run over.
const benchLog = 100_000

// benchLogDB opens a database holding benchLog events.
func benchLogDB(b *testing.B) *DB {
	b.Helper()
	db, _, _ := benchDB(b)
	appendEvents(b, db, benchLog-2)
	return db
}

// BenchmarkStreamEvents measures reading the whole log in batches, as the
// export does; ns/event is the figure to read.
func BenchmarkStreamEvents(b *testing.B) {
	db := benchLogDB(b)
	passes := 0
	for b.Loop() {
		n := 0
		if err := db.StreamEvents(ctx, benchLog, func(*claims.Event) error { n++; return nil }); err != nil || n != benchLog {
			b.Fatalf("%d events: %v", n, err)
		}
		passes++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(passes*benchLog), "ns/event")
}

// BenchmarkVerifyLog measures checking the stored log and tree against the
// events; ns/event is the figure to read.
func BenchmarkVerifyLog(b *testing.B) {
	db := benchLogDB(b)
	passes := 0
	for b.Loop() {
		if th, err := db.VerifyLog(ctx); err != nil || th.Size != benchLog {
			b.Fatalf("VerifyLog = %+v, %v", th, err)
		}
		passes++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(passes*benchLog), "ns/event")
}
