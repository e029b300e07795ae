package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMFinishesInFlightAndCheckpoints sends SIGTERM while requests
// are still sending their bodies: each must be answered 201 and be in the
// database, serve must exit 0, and the WAL must be checkpointed into the
// main file (the -wal file empty or gone).
func TestSIGTERMFinishesInFlightAndCheckpoints(t *testing.T) {
	bin := binary(t)
	dbPath := filepath.Join(t.TempDir(), "term.db")
	token := addUser(t, bin, dbPath, "terminator", "editor")
	srv := startServer(t, bin, dbPath, freeAddr(t))

	const inflight = 8
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		ids     []string
		started sync.WaitGroup
	)
	release := make(chan struct{})
	for i := range inflight {
		wg.Add(1)
		started.Add(1)
		go func() {
			defer wg.Done()
			body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("Slow source %d", i), "type": "organization"})
			pr, pw := io.Pipe()
			go func() {
				pw.Write(body[:5]) // the request is now in flight
				started.Done()
				<-release
				pw.Write(body[5:])
				pw.Close()
			}()
			req, _ := http.NewRequest("POST", srv.url+"/api/v1/sources", pr)
			req.ContentLength = int64(len(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("in-flight request %d: %v", i, err)
				return
			}
			defer res.Body.Close()
			var s struct{ ID string }
			json.NewDecoder(res.Body).Decode(&s)
			if res.StatusCode != 201 {
				t.Errorf("in-flight request %d: status %d", i, res.StatusCode)
				return
			}
			mu.Lock()
			ids = append(ids, s.ID)
			mu.Unlock()
		}()
	}
	started.Wait()
	time.Sleep(100 * time.Millisecond) // let the server read the first bytes
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // shutting down, waiting for the requests
	close(release)
	wg.Wait()
	select {
	case err := <-srv.done:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM\n%s", err, srv.stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not exit after SIGTERM")
	}
	if st, err := os.Stat(dbPath + "-wal"); err == nil && st.Size() != 0 {
		t.Errorf("the WAL holds %d bytes after a clean shutdown", st.Size())
	}
	store := openDB(t, dbPath)
	for _, id := range ids {
		if _, err := store.FindSourceByID(t.Context(), id); err != nil {
			t.Errorf("source %s answered 201 during shutdown but: %v", id, err)
		}
	}
	if len(ids) != inflight {
		t.Fatalf("%d of %d in-flight requests succeeded", len(ids), inflight)
	}
	if !strings.Contains(srv.stderr.String(), "stopped") {
		t.Errorf("serve did not log its orderly stop:\n%s", srv.stderr.String())
	}
	t.Logf("shutdown: %d in-flight writes finished after SIGTERM, all present; exit 0; WAL checkpointed", len(ids))
}
