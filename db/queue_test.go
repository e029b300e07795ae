package db

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// queueFixture is a newsroom with one claim in every situation a queue
// picks out, created a second apart (c1 oldest).
type queueFixture struct {
	db                  *DB
	kasia, marek, ewa   *claims.User
	ola                 *claims.User // imports documents
	c                   map[string]*claims.Claim
	olaDoc, otherDoc    *claims.Document
	assignedPublished   *claims.Claim
	proposedByKasia     *claims.Claim
	disputed            *claims.Claim
	newInOla, newInOla2 *claims.Claim
}

func newQueueFixture(t *testing.T) *queueFixture {
	t.Helper()
	db := newTestDB(t)
	db.Now = steppingClock(time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC), time.Second)
	f := &queueFixture{db: db, c: map[string]*claims.Claim{},
		kasia: mustUser(t, db, "kasia", claims.RoleChecker), marek: mustUser(t, db, "marek", claims.RoleChecker),
		ewa: mustUser(t, db, "ewa", claims.RoleEditor), ola: mustUser(t, db, "ola", claims.RoleEditor, claims.RoleChecker)}
	src := mustSource(t, db, "ISW")
	f.olaDoc = &claims.Document{Title: "Wizyta", Language: "pl", Body: "Pierwsze zdanie. Drugie zdanie. Trzecie zdanie."}
	if err := db.CreateDocument(ctx, f.ola.Actor(), f.olaDoc); err != nil {
		t.Fatal(err)
	}
	f.otherDoc = mustDocument(t, db, "Inny", "Zdanie w cudzym dokumencie.")
	claim := func(name string, kind claims.Kind, assignee string, doc *claims.Document) *claims.Claim {
		c := &claims.Claim{Text: name, Kind: kind, SourceID: src.ID, Assignee: assignee}
		if doc != nil {
			c.DocumentID = doc.ID
		}
		if err := db.CreateClaim(ctx, f.ola.Actor(), c); err != nil {
			t.Fatalf("CreateClaim %s: %v", name, err)
		}
		f.c[name] = c
		return c
	}
	propose := func(c *claims.Claim, by *claims.User, rating claims.Rating) *claims.Verdict {
		v := &claims.Verdict{ClaimID: c.ID, Attribution: claims.AttributionAccurate, Rating: rating, Rationale: "Sprawdzone."}
		if err := db.ProposeVerdict(ctx, by.Actor(), v); err != nil {
			t.Fatalf("ProposeVerdict: %v", err)
		}
		return v
	}
	claim("assigned new", claims.KindReported, f.kasia.ID, nil)
	claim("assigned analytical", claims.KindAnalytical, f.kasia.ID, nil)
	f.assignedPublished = claim("assigned published", claims.KindReported, f.kasia.ID, nil)
	if _, err := db.ApproveVerdict(ctx, f.ewa.Actor(), propose(f.assignedPublished, f.kasia, claims.RatingTrue).ID); err != nil {
		t.Fatal(err)
	}
	f.proposedByKasia = claim("proposed by kasia", claims.KindReported, "", nil)
	propose(f.proposedByKasia, f.kasia, claims.RatingFalse)
	f.disputed = claim("disputed", claims.KindAnalytical, "", nil)
	propose(f.disputed, f.kasia, claims.RatingFalse)
	propose(f.disputed, f.marek, claims.RatingTrue)
	f.newInOla = claim("new in ola's document", claims.KindReported, "", f.olaDoc)
	claim("new elsewhere", claims.KindReported, "", f.otherDoc)
	f.newInOla2 = claim("new in ola's document, analytical", claims.KindAnalytical, "", f.olaDoc)
	return f
}

func texts(list []*claims.Claim) []string {
	var out []string
	for _, c := range list {
		out = append(out, c.Text)
	}
	return out
}

func TestFindQueue(t *testing.T) {
	f := newQueueFixture(t)
	tests := []struct {
		name   string
		filter claims.QueueFilter
		want   []string
	}{
		{"OKAssigned", claims.QueueFilter{Queue: claims.QueueAssigned, UserID: f.kasia.ID},
			[]string{"assigned analytical", "assigned new"}},
		{"OKAssignedKind", claims.QueueFilter{Queue: claims.QueueAssigned, UserID: f.kasia.ID, Kind: claims.KindReported},
			[]string{"assigned new"}},
		{"OKAssignedNobody", claims.QueueFilter{Queue: claims.QueueAssigned, UserID: f.marek.ID}, nil},
		{"OKApproval", claims.QueueFilter{Queue: claims.QueueApproval, UserID: f.ewa.ID},
			[]string{"proposed by kasia"}},
		// Kasia's own proposal does not wait for her approval.
		{"OKApprovalNotMine", claims.QueueFilter{Queue: claims.QueueApproval, UserID: f.kasia.ID}, nil},
		{"OKDisputed", claims.QueueFilter{Queue: claims.QueueDisputed, UserID: f.ewa.ID}, []string{"disputed"}},
		{"OKNew", claims.QueueFilter{Queue: claims.QueueNew, UserName: "ola"},
			[]string{"new in ola's document, analytical", "new in ola's document"}},
		{"OKNewKind", claims.QueueFilter{Queue: claims.QueueNew, UserName: "ola", Kind: claims.KindReported},
			[]string{"new in ola's document"}},
		{"OKNewOtherImporter", claims.QueueFilter{Queue: claims.QueueNew, UserName: "ewa"}, []string{"new elsewhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, next, err := f.db.FindQueue(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := texts(list); !slices.Equal(got, tt.want) || next != "" {
				t.Errorf("queue %q, next %q; want %q", got, next, tt.want)
			}
			for _, c := range list {
				if c.Source == nil || c.Source.Name != "ISW" {
					t.Errorf("claim %q without its source", c.Text)
				}
			}
			n, err := f.db.CountQueue(ctx, tt.filter, 100)
			if err != nil || n != len(tt.want) {
				t.Errorf("CountQueue = %d, %v; want %d", n, err, len(tt.want))
			}
		})
	}

	t.Run("OKPages", func(t *testing.T) {
		filter := claims.QueueFilter{Queue: claims.QueueNew, UserName: "ola", Limit: 1}
		var got []string
		for range 3 {
			list, next, err := f.db.FindQueue(ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, texts(list)...)
			if next == "" {
				break
			}
			filter.Cursor = next
		}
		if want := []string{"new in ola's document, analytical", "new in ola's document"}; !slices.Equal(got, want) {
			t.Errorf("pages %q, want %q", got, want)
		}
		if n, err := f.db.CountQueue(ctx, claims.QueueFilter{Queue: claims.QueueNew, UserName: "ola"}, 1); err != nil || n != 1 {
			t.Errorf("CountQueue at most 1 = %d, %v", n, err)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		for _, filter := range []claims.QueueFilter{
			{Queue: "mine", UserID: f.kasia.ID},
			{Queue: claims.QueueAssigned},
			{Queue: claims.QueueNew, UserID: f.ola.ID},
			{Queue: claims.QueueDisputed, Kind: "opinion"},
			{Queue: claims.QueueDisputed, Cursor: "not a cursor"},
		} {
			if _, _, err := f.db.FindQueue(ctx, filter); !isCode(err, claims.EINVALID) {
				t.Errorf("FindQueue(%+v) = %v, want EINVALID", filter, err)
			}
		}
	})
}

func TestQueueNeighbors(t *testing.T) {
	f := newQueueFixture(t)
	// Three claims in kasia's assigned queue, newest first: c3, c2, c1.
	src := mustSource(t, f.db, "Redakcja")
	var ids []string
	for _, text := range []string{"c1", "c2", "c3"} {
		c := &claims.Claim{Text: text, Kind: claims.KindReported, SourceID: src.ID, Assignee: f.marek.ID}
		if err := f.db.CreateClaim(ctx, editor, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	q := claims.QueueFilter{Queue: claims.QueueAssigned, UserID: f.marek.ID}
	for _, tt := range []struct {
		name       string
		id         string
		prev, next string
	}{
		{"OKNewest", ids[2], "", ids[1]},
		{"OKMiddle", ids[1], ids[2], ids[0]},
		{"OKOldest", ids[0], ids[1], ""},
		// A claim that left the queue still has its place in it.
		{"OKNotInQueue", f.disputed.ID, ids[0], ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			prev, next, err := f.db.QueueNeighbors(ctx, q, tt.id)
			if err != nil || prev != tt.prev || next != tt.next {
				t.Errorf("QueueNeighbors = %q, %q, %v; want %q, %q", prev, next, err, tt.prev, tt.next)
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		_, _, err := f.db.QueueNeighbors(ctx, q, "no-such-claim")
		wantCode(t, err, claims.ENOTFOUND)
	})
}

// TestQueue_Plans checks the plan of every queue query, with and without
// a kind and a cursor: each must read the index its comment in queue.go
// names and never scan the claims table; only the "new in my documents"
// queue's byDocument plan sorts, and it is used for fewer than bigQueue
// claims.
func TestQueue_Plans(t *testing.T) {
	db := newTestDB(t)
	when := time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC)
	type planCase struct {
		queue claims.Queue
		plan  queuePlan
		index []string // what the plan must mention
		sorts bool
	}
	for _, pc := range []planCase{
		{claims.QueueAssigned, byDocument, []string{"INDEX claims_open_assignee"}, false},
		{claims.QueueApproval, byDocument, []string{"INDEX claims_status", "INDEX verdicts_claim_id (claim_id=?)"}, false},
		{claims.QueueDisputed, byDocument, []string{"INDEX claims_status"}, false},
		{claims.QueueNew, byDocument, []string{"INDEX documents_created_by", "INDEX claims_new_document (document_id=?"}, true},
		{claims.QueueNew, byTime, []string{"INDEX claims_new", "INDEX documents_created_by"}, false},
	} {
		for _, kind := range []claims.Kind{"", claims.KindAnalytical} {
			for _, cursor := range []bool{false, true} {
				f := claims.QueueFilter{Queue: pc.queue, UserID: "u", UserName: "ola", Kind: kind}
				from, where, args := queueFrom(f, pc.plan)
				if cursor {
					where, args = append(where, "(c.created_at, c.id) < (?, ?)"), append(args, when, "x")
				}
				plan := explain(t, db, `SELECT `+claimListColumns+`
					FROM `+from+` JOIN sources s ON s.id = c.source_id
					WHERE `+strings.Join(where, " AND ")+`
					ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, append(args, 21)...)
				joined := strings.Join(plan, "; ")
				for _, want := range pc.index {
					if !strings.Contains(joined, want) {
						t.Errorf("%s plan %d kind %q cursor %v: plan %q lacks %q", pc.queue, pc.plan, kind, cursor, plan, want)
					}
				}
				for _, line := range plan {
					if (strings.HasPrefix(line, "SCAN c") && !strings.Contains(line, "INDEX")) || (strings.Contains(line, "TEMP B-TREE") && !pc.sorts) {
						t.Errorf("%s plan %d kind %q cursor %v: %q in plan %q", pc.queue, pc.plan, kind, cursor, line, plan)
					}
				}
			}
		}
	}
}

// TestQueue_LongNewQueue checks that a "new in my documents" queue of
// bigQueue claims or more is read by time, and gives the same pages as
// the sorted plan would.
func TestQueue_LongNewQueue(t *testing.T) {
	db := newTestDB(t)
	ola := claims.Actor{Name: "ola"}
	src := mustSource(t, db, "ISW")
	d := &claims.Document{Title: "Długi", Language: "pl", Body: "Zdanie."}
	if err := db.CreateDocument(ctx, ola, d); err != nil {
		t.Fatal(err)
	}
	b := &Batch{}
	for i := range bigQueue + 5 {
		b.Claims = append(b.Claims, &claims.Claim{Text: fmt.Sprintf("Twierdzenie %04d", i), Kind: claims.KindReported,
			SourceID: src.ID, DocumentID: d.ID})
	}
	if err := db.Load(ctx, ola, b); err != nil {
		t.Fatal(err)
	}
	f := claims.QueueFilter{Queue: claims.QueueNew, UserName: "ola", Limit: 10}
	err := db.read(ctx, func(tx *Tx) error {
		plan, err := planQueue(tx, f)
		if plan != byTime {
			t.Errorf("a queue of %d is read by plan %d", bigQueue+5, plan)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for range 3 {
		list, next, err := db.FindQueue(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			got = append(got, c.ID)
		}
		f.Cursor = next
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM claims ORDER BY created_at DESC, id DESC LIMIT 30`)
	if err != nil {
		t.Fatal(err)
	}
	want, err := scanIDs(rows)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("three pages by time are %d claims, not the 30 newest in order", len(got))
	}
	if n, err := db.CountQueue(ctx, claims.QueueFilter{Queue: claims.QueueNew, UserName: "ola"}, 100); err != nil || n != 100 {
		t.Errorf("CountQueue = %d, %v", n, err)
	}
}
