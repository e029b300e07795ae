package claims

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do. A user holds one or more.
type Role string

// Roles. Every role may read; the others add what DESIGN.md says.
const (
	RoleViewer  Role = "viewer"  // read everything
	RoleEditor  Role = "editor"  // documents, sources, claims, assignment, approving verdicts
	RoleChecker Role = "checker" // proposing verdicts
	RoleAdmin   Role = "admin"   // users
)

// AllRoles lists the roles in the order forms show them.
var AllRoles = []Role{RoleViewer, RoleEditor, RoleChecker, RoleAdmin}

// ParseRoles parses a comma-separated role list such as "editor,checker".
func ParseRoles(s string) ([]Role, error) {
	var p Problems
	var roles []Role
	for _, part := range strings.Split(s, ",") {
		r := Role(strings.TrimSpace(part))
		if r == "" {
			continue
		}
		if !oneOf(r, AllRoles) {
			p.Add("roles", "unknown role %q (one of %s)", r, JoinValues(AllRoles))
			continue
		}
		if !oneOf(r, roles) {
			roles = append(roles, r)
		}
	}
	if len(roles) == 0 {
		p.Add("roles", "at least one role is required (one of %s)", JoinValues(AllRoles))
	}
	return roles, p.Err()
}

// User is a person who signs in. PasswordHash is an encoded argon2id hash
// and never leaves the server.
type User struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Roles        []Role    `json:"roles"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	Version      int       `json:"version"` // optimistic lock for UpdateUser
	PasswordHash string    `json:"-"`
	// TOTPSecret is the base32 secret of the second factor, '' when none
	// is enrolled; TOTPLastStep is the time step of the last code accepted,
	// so that no code works twice. Neither leaves the server.
	TOTPSecret   string `json:"-"`
	TOTPLastStep int64  `json:"-"`
	TOTPEnabled  bool   `json:"totp_enabled"` // TOTPSecret != "", for clients
}

// Has reports whether u holds role r. Every enabled user holds viewer.
func (u *User) Has(r Role) bool {
	if u == nil || u.Disabled {
		return false
	}
	if r == RoleViewer {
		return true
	}
	return oneOf(r, u.Roles)
}

// Actor returns u as the actor of an audit event.
func (u *User) Actor() Actor {
	return Actor{UserID: u.ID, Name: u.Name}
}

// Validate checks the user's name and roles.
func (u *User) Validate() error {
	var p Problems
	checkRequired(&p, "name", u.Name, MaxNameLen)
	if strings.ContainsAny(u.Name, " \t\n,") {
		p.Add("name", "must not contain spaces or commas")
	}
	if len(u.Roles) == 0 {
		p.Add("roles", "at least one role is required")
	}
	for _, r := range u.Roles {
		p.Check(oneOf(r, AllRoles), "roles", "unknown role %q", r)
	}
	return p.Err()
}

// Actor is who an audit event is attributed to. System is set for changes
// made by the server itself (the demo workspace, migrations).
type Actor struct {
	UserID string `json:"user_id,omitempty"`
	Name   string `json:"name"`
}

// SystemActor is the actor of changes nobody signed in made.
var SystemActor = Actor{Name: "system"}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// CheckPassword validates a new password.
func CheckPassword(password string) error {
	var p Problems
	p.Check(len([]rune(password)) >= MinPasswordLen, "password", "must be at least %d characters", MinPasswordLen)
	p.Check(len(password) <= 1024, "password", "is too long")
	return p.Err()
}

// UserService stores users, their API tokens and their browser sessions.
// Tokens are returned in the clear once, at creation, and stored hashed.
type UserService interface {
	// CreateUser stores u (with PasswordHash set, or empty for token-only
	// users) and sets u.ID and u.CreatedAt. A taken name is ECONFLICT.
	CreateUser(ctx context.Context, actor Actor, u *User) error
	// FindUserByID returns ENOTFOUND when there is no such user.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUserByName returns ENOTFOUND when there is no such user.
	FindUserByName(ctx context.Context, name string) (*User, error)
	// FindUsers returns every user, by name.
	FindUsers(ctx context.Context) ([]*User, error)
	// CountUsers returns how many users exist; zero means first start.
	CountUsers(ctx context.Context) (int, error)
	// CreateToken makes a new API token for the user and returns it.
	CreateToken(ctx context.Context, actor Actor, userID, name string) (string, error)
	// FindUserByToken returns EUNAUTHORIZED for an unknown or revoked token
	// or a disabled user.
	FindUserByToken(ctx context.Context, token string) (*User, error)
	// CreateSession starts a browser session for the user lasting ttl,
	// records the login and returns the session token. When f names a
	// second factor it is spent in the same transaction: a TOTP step not
	// after the last accepted one, or a used or unknown recovery code, is
	// EUNAUTHORIZED and starts nothing.
	CreateSession(ctx context.Context, userID string, ttl time.Duration, f SecondFactor) (string, error)
	// FindUserBySession returns EUNAUTHORIZED for an unknown or expired
	// session, one unused for idle or longer (idle > 0), or a disabled user.
	FindUserBySession(ctx context.Context, token string, idle time.Duration) (*User, error)
	// DeleteSession ends a session and records the logout; an unknown
	// session is not an error.
	DeleteSession(ctx context.Context, token string) error
}

// NeedsSetup reports whether nobody can administer the installation yet:
// no enabled user holds the admin role. Demo users, who have no admin role
// and no password, do not count.
func NeedsSetup(users []*User) bool {
	for _, u := range users {
		if u.Has(RoleAdmin) {
			return false
		}
	}
	return true
}
