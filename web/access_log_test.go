package web

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/db"
)

// TestAccessLog checks the one line each request leaves in the log: what
// was asked, of which route, by whom, with what outcome, and no secrets.
func TestAccessLog(t *testing.T) {
	logs := &lockedBuffer{}
	e := newEnvWith(t, "", func(_ *db.DB, cfg *Config) {
		cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	})
	const id = "0badc0de-0000-0000-0000-000000000000"
	e.must(200, e.do(editor, "GET", "/api/v1/claims?q=secretword", nil))
	e.must(404, e.do(viewer, "GET", "/api/v1/sources/"+id, nil))
	e.must(401, e.do("", "GET", "/api/v1/sources", nil))

	type line struct {
		Level, Msg, Method, Route, Path, Remote, User string
		Status                                        int
		Bytes                                         int64
		Duration                                      int64
	}
	var lines []line
	for _, raw := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("not a JSON log line: %s", raw)
		}
		if l.Msg == "request" {
			lines = append(lines, l)
		}
	}
	if len(lines) != 3 {
		t.Fatalf("%d access log lines for 3 requests:\n%s", len(lines), logs.String())
	}
	want := []line{
		{Level: "INFO", Method: "GET", Route: "/api/v1/claims", Path: "/api/v1/claims", Remote: "127.0.0.1", User: e.users[editor].ID, Status: 200},
		{Level: "INFO", Method: "GET", Route: "/api/v1/sources/{id}", Path: "/api/v1/sources/" + id, Remote: "127.0.0.1", User: e.users[viewer].ID, Status: 404},
		{Level: "INFO", Method: "GET", Route: "/api/v1/sources", Path: "/api/v1/sources", Remote: "127.0.0.1", Status: 401},
	}
	for i, got := range lines {
		if got.Bytes <= 0 || got.Duration <= 0 {
			t.Errorf("line %d: bytes %d, duration %d", i, got.Bytes, got.Duration)
		}
		got.Msg, got.Bytes, got.Duration = "", 0, 0
		if got != want[i] {
			t.Errorf("line %d:\n got %+v\nwant %+v", i, got, want[i])
		}
	}
	out := logs.String()
	for _, secret := range []string{e.tokens[editor], e.tokens[viewer], "secretword", "Bearer", "Authorization"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
}
