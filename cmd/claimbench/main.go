// Command claimbench measures claimtrail as its users meet it: it builds
// and starts the real server on a temporary database, seeds it through the
// API, and drives each kind of request at several concurrency levels,
// printing throughput, latency percentiles and the server's memory.
//
// It first measures this machine's floor — durable single-row inserts per
// second through go-sqlite3 with the server's pragmas, one transaction
// each — and prints every write throughput as a ratio to it: ratios, not
// absolute numbers, are what compare across machines.
//
//	go run -tags sqlite_fts5 ./cmd/claimbench [-clients 1,8,32,128] [-duration 5s] [-claims 2000]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// options are the command line.
type options struct {
	clients  []int
	duration time.Duration
	claims   int
	bin      string
	keep     bool
}

func main() {
	var o options
	var clients string
	flag.StringVar(&clients, "clients", "1,8,32,128", "comma-separated concurrency levels")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "how long each scenario runs at each level")
	flag.IntVar(&o.claims, "claims", 2000, "claims to seed before measuring")
	flag.StringVar(&o.bin, "bin", "", "a claimtrail binary to run (default: build ./cmd/claimtrail)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary folder")
	flag.Parse()
	for _, c := range strings.Split(clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			log.Fatalf("bad -clients %q", clients)
		}
		o.clients = append(o.clients, n)
	}
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, o options) error {
	dir, err := os.MkdirTemp("", "claimbench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Println("folder:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	floor, err := measureFloor(filepath.Join(dir, "floor.db"), o.duration)
	if err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	fmt.Printf("floor: %.0f durable single-row inserts/s (WAL, synchronous=FULL, one transaction each)\n\n", floor)

	if o.bin == "" {
		o.bin = filepath.Join(dir, "claimtrail")
		build := exec.CommandContext(ctx, "go", "build", "-tags", "sqlite_fts5", "-o", o.bin, "./cmd/claimtrail")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	srv, err := startServer(ctx, o.bin, dir)
	if err != nil {
		return err
	}
	defer srv.stop()
	start := time.Now()
	fx, err := seed(ctx, srv, o.claims)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Printf("seeded %d claims in %s; server RSS %d MB\n\n", len(fx.claimIDs), time.Since(start).Round(time.Millisecond), srv.rssMB())

	fmt.Printf("%-15s %7s %10s %9s %9s %9s %7s %8s %9s\n", "scenario", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "RSS MB", "× floor")
	for _, sc := range scenarios(fx) {
		for _, c := range o.clients {
			r := drive(ctx, srv, sc, c, o.duration)
			ratio := ""
			if sc.write {
				ratio = fmt.Sprintf("%.2f", r.rate/floor)
			}
			fmt.Printf("%-15s %7d %10.0f %9.2f %9.2f %9.2f %7d %8d %9s\n",
				sc.name, c, r.rate, ms(r.p50), ms(r.p95), ms(r.p99), r.errors, srv.rssMB(), ratio)
		}
	}
	fmt.Printf("\npeak server RSS (VmHWM): %d MB\n", srv.peakMB())
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
