//go:build !linux

package main

import "errors"

// evict needs posix_fadvise, which claimbench uses on Linux only.
func evict(string) error {
	return errors.New("a cold start (-db) needs Linux, to evict the database from the page cache")
}
