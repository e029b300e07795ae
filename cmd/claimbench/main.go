// Command claimbench measures claimtrail as its users meet it: it starts
// the real server (a separate process, so that its memory is its own) and
// drives each kind of request with closed-loop clients at several
// concurrency levels, printing throughput, latency percentiles, errors and
// the server's resident memory for each.
//
// It first measures this machine's floor — durable single-row inserts per
// second through go-sqlite3 with the server's pragmas, one transaction
// each — and prints every write throughput as a ratio to it: ratios, not
// absolute numbers, are what compare across machines. In the same spirit
// it measures the ceiling — GET /healthz, the whole HTTP path with
// authentication but no store read — and prints every other throughput as
// a ratio to the ceiling's at the same concurrency: no request can go
// faster on this machine with this load generator.
//
// By default the server runs on a temporary database seeded through the
// API. With -db it runs on an existing database instead (one made by
// cmd/claimgen, say, at a million claims): claimbench then measures the
// server's start time twice, with the file evicted from the page cache
// (cold) and again (warm), and samples the claims to read from the whole
// file. The write scenarios add rows to that database; run them on a copy,
// or leave them out with -scenarios.
//
// With -profile DIR it saves a CPU profile of the server (through its
// /debug/pprof/profile, as the admin it runs as) for each scenario at one
// concurrency level, for `go tool pprof`.
//
// At the end it prints a Markdown summary for docs/BENCHMARKS.md (or
// writes it to -md FILE).
//
//	go run -tags sqlite_fts5 ./cmd/claimbench [-clients 1,8,32,128] [-duration 5s] [-claims 2000]
//	go run -tags sqlite_fts5 ./cmd/claimbench -db /tmp/c1m-copy.db -scenarios get,page,list,search
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// options are the command line.
type options struct {
	clients   []int
	duration  time.Duration
	claims    int
	scenarios []string // keys of the scenarios to run, in the order of scenarios()
	bin       string
	db        string // an existing database; "" for a temporary one
	md        string // where the Markdown summary goes; "" for standard output
	log       string // where the server's log goes; "" for nowhere
	profile   string // a folder for CPU profiles of the server; "" for none
	profileAt int    // the concurrency level profiled
	keep      bool
}

func main() {
	o := options{}
	var clients, scenarios string
	flag.StringVar(&clients, "clients", "1,8,32,128", "comma-separated concurrency levels")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "how long each scenario runs at each level, and how long the floor is measured")
	flag.IntVar(&o.claims, "claims", 2000, "claims to seed (temporary database) or to sample from -db for the reads")
	flag.StringVar(&scenarios, "scenarios", strings.Join(scenarioKeys, ","), "comma-separated scenarios to run")
	flag.StringVar(&o.bin, "bin", "", "a claimtrail binary to run (default: build ./cmd/claimtrail)")
	flag.StringVar(&o.db, "db", "", "run on this existing database instead of a temporary one (the write scenarios add to it)")
	flag.StringVar(&o.md, "md", "", "write the Markdown summary to this file instead of standard output")
	flag.StringVar(&o.log, "log", "", "write the server's log (one line per request) to this file")
	flag.StringVar(&o.profile, "profile", "", "save a CPU profile of the server during each scenario into this folder (SCENARIO-CLIENTS.prof)")
	flag.IntVar(&o.profileAt, "profile-at", 32, "with -profile: the concurrency level to profile")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary folder")
	flag.Parse()
	if o.claims < 1 {
		log.Fatal("-claims must be at least 1: the reads need claims to read")
	}
	var err error
	if o.clients, err = parseClients(clients); err != nil {
		log.Fatal(err)
	}
	if o.scenarios, err = parseScenarios(scenarios); err != nil {
		log.Fatal(err)
	}
	if o.profile != "" {
		if err := os.MkdirAll(o.profile, 0o755); err != nil {
			log.Fatal(err)
		}
		if !slices.Contains(o.clients, o.profileAt) {
			log.Fatalf("-profile-at %d is not one of -clients", o.profileAt)
		}
	}
	rep, err := run(context.Background(), o, os.Stdout)
	if err != nil {
		log.Fatal(err)
	}
	md := os.Stdout
	if o.md != "" {
		if md, err = os.Create(o.md); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Fprintln(os.Stdout)
	if o.profile != "" {
		fmt.Fprintf(os.Stdout, "CPU profiles in %s: go tool pprof -top -cum %s\n\n", o.profile, filepath.Join(o.profile, "get-"+strconv.Itoa(o.profileAt)+".prof"))
	}
	if err := rep.markdown(md); err != nil {
		log.Fatal(err)
	}
	if err := md.Close(); err != nil {
		log.Fatal(err)
	}
}

// parseClients reads -clients.
func parseClients(s string) ([]int, error) {
	var out []int
	for _, c := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad -clients %q: want positive numbers, such as 1,8,32,128", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseScenarios reads -scenarios.
func parseScenarios(s string) ([]string, error) {
	var out []string
	for _, k := range strings.Split(s, ",") {
		k = strings.TrimSpace(k)
		if !slices.Contains(scenarioKeys, k) {
			return nil, fmt.Errorf("bad -scenarios %q: %q is not one of %s", s, k, strings.Join(scenarioKeys, ","))
		}
		out = append(out, k)
	}
	return out, nil
}

// run measures the floor, starts the server, prepares what the scenarios
// need, and drives them; it prints a line per measurement to out as it
// goes and returns everything for the summary.
func run(ctx context.Context, o options, out io.Writer) (*report, error) {
	dir, err := os.MkdirTemp("", "claimbench-")
	if err != nil {
		return nil, err
	}
	if o.keep {
		fmt.Fprintln(out, "folder:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	rep := &report{machine: describeMachine(), clients: o.clients, duration: o.duration, started: time.Now()}
	fmt.Fprintln(out, rep.machine)

	if rep.floor, err = measureFloor(filepath.Join(dir, "floor.db"), o.duration); err != nil {
		return nil, fmt.Errorf("floor: %w", err)
	}
	fmt.Fprintf(out, "floor: %.0f durable single-row inserts/s (WAL, synchronous=FULL, one transaction each)\n", rep.floor)

	if o.bin == "" {
		o.bin = filepath.Join(dir, "claimtrail")
		if err := build(ctx, o.bin); err != nil {
			return nil, err
		}
	}
	if v, err := exec.CommandContext(ctx, o.bin, "version").Output(); err == nil {
		rep.server = strings.TrimSpace(string(v))
	}
	dbPath := o.db
	if dbPath == "" {
		dbPath = filepath.Join(dir, "bench.db")
	} else if _, err := os.Stat(dbPath); err != nil {
		return nil, fmt.Errorf("-db: %w", err)
	}
	logPath := o.log
	if logPath == "" {
		logPath = os.DevNull
	}

	if o.db != "" {
		// A cold start first: the file out of the page cache, as after a
		// reboot. Then the server the load runs against, warm.
		if err := evict(dbPath); err != nil {
			return nil, fmt.Errorf("evict %s from the page cache: %w", dbPath, err)
		}
		cold, err := startServer(ctx, o.bin, dbPath, logPath)
		if err != nil {
			return nil, err
		}
		rep.coldStart, rep.coldStartRSS = cold.startup, cold.rssMB()
		cold.stop()
		fmt.Fprintf(out, "server start, cold: %s (process start → /healthz answering), RSS %d MB\n", ms(rep.coldStart), rep.coldStartRSS)
	}
	srv, err := startServer(ctx, o.bin, dbPath, logPath)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	rep.start, rep.startRSS = srv.startup, srv.rssMB()
	fmt.Fprintf(out, "server start: %s (process start → /healthz answering), RSS %d MB\n", ms(rep.start), rep.startRSS)
	if srv.token, err = addUser(ctx, o.bin, dbPath); err != nil {
		return nil, err
	}

	seedStart := time.Now()
	var fx *fixture
	if o.db == "" {
		fx, err = seed(ctx, srv, o.claims)
		rep.database = fmt.Sprintf("temporary, seeded through the API with %d claims (%s)", o.claims, time.Since(seedStart).Round(time.Millisecond))
	} else {
		fx, err = sampleFixture(ctx, srv, dbPath, o.claims)
		if err == nil {
			rep.database = fmt.Sprintf("%s: %s claims (%.1f GB); reads drawn from %d claims sampled across it", o.db, thousands(float64(fx.total)), gigabytes(dbPath), len(fx.claimIDs))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	fmt.Fprintf(out, "database: %s; server RSS %d MB\n\n", rep.database, srv.rssMB())

	fmt.Fprintln(out, textHeader())
	for _, sc := range scenarios(fx) {
		if !slices.Contains(o.scenarios, sc.key) {
			continue
		}
		for _, c := range o.clients {
			srv.resetPeak()
			var profiled chan error
			if o.profile != "" && c == o.profileAt {
				profiled = make(chan error, 1)
				file := filepath.Join(o.profile, fmt.Sprintf("%s-%d.prof", sc.key, c))
				go func() { profiled <- srv.cpuProfile(ctx, file, o.duration) }()
			}
			r := drive(ctx, srv, sc, c, o.duration)
			if profiled != nil {
				if err := <-profiled; err != nil {
					return nil, fmt.Errorf("CPU profile of %s at %d clients: %w", sc.name, c, err)
				}
			}
			r.scenario, r.clients, r.write = sc.name, c, sc.write
			r.rssMB, r.peakMB = srv.rssMB(), srv.peakMB()
			rep.results = append(rep.results, r)
			fmt.Fprintln(out, rep.textRow(r))
		}
	}
	return rep, nil
}

// build compiles the server into bin, from this module whatever the
// working directory.
func build(ctx context.Context, bin string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "sqlite_fts5", "-o", bin, "github.com/claimtrail/claimtrail/cmd/claimtrail")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build the server: %w", err)
	}
	return nil
}

// gigabytes is the size of the database file and its WAL.
func gigabytes(path string) float64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return float64(n) / 1e9
}

// ms formats d in milliseconds.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
}
