package web

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// maxRequestBody caps every request body. A document body may be 2 MiB of
// text, which JSON escaping can nearly double.
const maxRequestBody = 5 << 20

// contentSecurityPolicy allows only the server's own scripts and styles: no
// inline script can run, whatever a template lets through.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secure wraps every request: security headers, a body limit, refusal of
// cross-origin state changes, panic recovery, the request metrics and an
// access log line.
func (s *Server) secure(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, claims.Errorf(claims.EFORBIDDEN, "Cross-origin request refused."))
	}))
	inner := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inFlight.Inc()
		info := &requestInfo{}
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			v := recover()
			if v != nil && v != http.ErrAbortHandler {
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !rec.wrote {
					s.error(rec, r, fmt.Errorf("panic: %v", v))
				}
			}
			s.metrics.inFlight.Dec()
			s.finish(r, rec, info, time.Since(start))
			if v == http.ErrAbortHandler {
				panic(v)
			}
		}()
		inner.ServeHTTP(rec, r)
	})
}

// statusRecorder remembers the status and the body's size for the access
// log and the metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection, so streamed
// exports and profiles can flush and extend their deadlines.
func (w *statusRecorder) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}

// isAPI reports whether r is for the JSON API or another endpoint for
// programs (metrics, profiles), which answer in problem+json and never
// redirect to the login page: a scraper sent to an HTML form would fail
// to parse it instead of reporting a 401.
func isAPI(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/api/") || p == "/metrics" || strings.HasPrefix(p, "/debug/pprof/")
}

// authorize enforces the route's role: public routes pass; others need a
// signed-in user holding the role. A browser without a session is sent to
// the login page and back.
func (s *Server) authorize(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noteRoute(r, rt.path)
		if rt.role == public {
			rt.handler(w, r)
			return
		}
		u := userFrom(r.Context())
		switch {
		case u == nil && !isAPI(r) && r.Method == http.MethodGet:
			http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case u == nil:
			s.error(w, r, claims.Errorf(claims.EUNAUTHORIZED, "Sign in or send an API token (Authorization: Bearer …)."))
		case !u.Has(rt.role):
			s.error(w, r, claims.Errorf(claims.EFORBIDDEN, "This needs the %s role.", rt.role))
		case enrolRoutes[rt.method+" "+rt.path]:
			rt.handler(w, r)
		default:
			// The sign-in policy may send the user to enrol a second
			// factor before anything else, tokens included.
			must, err := s.mustEnrol(r, u)
			switch {
			case err != nil:
				s.error(w, r, err)
			case must && !isAPI(r) && r.Method == http.MethodGet:
				http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
			case must:
				s.error(w, r, claims.Errorf(claims.EFORBIDDEN, "Set up two-step sign-in first (on /account/totp): it is required for your roles."))
			default:
				rt.handler(w, r)
			}
		}
	})
}
