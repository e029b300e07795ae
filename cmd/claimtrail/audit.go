package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/claimtrail/claimtrail/claims/auditlog"
	"github.com/claimtrail/claimtrail/db"
	"golang.org/x/mod/sumdb/note"
)

// loadSigner reads the checkpoint signing key named by cfg. Only serve
// may create one (create): every other command speaks for an existing
// log, and a fresh key would sign checkpoints no reader trusts.
func loadSigner(cfg *config, create bool) (s *auditlog.Signer, created bool, err error) {
	path := cfg.keyPath()
	if !create {
		if _, err := os.Stat(path); err != nil {
			return nil, false, fmt.Errorf("no checkpoint signing key at %s: serve creates it on first start, "+
				"and --key (or CLAIMTRAIL_KEY) names another file: %w", path, err)
		}
	}
	name := cfg.LogName
	if name == "" {
		name = defaultLogName()
	}
	return auditlog.LoadOrCreateSigner(path, name)
}

// defaultLogName names a new log after the machine it starts on, which is
// what a reader holding two logs' checkpoints needs to tell them apart.
func defaultLogName() string {
	host, err := os.Hostname()
	if err != nil || checkLogName("claimtrail/"+host) != nil {
		host = "localhost"
	}
	return "claimtrail/" + host
}

// auditKey prints the verifier key readers check checkpoints with.
func auditKey(cfg *config, e env) error {
	s, _, err := loadSigner(cfg, false)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout, s.VerifierKey())
	return err
}

// auditCheckpoint prints the database's current tree head as a signed
// checkpoint.
func auditCheckpoint(ctx context.Context, cfg *config, e env) error {
	s, _, err := loadSigner(cfg, false)
	if err != nil {
		return err
	}
	return withStore(ctx, cfg, func(store *db.DB) error {
		th, err := store.TreeHead(ctx)
		if err != nil {
			return err
		}
		signed, err := s.Sign(th)
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(signed)
		return err
	})
}

// errReported is returned by a command that has already said on stderr
// why it failed; main only sets the exit status.
var errReported = errors.New("failure reported")

// auditVerify checks an export with nothing but the verifier key (and an
// earlier checkpoint), or, with --db, the database's own log. Success is
// one "ok:" line on stdout; a failed check is "FAIL: seq N: reason" on
// stderr.
func auditVerify(ctx context.Context, cfg *config, e env) error {
	if cfg.VerifyDB {
		return withStore(ctx, cfg, func(store *db.DB) error {
			th, err := store.VerifyLog(ctx)
			if err != nil {
				return reportFailure(e, err)
			}
			_, err = fmt.Fprintf(e.stdout, "ok: %d events, root %s, database %s\n",
				th.Size, base64.StdEncoding.EncodeToString(th.Root[:]), cfg.DB)
			return err
		})
	}
	vkey, err := readVerifierKey(cfg.Key)
	if err != nil {
		return err
	}
	var since *auditlog.Checkpoint
	if cfg.Since != "" {
		cp, err := readCheckpoint(cfg.Since, vkey)
		if err != nil {
			return err
		}
		since = &cp
	}
	var r io.Reader = e.stdin
	if cfg.File != "-" {
		f, err := os.Open(cfg.File)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	res, err := auditlog.Verify(r, vkey, since)
	if err != nil {
		return reportFailure(e, err)
	}
	line := fmt.Sprintf("ok: %d events, root %s, signed by %s", res.Checkpoint.Size,
		base64.StdEncoding.EncodeToString(res.Checkpoint.Root[:]), res.Checkpoint.Origin)
	if since != nil {
		line += fmt.Sprintf(", extends checkpoint of size %d", res.Since)
	}
	_, err = fmt.Fprintln(e.stdout, line)
	return err
}

// reportFailure writes a *auditlog.VerifyError as "FAIL: seq N: reason";
// other errors are returned for main to print.
func reportFailure(e env, err error) error {
	var ve *auditlog.VerifyError
	if !errors.As(err, &ve) {
		return err
	}
	fmt.Fprintf(e.stderr, "FAIL: %v\n", ve)
	return errReported
}

// readVerifierKey accepts a verifier key itself, or a file holding one: a
// file with just the key, or the server's key file, whose private line is
// skipped.
func readVerifierKey(arg string) (string, error) {
	if _, err := note.NewVerifier(strings.TrimSpace(arg)); err == nil {
		return strings.TrimSpace(arg), nil
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return "", fmt.Errorf("--key %q is neither a verifier key nor a readable file: %w", arg, err)
	}
	for _, line := range strings.Fields(string(b)) {
		if _, err := note.NewVerifier(line); err == nil {
			return line, nil
		}
	}
	return "", fmt.Errorf("--key %s holds no verifier key", arg)
}

// maxNote bounds what --since reads: a signed note is a few hundred
// bytes, and of an earlier export only the last line is needed.
const maxNote = 64 << 10

// readCheckpoint reads an earlier checkpoint from path — a signed note as
// `audit checkpoint` prints it, or an earlier export, whose last line holds
// one — and checks its signature with vkey.
func readCheckpoint(path, vkey string) (auditlog.Checkpoint, error) {
	tail, err := readTail(path, maxNote)
	if err != nil {
		return auditlog.Checkpoint{}, fmt.Errorf("--since: %w", err)
	}
	signed := tail
	trimmed := bytes.TrimRight(tail, "\n")
	if last := trimmed[bytes.LastIndexByte(trimmed, '\n')+1:]; bytes.HasPrefix(last, []byte(`{"checkpoint":`)) {
		var cl struct {
			Checkpoint string `json:"checkpoint"`
		}
		if err := json.Unmarshal(last, &cl); err != nil {
			return auditlog.Checkpoint{}, fmt.Errorf("--since %s: malformed checkpoint line: %w", path, err)
		}
		signed = []byte(cl.Checkpoint)
	}
	cp, err := auditlog.Open(signed, vkey)
	if err != nil {
		return auditlog.Checkpoint{}, fmt.Errorf("--since %s: %w", path, err)
	}
	return cp, nil
}

// readTail returns the last n bytes of the file at path, or all of it.
func readTail(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	off := max(fi.Size()-n, 0)
	b := make([]byte, fi.Size()-off)
	if _, err := f.ReadAt(b, off); err != nil && err != io.EOF {
		return nil, err
	}
	return b, nil
}
