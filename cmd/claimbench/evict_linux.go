package main

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// evict drops the database file and its WAL from the page cache
// (POSIX_FADV_DONTNEED after an fsync, so that every page is clean and
// can go), so that the next start reads them from the disk as after a
// reboot, without dropping the rest of the machine's cache.
func evict(path string) error {
	for _, p := range []string{path, path + "-wal"} {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		err = f.Sync()
		if err == nil {
			err = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
