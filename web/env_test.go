package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/db"
)

// env is a real server over a real SQLite file, with one API token per role.
type env struct {
	t      *testing.T
	store  *db.DB
	server *Server
	http   *httptest.Server
	tokens map[claims.Role]string
	users  map[claims.Role]*claims.User
}

// newEnv starts a server over a fresh database with a user (and token) for
// each role: "viewer", "editor", "checker", "admin", and a second editor
// "editor2" whose token is under tokens["editor2"].
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWithout(t, "")
}

// newEnvWithout is newEnv without the user of one role.
func newEnvWithout(t *testing.T, without claims.Role) *env {
	t.Helper()
	return newEnvWith(t, without, nil)
}

// newEnvWith is newEnvWithout that lets configure change the store (its
// clock) and the server's Config before anything runs.
func newEnvWith(t *testing.T, without claims.Role, configure func(*db.DB, *Config)) *env {
	t.Helper()
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cfg := Config{Version: "test", Signer: testSigner(t)}
	if configure != nil {
		configure(store, &cfg)
	}
	srv, err := New(store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: store, server: srv, tokens: map[claims.Role]string{}, users: map[claims.Role]*claims.User{}}
	for _, r := range []claims.Role{claims.RoleViewer, claims.RoleEditor, claims.RoleChecker, claims.RoleAdmin, "editor2", "checker2"} {
		if r == without {
			continue
		}
		role := r
		switch r {
		case "editor2":
			role = claims.RoleEditor
		case "checker2":
			role = claims.RoleChecker
		}
		u := &claims.User{Name: string(r), Roles: []claims.Role{role}}
		if err := store.CreateUser(ctx, claims.SystemActor, u); err != nil {
			t.Fatal(err)
		}
		tok, err := store.CreateToken(ctx, claims.SystemActor, u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[r], e.users[r] = tok, u
	}
	e.http = httptest.NewTLSServer(srv)
	t.Cleanup(e.http.Close)
	return e
}

// response is a finished request: status, headers and body.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// decode unmarshals the body into v, failing the test if it is not JSON.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem decodes a problem+json answer and checks its content type.
func (r response) problem(t *testing.T) problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q, want application/problem+json; body %s", ct, r.Body)
	}
	var p problem
	r.decode(t, &p)
	return p
}

// do sends a request as role ("" for anonymous) with body as JSON (a
// string is sent as it is).
func (e *env) do(role claims.Role, method, path string, body any) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := e.request(role, method, path, rd)
	if body == nil {
		req.Header.Del("Content-Type")
	}
	return e.send(req)
}

// request builds a request as role with a JSON body (string or reader).
func (e *env) request(role claims.Role, method, path string, body any) *http.Request {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case string:
		rd = strings.NewReader(b)
	case io.Reader:
		rd = b
	}
	req, err := http.NewRequest(method, e.http.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	return req
}

// send performs req without following redirects.
func (e *env) send(req *http.Request) response {
	e.t.Helper()
	client := e.http.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return e.sendWith(client, req)
}

// sendWith performs req with client, which may carry a cookie jar.
func (e *env) sendWith(client *http.Client, req *http.Request) response {
	e.t.Helper()
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// must checks the status of a response and returns it.
func (e *env) must(status int, r response) response {
	e.t.Helper()
	if r.Status != status {
		e.t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	return r
}

// createSource creates a source through the API as editor.
func (e *env) createSource(name string, typ claims.SourceType, aliases ...string) *claims.Source {
	e.t.Helper()
	var s claims.Source
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/sources", map[string]any{"name": name, "type": typ, "aliases": aliases})).decode(e.t, &s)
	return &s
}

// importText imports a plain-text article through the API as editor.
func (e *env) importText(title, body string) *claims.Document {
	e.t.Helper()
	var d claims.Document
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/documents", map[string]any{"title": title, "body": body, "format": "text"})).decode(e.t, &d)
	return &d
}
