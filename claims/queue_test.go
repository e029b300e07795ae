package claims

import (
	"testing"
	"time"
)

func TestQueueFilterValidate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		f     QueueFilter
		field string
	}{
		{"OKAssigned", QueueFilter{Queue: QueueAssigned, UserID: "u"}, ""},
		{"OKNew", QueueFilter{Queue: QueueNew, UserName: "ola", Kind: KindAnalytical}, ""},
		{"OKDisputedAnyone", QueueFilter{Queue: QueueDisputed}, ""},
		{"ErrQueue", QueueFilter{Queue: "mine", UserID: "u"}, "queue"},
		{"ErrApprovalWithoutUser", QueueFilter{Queue: QueueApproval}, "user"},
		{"ErrNewWithoutName", QueueFilter{Queue: QueueNew, UserID: "u"}, "user"},
		{"ErrKind", QueueFilter{Queue: QueueDisputed, Kind: "opinion"}, "kind"},
		{"ErrLimit", QueueFilter{Queue: QueueDisputed, Limit: MaxPageSize + 1}, "limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkField(t, tt.f.Validate(), tt.field)
		})
	}
}

func TestWeekStart(t *testing.T) {
	for in, want := range map[string]string{
		"2024-12-02T00:00:00Z": "2024-12-02", // a Monday is its own start
		"2024-12-04T15:30:00Z": "2024-12-02",
		"2024-12-08T23:59:59Z": "2024-12-02", // Sunday ends the week
		"2024-12-09T00:00:00Z": "2024-12-09",
		"2025-01-01T10:00:00Z": "2024-12-30", // across the year
	} {
		at, _ := time.Parse(time.RFC3339, in)
		if got := WeekStart(at).Format("2006-01-02"); got != want {
			t.Errorf("WeekStart(%s) = %s, want %s", in, got, want)
		}
	}
}
