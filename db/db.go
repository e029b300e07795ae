// Package db stores claimtrail's data in SQLite: one writer connection that
// every mutation goes through together with its audit event, owned by one
// goroutine that commits concurrent writes in groups (writer.go), and a
// separate read-only pool for everything else.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/mattn/go-sqlite3"
)

var _ claims.Store = (*DB)(nil)

// driverName is go-sqlite3 with claimtrail's connection hook, and
// writerDriverName the same for the writer connection. Registering our own
// names keeps the hooks off anyone else's "sqlite3" connections.
const (
	driverName       = "sqlite3_claimtrail"
	writerDriverName = "sqlite3_claimtrail_writer"
)

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: connectHook})
	sql.Register(writerDriverName, &sqlite3.SQLiteDriver{ConnectHook: writerConnectHook})
}

// writerConnectHook is connectHook for the writer connection, which also
// keeps its temporary files in memory. The writer runs every write in a
// savepoint of its own (see writer.go), and SQLite keeps what a savepoint
// would roll back in a statement journal that moves to a temporary file
// once it passes 64 KiB, as nearly every claim's did: some 40 small
// writes to that file per claim, a fifth of the writer's time. The
// journal lives only until the savepoint is released. Migrations, which
// may sort whole tables into new indexes, set it back to files while they
// run (see migrate).
func writerConnectHook(c *sqlite3.SQLiteConn) error {
	if err := connectHook(c); err != nil {
		return err
	}
	if _, err := c.Exec("PRAGMA temp_store = MEMORY", nil); err != nil {
		return fmt.Errorf("temp_store: %w", err)
	}
	return nil
}

// connectHook runs on every new connection of both pools. It sets what the
// DSN cannot express, so that no pragma depends on which pooled connection
// a statement lands on.
func connectHook(c *sqlite3.SQLiteConn) error {
	// The WAL is truncated to this size after a checkpoint, so a burst of
	// writes does not leave a large file behind for good.
	if _, err := c.Exec("PRAGMA journal_size_limit = 67108864", nil); err != nil {
		return fmt.Errorf("journal_size_limit: %w", err)
	}
	// fold lowers text with Go's Unicode tables: SQLite's lower() and LIKE
	// fold ASCII only, and searches must find "Łukaszenka" from "łukaszenka".
	return c.RegisterFunc("ct_fold", fold, true)
}

func fold(s string) string { return strings.ToLower(s) }

// writerStatements is how many prepared statements the writer connection
// keeps: more than the write paths' distinct statements together, so that
// every write finds its statements prepared.
const writerStatements = 256

// writeTimeout bounds a write transaction, a batch of the writer's. It is
// the transaction's own deadline, independent of the requests in it; the
// batch stops taking requests long before it (maxBatchTime), so each gets
// nearly all of it.
const writeTimeout = 10 * time.Second

// DB is claimtrail's SQLite store. It implements claims.Store.
type DB struct {
	path string
	w    *sql.DB // the one writer connection: migrate's in Open, then the writer goroutine's until Close
	r    *sql.DB // read-only pool

	queue     *writeQueue   // the writer's (writer.go); nil until Open starts it
	metrics   *storeMetrics // metrics.go
	logEvents atomic.Int64  // the audit log's size as of the last commit, for metrics

	stems stemCounts // claim matching's stem counts (similar_stems.go)

	// Now returns the current time; tests replace it. Stored times are UTC.
	Now func() time.Time
}

// Open opens the database at path, creating the file if it is missing, and
// brings its schema up to claimtrail.SchemaVersion. A file written by a
// newer claimtrail is refused.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, claims.Errorf(claims.EINVALID, "No database path given.")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database path: %w", err)
	}
	db := &DB{path: abs, Now: time.Now}
	db.metrics = newStoreMetrics(db)

	// Pragmas go in the DSN so that every connection gets them; the driver
	// forces synchronous=NORMAL with WAL unless it is given explicitly. The
	// writer's page cache is 64 MB rather than SQLite's 2 MB: at a million
	// claims every insert touches index pages (claims.id, the FTS segments)
	// all over the file, and the one writer connection is the only one. It
	// also keeps the statements it ran last prepared (the driver's LRU of
	// writerStatements): preparing them again was a third of the CPU time
	// of a lone CreateClaim.
	db.w, err = sql.Open(writerDriverName, fileURI(abs, "rwc")+
		"&_journal_mode=WAL&_synchronous=FULL&_foreign_keys=on&_busy_timeout=5000&_txlock=immediate&_cache_size=-65536"+
		"&_stmt_cache_size="+strconv.Itoa(writerStatements))
	if err != nil {
		return nil, fmt.Errorf("open writer: %w", err)
	}
	db.w.SetMaxOpenConns(1)
	if err := db.w.PingContext(ctx); err != nil {
		db.w.Close()
		return nil, unavailable(fmt.Errorf("open %s: %w", path, err))
	}
	if err := db.migrate(ctx); err != nil {
		db.w.Close()
		return nil, err
	}

	// The read-only pool is opened only now: the writer has put the file in
	// WAL mode, which a read-only connection could not do itself.
	// Each reader connection keeps its prepared statements (the driver's
	// statement cache): a page makes a dozen small reads, and preparing
	// each again cost more than running it.
	db.r, err = sql.Open(driverName, fileURI(abs, "ro")+
		"&_synchronous=FULL&_foreign_keys=on&_busy_timeout=5000&_stmt_cache_size=128")
	if err != nil {
		db.w.Close()
		return nil, fmt.Errorf("open reader: %w", err)
	}
	// database/sql keeps two idle connections by default and closes the
	// rest as soon as they are free, so under concurrent requests readers
	// were opened and closed all the time, each parsing the schema again
	// and starting with an empty statement cache. Reads are CPU-bound on
	// cached pages, so a few connections per core are enough; more
	// requests wait for one.
	db.r.SetMaxOpenConns(readConns())
	db.r.SetMaxIdleConns(readConns())
	if err := db.r.PingContext(ctx); err != nil {
		db.Close()
		return nil, unavailable(fmt.Errorf("open reader %s: %w", path, err))
	}
	size, err := readValue(ctx, db, logSize)
	if err != nil {
		db.Close()
		return nil, err
	}
	db.logEvents.Store(size)
	db.startWriter()
	return db, nil
}

// readConns is the size of the read pool: four connections per core, and
// at least eight, so that reads waiting on the disk, or a slow search at
// a million claims, do not hold up the quick ones. Each connection keeps
// up to 2 MB of pages and its statements.
func readConns() int {
	return max(8, 4*runtime.GOMAXPROCS(0))
}

// fileURI returns an SQLite URI for path with the given open mode, so that
// unusual characters in the path cannot be read as parameters.
func fileURI(path, mode string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	return u.String() + "?mode=" + mode
}

// Close stops the writer once it has answered every write queued before
// (later ones fail with EUNAVAILABLE), closes the read pool, checkpoints
// the WAL into the main file and truncates it, and closes the writer
// connection. After Close the database is one file.
func (db *DB) Close() error {
	db.stopWriter()
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
		defer cancel()
		if _, err := db.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			errs = append(errs, fmt.Errorf("checkpoint: %w", err))
		}
		errs = append(errs, db.w.Close())
	}
	return errors.Join(errs...)
}

// now returns db.Now in UTC without a monotonic reading, as it will read
// back from the database.
func (db *DB) now() time.Time {
	return db.Now().UTC().Round(0)
}
