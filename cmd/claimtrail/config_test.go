package main

import (
	"errors"
	"testing"
)

func TestParseArgs(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }

	t.Run("OK", func(t *testing.T) {
		cases := []struct {
			args []string
			want config
		}{
			{[]string{"serve"}, config{Command: "serve", DB: "claimtrail.db", Addr: "127.0.0.1:8080"}},
			{[]string{"serve", "--demo", "--addr", ":9000", "--db=x.db"}, config{Command: "serve", DB: "x.db", Addr: ":9000", Demo: true}},
			{[]string{"user", "add", "--name", "ala", "--role", "editor,checker", "--password-stdin"},
				config{Command: "user add", DB: "claimtrail.db", Addr: "127.0.0.1:8080", Name: "ala", Roles: "editor,checker", PasswordStdin: true}},
			{[]string{"import", "--title", "T", "a.md", "--lang", "pl"},
				config{Command: "import", DB: "claimtrail.db", Addr: "127.0.0.1:8080", Title: "T", Lang: "pl", File: "a.md"}},
			{[]string{"import", "--format", "html", "-"},
				config{Command: "import", DB: "claimtrail.db", Addr: "127.0.0.1:8080", Format: "html", File: "-"}},
			{[]string{"import", "--", "--odd-name.txt"},
				config{Command: "import", DB: "claimtrail.db", Addr: "127.0.0.1:8080", File: "--odd-name.txt"}},
			{[]string{"backup", "out.db", "--db", "live.db"}, config{Command: "backup", DB: "live.db", Addr: "127.0.0.1:8080", File: "out.db"}},
			{[]string{"version"}, config{Command: "version", DB: "claimtrail.db", Addr: "127.0.0.1:8080"}},
			{[]string{"serve", "--key", "/keys/ct.key", "--log-name", "claimtrail/example.org"},
				config{Command: "serve", DB: "claimtrail.db", Addr: "127.0.0.1:8080", Key: "/keys/ct.key", LogName: "claimtrail/example.org"}},
			{[]string{"export", "audit", "-o", "a.jsonl"}, config{Command: "export", DB: "claimtrail.db", Addr: "127.0.0.1:8080", What: "audit", Out: "a.jsonl"}},
			{[]string{"audit", "key"}, config{Command: "audit key", DB: "claimtrail.db", Addr: "127.0.0.1:8080"}},
			{[]string{"audit", "checkpoint", "--db", "x.db"}, config{Command: "audit checkpoint", DB: "x.db", Addr: "127.0.0.1:8080"}},
			{[]string{"audit", "verify", "a.jsonl", "--key", "K", "--since", "old.txt"},
				config{Command: "audit verify", DB: "claimtrail.db", Addr: "127.0.0.1:8080", Key: "K", File: "a.jsonl", Since: "old.txt"}},
			{[]string{"audit", "verify", "--db"}, config{Command: "audit verify", DB: "claimtrail.db", Addr: "127.0.0.1:8080", VerifyDB: true}},
			{[]string{"audit", "verify", "--db", "--addr", "x"}, config{Command: "audit verify", DB: "claimtrail.db", Addr: "x", VerifyDB: true}},
			{[]string{"audit", "verify", "--db", "live.db"}, config{Command: "audit verify", DB: "live.db", Addr: "127.0.0.1:8080", VerifyDB: true}},
		}
		for _, c := range cases {
			got, err := parseArgs(c.args, getenv)
			if err != nil {
				t.Errorf("parseArgs(%q): %v", c.args, err)
				continue
			}
			if *got != c.want {
				t.Errorf("parseArgs(%q) =\n%+v\nwant\n%+v", c.args, *got, c.want)
			}
		}
	})
	t.Run("Env", func(t *testing.T) {
		env = map[string]string{"CLAIMTRAIL_DB": "/data/ct.db", "CLAIMTRAIL_ADDR": "0.0.0.0:80"}
		defer func() { env = map[string]string{} }()
		got, err := parseArgs([]string{"serve"}, getenv)
		if err != nil || got.DB != "/data/ct.db" || got.Addr != "0.0.0.0:80" {
			t.Fatalf("parseArgs = %+v, %v", got, err)
		}
		env["CLAIMTRAIL_KEY"] = "/keys/ct.key"
		if got, err := parseArgs([]string{"serve"}, getenv); err != nil || got.keyPath() != "/keys/ct.key" {
			t.Fatalf("CLAIMTRAIL_KEY: %+v, %v", got, err)
		}
		delete(env, "CLAIMTRAIL_KEY")
		if got, err := parseArgs([]string{"serve"}, getenv); err != nil || got.keyPath() != "/data/ct.db.key" {
			t.Fatalf("default key path: %+v, %v", got, err)
		}
		got, err = parseArgs([]string{"backup", "--db", "flag.db", "o.db"}, getenv)
		if err != nil || got.DB != "flag.db" {
			t.Fatalf("a flag must override the environment: %+v, %v", got, err)
		}
	})
	t.Run("ErrHelp", func(t *testing.T) {
		for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"serve", "-h"}, {"import", "--help"}} {
			if _, err := parseArgs(args, getenv); !errors.Is(err, errHelp) {
				t.Errorf("parseArgs(%q) = %v, want errHelp", args, err)
			}
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		for _, args := range [][]string{
			{}, {"frobnicate"}, {"user"}, {"user", "delete"}, {"user", "add", "--name", "x"},
			{"import"}, {"import", "a", "b"}, {"import", "--format", "pdf", "a"}, {"backup"},
			{"serve", "--nope"}, {"serve", "extra"}, {"version", "x"},
			{"serve", "--log-name", "has space"}, {"serve", "--log-name", "a+b"},
			{"audit"}, {"audit", "frob"}, {"audit", "key", "extra"}, {"export"}, {"export", "everything"},
			{"audit", "verify"}, {"audit", "verify", "a.jsonl"}, {"audit", "verify", "a.jsonl", "--db", "--key", "K"},
			{"audit", "verify", "--db", "--since", "old.txt"}, {"audit", "verify", "a", "b", "--key", "K"},
		} {
			if _, err := parseArgs(args, getenv); err == nil || errors.Is(err, errHelp) {
				t.Errorf("parseArgs(%q) = %v, want a usage error", args, err)
			}
		}
	})
}
