package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/demo"
	"github.com/claimtrail/claimtrail/db"
	"github.com/claimtrail/claimtrail/web"
	"github.com/prometheus/client_golang/prometheus"
)

// serve opens the database, loads the demo if asked, and serves until ctx
// is done; then in-flight requests finish and the database is closed,
// which checkpoints the WAL into the main file.
func serve(ctx context.Context, cfg *config, e env) error {
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	return withStore(ctx, cfg, func(store *db.DB) error {
		return serveStore(ctx, cfg, e, logger, store)
	})
}

// serveStore is serve on an open database.
func serveStore(ctx context.Context, cfg *config, e env, logger *slog.Logger, store *db.DB) error {
	signer, created, err := loadSigner(cfg, true)
	if err != nil {
		return err
	}
	if created {
		logger.Info("created the checkpoint signing key; back it up apart from the database, and publish the verifier key",
			"key_file", cfg.keyPath(), "verifier_key", signer.VerifierKey())
	}

	if cfg.Demo {
		if err := demo.Load(ctx, store, claims.SystemActor); err != nil {
			return err
		}
		logger.Info("demo workspace loaded")
	}
	users, err := store.FindUsers(ctx)
	if err != nil {
		return fmt.Errorf("find users: %w", err)
	}
	var setupToken string
	if claims.NeedsSetup(users) {
		setupToken = newSetupToken()
		fmt.Fprintf(e.stdout, "No admin yet. Open http://%s/setup?token=%s to create the first admin, "+
			"or run: claimtrail user add --name admin --role admin,editor,checker --password-stdin\n",
			browserAddr(cfg.Addr), setupToken)
	}

	// The store's own metrics (commit batches, fsync time, queue depth,
	// audit log size), when it offers them, beside the server's.
	reg := prometheus.NewRegistry()
	if c, ok := any(store).(prometheus.Collector); ok {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("register the store's metrics: %w", err)
		}
	}
	srv, err := web.New(store, web.Config{
		Addr:       cfg.Addr,
		SetupToken: setupToken,
		Logger:     logger,
		Version:    buildVersion(),
		Signer:     signer,
		Newsroom:   cfg.Newsroom,
		BaseURL:    cfg.BaseURL,
		Metrics:    reg,
	})
	if err != nil {
		return fmt.Errorf("build server: %w", err)
	}
	logger.Info("listening", "addr", cfg.Addr, "db", cfg.DB, "log", signer.Origin(), "version", buildVersion())
	if err := srv.ListenAndServe(ctx); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped; closing the database")
	return nil
}

// newSetupToken returns 32 random bytes, URL-safe.
func newSetupToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never returns an error (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// browserAddr turns a listen address into one a browser can open: a
// missing or wildcard host becomes localhost.
func browserAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
