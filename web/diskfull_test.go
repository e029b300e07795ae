package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/db"
)

// tinyDataDir mounts a 4 MB tmpfs in a temporary folder and returns it;
// the cleanup unmounts it. It needs root: elsewhere the test is skipped,
// except under CI=true, where CI runs as root and a skip would hide a
// broken setup.
func tinyDataDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", dir).CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("cannot mount a tmpfs (needs root): %v %s", err, out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// freeBytes returns the space left on the filesystem holding dir.
func freeBytes(t *testing.T, dir string) int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * st.Bsize
}

// TestDiskFull runs the server with its database on a tiny filesystem
// that a filler file has almost filled. Writes go on until the disk is
// full; from then on they get 503 problem+json with a clear message and
// Retry-After, reads keep working, and once the filler is deleted writes
// succeed again. Every write acknowledged before, during and after is
// there, and the audit log verifies.
func TestDiskFull(t *testing.T) {
	dir := tinyDataDir(t)
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(dir, "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	srv, err := New(store, Config{Version: "test", Signer: testSigner(t)})
	if err != nil {
		t.Fatal(err)
	}
	u := &claims.User{Name: "editor", Roles: []claims.Role{claims.RoleEditor}}
	if err := store.CreateUser(ctx, claims.SystemActor, u); err != nil {
		t.Fatal(err)
	}
	tok, err := store.CreateToken(ctx, claims.SystemActor, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	e := &env{t: t, store: store, server: srv, http: hs,
		tokens: map[claims.Role]string{claims.RoleEditor: tok, claims.RoleViewer: tok}, users: map[claims.Role]*claims.User{claims.RoleEditor: u}}

	// Leave about 600 KB free.
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, freeBytes(t, dir)-600<<10), 0o600); err != nil {
		t.Fatal(err)
	}

	var acked []string
	create := func(i int) response {
		return e.do(editor, "POST", "/api/v1/sources", map[string]any{
			"name": fmt.Sprintf("Filling source %d", i), "type": "media", "description": strings.Repeat("Ballast text. ", 1400)})
	}
	var full response
	i := 0
	for ; i < 1000; i++ {
		res := create(i)
		if res.Status == 201 {
			var s claims.Source
			res.decode(t, &s)
			acked = append(acked, s.ID)
			continue
		}
		full = res
		break
	}
	if full.Status != 503 {
		t.Fatalf("after %d writes: status %d, want 503; body %s", i, full.Status, full.Body)
	}
	p := full.problem(t)
	if p.Code != claims.EUNAVAILABLE || !strings.Contains(p.Detail, "Storage is unavailable") || full.Header.Get("Retry-After") == "" {
		t.Errorf("disk-full answer: %+v, Retry-After %q", p, full.Header.Get("Retry-After"))
	}
	// More writes, of every size, keep failing cleanly while the disk is full.
	refused := 1
	for j := range 10 {
		res := e.do(editor, "POST", "/api/v1/sources", map[string]any{"name": fmt.Sprintf("Small %d", j), "type": "person"})
		if res.Status == 201 {
			var s claims.Source
			res.decode(t, &s)
			acked = append(acked, s.ID)
			continue
		}
		if res.Status != 503 {
			t.Fatalf("write on a full disk: status %d, want 503 or 201; body %s", res.Status, res.Body)
		}
		res.problem(t)
		refused++
	}
	// Reads keep working.
	for _, id := range acked {
		e.must(200, e.do(viewer, "GET", "/api/v1/sources/"+id, nil))
	}
	e.must(200, e.do(viewer, "GET", "/api/v1/sources?limit=100", nil))
	e.must(200, e.do(viewer, "GET", "/api/v1/audit?limit=100", nil))

	// Space returns: writes resume.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	resumed := 0
	for j := range 20 {
		res := create(10000 + j)
		if res.Status != 201 {
			t.Fatalf("write %d after space returned: status %d; body %s", j, res.Status, res.Body)
		}
		var s claims.Source
		res.decode(t, &s)
		acked = append(acked, s.ID)
		resumed++
	}
	for _, id := range acked {
		if _, err := store.FindSourceByID(ctx, id); err != nil {
			t.Errorf("acknowledged source %s: %v", id, err)
		}
	}
	th, err := store.VerifyLog(ctx)
	if err != nil {
		t.Fatalf("audit log: %v", err)
	}
	t.Logf("disk full: %d writes fit, then %d refused with 503 (%q), reads kept working, %d writes after space returned; %d acknowledged writes present, audit log of %d events verifies",
		i, refused, p.Detail, resumed, len(acked), th.Size)
}
