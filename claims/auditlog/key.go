package auditlog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"golang.org/x/mod/sumdb/note"
)

// Signer signs the checkpoints of one log with its ed25519 key.
type Signer struct {
	skey   string
	vkey   string
	origin string
}

// LoadOrCreateSigner reads the signing key at path, or, when there is no
// file, creates a new key for the log named name and writes it there
// (mode 0600; the folder is created). The key lives outside the database
// file so that whoever holds a copy of the database cannot sign a
// rewritten history. created says whether the key is new.
func LoadOrCreateSigner(path, name string) (s *Signer, created bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		skey, vkey, err := GenerateKey(name)
		if err != nil {
			return nil, false, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("create signing key: %w", err)
		}
		if _, err := fmt.Fprintf(f, "%s\n%s\n", skey, vkey); err != nil {
			f.Close()
			return nil, false, fmt.Errorf("write signing key: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, false, fmt.Errorf("write signing key: %w", err)
		}
		b = []byte(skey + "\n" + vkey + "\n")
		created = true
	} else if err != nil {
		return nil, false, fmt.Errorf("read signing key: %w", err)
	}
	lines := strings.Fields(string(b))
	if len(lines) != 2 {
		return nil, false, fmt.Errorf("signing key %s: want the private key and the verifier key, one a line", path)
	}
	signer, err := note.NewSigner(lines[0])
	if err != nil {
		return nil, false, fmt.Errorf("signing key %s: %w", path, err)
	}
	verifier, err := note.NewVerifier(lines[1])
	if err != nil || verifier.Name() != signer.Name() || verifier.KeyHash() != signer.KeyHash() {
		return nil, false, fmt.Errorf("signing key %s: the verifier key does not belong to the private key", path)
	}
	return &Signer{skey: lines[0], vkey: lines[1], origin: signer.Name()}, created, nil
}

// Origin returns the log's name, the first line of its checkpoints.
func (s *Signer) Origin() string { return s.origin }

// VerifierKey returns the public key readers verify checkpoints with.
func (s *Signer) VerifierKey() string { return s.vkey }

// Sign returns the signed checkpoint of a tree head.
func (s *Signer) Sign(th claims.TreeHead) ([]byte, error) {
	return Sign(Checkpoint{Origin: s.origin, Size: th.Size, Root: th.Root}, s.skey)
}
