// Package web is claimtrail's HTTP side: the JSON API, the server-rendered
// pages, authentication and the security middleware. It works through the
// interfaces of package claims and never imports a storage package.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what the server needs from the command line.
type Config struct {
	Addr       string        // listen address, e.g. 127.0.0.1:8080
	SetupToken string        // when set and no user exists, /setup?token= creates the first admin
	SessionTTL time.Duration // how long a browser session lasts at most (absolute timeout); zero means 12 hours
	Logger     *slog.Logger
	Version    string
	Signer     *auditlog.Signer // signs audit checkpoints; required
	Newsroom   string           // who publishes the exports (ClaimReview author); default "claimtrail"
	BaseURL    string           // public address for links in exports, e.g. https://factcheck.example.org; default: from the request

	// Sign-in throttling: after LoginLimit failures within LoginWindow for
	// one account name or one client address, sign-in answers 429 with
	// Retry-After. Zero means 5 per account (20 per address) in 15 minutes.
	LoginLimit  int
	LoginWindow time.Duration

	// IdleTimeout ends a browser session unused for this long (to the
	// minute, see db.touch); zero means 30 minutes.
	IdleTimeout time.Duration

	// Metrics is the Prometheus registry /metrics serves. New adds the
	// request metrics and the Go runtime and process collectors to it;
	// the caller adds what it has besides (the store's collector). Nil
	// means a fresh registry.
	Metrics *prometheus.Registry

	// Now is the server's clock, for throttling and second-factor codes;
	// nil means time.Now. Tests replace it (and the store's, which decides
	// session timeouts) to move time.
	Now func() time.Time
}

// Server serves the API and the pages. It is an http.Handler.
type Server struct {
	store   claims.Store
	cfg     Config
	log     *slog.Logger
	handler http.Handler
	router  *mux.Router
	pages   map[string]*pages  // by locale code
	locales map[string]*locale // by code
	metrics *metrics

	accountFails, addressFails *throttle     // failed sign-ins, see Config.LoginLimit
	pending                    pendingLogins // sign-ins awaiting their second factor
	dashboard                  dashboardCache
}

// New builds a server over store. A route without a declared role or a
// template that does not parse is an error here, not at request time.
func New(store claims.Store, cfg Config) (*Server, error) {
	if cfg.Signer == nil {
		return nil, errors.New("web: no checkpoint signer configured")
	}
	if cfg.Newsroom == "" {
		cfg.Newsroom = "claimtrail"
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.LoginLimit == 0 {
		cfg.LoginLimit = 5
	}
	if cfg.LoginWindow == 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = prometheus.NewRegistry()
	}
	s := &Server{store: newCredentialStore(store, cfg.Now), cfg: cfg, log: cfg.Logger,
		accountFails: newThrottle(cfg.LoginLimit, cfg.LoginWindow), addressFails: newThrottle(4*cfg.LoginLimit, cfg.LoginWindow)}
	go dummyHash() // see dummyHash
	var err error
	if s.locales, err = loadLocales(assets); err != nil {
		return nil, err
	}
	s.pages = make(map[string]*pages, len(s.locales))
	for code, l := range s.locales {
		if s.pages[code], err = parsePages(l); err != nil {
			return nil, err
		}
	}
	if s.metrics, err = newMetrics(cfg.Metrics, cfg.Version, s.log); err != nil {
		return nil, fmt.Errorf("web: metrics: %w", err)
	}
	r := mux.NewRouter()
	s.router = r
	r.NotFoundHandler = http.HandlerFunc(s.handleNotFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(s.handleMethodNotAllowed)
	for _, rt := range s.routes() {
		if rt.role == "" {
			return nil, errors.New("web: route " + rt.method + " " + rt.path + " declares no role")
		}
		r.Handle(rt.path, s.authorize(rt)).Methods(rt.method)
	}
	s.handler = s.secure(s.withLocale(s.authenticate(r)))
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// ListenAndServe serves on cfg.Addr until ctx is done, then lets in-flight
// requests finish (up to 10 s) and returns nil.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is ListenAndServe on an existing listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
