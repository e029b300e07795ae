package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// errHelp asks for the usage text (and exit status 2) without an error
// message.
var errHelp = errors.New("help requested")

// config is the whole command line, parsed once in main and passed down.
type config struct {
	Command string // "serve", "user add", "import", "backup" or "version"
	DB      string
	Addr    string

	Demo bool // serve: load the demo workspace

	Name          string // user add
	Roles         string
	PasswordStdin bool

	Title, URL, Lang, Publisher, Format string // import
	File                                string // import: FILE or -; backup: OUT.db
}

// parseArgs parses the arguments after the program name. getenv supplies
// the defaults of --db and --addr.
func parseArgs(args []string, getenv func(string) string) (*config, error) {
	cfg := &config{
		DB:   envOr(getenv, "CLAIMTRAIL_DB", "claimtrail.db"),
		Addr: envOr(getenv, "CLAIMTRAIL_ADDR", "127.0.0.1:8080"),
	}
	if len(args) == 0 {
		return nil, errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	if cmd == "user" {
		if len(rest) == 0 || rest[0] != "add" {
			return nil, errors.New(`"user" needs a subcommand: user add`)
		}
		cmd, rest = "user add", rest[1:]
	}
	cfg.Command = cmd

	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // main prints the usage
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database file")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	var wantArgs int
	switch cmd {
	case "help", "-h", "-help", "--help":
		return nil, errHelp
	case "serve":
		fs.BoolVar(&cfg.Demo, "demo", false, "load the demo workspace")
	case "user add":
		fs.StringVar(&cfg.Name, "name", "", "user name")
		fs.StringVar(&cfg.Roles, "role", "", "comma-separated roles")
		fs.BoolVar(&cfg.PasswordStdin, "password-stdin", false, "read the password from standard input")
	case "import":
		fs.StringVar(&cfg.Title, "title", "", "document title")
		fs.StringVar(&cfg.URL, "url", "", "address of the original")
		fs.StringVar(&cfg.Lang, "lang", "", "language (BCP 47)")
		fs.StringVar(&cfg.Publisher, "publisher", "", "publisher")
		fs.StringVar(&cfg.Format, "format", "", "text, markdown or html")
		wantArgs = 1
	case "backup":
		wantArgs = 1
	case "version":
	default:
		return nil, fmt.Errorf("unknown command %q", cmd)
	}
	pos, err := parseInterspersed(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		return nil, errHelp
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	if len(pos) != wantArgs {
		return nil, fmt.Errorf("%s: want %d argument(s), got %q", cmd, wantArgs, pos)
	}
	if wantArgs == 1 {
		cfg.File = pos[0]
	}
	if cmd == "user add" && (cfg.Name == "" || cfg.Roles == "") {
		return nil, errors.New("user add: --name and --role are required")
	}
	if cmd == "import" && !slices.Contains([]string{"", claims.FormatText, claims.FormatMarkdown, claims.FormatHTML}, cfg.Format) {
		return nil, fmt.Errorf("import: --format must be text, markdown or html, not %q", cfg.Format)
	}
	return cfg, nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("import FILE --title T"), and returns the
// positional arguments. After "--" everything is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stops at "--" (consumed) or at a non-flag argument.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

func envOr(getenv func(string) string, key, def string) string {
	if v := strings.TrimSpace(getenv(key)); v != "" {
		return v
	}
	return def
}
