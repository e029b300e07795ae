package main

import (
	"context"
	"fmt"

	"github.com/claimtrail/claimtrail/db"
)

// backup writes a consistent copy of the live database to cfg.File.
func backup(ctx context.Context, cfg *config, e env) (err error) {
	store, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := store.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close database: %w", cerr)
		}
	}()
	if err := store.Backup(ctx, cfg.File); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Backed up %s to %s\n", cfg.DB, cfg.File)
	return err
}
