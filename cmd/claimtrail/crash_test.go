package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the plain "sqlite3" driver, for checks from outside the store
)

// buildBinary compiles the real claimtrail binary once per test binary run.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "claimtrail-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "claimtrail")
	out, err := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// binary returns the path of the built claimtrail binary.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// addUser runs "claimtrail user add" and returns the token it prints.
func addUser(t *testing.T, bin, dbPath, name, roles string) string {
	t.Helper()
	out, err := exec.Command(bin, "user", "add", "--db", dbPath, "--name", name, "--role", roles).Output()
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// server is one run of "claimtrail serve".
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	done   chan error
}

// startServer starts serve on dbPath at addr and waits until /healthz answers.
func startServer(t *testing.T, bin, dbPath, addr string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", dbPath, "--addr", addr)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, url: "http://" + addr, stderr: &stderr, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			t.Fatalf("serve exited early: %v\n%s", err, stderr.String())
		default:
		}
		res, err := http.Get(s.url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("serve did not come up\n%s", stderr.String())
	return nil
}

// post sends body as JSON with token and returns the status and the id of
// what was created (from Location), or an error when no answer came.
func post(client *http.Client, url, token string, body any) (int, string, error) {
	j, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(j))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	loc := res.Header.Get("Location")
	return res.StatusCode, loc[strings.LastIndex(loc, "/")+1:], nil
}

// TestCrashKeepsAcknowledgedWrites runs the real server under concurrent
// write load, kills it with SIGKILL at random moments and restarts it; at
// the end every write that was answered 2xx must be in the database, which
// must pass integrity_check, foreign_key_check and the audit log's own
// verification. There are enough writers that the server commits their
// writes in groups, so a kill lands in the middle of a group: an answer
// sent before its group's commit had returned would show up as a missing
// write. CLAIMTRAIL_LONG=1 runs 300 cycles instead of 50.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	const crashWriters = 16
	bin := binary(t)
	cycles := 50
	if os.Getenv("CLAIMTRAIL_LONG") == "1" {
		cycles = 300
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "crash.db")
	token := addUser(t, bin, dbPath, "crasher", "editor")
	addr := freeAddr(t)

	var (
		mu       sync.Mutex
		sources  = map[string]bool{} // acknowledged source ids
		claimIDs = map[string]bool{} // acknowledged claim ids
		sourceID string              // an acknowledged source that claims cite
		answered int
		failed   int // requests cut off by the kill
	)
	start := time.Now()
	for cycle := 0; cycle < cycles; cycle++ {
		srv := startServer(t, bin, dbPath, addr)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < crashWriters; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Timeout: 5 * time.Second}
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					mu.Lock()
					sid := sourceID
					mu.Unlock()
					var status int
					var id string
					var err error
					kind := "source"
					if sid == "" || i%2 == 0 {
						status, id, err = post(client, srv.url+"/api/v1/sources", token,
							map[string]any{"name": fmt.Sprintf("Source %d-%d-%d", cycle, w, i), "type": "person", "aliases": []string{"alias"}})
					} else {
						kind = "claim"
						status, id, err = post(client, srv.url+"/api/v1/claims", token,
							map[string]any{"text": fmt.Sprintf("Claim %d-%d-%d happened.", cycle, w, i), "kind": "reported", "source_id": sid})
					}
					mu.Lock()
					switch {
					case err != nil:
						failed++
					case status == 201:
						answered++
						if kind == "source" {
							sources[id] = true
							sourceID = id
						} else {
							claimIDs[id] = true
						}
					default:
						answered++
						t.Errorf("cycle %d: %s create answered %d", cycle, kind, status)
					}
					mu.Unlock()
					if err != nil {
						return // the server is gone
					}
				}
			}()
		}
		time.Sleep(time.Duration(20+rand.IntN(150)) * time.Millisecond)
		if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-srv.done
		close(stop)
		wg.Wait()
		if t.Failed() {
			t.Fatalf("stopping after cycle %d\n%s", cycle, srv.stderr.String())
		}
	}
	elapsed := time.Since(start)

	// Every acknowledged write is there, looked up by id.
	conn, err := sql.Open("sqlite3", "file:"+dbPath+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	count := func(table string, ids map[string]bool) int {
		found := 0
		for id := range ids {
			var n int
			if err := conn.QueryRow(`SELECT count(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("acknowledged %s %s is missing", table, id)
			}
			found += n
		}
		return found
	}
	foundSources, foundClaims := count("sources", sources), count("claims", claimIDs)
	var integrity string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check: %q, %v", integrity, err)
	}
	rows, err := conn.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		t.Error("foreign_key_check reports a violation")
	}
	rows.Close()
	var events int
	conn.QueryRow(`SELECT count(*) FROM audit_events`).Scan(&events)
	conn.Close()
	out, err := exec.Command(bin, "audit", "verify", "--db", dbPath).CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "ok: ") {
		t.Errorf("audit verify: %v\n%s", err, out)
	}
	if len(sources)+len(claimIDs) < cycles {
		t.Errorf("only %d writes were acknowledged in %d cycles; the load did not run", len(sources)+len(claimIDs), cycles)
	}
	t.Logf("crash: %d SIGKILL cycles survived in %v; %d writes acknowledged and found (%d sources, %d claims), %d answered requests, %d cut off by a kill; %d audit events; %s",
		cycles, elapsed.Round(time.Millisecond), foundSources+foundClaims, foundSources, foundClaims, answered, failed, events, strings.TrimSpace(string(out)))
}
