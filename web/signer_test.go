package web

import (
	"path/filepath"
	"testing"

	"github.com/claimtrail/claimtrail/claims/auditlog"
)

// testSigner makes a fresh checkpoint signing key for one test.
func testSigner(t testing.TB) *auditlog.Signer {
	t.Helper()
	s, _, err := auditlog.LoadOrCreateSigner(filepath.Join(t.TempDir(), "audit.key"), "claimtrail.test")
	if err != nil {
		t.Fatal(err)
	}
	return s
}
