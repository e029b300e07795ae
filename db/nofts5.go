//go:build !sqlite_fts5

package db

// claimtrail's SQLite needs FTS5, which go-sqlite3 compiles in only with the
// build tag sqlite_fts5. Without it this undefined name stops the build,
// and the compiler's message says what to do.
var _ = claimtrail_must_be_built_with_tags_sqlite_fts5__use_make_build_or_go_build_tags_sqlite_fts5
