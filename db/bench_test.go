package db

import (
	"fmt"
	"path/filepath"
	"testing"

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
// event and its leaf hash, and an fsync'd commit (synchronous=FULL).
func BenchmarkCreateClaim(b *testing.B) {
	db, src, doc := benchDB(b)
	i := 0
	for b.Loop() {
		if err := db.CreateClaim(ctx, editor, benchClaim(i, src, doc)); err != nil {
			b.Fatal(err)
		}
		i++
	}
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
