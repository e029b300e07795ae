package claims

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"
)

// Token is an API token as listed: its name and dates, never the secret,
// which is shown once, at creation.
type Token struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"` // to the minute; nil until first used
	RevokedAt  *time.Time `json:"revoked_at"`   // nil while the token works
}

// UserUpdate is an admin's change to an account. Nil fields stay as they
// are; Version must be the account's current version.
type UserUpdate struct {
	Roles    []Role `json:"roles,omitempty"`
	Disabled *bool  `json:"disabled,omitempty"`
	Version  int    `json:"version"`
}

// Validate checks the roles and that a version is given.
func (up *UserUpdate) Validate() error {
	var p Problems
	p.Check(up.Version > 0, "version", "is required (the version you read)")
	if up.Roles != nil {
		p.Check(len(up.Roles) > 0, "roles", "at least one role is required")
		for _, r := range up.Roles {
			p.Check(oneOf(r, AllRoles), "roles", "unknown role %q", r)
		}
	}
	return p.Err()
}

// Settings is the installation's policy that admins change.
type Settings struct {
	// RequireTOTP sends editors and admins without a second factor to
	// enrol one before they may do anything else.
	RequireTOTP bool `json:"require_totp"`
	Version     int  `json:"version"` // optimistic lock; 0 before the first change
}

// MustEnrolTOTP reports whether s requires u to enrol a second factor
// before anything else.
func (u *User) MustEnrolTOTP(s Settings) bool {
	return s.RequireTOTP && !u.TOTPEnabled && (u.Has(RoleEditor) || u.Has(RoleAdmin))
}

// Second-factor methods of SecondFactor.
const (
	FactorNone     = ""
	FactorTOTP     = "totp"
	FactorRecovery = "recovery-code"
)

// SecondFactor is how a sign-in proved its second factor, spent by
// CreateSession in the sign-in's transaction.
type SecondFactor struct {
	Method       string // FactorNone, FactorTOTP or FactorRecovery
	Step         int64  // FactorTOTP: the time step of the code accepted
	RecoveryCode string // FactorRecovery: the code as typed
}

// RecoveryCodeCount is how many recovery codes enrolment hands out.
const RecoveryCodeCount = 10

// NewRecoveryCodes returns n fresh codes of 80 random bits each, written
// as four groups of four base32 letters (abcd-efgh-ijkl-mnop). 80 bits make
// an unsalted SHA-256 of a code safe to store.
func NewRecoveryCodes(n int) []string {
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	codes := make([]string, n)
	for i := range codes {
		b := make([]byte, 10)
		rand.Read(b) // never fails since Go 1.24
		s := strings.ToLower(enc.EncodeToString(b))
		codes[i] = s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
	}
	return codes
}

// NormalizeRecoveryCode folds a typed recovery code to the form that is
// hashed: lower case, without dashes or spaces.
func NormalizeRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, code)
}

// AccountService is what accounts need beyond signing in: admins managing
// users and the installation's settings, users managing their password,
// API tokens and second factor, and the record of failed sign-ins. Every
// change is one audit event; none holds a password, token, secret or code.
type AccountService interface {
	// UpdateUser applies an admin's change. A role change or disabling
	// ends every session of the user in the same transaction. A stale
	// version is ECONFLICT, an unknown user ENOTFOUND.
	UpdateUser(ctx context.Context, actor Actor, id string, up UserUpdate) (*User, error)
	// ChangePassword stores a new password hash (the caller has checked the
	// old password against the user it read at version), ends every session
	// of the user and, when ttl > 0, starts a new one whose token it
	// returns. A stale version is ECONFLICT.
	ChangePassword(ctx context.Context, actor Actor, userID, hash string, version int, ttl time.Duration) (string, error)

	// IssueToken makes a new named API token for the user and returns it
	// with its secret, which cannot be recovered later. An unknown user is
	// ENOTFOUND.
	IssueToken(ctx context.Context, actor Actor, userID, name string) (*Token, string, error)
	// FindTokens returns the user's API tokens, newest first, revoked ones
	// included.
	FindTokens(ctx context.Context, userID string) ([]*Token, error)
	// FindTokenByID returns ENOTFOUND when there is no such token.
	FindTokenByID(ctx context.Context, id string) (*Token, error)
	// RevokeToken revokes the token at once. An unknown token is
	// ENOTFOUND, a revoked one ECONFLICT.
	RevokeToken(ctx context.Context, actor Actor, id string) error

	// RecordLoginFailure records a failed sign-in as the attempted name
	// from address, whether or not the name has an account.
	RecordLoginFailure(ctx context.Context, name, address string) error

	// EnableTOTP stores the user's second factor: the secret, the step of
	// the code that proved it, and the hashes of new recovery codes, which
	// replace any old ones. A stale version is ECONFLICT.
	EnableTOTP(ctx context.Context, actor Actor, userID, secret string, step int64, codes []string, version int) error
	// DisableTOTP removes the user's second factor and recovery codes. A
	// stale version is ECONFLICT.
	DisableTOTP(ctx context.Context, actor Actor, userID string, version int) error
	// CountRecoveryCodes returns how many of the user's codes are unused.
	CountRecoveryCodes(ctx context.Context, userID string) (int, error)

	// FindSettings returns the settings, with defaults when none were saved.
	FindSettings(ctx context.Context) (Settings, error)
	// UpdateSettings stores s if s.Version is the current version, and
	// returns them with the new version. A stale version is ECONFLICT.
	UpdateSettings(ctx context.Context, actor Actor, s Settings) (Settings, error)
}
