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
		} {
			if _, err := parseArgs(args, getenv); err == nil || errors.Is(err, errHelp) {
				t.Errorf("parseArgs(%q) = %v, want a usage error", args, err)
			}
		}
	})
}
