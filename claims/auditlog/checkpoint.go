// Package auditlog holds what both the server and an offline verifier need
// to agree on about the audit log: the Merkle tree over the events (RFC
// 6962 hashing, golang.org/x/mod/sumdb/tlog), signed checkpoints in the
// note format (golang.org/x/mod/sumdb/note), and the JSON Lines export with
// its verifier. It needs no database: a reader holding an export and the
// public key can check it with this package alone.
package auditlog

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is a tree size and the root hash of the first Size events.
// Origin names the log; it is also the signing key's name.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   tlog.Hash
}

// Text returns the checkpoint body in the C2SP tlog-checkpoint layout:
// origin, size and base64 root hash, one a line.
func (c Checkpoint) Text() string {
	return fmt.Sprintf("%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Root[:]))
}

// ParseCheckpoint parses a checkpoint body made by Text. Extra lines, which
// the format allows for extensions, are ignored.
func ParseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return Checkpoint{}, fmt.Errorf("checkpoint: want origin, size and root hash lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || lines[1] != strconv.FormatInt(size, 10) {
		return Checkpoint{}, fmt.Errorf("checkpoint: bad tree size %q", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return Checkpoint{}, fmt.Errorf("checkpoint: bad root hash %q", lines[2])
	}
	c := Checkpoint{Origin: lines[0], Size: size}
	copy(c.Root[:], root)
	return c, nil
}

// GenerateKey makes a new ed25519 key pair for signing checkpoints of the
// log named name, in note's encodings: skey is secret, vkey is what
// readers verify with.
func GenerateKey(name string) (skey, vkey string, err error) {
	return note.GenerateKey(rand.Reader, name)
}

// Sign returns c as a signed note. The key's name must be c.Origin, so a
// checkpoint cannot be passed off as another log's.
func Sign(c Checkpoint, skey string) ([]byte, error) {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	if signer.Name() != c.Origin {
		return nil, fmt.Errorf("signing key is for %q, not the log %q", signer.Name(), c.Origin)
	}
	return note.Sign(&note.Note{Text: c.Text()}, signer)
}

// Open checks the signature on a signed checkpoint with the verifier key
// vkey and returns the checkpoint.
func Open(signed []byte, vkey string) (Checkpoint, error) {
	verifier, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("verifier key: %w", err)
	}
	n, err := note.Open(bytes.TrimLeft(signed, "\n"), note.VerifierList(verifier))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint signature: %w", err)
	}
	c, err := ParseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Origin != verifier.Name() {
		return Checkpoint{}, fmt.Errorf("checkpoint is for the log %q, but the key is for %q", c.Origin, verifier.Name())
	}
	return c, nil
}
