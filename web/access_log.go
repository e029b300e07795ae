package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

// requestInfo is what the handlers inside learn about a request and the
// outermost middleware (secure) logs and measures: the route template that
// matched and the signed-in user. secure puts an empty one in the context;
// authorize fills it in.
type requestInfo struct {
	route  string
	userID string
}

type requestInfoKey struct{}

// noteRoute records that r reached route, and who sent it.
func noteRoute(r *http.Request, route string) {
	info, _ := r.Context().Value(requestInfoKey{}).(*requestInfo)
	if info == nil {
		return
	}
	info.route = route
	if u := userFrom(r.Context()); u != nil {
		info.userID = u.ID
	}
}

// finish measures a request and writes its access log line: method, route
// template, path, status, body bytes, duration, the user (when signed in)
// and the client's address. The query string is left out (the first
// admin's setup link carries a token in it; searches are the users'
// business), and so are all headers, credentials among them.
func (s *Server) finish(r *http.Request, rec *statusRecorder, info *requestInfo, d time.Duration) {
	route := s.routeOf(r, info)
	s.metrics.observe(route, r.Method, rec.status, d)
	if !s.log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.String("path", r.URL.Path),
		slog.Int("status", rec.status),
		slog.Int64("bytes", rec.bytes),
		slog.Duration("duration", d),
		slog.String("remote", clientAddress(r)),
	}
	if info.userID != "" {
		attrs = append(attrs, slog.String("user", info.userID))
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// routeOf returns the route template r was served by. A request refused
// before routing (a bad bearer token, a cross-origin POST) is matched
// again here, which costs a router walk on that rare path only; one that
// matches no route is "unmatched".
func (s *Server) routeOf(r *http.Request, info *requestInfo) string {
	if info.route != "" {
		return info.route
	}
	var m mux.RouteMatch
	if s.router.Match(r, &m) && m.MatchErr == nil && m.Route != nil {
		if tpl, err := m.Route.GetPathTemplate(); err == nil {
			return tpl
		}
	}
	return unmatchedRoute
}
