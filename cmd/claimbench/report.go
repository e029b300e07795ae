package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// report is one run: where, the floor, the server's start, every result.
type report struct {
	machine      string
	server       string // what claimtrail version answers
	started      time.Time
	clients      []int
	duration     time.Duration
	floor        float64 // durable single-row inserts per second
	database     string
	start        time.Duration // process start → /healthz answering
	startRSS     int
	coldStart    time.Duration // the same with the database out of the page cache (-db only)
	coldStartRSS int
	results      []result
}

// describeMachine says what the numbers were measured on, including how
// busy it was when the run began.
func describeMachine() string {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	load, _ := os.ReadFile("/proc/loadavg")
	loads := strings.Fields(string(load))
	if len(loads) > 3 {
		loads = loads[:3]
	}
	return fmt.Sprintf("%d CPUs (%s), Linux %s, %s; load average at the start %s",
		runtime.NumCPU(), model, strings.TrimSpace(string(kernel)), runtime.Version(), strings.Join(loads, " "))
}

// textHeader and textRow print the results as they come.
func textHeader() string {
	return fmt.Sprintf("%-24s %7s %9s %8s %8s %8s %7s %7s %8s %8s %9s", "scenario", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "RSS MB", "peak MB", "× floor", "× ceiling")
}

func (rep *report) textRow(r result) string {
	line := fmt.Sprintf("%-24s %7d %9.0f %8.2f %8.2f %8.2f %7d %7d %8d %8s %9s",
		r.scenario, r.clients, r.rate, msf(r.p50), msf(r.p95), msf(r.p99), r.errors, r.rssMB, r.peakMB, rep.ratio(r), rep.ceilingRatio(r))
	if r.errors > 0 {
		line += "\n    first error: " + r.firstError
	}
	return line
}

// ratio is a write's throughput over the floor; "" for a read.
func (rep *report) ratio(r result) string {
	if !r.write || rep.floor == 0 {
		return ""
	}
	return fmt.Sprintf("%.2f", r.rate/rep.floor)
}

// ceilingName is the scenario that measures the HTTP ceiling.
const ceilingName = "ceiling: GET /healthz"

// ceilingRatio is r's throughput over the ceiling's at the same number of
// clients; "" when the ceiling has not run (yet) or r is the ceiling.
func (rep *report) ceilingRatio(r result) string {
	if r.scenario == ceilingName {
		return ""
	}
	for _, c := range rep.results {
		if c.scenario == ceilingName && c.clients == r.clients && c.rate > 0 {
			return fmt.Sprintf("%.2f", r.rate/c.rate)
		}
	}
	return ""
}

// markdown writes the summary as a section for docs/BENCHMARKS.md.
func (rep *report) markdown(w io.Writer) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "#### claimbench, %s\n\n", rep.started.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(b, "- Machine: %s.\n", rep.machine)
	fmt.Fprintf(b, "- Server: %s.\n", rep.server)
	fmt.Fprintf(b, "- Database: %s.\n", rep.database)
	if rep.coldStart > 0 {
		fmt.Fprintf(b, "- Server start (process start → `/healthz` answering): %s cold (the file evicted from the page cache), RSS %d MB; %s warm, RSS %d MB.\n",
			ms(rep.coldStart), rep.coldStartRSS, ms(rep.start), rep.startRSS)
	} else {
		fmt.Fprintf(b, "- Server start (process start → `/healthz` answering): %s, RSS %d MB.\n", ms(rep.start), rep.startRSS)
	}
	fmt.Fprintf(b, "- Floor: %s durable single-row inserts/s (go-sqlite3, WAL, `synchronous=FULL`, one transaction each).\n", thousands(rep.floor))
	fmt.Fprintf(b, "- Closed-loop clients over loopback, %s per row; the load generator shares the machine.\n", rep.duration)
	fmt.Fprintf(b, "- × ceiling: the rate over that of `GET /healthz` (the whole HTTP path with authentication, no store read) at the same number of clients.\n\n")
	b.WriteString("| scenario | clients | req/s | p50 ms | p95 ms | p99 ms | errors | RSS MB (end / peak) | × floor | × ceiling |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	var errs []string
	for _, r := range rep.results {
		fmt.Fprintf(b, "| %s | %d | %s | %.2f | %.2f | %.2f | %d | %d / %d | %s | %s |\n",
			r.scenario, r.clients, thousands(r.rate), msf(r.p50), msf(r.p95), msf(r.p99), r.errors, r.rssMB, r.peakMB, rep.ratio(r), rep.ceilingRatio(r))
		if r.errors > 0 {
			errs = append(errs, fmt.Sprintf("- %s at %d clients, first of %d: `%s`", r.scenario, r.clients, r.errors, strings.ReplaceAll(r.firstError, "`", "'")))
		}
	}
	peak := 0
	for _, r := range rep.results {
		peak = max(peak, r.peakMB)
	}
	fmt.Fprintf(b, "\nPeak server RSS over the run: %d MB.\n", peak)
	if len(errs) > 0 {
		b.WriteString("\nErrors:\n\n" + strings.Join(errs, "\n") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// msf is d in milliseconds.
func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// thousands formats a rate with thousands separators.
func thousands(f float64) string {
	s := fmt.Sprintf("%.0f", f)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
