package db

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/claimtrail/claimtrail/claims"
)

// streamRange is how many events one reader of StreamEventLines takes at
// a time: it reads them in batches of lineBatchBytes, each in its own
// transaction, while the other readers read the next ranges.
const streamRange = 4096

// streamReaders is how many ranges StreamEventLines reads at once: one
// per core, up to four. The lines are written out by the caller's
// goroutine meanwhile.
func streamReaders() int {
	return min(max(runtime.GOMAXPROCS(0), 1), 4)
}

// StreamEventLines calls fn with events 1..size in seq order, each as the
// bytes json.Marshal gives for it as a claims.Event: the export's lines,
// without a newline. It is StreamEvents for the export, which writes a
// million events: it builds each line from the stored columns instead of
// decoding the event and encoding it again, and falls back to
// json.Marshal for any event whose line it cannot prove identical (see
// appendEventLine). Ranges of the log are read on streamReaders
// goroutines at once, in batches of a few megabytes, each in its own
// short transaction; fn runs on the caller's goroutine, outside them, and
// must not keep line. Memory stays flat: at most two batches a reader
// wait. A size beyond the log, or below 0, is EINVALID naming "size".
func (db *DB) StreamEventLines(ctx context.Context, size int64, fn func(line []byte) error) error {
	current, err := readValue(ctx, db, logSize)
	if err != nil {
		return err
	}
	if size < 0 || size > current {
		var p claims.Problems
		p.Add("size", "must be a tree size from 0 to the log's size (%d)", current)
		return p.Err()
	}
	s := &lineStream{db: db, size: size, free: make(chan *lineBatch, 2*streamReaders()+1)}
	s.ctx, s.cancel = context.WithCancel(ctx)
	defer s.cancel()
	// ranges carries, in order, one channel per range, on which its
	// reader sends that range's batches in order.
	ranges := make(chan chan *lineBatch, streamReaders())
	dispatched := make(chan struct{})
	go func() {
		defer close(dispatched)
		s.dispatch(ranges)
	}()
	if err := s.write(ranges, fn); err != nil {
		// Unless a reader failed first (and the writing stopped at the
		// gap it left), this is the error that stops the readers.
		s.fail(err)
	}
	s.cancel()
	<-dispatched
	s.readers.Wait()
	return s.err
}

// lineStream is one run of StreamEventLines.
type lineStream struct {
	db      *DB
	size    int64
	ctx     context.Context
	cancel  context.CancelFunc
	readers sync.WaitGroup
	// free holds batches that have been written out, for reuse. Not a
	// sync.Pool: that is emptied by every garbage collection, and the
	// export's garbage makes them frequent; a new batch of megabytes is a
	// thousand fresh pages for the kernel to fault in.
	free chan *lineBatch

	mu  sync.Mutex
	err error // the first error, a reader's or the writing's
}

// dispatch starts a reader for each range in order, at most
// streamReaders at once, and hands their channels to ranges in the same
// order.
func (s *lineStream) dispatch(ranges chan<- chan *lineBatch) {
	defer close(ranges)
	slots := make(chan struct{}, streamReaders())
	for from := int64(0); from < s.size; from += streamRange {
		to := min(from+streamRange, s.size)
		select {
		case slots <- struct{}{}:
		case <-s.ctx.Done():
			return
		}
		out := make(chan *lineBatch, 1)
		select {
		case ranges <- out:
		case <-s.ctx.Done():
			return
		}
		s.readers.Add(1)
		go func() {
			defer s.readers.Done()
			defer func() { <-slots }()
			defer close(out)
			if err := s.readRange(from, to, out); err != nil {
				s.fail(err)
			}
		}()
	}
}

// readRange sends the batches of events from+1..to on out.
func (s *lineStream) readRange(from, to int64, out chan<- *lineBatch) error {
	for after := from; after < to; {
		var b *lineBatch
		select {
		case b = <-s.free:
			b.reset()
		default:
			b = &lineBatch{}
		}
		if err := s.db.read(s.ctx, func(tx *Tx) error { return b.read(tx, after, to) }); err != nil {
			return err
		}
		if len(b.ends) == 0 {
			return fmt.Errorf("audit log ends at event %d, before %d", after, s.size)
		}
		b.first, after = after+1, b.last
		select {
		case out <- b:
		case <-s.ctx.Done():
			return nil
		}
	}
	return nil
}

// fail records the run's first error and stops it.
func (s *lineStream) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
	s.cancel()
}

// write calls fn with every line of every range in order. It stops at the
// first batch that does not follow the last (a reader failed) and when fn
// fails.
func (s *lineStream) write(ranges <-chan chan *lineBatch, fn func(line []byte) error) error {
	next := int64(1)
	for out := range ranges {
		for b := range out {
			if b.first != next {
				return fmt.Errorf("audit log: event %d missing from the stream", next)
			}
			start := 0
			for _, end := range b.ends {
				if err := fn(b.buf[start:end]); err != nil {
					return err
				}
				start = end
			}
			next = b.last + 1
			select {
			case s.free <- b:
			default: // enough kept
			}
		}
	}
	if next != s.size+1 {
		return fmt.Errorf("audit log: the stream ended at event %d, before %d", next-1, s.size)
	}
	return nil
}
