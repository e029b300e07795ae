package web

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// addSources appends n audit events through the store.
func (e *env) addSources(n int) {
	e.t.Helper()
	for i := range n {
		s := &claims.Source{Name: fmt.Sprint("Łukaszenka ", i), Type: claims.SourcePerson}
		if err := e.store.CreateSource(context.Background(), claims.SystemActor, s); err != nil {
			e.t.Fatal(err)
		}
	}
}

// checkpoint fetches the verifier key and the latest checkpoint, as an
// anonymous reader, and checks the signature.
func (e *env) checkpoint() (vkey string, cp auditlog.Checkpoint, signed []byte) {
	e.t.Helper()
	key := e.must(200, e.do("", "GET", "/api/v1/audit/key", nil))
	if ct := key.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		e.t.Fatalf("key content type %q", ct)
	}
	res := e.must(200, e.do("", "GET", "/api/v1/audit/checkpoint", nil))
	if ct := res.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		e.t.Fatalf("checkpoint content type %q", ct)
	}
	cp, err := auditlog.Open(res.Body, string(key.Body))
	if err != nil {
		e.t.Fatalf("checkpoint does not verify with the served key: %v\n%s", err, res.Body)
	}
	return string(key.Body), cp, res.Body
}

func TestAuditCheckpoint(t *testing.T) {
	e := newEnv(t)
	e.addSources(3)
	_, cp, signed := e.checkpoint()
	th, err := e.store.TreeHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cp.Size != th.Size || cp.Root != th.Root || cp.Origin != "claimtrail.test" {
		t.Fatalf("checkpoint %+v, tree head %+v", cp, th)
	}
	t.Run("OKJSON", func(t *testing.T) {
		req := e.request("", "GET", "/api/v1/audit/checkpoint", nil)
		req.Header.Set("Accept", "application/json")
		var got checkpointJSON
		e.must(200, e.send(req)).decode(t, &got)
		if got.Size != th.Size || !bytes.Equal(got.Root, th.Root[:]) || got.Origin != "claimtrail.test" || got.SignedNote != string(signed) {
			t.Fatalf("JSON checkpoint %+v", got)
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		_, other, _ := auditlog.GenerateKey("claimtrail.test")
		if _, err := auditlog.Open(signed, other); err == nil {
			t.Fatal("the checkpoint verified with another key")
		}
	})
}

func TestAuditProof(t *testing.T) {
	e := newEnv(t)
	e.addSources(4)
	_, old, _ := e.checkpoint()
	e.addSources(5)
	_, now, _ := e.checkpoint()
	var events auditPage
	e.must(200, e.do(claims.RoleViewer, "GET", fmt.Sprintf("/api/v1/audit?limit=%d", claims.MaxPageSize), nil)).decode(t, &events)
	if int64(len(events.Items)) != now.Size {
		t.Fatalf("%d events, checkpoint size %d", len(events.Items), now.Size)
	}
	check := func(t *testing.T, path string, cp auditlog.Checkpoint, seq int64) {
		t.Helper()
		var p inclusionProof
		e.must(200, e.do("", "GET", path, nil)).decode(t, &p)
		leaf, _ := hex.DecodeString(events.Items[seq-1].Hash)
		if p.Seq != seq || p.Size != cp.Size || !bytes.Equal(p.Root, cp.Root[:]) || !bytes.Equal(p.LeafHash, leaf) {
			t.Fatalf("%s: proof %+v, checkpoint %+v", path, p, cp)
		}
		var lh tlog.Hash
		copy(lh[:], p.LeafHash)
		if err := tlog.CheckRecord(decodeProof(p.Proof), cp.Size, cp.Root, seq-1, lh); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	for seq := int64(1); seq <= old.Size; seq++ {
		check(t, fmt.Sprintf("/api/v1/audit/%d/proof?size=%d", seq, old.Size), old, seq)
	}
	for seq := int64(1); seq <= now.Size; seq++ {
		check(t, fmt.Sprintf("/api/v1/audit/%d/proof", seq), now, seq)
	}
	for _, tt := range []struct {
		name, path, field string
	}{
		{"ErrSeqZero", "/api/v1/audit/0/proof", "seq"},
		{"ErrSeqNotANumber", "/api/v1/audit/x/proof", "seq"},
		{"ErrSeqBeyond", fmt.Sprintf("/api/v1/audit/%d/proof", now.Size+1), "seq"},
		{"ErrSizeNotANumber", "/api/v1/audit/1/proof?size=abc", "size"},
		{"ErrSizeNegative", "/api/v1/audit/1/proof?size=-1", "size"},
		{"ErrSizeBelowSeq", "/api/v1/audit/5/proof?size=4", "size"},
		{"ErrSizeBeyond", fmt.Sprintf("/api/v1/audit/1/proof?size=%d", now.Size+1), "size"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantProblemField(t, e.must(422, e.do("", "GET", tt.path, nil)).problem(t), tt.field)
		})
	}
}

func TestAuditConsistency(t *testing.T) {
	e := newEnv(t)
	e.addSources(3)
	_, old, _ := e.checkpoint()
	e.addSources(6)
	_, now, _ := e.checkpoint()
	for _, path := range []string{
		fmt.Sprintf("/api/v1/audit/consistency?from=%d&to=%d", old.Size, now.Size),
		fmt.Sprintf("/api/v1/audit/consistency?from=%d", old.Size),
	} {
		var p consistencyProof
		e.must(200, e.do("", "GET", path, nil)).decode(t, &p)
		if p.From != old.Size || p.To != now.Size || !bytes.Equal(p.OldRoot, old.Root[:]) || !bytes.Equal(p.NewRoot, now.Root[:]) {
			t.Fatalf("%s: %+v", path, p)
		}
		if err := tlog.CheckTree(decodeProof(p.Proof), now.Size, now.Root, old.Size, old.Root); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	for _, tt := range []struct {
		name, query, field string
	}{
		{"ErrNoFrom", "", "from"},
		{"ErrFromZero", "from=0", "from"},
		{"ErrFromNotANumber", "from=1.5", "from"},
		{"ErrToBelowFrom", "from=5&to=4", "to"},
		{"ErrToNotANumber", "from=1&to=x", "to"},
		{"ErrToBeyond", fmt.Sprintf("from=1&to=%d", now.Size+1), "to"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantProblemField(t, e.must(422, e.do("", "GET", "/api/v1/audit/consistency?"+tt.query, nil)).problem(t), tt.field)
		})
	}
}

func TestExportAudit(t *testing.T) {
	e := newEnv(t)
	e.addSources(3)
	vkey, _, _ := e.checkpoint()
	first := e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/export/audit.jsonl", nil))
	if ct := first.Header.Get("Content-Type"); ct != "application/jsonl; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if cd := first.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("content disposition %q", cd)
	}
	res, err := auditlog.Verify(bytes.NewReader(first.Body), vkey, nil)
	if err != nil {
		t.Fatalf("export does not verify: %v", err)
	}
	earlier := res.Checkpoint

	// A longer log, crossing the flush interval, exported while writes go
	// on: the export ends at the checkpoint it started from.
	e.addSources(1000 + 5)
	var wg sync.WaitGroup
	wg.Go(func() { e.addSources(50) })
	later := e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/export/audit.jsonl", nil))
	wg.Wait()
	res, err = auditlog.Verify(bytes.NewReader(later.Body), vkey, &earlier)
	if err != nil {
		t.Fatalf("later export does not verify since the earlier checkpoint: %v", err)
	}
	if res.Since != earlier.Size || res.Checkpoint.Size < earlier.Size+1000+5 {
		t.Fatalf("later export: %+v", res)
	}
	t.Run("ErrAnonymous", func(t *testing.T) {
		e.must(401, e.do("", "GET", "/api/v1/export/audit.jsonl", nil))
	})
	t.Run("ErrTampered", func(t *testing.T) {
		body := bytes.Replace(first.Body, []byte(`"seq":2,`), []byte(`"seq":2,"x":1,`), 1)
		if _, err := auditlog.Verify(bytes.NewReader(body), vkey, nil); err == nil {
			t.Fatal("an edited export verified")
		}
	})
}

func decodeProof(p [][]byte) []tlog.Hash {
	out := make([]tlog.Hash, len(p))
	for i, b := range p {
		copy(out[i][:], b)
	}
	return out
}

// wantProblemField fails t unless the problem names field.
func wantProblemField(t *testing.T, p problem, field string) {
	t.Helper()
	for _, f := range p.Errors {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("problem %+v does not name the field %q", p, field)
}
