package web

import (
	"sync"
	"time"
)

// throttle counts failed sign-ins per key (an account name, a client
// address) in a sliding window, so that guessing passwords is slow. It is
// kept in memory: a restart forgives, which costs an attacker a restart
// they cannot cause. Keys for names that have no account are counted the
// same way, so the answer never tells whether an account exists.
type throttle struct {
	mu     sync.Mutex
	limit  int           // failures allowed in window
	window time.Duration // how far back failures count
	fails  map[string][]time.Time
}

func newThrottle(limit int, window time.Duration) *throttle {
	return &throttle{limit: limit, window: window, fails: map[string][]time.Time{}}
}

// wait returns how long key must wait before trying again, or 0.
func (t *throttle) wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.prune(key, now)
	if len(recent) < t.limit {
		return 0
	}
	return recent[len(recent)-t.limit].Add(t.window).Sub(now)
}

// fail records a failed attempt for key.
func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails[key] = append(t.prune(key, now), now)
}

// reset forgets key's failures, after a successful sign-in.
func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

// prune drops key's failures older than the window and returns the rest.
func (t *throttle) prune(key string, now time.Time) []time.Time {
	list := t.fails[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= t.window {
		i++
	}
	if i == len(list) {
		delete(t.fails, key)
		return nil
	}
	t.fails[key] = list[i:]
	return list[i:]
}
