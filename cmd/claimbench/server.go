package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is the real claimtrail binary serving a database.
type server struct {
	cmd     *exec.Cmd
	logFile *os.File
	base    string
	token   string
	client  *http.Client
	startup time.Duration // from the process's start to /healthz answering
	waited  <-chan error  // the process's exit
}

// startServer starts serve on db on a free port, with its log going to
// logPath, and waits until /healthz answers; the time that takes is the
// server's start time.
func startServer(ctx context.Context, bin, db, logPath string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	logFile, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", addr)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	s := &server{cmd: cmd, logFile: logFile, base: "http://" + addr, client: &http.Client{
		Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute},
		Timeout:   30 * time.Second,
	}}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for time.Since(start) < time.Minute {
		select {
		case err := <-exited:
			logFile.Close()
			return nil, fmt.Errorf("the server exited before answering (%v); run with -log FILE to see why", err)
		case <-ctx.Done():
			s.stopWith(exited)
			return nil, ctx.Err()
		default:
		}
		res, err := s.client.Get(s.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				s.startup = time.Since(start)
				s.waited = exited
				return s, nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	s.stopWith(exited)
	return nil, fmt.Errorf("the server did not answer on %s within a minute", addr)
}

// cpuProfile saves a CPU profile of the server over d (whole seconds, at
// least one) to file.
func (s *server) cpuProfile(ctx context.Context, file string, d time.Duration) error {
	secs := max(1, int(d.Round(time.Second)/time.Second))
	res, err := s.do(ctx, "GET", "/debug/pprof/profile?seconds="+strconv.Itoa(secs), nil)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 300))
		return fmt.Errorf("%d %s", res.StatusCode, b)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, res.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// addUser creates a user holding every role in db, with the command line
// (the server may be running: SQLite's WAL lets both write), and returns
// its API token.
func addUser(ctx context.Context, bin, db string) (string, error) {
	name := "claimbench-" + rand.Text()[:8]
	add := exec.CommandContext(ctx, bin, "user", "add", "--db", db, "--name", name, "--role", "admin,editor,checker")
	var out, errOut bytes.Buffer
	add.Stdout, add.Stderr = &out, &errOut
	if err := add.Run(); err != nil {
		return "", fmt.Errorf("user add: %w: %s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return strings.TrimSpace(lines[len(lines)-1]), nil
}

// stop ends the server the way an operator does, with SIGTERM, and waits
// for it to close the database.
func (s *server) stop() { s.stopWith(s.waited) }

func (s *server) stopWith(exited <-chan error) {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-exited
	}
	s.logFile.Close()
}

// rssMB is the server's resident memory now; peakMB its high-water mark
// since the last resetPeak.
func (s *server) rssMB() int  { return s.status("VmRSS:") }
func (s *server) peakMB() int { return s.status("VmHWM:") }

// resetPeak starts a new high-water mark at the current resident memory
// (clear_refs 5, Linux 4.0+), so that each measurement gets its own peak.
func (s *server) resetPeak() {
	os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.cmd.Process.Pid), []byte("5"), 0)
}

// status reads a memory field of /proc/PID/status in MB; -1 when unknown.
func (s *server) status(field string) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb / 1024
		}
	}
	return -1
}
