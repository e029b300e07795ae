package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"github.com/claimtrail/claimtrail/claims/export"
	"github.com/claimtrail/claimtrail/db"
)

// exportData writes the export cfg.What names to -o FILE or standard
// output.
func exportData(ctx context.Context, cfg *config, e env) error {
	switch cfg.What {
	case "audit":
		signer, _, err := loadSigner(cfg, false)
		if err != nil {
			return err
		}
		return withStore(ctx, cfg, func(store *db.DB) error {
			return writeOutput(cfg.Out, e.stdout, func(w io.Writer) error {
				return writeAuditExport(ctx, store, signer, w)
			})
		})
	case "claims":
		return withStore(ctx, cfg, func(store *db.DB) error {
			return writeOutput(cfg.Out, e.stdout, func(w io.Writer) error {
				return export.WriteCSV(ctx, store, claims.ClaimFilter{}, w)
			})
		})
	case "claimreview":
		if cfg.BaseURL == "" {
			return fmt.Errorf("export claimreview: --base-url (or CLAIMTRAIL_BASE_URL) is required: ClaimReview links to each claim's public page")
		}
		site := export.Site{Name: cmp.Or(cfg.Newsroom, "claimtrail"), BaseURL: cfg.BaseURL}
		return withStore(ctx, cfg, func(store *db.DB) error {
			return writeOutput(cfg.Out, e.stdout, func(w io.Writer) error {
				return export.WriteClaimReviews(ctx, store, site, w)
			})
		})
	}
	return fmt.Errorf("unknown export %q", cfg.What)
}

// writeAuditExport writes the audit log as the API's audit.jsonl does:
// every event up to the tree head taken first, streamed in batches, then
// the checkpoint signed for exactly that size.
func writeAuditExport(ctx context.Context, store claims.AuditService, signer *auditlog.Signer, w io.Writer) error {
	th, err := store.TreeHead(ctx)
	if err != nil {
		return err
	}
	signed, err := signer.Sign(th)
	if err != nil {
		return fmt.Errorf("sign checkpoint: %w", err)
	}
	return auditlog.WriteExport(ctx, store, th.Size, signed, w, nil)
}

// writeOutput runs write on stdout when path is "" or "-"; otherwise on a
// temporary file beside path, renamed over path only once it is complete
// and synced, so that path never holds half an export. A path that exists
// and is not a regular file — a device such as /dev/null, a named pipe —
// is written to as it is: renaming over it would put a regular file in
// its place (it did, for /dev/null).
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) (err error) {
	if path == "" || path == "-" {
		return write(stdout)
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return writeInPlace(path, write)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	// CreateTemp makes the file private; an export is meant to be shared.
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// writeInPlace runs write on the existing file at path, opened for
// writing without truncating or replacing it.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
