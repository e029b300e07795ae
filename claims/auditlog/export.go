package auditlog

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/claimtrail/claimtrail/claims"
)

// An export is JSON Lines: one event a line in seq order, exactly as
// claims.Event encodes (its data and leaf hash included), then one last
// line {"checkpoint": "<signed note>"} covering every event before it.

// checkpointLine is the last line of an export.
type checkpointLine struct {
	Checkpoint string `json:"checkpoint"`
}

// WriteEvent writes e as one export line.
func WriteEvent(w io.Writer, e *claims.Event) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("event %d: %w", e.Seq, err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteCheckpoint writes the closing line holding a signed checkpoint.
func WriteCheckpoint(w io.Writer, signed []byte) error {
	b, err := json.Marshal(checkpointLine{Checkpoint: string(signed)})
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// VerifyError says where an export or a stored log stops being trustworthy.
// Seq is the first event that is wrong, missing or out of place.
//
// Reason is English. Format and Args keep it before formatting, as
// claims.Error keeps its message, so that an interface in another language
// can translate Format and format Args with it; this package knows nothing
// of languages. Make one with Failf.
type VerifyError struct {
	Seq    int64
	Reason string
	Format string
	Args   []any
}

// Failf returns the *VerifyError for seq with a formatted reason.
func Failf(seq int64, format string, args ...any) *VerifyError {
	return &VerifyError{Seq: seq, Reason: fmt.Sprintf(format, args...), Format: format, Args: args}
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("seq %d: %s", e.Seq, e.Reason)
}

// Result is what a successful verification proved.
type Result struct {
	Checkpoint Checkpoint // the signed checkpoint the export ends with
	Since      int64      // size of the earlier checkpoint it extends, if one was given
}

// maxLine bounds one export line; an event's data is a claim, verdict or
// document record, far below this.
const maxLine = 64 << 20

// Verify reads an export and checks, with nothing but vkey: that events run
// 1, 2, 3… with none missing, repeated or reordered; that each event's hash
// is the leaf hash of its content; that the file ends with a checkpoint
// signed by vkey whose size and root match all the events; and, when since
// is not nil, that the first since.Size events still have since's root —
// the history was only appended to. Memory stays flat however long the
// export. Failures are *VerifyError naming the first bad seq.
func Verify(r io.Reader, vkey string, since *Checkpoint) (Result, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var tree Tree
	var signed []byte
	for line := 1; ; line++ {
		next := tree.Size() + 1
		b, err := readLine(br)
		if err == io.EOF {
			break
		} else if err != nil {
			return Result{}, Failf(next, "%v", err)
		}
		if signed != nil {
			return Result{}, Failf(next, "line %d comes after the checkpoint line, which must be last", line)
		}
		if bytes.HasPrefix(b, []byte(`{"checkpoint":`)) {
			var cl checkpointLine
			if err := strictJSON(b, &cl); err != nil || cl.Checkpoint == "" {
				return Result{}, Failf(next, "line %d: malformed checkpoint line", line)
			}
			signed = []byte(cl.Checkpoint)
			continue
		}
		var e claims.Event
		if err := strictJSON(b, &e); err != nil {
			return Result{}, Failf(next, "line %d is not a valid event: %v", line, err)
		}
		switch {
		case e.Seq > next:
			return Result{}, Failf(next, "event %d is missing (line %d holds event %d)", next, line, e.Seq)
		case e.Seq < next:
			return Result{}, Failf(next, "line %d holds event %d again or out of order, where event %d belongs", line, e.Seq, next)
		}
		h, err := LeafHash(&e)
		if err != nil {
			return Result{}, Failf(next, "%v", err)
		}
		if HexHash(h) != e.Hash {
			return Result{}, Failf(next, "the event was altered: its content does not match its hash")
		}
		tree.Append(h)
		if since != nil && tree.Size() == since.Size && tree.Root() != since.Root {
			return Result{}, Failf(1, "history rewritten: events 1–%d do not match the earlier checkpoint of size %d", since.Size, since.Size)
		}
	}
	next := tree.Size() + 1
	if signed == nil {
		return Result{}, Failf(next, "no checkpoint line: the export is truncated or was not made by claimtrail")
	}
	cp, err := Open(signed, vkey)
	if err != nil {
		return Result{}, Failf(next, "%v", err)
	}
	switch {
	case cp.Size > tree.Size():
		return Result{}, Failf(next, "events %d–%d are missing: the checkpoint covers %d events, the file holds %d", next, cp.Size, cp.Size, tree.Size())
	case cp.Size < tree.Size():
		return Result{}, Failf(cp.Size+1, "events from %d on are not covered by the checkpoint (size %d)", cp.Size+1, cp.Size)
	case cp.Root != tree.Root():
		return Result{}, Failf(1, "the events do not hash to the signed root: some event was rewritten together with its hash")
	}
	res := Result{Checkpoint: cp}
	if since != nil {
		if since.Origin != cp.Origin {
			return Result{}, Failf(1, "the earlier checkpoint is for the log %q, not %q", since.Origin, cp.Origin)
		}
		if since.Size > tree.Size() {
			return Result{}, Failf(next, "the export (%d events) is shorter than the earlier checkpoint (%d): history was truncated", tree.Size(), since.Size)
		}
		res.Since = since.Size
	}
	return res, nil
}

// readLine returns the next line without its newline, or io.EOF.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLine {
			return nil, fmt.Errorf("a line is longer than %d bytes", maxLine)
		}
		switch {
		case err == nil:
			return bytes.TrimSuffix(buf, []byte("\n")), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(buf) > 0:
			return buf, nil
		default:
			return nil, err
		}
	}
}

// strictJSON decodes one JSON value refusing unknown fields and trailing
// data, so that an added field cannot ride along unhashed.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// LineStreamer reads the events of a log in seq order as export lines:
// each exactly what WriteEvent writes for the event, without the newline.
// claims.AuditService is one.
type LineStreamer interface {
	StreamEventLines(ctx context.Context, size int64, fn func(line []byte) error) error
}

// flushEvery is how many export lines are buffered between flushes: the
// reader sees progress, and the writer holds little.
const flushEvery = 1000

// WriteExport writes the export of the first size events of src followed
// by signed, the checkpoint for exactly that size (taken by the caller
// before, so events appended meanwhile neither join nor break the export).
// Memory stays flat however long the log. flush, when not nil, is called
// every thousand lines after they are written, to push them to a client.
func WriteExport(ctx context.Context, src LineStreamer, size int64, signed []byte, w io.Writer, flush func()) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	lines := 0
	err := src.StreamEventLines(ctx, size, func(line []byte) error {
		bw.Write(line)
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
		if lines++; flush != nil && lines%flushEvery == 0 {
			if err := bw.Flush(); err != nil {
				return err
			}
			flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := WriteCheckpoint(bw, signed); err != nil {
		return err
	}
	return bw.Flush()
}
