package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// testLog is an audit log of n events kept in memory as tlog stores it.
type testLog struct {
	events []*claims.Event
	hashes []tlog.Hash // tlog's stored hashes
}

func newTestLog(t *testing.T, n int) *testLog {
	t.Helper()
	l := &testLog{}
	for i := 1; i <= n; i++ {
		e := &claims.Event{Seq: int64(i), ID: fmt.Sprintf("ev-%d", i), At: time.Date(2025, 6, 5, 12, 0, i, 0, time.UTC),
			Actor: claims.Actor{UserID: "u1", Name: "Redaktor Żaneta"}, Action: "claim.update", EntityType: "claim",
			EntityID: "claim-1", ClaimID: "claim-1", Data: json.RawMessage(`{"text":"Zażółć gęślą jaźń"}`)}
		leaf, err := auditlog.LeafHash(e)
		if err != nil {
			t.Fatal(err)
		}
		e.Hash = auditlog.HexHash(leaf)
		data, _ := e.LeafData()
		hs, err := tlog.StoredHashes(int64(i-1), data, l.reader())
		if err != nil {
			t.Fatal(err)
		}
		l.events, l.hashes = append(l.events, e), append(l.hashes, hs...)
	}
	return l
}

func (l *testLog) reader() tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = l.hashes[x]
		}
		return out, nil
	})
}

// audit proves the given events in the tree of all events, signed with a
// fresh key; it returns the audit and the verifier key.
func (l *testLog) audit(t *testing.T, seqs ...int64) (*Audit, string) {
	t.Helper()
	size := int64(len(l.events))
	root, err := tlog.TreeHash(size, l.reader())
	if err != nil {
		t.Fatal(err)
	}
	skey, vkey, err := auditlog.GenerateKey("claimtrail.test")
	if err != nil {
		t.Fatal(err)
	}
	signed, err := auditlog.Sign(auditlog.Checkpoint{Origin: "claimtrail.test", Size: size, Root: root}, skey)
	if err != nil {
		t.Fatal(err)
	}
	a := &Audit{Checkpoint: string(signed)}
	for _, seq := range seqs {
		proof, err := tlog.ProveRecord(size, seq-1, l.reader())
		if err != nil {
			t.Fatal(err)
		}
		hashes := make([]claims.Hash, len(proof))
		for i, h := range proof {
			hashes[i] = h
		}
		e := *l.events[seq-1]
		a.Events = append(a.Events, NewProvenEvent(&e, hashes))
	}
	return a, vkey
}

func TestAuditVerify(t *testing.T) {
	l := newTestLog(t, 13)
	t.Run("OK", func(t *testing.T) {
		a, vkey := l.audit(t, 1, 7, 13)
		// Through JSON, as a reader gets it.
		var back Audit
		b, _ := json.Marshal(a)
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		cp, err := back.Verify(vkey)
		if err != nil || cp.Size != 13 {
			t.Fatalf("Verify = %+v, %v", cp, err)
		}
	})
	for _, tc := range []struct {
		name   string
		tamper func(a *Audit)
		seq    int64
	}{
		{"ErrEditedEvent", func(a *Audit) { a.Events[1].Event.Data = json.RawMessage(`{"text":"Zazolc"}`) }, 7},
		{"ErrEditedHash", func(a *Audit) { a.Events[1].Event.Hash = a.Events[0].Event.Hash }, 7},
		{"ErrWrongSeq", func(a *Audit) { a.Events[1].Event.Seq = 8 }, 8},
		{"ErrProof", func(a *Audit) { a.Events[2].Proof[0] = a.Events[1].Proof[0] }, 13},
		{"ErrProofNotBase64", func(a *Audit) { a.Events[0].Proof[0] = "!!" }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, vkey := l.audit(t, 1, 7, 13)
			tc.tamper(a)
			_, err := a.Verify(vkey)
			var ve *auditlog.VerifyError
			if !errors.As(err, &ve) || ve.Seq != tc.seq {
				t.Fatalf("err = %v, want a failure at seq %d", err, tc.seq)
			}
		})
	}
	t.Run("ErrOtherKey", func(t *testing.T) {
		a, _ := l.audit(t, 1)
		_, other := l.audit(t)
		if _, err := a.Verify(other); err == nil {
			t.Fatal("verified with another log's key")
		}
	})
}

func TestNewBundle(t *testing.T) {
	l := newTestLog(t, 3)
	a, vkey := l.audit(t, 1, 2, 3)
	for _, tc := range []struct {
		name             string
		edit             func(c *claims.Claim)
		review, annotate bool
	}{
		{"Published", func(*claims.Claim) {}, true, true},
		{"Proposed", func(c *claims.Claim) { c.Verdicts = c.Verdicts[:1]; c.Status = claims.StatusProposed }, false, true},
		{"NoQuote", func(c *claims.Claim) { c.Quote = nil }, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := claim()
			tc.edit(c)
			m := asMap(t, must(NewBundle(c, document(), site, a)))
			if path(t, m, "claim", "text") != c.Text || path(t, m, "provenance", "@graph", 0, "value") != c.Text {
				t.Errorf("claim and provenance: %v", m)
			}
			if _, ok := m["claim_review"]; ok != tc.review {
				t.Errorf("claim_review present %v, want %v", ok, tc.review)
			}
			if _, ok := m["annotation"]; ok != tc.annotate {
				t.Errorf("annotation present %v, want %v", ok, tc.annotate)
			}
			var back Bundle
			b, _ := json.Marshal(m)
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if _, err := back.Audit.Verify(vkey); err != nil || len(back.Audit.Events) != 3 {
				t.Fatalf("audit of the bundle: %v", err)
			}
		})
	}
}
