package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
)

// errHelp asks for the usage text (and exit status 2) without an error
// message.
var errHelp = errors.New("help requested")

// config is the whole command line, parsed once in main and passed down.
type config struct {
	Command string // "serve", "user add", "import", "backup", "export", "audit key", "audit checkpoint", "audit verify" or "version"
	DB      string
	Addr    string
	Key     string // the checkpoint signing key file; audit verify: the verifier key or a file holding it
	LogName string // serve: the log's name in a new key; "" for claimtrail/HOSTNAME

	Demo bool // serve: load the demo workspace

	Name          string // user add
	Roles         string
	PasswordStdin bool

	Title, URL, Lang, Publisher, Format string // import
	File                                string // import: FILE or -; backup: OUT.db; audit verify: the export

	What string // export: what to export (audit, claims or claimreview)
	Out  string // export: -o FILE, "" for standard output

	Newsroom string // serve, export: who publishes the exports
	BaseURL  string // serve, export: the public address links in exports point at

	Since    string // audit verify: an earlier checkpoint, or an earlier export ending in one
	VerifyDB bool   // audit verify: check the database instead of an export
}

// keyPath returns the signing key file: --key, CLAIMTRAIL_KEY, or the
// database path with ".key" appended, beside the database but never
// inside it.
func (c *config) keyPath() string {
	if c.Key != "" {
		return c.Key
	}
	return c.DB + ".key"
}

// parseArgs parses the arguments after the program name. getenv supplies
// the defaults of --db and --addr.
func parseArgs(args []string, getenv func(string) string) (*config, error) {
	cfg := &config{
		DB:   envOr(getenv, "CLAIMTRAIL_DB", "claimtrail.db"),
		Addr: envOr(getenv, "CLAIMTRAIL_ADDR", "127.0.0.1:8080"),
		Key:  envOr(getenv, "CLAIMTRAIL_KEY", ""),

		Newsroom: envOr(getenv, "CLAIMTRAIL_NEWSROOM", ""),
		BaseURL:  envOr(getenv, "CLAIMTRAIL_BASE_URL", ""),
	}
	if len(args) == 0 {
		return nil, errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "user":
		if len(rest) == 0 || rest[0] != "add" {
			return nil, errors.New(`"user" needs a subcommand: user add`)
		}
		cmd, rest = "user add", rest[1:]
	case "audit":
		if len(rest) == 0 || !slices.Contains([]string{"key", "checkpoint", "verify"}, rest[0]) {
			return nil, errors.New(`"audit" needs a subcommand: audit key, audit checkpoint or audit verify`)
		}
		cmd, rest = "audit "+rest[0], rest[1:]
	}
	cfg.Command = cmd

	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // main prints the usage
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database file")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	fs.StringVar(&cfg.Key, "key", cfg.Key, "checkpoint signing key file")
	var wantArgs int
	switch cmd {
	case "help", "-h", "-help", "--help":
		return nil, errHelp
	case "serve":
		fs.BoolVar(&cfg.Demo, "demo", false, "load the demo workspace")
		fs.StringVar(&cfg.LogName, "log-name", "", "the log's name in a new signing key")
		siteFlags(fs, cfg)
	case "export":
		fs.StringVar(&cfg.Out, "o", "", "output file")
		siteFlags(fs, cfg)
		wantArgs = 1
	case "audit key", "audit checkpoint":
	case "audit verify":
		fs.StringVar(&cfg.Since, "since", "", "an earlier checkpoint or export")
		rest = bareDBFlag(rest, cfg.DB)
		wantArgs = -1 // FILE, or none with --db
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
	if cmd == "audit verify" {
		return verifyArgs(cfg, fs, pos)
	}
	if len(pos) != wantArgs {
		return nil, fmt.Errorf("%s: want %d argument(s), got %q", cmd, wantArgs, pos)
	}
	if cmd == "export" {
		cfg.What = pos[0]
		if !slices.Contains([]string{"audit", "claims", "claimreview"}, cfg.What) {
			return nil, fmt.Errorf("export: unknown export %q (one of audit, claims, claimreview)", cfg.What)
		}
	} else if wantArgs == 1 {
		cfg.File = pos[0]
	}
	if err := checkBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	if cmd == "serve" && cfg.LogName != "" {
		if err := checkLogName(cfg.LogName); err != nil {
			return nil, err
		}
	}
	if cmd == "user add" && (cfg.Name == "" || cfg.Roles == "") {
		return nil, errors.New("user add: --name and --role are required")
	}
	if cmd == "import" && !slices.Contains([]string{"", claims.FormatText, claims.FormatMarkdown, claims.FormatHTML}, cfg.Format) {
		return nil, fmt.Errorf("import: --format must be text, markdown or html, not %q", cfg.Format)
	}
	return cfg, nil
}

// siteFlags adds the flags that say who publishes the exports and where.
func siteFlags(fs *flag.FlagSet, cfg *config) {
	fs.StringVar(&cfg.Newsroom, "newsroom", cfg.Newsroom, "the newsroom named as the author of exported ClaimReviews")
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public address of this server, for links in exports")
}

// checkBaseURL accepts "" or an absolute http(s) address.
func checkBaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base-url must be an http:// or https:// address, not %q", s)
	}
	return nil
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

// bareDBFlag lets "audit verify --db" stand without a value, meaning the
// default database: it gives a --db that is last, or followed by another
// flag, the value def.
func bareDBFlag(args []string, def string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if a == "--" {
			break
		}
		if (a == "--db" || a == "-db") && (i == len(out)-1 || strings.HasPrefix(out[i+1], "-")) {
			out[i] = "--db=" + def
		}
	}
	return out
}

// verifyArgs finishes parsing "audit verify": either an export FILE with
// --key (and perhaps --since), needing no database, or --db to check the
// database itself.
func verifyArgs(cfg *config, fs *flag.FlagSet, pos []string) (*config, error) {
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" {
			cfg.VerifyDB = true
		}
	})
	switch {
	case cfg.VerifyDB && len(pos) > 0:
		return nil, fmt.Errorf("audit verify: give an export FILE or --db, not both")
	case cfg.VerifyDB && cfg.Since != "":
		return nil, fmt.Errorf("audit verify: --since checks an export FILE, not --db")
	case cfg.VerifyDB:
		return cfg, nil
	case len(pos) != 1:
		return nil, fmt.Errorf("audit verify: want an export FILE (or --db), got %q", pos)
	case cfg.Key == "":
		return nil, fmt.Errorf("audit verify: --key is required: the log's verifier key, or a file holding it")
	}
	cfg.File = pos[0]
	return cfg, nil
}

// checkLogName refuses log names a note key cannot carry.
func checkLogName(name string) error {
	if name == "" || strings.ContainsRune(name, '+') || strings.IndexFunc(name, unicode.IsSpace) >= 0 || !utf8.ValidString(name) {
		return fmt.Errorf("--log-name %q: want a name without spaces or '+', such as claimtrail/example.org", name)
	}
	return nil
}
