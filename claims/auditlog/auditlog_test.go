package auditlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"golang.org/x/mod/sumdb/tlog"
)

// memHashes is a tlog.HashReader over stored hashes kept in memory, the
// reference our Tree is checked against.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = m[x]
	}
	return out, nil
}

func TestTreeMatchesTlog(t *testing.T) {
	var tree Tree
	var stored memHashes
	for n := int64(0); n <= 70; n++ {
		want, err := tlog.TreeHash(n, stored)
		if err != nil {
			t.Fatal(err)
		}
		if got := tree.Root(); got != want || tree.Size() != n {
			t.Fatalf("size %d: root %v, tlog says %v", n, got, want)
		}
		data := []byte(fmt.Sprintf("leaf %d", n))
		hs, err := tlog.StoredHashes(n, data, stored)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, hs...)
		tree.Append(tlog.RecordHash(data))
	}
}

func TestCheckpointSignOpen(t *testing.T) {
	skey, vkey, err := GenerateKey("claimtrail.test")
	if err != nil {
		t.Fatal(err)
	}
	cp := Checkpoint{Origin: "claimtrail.test", Size: 42, Root: tlog.RecordHash([]byte("x"))}
	signed, err := Sign(cp, skey)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		got, err := Open(signed, vkey)
		if err != nil || got != cp {
			t.Fatalf("Open = %+v, %v", got, err)
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		_, other, _ := GenerateKey("claimtrail.test")
		if _, err := Open(signed, other); err == nil {
			t.Fatal("a checkpoint opened with another log's key")
		}
	})
	t.Run("ErrEditedSize", func(t *testing.T) {
		forged := bytes.Replace(signed, []byte("\n42\n"), []byte("\n43\n"), 1)
		if _, err := Open(forged, vkey); err == nil {
			t.Fatal("an edited checkpoint verified")
		}
	})
	t.Run("ErrWrongOrigin", func(t *testing.T) {
		if _, err := Sign(Checkpoint{Origin: "other", Size: 1}, skey); err == nil {
			t.Fatal("signed a checkpoint of another log")
		}
	})
}

// export builds a valid export of n events and returns its lines.
func export(t testing.TB, n int, skey string) []string {
	t.Helper()
	var buf bytes.Buffer
	var tree Tree
	for i := 1; i <= n; i++ {
		e := &claims.Event{
			Seq: int64(i), ID: fmt.Sprintf("ev-%d", i), At: time.Date(2026, 11, 27, 8, 0, i, 0, time.UTC),
			Actor: claims.Actor{UserID: "u1", Name: "ewa"}, Action: "claim.update", EntityType: "claim", EntityID: "c1", ClaimID: "c1",
			Data: json.RawMessage(fmt.Sprintf(`{"text":"Łukaszenka „%d” 🦊"}`, i)),
		}
		h, err := LeafHash(e)
		if err != nil {
			t.Fatal(err)
		}
		e.Hash = HexHash(h)
		tree.Append(h)
		if err := WriteEvent(&buf, e); err != nil {
			t.Fatal(err)
		}
	}
	signed, err := Sign(Checkpoint{Origin: "claimtrail.test", Size: tree.Size(), Root: tree.Root()}, skey)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteCheckpoint(&buf, signed); err != nil {
		t.Fatal(err)
	}
	return strings.SplitAfter(strings.TrimSuffix(buf.String(), "\n"), "\n")
}

func TestVerify(t *testing.T) {
	skey, vkey, err := GenerateKey("claimtrail.test")
	if err != nil {
		t.Fatal(err)
	}
	lines := export(t, 10, skey)
	join := func(ls []string) string {
		s := strings.Join(ls, "")
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		return s
	}
	t.Run("OK", func(t *testing.T) {
		res, err := Verify(strings.NewReader(join(lines)), vkey, nil)
		if err != nil || res.Checkpoint.Size != 10 {
			t.Fatalf("Verify = %+v, %v", res, err)
		}
	})
	older := export(t, 6, skey)
	oldCP, err := Open([]byte(checkpointOf(t, older[len(older)-1])), vkey)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OKSince", func(t *testing.T) {
		res, err := Verify(strings.NewReader(join(lines)), vkey, &oldCP)
		if err != nil || res.Since != 6 {
			t.Fatalf("Verify since = %+v, %v", res, err)
		}
	})
	edit := func(i int, f func(string) string) []string {
		out := append([]string(nil), lines...)
		out[i] = f(out[i])
		return out
	}
	rehashed := func(i int) []string {
		// Rewrite event i+1 and give it the hash of its new content.
		var e claims.Event
		if err := json.Unmarshal([]byte(lines[i]), &e); err != nil {
			t.Fatal(err)
		}
		e.Data = json.RawMessage(`{"text":"rewritten"}`)
		h, _ := LeafHash(&e)
		e.Hash = HexHash(h)
		b, _ := json.Marshal(&e)
		out := append([]string(nil), lines...)
		out[i] = string(b) + "\n"
		return out
	}
	for _, tc := range []struct {
		name    string
		lines   []string
		since   *Checkpoint
		wantSeq int64
	}{
		{"ErrFlippedByte", edit(3, func(s string) string { return strings.Replace(s, "„4”", "„5”", 1) }), nil, 4},
		{"ErrEditedActor", edit(0, func(s string) string { return strings.Replace(s, `"ewa"`, `"eve"`, 1) }), nil, 1},
		{"ErrDeletedLine", append(append([]string(nil), lines[:4]...), lines[5:]...), nil, 5},
		{"ErrSwappedLines", append(append(append([]string(nil), lines[:2]...), lines[3], lines[2]), lines[4:]...), nil, 3},
		{"ErrRepeatedLine", append(append([]string(nil), lines[:5]...), lines[4:]...), nil, 6},
		{"ErrTruncatedTail", append(append([]string(nil), lines[:7]...), lines[10]), nil, 8},
		{"ErrNoCheckpoint", lines[:10], nil, 11},
		{"ErrCutMidLine", append(append([]string(nil), lines[:9]...), lines[9][:20]), nil, 10},
		{"ErrInsertedField", edit(1, func(s string) string { return strings.Replace(s, `{"seq"`, `{"x":1,"seq"`, 1) }), nil, 2},
		{"ErrLineAfterCheckpoint", append(append([]string(nil), lines...), lines[0]), nil, 11},
		{"ErrRehashed", rehashed(8), nil, 1},
		{"ErrHistoryRewritten", rehashed(2), &oldCP, 1},
		{"ErrForgedCheckpoint", edit(10, func(s string) string { return strings.Replace(s, `\n10\n`, `\n9\n`, 1) }), nil, 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Verify(strings.NewReader(join(tc.lines)), vkey, tc.since)
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("Verify = %v, want a *VerifyError", err)
			}
			if ve.Seq != tc.wantSeq {
				t.Fatalf("first bad seq %d (%s), want %d", ve.Seq, ve.Reason, tc.wantSeq)
			}
		})
	}
	t.Run("ErrSinceLonger", func(t *testing.T) {
		short := export(t, 4, skey)
		_, err := Verify(strings.NewReader(join(short)), vkey, &oldCP)
		var ve *VerifyError
		if !errors.As(err, &ve) || ve.Seq != 5 {
			t.Fatalf("Verify = %v, want truncation at seq 5", err)
		}
	})
}

func checkpointOf(t *testing.T, line string) string {
	t.Helper()
	var cl checkpointLine
	if err := json.Unmarshal([]byte(line), &cl); err != nil {
		t.Fatal(err)
	}
	return cl.Checkpoint
}

// BenchmarkVerify measures verifying an export, per event.
func BenchmarkVerify(b *testing.B) {
	skey, vkey, _ := GenerateKey("claimtrail.test")
	s := strings.Join(export(b, 10000, skey), "") + "\n"
	b.SetBytes(int64(len(s)) / 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i += 10000 {
		if _, err := Verify(strings.NewReader(s), vkey, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLoadOrCreateSigner(t *testing.T) {
	path := t.TempDir() + "/keys/audit.key"
	s, created, err := LoadOrCreateSigner(path, "claimtrail.test")
	if err != nil || !created {
		t.Fatalf("create: %v, created %v", err, created)
	}
	again, created, err := LoadOrCreateSigner(path, "ignored-for-existing-keys")
	if err != nil || created || again.VerifierKey() != s.VerifierKey() || again.Origin() != "claimtrail.test" {
		t.Fatalf("reload: %v, created %v", err, created)
	}
	signed, err := again.Sign(claims.TreeHead{Size: 3, Root: tlog.RecordHash([]byte("r"))})
	if err != nil {
		t.Fatal(err)
	}
	if cp, err := Open(signed, s.VerifierKey()); err != nil || cp.Size != 3 {
		t.Fatalf("Open = %+v, %v", cp, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode(), err)
	}
	if err := os.WriteFile(path, []byte("garbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateSigner(path, "x"); err == nil {
		t.Fatal("a broken key file loaded")
	}
}
