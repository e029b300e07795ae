package main

import (
	"database/sql"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// measureFloor returns how many durable single-row inserts per second this
// machine sustains through go-sqlite3 with the server's pragmas, one
// transaction each: the cost of one fsync'd commit, below which no write
// path that commits per request can go.
func measureFloor(path string, d time.Duration) (float64, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_foreign_keys=on&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		return 0, err
	}
	n := 0
	start := time.Now()
	for time.Since(start) < d {
		tx, err := db.Begin()
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec(`INSERT INTO t (v) VALUES (?)`, "a row of about the size of a small claim"); err != nil {
			tx.Rollback()
			return 0, err
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
		n++
	}
	return float64(n) / time.Since(start).Seconds(), nil
}
