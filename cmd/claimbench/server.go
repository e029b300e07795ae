package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is the real claimtrail binary serving a temporary database.
type server struct {
	cmd    *exec.Cmd
	base   string
	token  string
	client *http.Client
}

// startServer creates a user with every role, starts serve on a free
// port and waits until it answers.
func startServer(ctx context.Context, bin, dir string) (*server, error) {
	db := filepath.Join(dir, "bench.db")
	add := exec.CommandContext(ctx, bin, "user", "add", "--db", db, "--name", "bench", "--role", "admin,editor,checker")
	var out bytes.Buffer
	add.Stdout, add.Stderr = &out, os.Stderr
	if err := add.Run(); err != nil {
		return nil, fmt.Errorf("user add: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	token := strings.TrimSpace(lines[len(lines)-1])

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", addr)
	cmd.Stdout, cmd.Stderr = nil, nil // the access log would dominate the run
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, token: token, client: &http.Client{
		Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute},
		Timeout:   30 * time.Second,
	}}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		res, err := s.client.Get(s.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("the server did not answer on %s", addr)
}

// stop ends the server the way an operator does, with SIGTERM.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
	}
}

// rssMB is the server's resident memory now; peakMB its high-water mark.
func (s *server) rssMB() int  { return s.status("VmRSS:") }
func (s *server) peakMB() int { return s.status("VmHWM:") }

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
