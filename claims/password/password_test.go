package password_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims/password"
	"golang.org/x/crypto/argon2"
)

func TestHash(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		h, err := password.Hash("correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
		if !re.MatchString(h) {
			t.Fatalf("hash %q is not a PHC argon2id string with the expected parameters", h)
		}
	})
	t.Run("SaltDiffers", func(t *testing.T) {
		a, _ := password.Hash("same password")
		b, _ := password.Hash("same password")
		if a == b {
			t.Fatal("two hashes of the same password are equal: the salt is not random")
		}
	})
}

func TestVerify(t *testing.T) {
	h, err := password.Hash("zażółć gęślą jaźń")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		ok, err := password.Verify(h, "zażółć gęślą jaźń")
		if err != nil || !ok {
			t.Fatalf("Verify = %v, %v; want true, nil", ok, err)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		for _, pw := range []string{"", "zażółć gęślą jaźn", "zażółć gęślą jaźń ", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ"} {
			ok, err := password.Verify(h, pw)
			if err != nil || ok {
				t.Errorf("Verify(%q) = %v, %v; want false, nil", pw, ok, err)
			}
		}
	})
	t.Run("LongPassword", func(t *testing.T) {
		// bcrypt would ignore everything after byte 72; argon2id must not.
		long := strings.Repeat("a", 100)
		lh, err := password.Hash(long)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := password.Verify(lh, long[:99]+"b"); ok {
			t.Fatal("a password differing only after byte 72 verified")
		}
	})
	t.Run("ParamsFromString", func(t *testing.T) {
		// A hash made with other parameters (small memory, two lanes, a
		// 24-byte key) still verifies because Verify parses them.
		other := rehash(t, "pw-with-other-params", 64, 1, 2)
		ok, err := password.Verify(other, "pw-with-other-params")
		if err != nil || !ok {
			t.Fatalf("Verify(%q) = %v, %v; want true, nil", other, ok, err)
		}
	})
}

func TestVerifyMalformed(t *testing.T) {
	good, _ := password.Hash("x")
	parts := strings.Split(good, "$")
	cases := map[string]string{
		"Empty":          "",
		"Bcrypt":         "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
		"Argon2i":        "$argon2i$" + strings.Join(parts[2:], "$"),
		"Version":        "$argon2id$v=16$" + strings.Join(parts[3:], "$"),
		"MissingParam":   "$argon2id$v=19$m=19456,t=2$" + parts[4] + "$" + parts[5],
		"DupParam":       "$argon2id$v=19$m=19456,t=2,t=3$" + parts[4] + "$" + parts[5],
		"HugeMemory":     "$argon2id$v=19$m=4294967295,t=2,p=1$" + parts[4] + "$" + parts[5],
		"ZeroTime":       "$argon2id$v=19$m=19456,t=0,p=1$" + parts[4] + "$" + parts[5],
		"BadSalt":        "$argon2id$v=19$m=19456,t=2,p=1$!!!$" + parts[5],
		"ShortHash":      "$argon2id$v=19$m=19456,t=2,p=1$" + parts[4] + "$AAAA",
		"TooManyFields":  good + "$x",
		"NotNumericTime": "$argon2id$v=19$m=19456,t=two,p=1$" + parts[4] + "$" + parts[5],
	}
	for name, enc := range cases {
		t.Run("Err"+name, func(t *testing.T) {
			ok, err := password.Verify(enc, "x")
			if ok || !errors.Is(err, password.ErrMalformed) {
				t.Fatalf("Verify(%q) = %v, %v; want false, ErrMalformed", enc, ok, err)
			}
		})
	}
}

// rehash builds an encoded hash with non-default parameters, as an older or
// newer version of Hash might have.
func rehash(t *testing.T, pw string, m, tm uint32, p uint8) string {
	t.Helper()
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte(pw), salt, tm, m, p, 24)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", m, tm, p,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}
