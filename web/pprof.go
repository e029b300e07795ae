package web

import (
	"net/http"
	"net/http/pprof"
	rpprof "runtime/pprof"
	"sync"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// The runtime's profiles, for `go tool pprof`, are served on the server's
// own router (never http.DefaultServeMux, which anything importing
// net/http/pprof fills) so that the route table's admin role guards them.
//
// The server's WriteTimeout (60 s) does not cut a long profile: the
// handlers of net/http/pprof move the write deadline themselves, through
// http.ResponseController, to WriteTimeout plus ?seconds= (statusRecorder
// unwraps to the connection for that), and net/http clears the read
// deadline of a request without a body once it has been read, so the
// request's context is not cancelled by ReadTimeout either.
// TestPprofOutlivesTimeouts holds both.

// pprofIndexCSP replaces the site's policy on the profile index only: the
// standard library's page has one inline <style> block, shows profile
// names and counts and no user data, and runs no script.
const pprofIndexCSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *Server) handlePprofIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", pprofIndexCSP)
	pprof.Index(w, r)
}

func (s *Server) handlePprofCmdline(w http.ResponseWriter, r *http.Request) {
	pprof.Cmdline(w, r)
}

func (s *Server) handlePprofSymbol(w http.ResponseWriter, r *http.Request) {
	pprof.Symbol(w, r)
}

// handlePprofCPU collects a CPU profile for ?seconds= (default 30). The
// runtime runs one at a time; a second request is a 409 rather than the
// standard library's 500.
func (s *Server) handlePprofCPU(w http.ResponseWriter, r *http.Request) {
	if !profiling.cpu.TryLock() {
		s.error(w, r, claims.Errorf(claims.ECONFLICT, "A CPU profile is being collected already; try again when it is done."))
		return
	}
	defer profiling.cpu.Unlock()
	pprof.Profile(w, r)
}

// handlePprofTrace records an execution trace for ?seconds= (default 1),
// one at a time like CPU profiles.
func (s *Server) handlePprofTrace(w http.ResponseWriter, r *http.Request) {
	if !profiling.trace.TryLock() {
		s.error(w, r, claims.Errorf(claims.ECONFLICT, "An execution trace is being recorded already; try again when it is done."))
		return
	}
	defer profiling.trace.Unlock()
	pprof.Trace(w, r)
}

// profiling lets one CPU profile and one trace run at a time. The
// runtime's profiler is one per process, and so is this, whatever number
// of Servers the process runs.
var profiling struct {
	cpu, trace sync.Mutex
}

// handlePprofProfile serves a named profile (heap, allocs, goroutine,
// block, mutex, threadcreate); with ?seconds= the difference over that
// time. An unknown name is a 404.
func (s *Server) handlePprofProfile(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["profile"]
	if rpprof.Lookup(name) == nil {
		s.error(w, r, claims.Errorf(claims.ENOTFOUND, "There is no profile %q; /debug/pprof/ lists them.", name))
		return
	}
	pprof.Handler(name).ServeHTTP(w, r)
}
