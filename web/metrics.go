package web

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// unmatchedRoute labels requests that matched no route (404s, 405s): the
// raw path would give every scanner's probe its own time series.
const unmatchedRoute = "unmatched"

// metrics are the server's own Prometheus metrics. Whatever else is in the
// registry (the store's collector, added by cmd) is served beside them.
type metrics struct {
	reg      *prometheus.Registry
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	handler  http.Handler
}

// newMetrics registers the request metrics, the Go runtime's and the
// process's collectors and the build info in reg. A collector that is
// already there (a registry shared by two servers in one process) is
// reused rather than refused.
func newMetrics(reg *prometheus.Registry, version string, log *slog.Logger) (*metrics, error) {
	m := &metrics{reg: reg}
	var err error
	// Buckets from half a millisecond, where cached reads answer, to ten
	// seconds, past the store's write timeout.
	m.duration, err = register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "claimtrail_http_request_duration_seconds",
		Help:    "Time from the request's arrival to the end of its answer, by route template, method and status class.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method", "status"}))
	if err != nil {
		return nil, err
	}
	m.inFlight, err = register(reg, prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "claimtrail_http_requests_in_flight",
		Help: "Requests being served now.",
	}))
	if err != nil {
		return nil, err
	}
	build, err := register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "claimtrail_build_info",
		Help: "Always 1; the version label says which build is running.",
	}, []string{"version"}))
	if err != nil {
		return nil, err
	}
	build.WithLabelValues(version).Set(1)
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if _, err := register(reg, c); err != nil {
			return nil, err
		}
	}
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(log.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError, // a failing collector must not blind the others
		Registry:      reg,                      // counts failed scrapes in promhttp_metric_handler_errors_total
	})
	return m, nil
}

// register adds c to reg, or returns the equal collector already there.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	var already prometheus.AlreadyRegisteredError
	if errors.As(err, &already) {
		if existing, ok := already.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, err
}

// statusClasses name a status by its first digit, so that the label has
// six values at most.
var statusClasses = [...]string{"other", "1xx", "2xx", "3xx", "4xx", "5xx"}

// observe records one finished request.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	class := statusClasses[0]
	if i := status / 100; i > 0 && i < len(statusClasses) {
		class = statusClasses[i]
	}
	m.duration.WithLabelValues(route, metricMethod(method), class).Observe(d.Seconds())
}

// metricMethod bounds the method label: a client may send any token as a
// method, and each would otherwise become a time series.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// handleMetrics serves the registry in the Prometheus text format (or
// OpenMetrics, when the scraper asks for it).
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}
