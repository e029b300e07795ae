package web

import (
	"context"
	"crypto/sha256"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// credentialTTL is how long an authenticated session or token, and the
// sign-in settings, are served from memory. Every request needs them, and
// reading them was the largest part of a small request; a second is
// enough for every request of a busy client to hit the cache.
//
// Changes made through this server take effect at once (see
// credentialStore). The TTL bounds everything else: a change made by
// another process serving the same file, a session reaching its absolute
// expiry, and how late the store records a session's or token's use (its
// idle clock runs up to a minute fast anyway, see db.touch).
const credentialTTL = time.Second

// credentialCacheSize bounds the cache; past it, expired entries are
// dropped, and if that is not enough, everything.
const credentialCacheSize = 10_000

// credentialStore is the server's store with authentication cached: it
// answers FindUserByToken, FindUserBySession and FindSettings from memory
// for credentialTTL, and forgets everything it holds after any call that
// changes users, tokens, sessions or settings, once that call returns.
//
// Forgetting after the change has committed, and keeping only what was
// read under the generation before it, is what makes sign-out and
// revocation take effect on the very next request: a read that raced with
// the change was stored under the old generation and is never served.
// TestCredentialStoreCoversStore makes every new method of claims.Store
// say whether it changes credentials.
type credentialStore struct {
	claims.Store
	now func() time.Time

	gen      atomic.Uint64 // bumped after every change of credentials
	mu       sync.RWMutex
	users    map[credentialKey]cachedUser
	settings cachedSettings // under mu
}

// credentialKey is the SHA-256 of a token or session secret, so that the
// cache does not keep secrets themselves; kind tells them apart.
type credentialKey struct {
	kind byte // 't' for an API token, 's' for a session
	hash [sha256.Size]byte
}

type cachedUser struct {
	user    *claims.User
	gen     uint64
	expires time.Time
}

type cachedSettings struct {
	settings claims.Settings
	gen      uint64
	expires  time.Time
	ok       bool
}

func newCredentialStore(store claims.Store, now func() time.Time) *credentialStore {
	return &credentialStore{Store: store, now: now, users: make(map[credentialKey]cachedUser)}
}

// FindUserByToken is the store's, cached.
func (s *credentialStore) FindUserByToken(ctx context.Context, token string) (*claims.User, error) {
	return s.findUser(credentialKey{'t', sha256.Sum256([]byte(token))}, func() (*claims.User, error) {
		return s.Store.FindUserByToken(ctx, token)
	})
}

// FindUserBySession is the store's, cached. idle is the server's constant
// idle timeout, so it need not be part of the key.
func (s *credentialStore) FindUserBySession(ctx context.Context, token string, idle time.Duration) (*claims.User, error) {
	return s.findUser(credentialKey{'s', sha256.Sum256([]byte(token))}, func() (*claims.User, error) {
		return s.Store.FindUserBySession(ctx, token, idle)
	})
}

// findUser returns the cached user of key, or reads it with find and
// caches it. Failures are not cached: a wrong credential costs a read
// every time, as before. Each caller gets its own copy of the user.
func (s *credentialStore) findUser(key credentialKey, find func() (*claims.User, error)) (*claims.User, error) {
	gen, now := s.gen.Load(), s.now()
	s.mu.RLock()
	c, ok := s.users[key]
	s.mu.RUnlock()
	if ok && c.gen == gen && now.Before(c.expires) {
		return copyUser(c.user), nil
	}
	u, err := find()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if len(s.users) >= credentialCacheSize {
		s.sweepLocked(now)
	}
	s.users[key] = cachedUser{user: copyUser(u), gen: gen, expires: now.Add(credentialTTL)}
	s.mu.Unlock()
	return u, nil
}

// sweepLocked drops expired and outdated entries, and everything if that
// leaves the cache full.
func (s *credentialStore) sweepLocked(now time.Time) {
	gen := s.gen.Load()
	for k, c := range s.users {
		if c.gen != gen || !now.Before(c.expires) {
			delete(s.users, k)
		}
	}
	if len(s.users) >= credentialCacheSize {
		clear(s.users)
	}
}

// copyUser returns a copy of u that shares nothing a handler could change
// with the cached one.
func copyUser(u *claims.User) *claims.User {
	c := *u
	c.Roles = slices.Clone(u.Roles)
	return &c
}

// FindSettings is the store's, cached: the sign-in policy is checked on
// every request of an editor or admin.
func (s *credentialStore) FindSettings(ctx context.Context) (claims.Settings, error) {
	gen, now := s.gen.Load(), s.now()
	s.mu.RLock()
	c := s.settings
	s.mu.RUnlock()
	if c.ok && c.gen == gen && now.Before(c.expires) {
		return c.settings, nil
	}
	set, err := s.Store.FindSettings(ctx)
	if err != nil {
		return set, err
	}
	s.mu.Lock()
	s.settings = cachedSettings{settings: set, gen: gen, expires: now.Add(credentialTTL), ok: true}
	s.mu.Unlock()
	return set, nil
}

// changed forgets every cached credential and the settings. It runs after
// a change has returned, whether or not it failed: a failed change may
// still have committed before its error, and forgetting is always safe.
func (s *credentialStore) changed() {
	s.gen.Add(1)
}

// The methods below change users, tokens, sessions or settings; each
// forgets the cache once the store has answered.

// CreateSession is the store's; it spends a second factor, which changes
// the user's last TOTP step.
func (s *credentialStore) CreateSession(ctx context.Context, userID string, ttl time.Duration, f claims.SecondFactor) (string, error) {
	defer s.changed()
	return s.Store.CreateSession(ctx, userID, ttl, f)
}

// DeleteSession is the store's: signing out.
func (s *credentialStore) DeleteSession(ctx context.Context, token string) error {
	defer s.changed()
	return s.Store.DeleteSession(ctx, token)
}

// UpdateUser is the store's: roles and disabling.
func (s *credentialStore) UpdateUser(ctx context.Context, actor claims.Actor, id string, up claims.UserUpdate) (*claims.User, error) {
	defer s.changed()
	return s.Store.UpdateUser(ctx, actor, id, up)
}

// ChangePassword is the store's; it ends the user's sessions.
func (s *credentialStore) ChangePassword(ctx context.Context, actor claims.Actor, userID, hash string, version int, ttl time.Duration) (string, error) {
	defer s.changed()
	return s.Store.ChangePassword(ctx, actor, userID, hash, version, ttl)
}

// RevokeToken is the store's.
func (s *credentialStore) RevokeToken(ctx context.Context, actor claims.Actor, id string) error {
	defer s.changed()
	return s.Store.RevokeToken(ctx, actor, id)
}

// EnableTOTP is the store's: the sign-in policy may stop applying.
func (s *credentialStore) EnableTOTP(ctx context.Context, actor claims.Actor, userID, secret string, step int64, codes []string, version int) error {
	defer s.changed()
	return s.Store.EnableTOTP(ctx, actor, userID, secret, step, codes, version)
}

// DisableTOTP is the store's: the sign-in policy may start applying.
func (s *credentialStore) DisableTOTP(ctx context.Context, actor claims.Actor, userID string, version int) error {
	defer s.changed()
	return s.Store.DisableTOTP(ctx, actor, userID, version)
}

// UpdateSettings is the store's: the sign-in policy.
func (s *credentialStore) UpdateSettings(ctx context.Context, actor claims.Actor, set claims.Settings) (claims.Settings, error) {
	defer s.changed()
	return s.Store.UpdateSettings(ctx, actor, set)
}
