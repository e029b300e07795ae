package main

import (
	"context"
	"fmt"

	"github.com/claimtrail/claimtrail/db"
)

// backup writes a consistent copy of the live database to cfg.File.
func backup(ctx context.Context, cfg *config, e env) error {
	return withStore(ctx, cfg, func(store *db.DB) error {
		if err := store.Backup(ctx, cfg.File); err != nil {
			return err
		}
		_, err := fmt.Fprintf(e.stdout, "Backed up %s to %s\n", cfg.DB, cfg.File)
		return err
	})
}
