// Command claimtrail runs the claimtrail server and its maintenance
// commands: serve, user add, import, backup, export, audit and version.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/db"
)

// version is set at build time with -ldflags "-X main.version=…"; without
// it the module version from the build info is used.
var version = ""

// cliActor is who audit events of the maintenance commands are attributed
// to.
var cliActor = claims.Actor{Name: "cli"}

const usage = `claimtrail — claim provenance and fact-check tracker

Usage:
  claimtrail serve [--addr 127.0.0.1:8080] [--db claimtrail.db] [--demo] [--key FILE] [--log-name NAME]
                   [--newsroom NAME] [--base-url URL]
  claimtrail user add --name NAME --role editor,checker [--password-stdin]
  claimtrail import [--title T] [--url U] [--lang L] [--publisher P] [--format text|markdown|html] FILE|-
  claimtrail backup OUT.db
  claimtrail export audit|claims|claimreview [-o FILE] [--newsroom NAME] [--base-url URL]
  claimtrail audit key
  claimtrail audit checkpoint
  claimtrail audit verify FILE --key KEY [--since OLD_CHECKPOINT]
  claimtrail audit verify --db [DBFILE]
  claimtrail version
  claimtrail help

Every command takes:
  --db FILE    the SQLite database (env CLAIMTRAIL_DB, default claimtrail.db)
  --addr ADDR  the address serve listens on (env CLAIMTRAIL_ADDR, default 127.0.0.1:8080)
  --key FILE   the checkpoint signing key (env CLAIMTRAIL_KEY, default the
               database path + ".key"); keep it out of the database's folder
               backups and back it up on its own

serve creates the database on first start, and the signing key if there is
none (named --log-name, default claimtrail/HOSTNAME; it logs the verifier
key). While it has no users, serve prints a one-time link to create the
first admin.

user add creates a user and an API token named "cli", and prints the token
as the last line. With --password-stdin it reads the user's password from
the first line of standard input (for signing in from a browser); without
it, the user can use only the token. Roles: viewer, editor, checker, admin.

import reads an article from FILE (or standard input for -), stores it as a
document and prints the new document's id as the last line. The format is
guessed from the file name (.md, .html) unless --format is given; the title
defaults to the article's first line.

backup writes a consistent copy of the live database to OUT.db, which must
not exist, and checks it (integrity_check and the audit log); a copy that
fails is removed.

export audit writes the audit log as JSON Lines, one event a line, ending
with a signed checkpoint; export claims writes every claim as CSV for a
spreadsheet (UTF-8); export claimreview writes the schema.org ClaimReview
of every published claim as a JSON-LD array, authored by --newsroom (env
CLAIMTRAIL_NEWSROOM) and linking to --base-url (env CLAIMTRAIL_BASE_URL,
required here). Each goes to standard output or atomically to -o FILE.

audit key prints the verifier key; audit checkpoint prints the latest signed
checkpoint. audit verify checks an export with nothing but the verifier key
(KEY, or a file holding it): every event, the root and the signature, and
with --since (an earlier checkpoint or export) that history was only
appended to. It needs no database. With --db it checks the database's own
log instead. It prints "ok: …" and exits 0, or prints "FAIL: seq N: reason"
and exits 1.
`

// env is what a command reads and writes besides its config.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func main() {
	cfg, err := parseArgs(os.Args[1:], os.Getenv)
	if err != nil {
		if !errors.Is(err, errHelp) {
			fmt.Fprintf(os.Stderr, "claimtrail: %v\n\n", err)
		}
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, env{os.Stdin, os.Stdout, os.Stderr}); err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintf(os.Stderr, "claimtrail: %s\n", describe(err))
		}
		stop()
		os.Exit(1)
	}
}

// run executes the command cfg describes.
func run(ctx context.Context, cfg *config, e env) error {
	switch cfg.Command {
	case "serve":
		return serve(ctx, cfg, e)
	case "user add":
		return userAdd(ctx, cfg, e)
	case "import":
		return importDocument(ctx, cfg, e)
	case "backup":
		return backup(ctx, cfg, e)
	case "export":
		return exportData(ctx, cfg, e)
	case "audit key":
		return auditKey(cfg, e)
	case "audit checkpoint":
		return auditCheckpoint(ctx, cfg, e)
	case "audit verify":
		return auditVerify(ctx, cfg, e)
	case "version":
		_, err := fmt.Fprintln(e.stdout, "claimtrail", buildVersion())
		return err
	}
	return fmt.Errorf("unknown command %q", cfg.Command)
}

// withStore opens the database of cfg, runs fn on it and closes it. An
// error from closing (which checkpoints the WAL) is returned when fn
// succeeded, so that a command never reports success for a write that did
// not reach the main file.
func withStore(ctx context.Context, cfg *config, fn func(store *db.DB) error) (err error) {
	store, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := store.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close database: %w", cerr)
		}
	}()
	return fn(store)
}

// describe returns the message to show for err: the user-safe message and
// field problems of a *claims.Error, the full text of anything else (the
// person at the terminal runs the server and may see internal details).
func describe(err error) string {
	var ce *claims.Error
	if !errors.As(err, &ce) {
		return err.Error()
	}
	msg := ce.Message
	for _, f := range ce.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, f.Message)
	}
	return msg
}

// buildVersion returns the version stamped at build time, the module
// version, or "dev".
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
