// Package password hashes and verifies passwords with argon2id, in the PHC
// string format ($argon2id$v=19$m=19456,t=2,p=1$salt$hash), so that the
// parameters travel with the hash and can be raised later without
// invalidating stored passwords.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Parameters of new hashes: OWASP's argon2id minimum (19 MiB, 2 passes, one
// lane). Verify reads the parameters from the encoded hash instead.
const (
	memoryKiB  = 19456
	iterations = 2
	lanes      = 1
	saltLen    = 16
	keyLen     = 32
)

// Limits on parameters accepted by Verify, so that a forged hash in the
// database cannot make a login allocate gigabytes or spin for minutes.
const (
	maxMemoryKiB  = 1 << 20 // 1 GiB
	maxIterations = 64
	maxKeyLen     = 1024
)

// ErrMalformed is returned by Verify for an encoded hash it cannot parse.
var ErrMalformed = errors.New("password: malformed argon2id hash")

var b64 = base64.RawStdEncoding

// Hash returns the argon2id hash of password with a fresh random salt, as a
// PHC string.
func Hash(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: read salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, iterations, memoryKiB, lanes, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, memoryKiB, iterations, lanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches encoded, comparing in constant
// time. A wrong password is (false, nil); an encoded string that is not a
// well-formed argon2id hash is (false, ErrMalformed).
func Verify(encoded, password string) (bool, error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.t, p.m, p.p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

type params struct {
	m, t uint32
	p    uint8
}

// decode splits a PHC string into its parameters, salt and key.
func decode(encoded string) (params, []byte, []byte, error) {
	var p params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrMalformed
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: unsupported version %q", ErrMalformed, parts[2])
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || seen[k] {
			return p, nil, nil, ErrMalformed
		}
		seen[k] = true
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return p, nil, nil, ErrMalformed
		}
		switch k {
		case "m":
			p.m = uint32(n)
		case "t":
			p.t = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, ErrMalformed
			}
			p.p = uint8(n)
		default:
			return p, nil, nil, fmt.Errorf("%w: unknown parameter %q", ErrMalformed, k)
		}
	}
	if len(seen) != 3 || p.t < 1 || p.t > maxIterations || p.p < 1 || p.m < 8*uint32(p.p) || p.m > maxMemoryKiB {
		return p, nil, nil, fmt.Errorf("%w: parameters out of range", ErrMalformed)
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("%w: bad salt", ErrMalformed)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > maxKeyLen {
		return p, nil, nil, fmt.Errorf("%w: bad hash", ErrMalformed)
	}
	return p, salt, key, nil
}
