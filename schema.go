// Package claimtrail holds what every part of claimtrail shares at the root:
// the SQLite schema.
package claimtrail

import _ "embed"

// Schema is the whole SQLite schema (schema.sql), applied to a new database
// by package db. Changing it means adding a migration and bumping
// SchemaVersion.
//
//go:embed schema.sql
var Schema string

// SchemaVersion is the PRAGMA user_version of a database holding Schema.
// Package db refuses files with a higher version and upgrades lower ones.
const SchemaVersion = 7
