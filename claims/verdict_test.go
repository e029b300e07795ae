package claims

import "testing"

func TestReviewStatus(t *testing.T) {
	v := func(state VerdictState, author string, r Rating) *Verdict {
		return &Verdict{State: state, AuthorID: author, Attribution: AttributionAccurate, Rating: r}
	}
	tests := []struct {
		name     string
		current  Status
		verdicts []*Verdict
		want     Status
	}{
		{"New", StatusNew, nil, StatusNew},
		{"InReviewStays", StatusInReview, nil, StatusInReview},
		{"Proposed", StatusNew, []*Verdict{v(VerdictProposed, "a", RatingTrue)}, StatusProposed},
		{"ProposedAgreeing", StatusNew, []*Verdict{v(VerdictProposed, "a", RatingTrue), v(VerdictProposed, "b", RatingTrue)}, StatusProposed},
		{"Disputed", StatusProposed, []*Verdict{v(VerdictProposed, "a", RatingTrue), v(VerdictProposed, "b", RatingFalse)}, StatusDisputed},
		{"SameAuthorNotDisputed", StatusProposed, []*Verdict{v(VerdictProposed, "a", RatingTrue), v(VerdictProposed, "a", RatingFalse)}, StatusProposed},
		{"Published", StatusProposed, []*Verdict{v(VerdictApproved, "a", RatingTrue), v(VerdictProposed, "b", RatingFalse), v(VerdictProposed, "c", RatingTrue)}, StatusPublished},
		{"RejectedBackToReview", StatusProposed, []*Verdict{v(VerdictRejected, "a", RatingTrue)}, StatusInReview},
		{"RejectedFromNew", StatusNew, []*Verdict{v(VerdictRejected, "a", RatingTrue)}, StatusInReview},
		{"SupersededOnly", StatusPublished, []*Verdict{v(VerdictSuperseded, "a", RatingTrue)}, StatusInReview},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReviewStatus(tt.current, tt.verdicts); got != tt.want {
				t.Errorf("ReviewStatus = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestVerdictCanDecide(t *testing.T) {
	tests := []struct {
		name  string
		state VerdictState
		actor string
		want  string
	}{
		{"OK", VerdictProposed, "editor", ""},
		{"ErrOwn", VerdictProposed, "author", EFORBIDDEN},
		{"ErrApproved", VerdictApproved, "editor", ECONFLICT},
		{"ErrRejected", VerdictRejected, "editor", ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &Verdict{State: tt.state, AuthorID: "author"}
			if got := ErrorCode(v.CanDecide(Actor{UserID: tt.actor})); got != tt.want {
				t.Errorf("CanDecide = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVerdictValidate(t *testing.T) {
	ok := func() Verdict {
		return Verdict{Attribution: AttributionAccurate, Rating: RatingMixed, Rationale: "Bo tak.",
			Evidence: []Evidence{{URL: "https://example.org", Note: "MSZ"}}}
	}
	tests := []struct {
		name  string
		edit  func(v *Verdict)
		field string
	}{
		{"OK", func(v *Verdict) {}, ""},
		{"OKBlankEvidenceRowsDropped", func(v *Verdict) { v.Evidence = append(v.Evidence, Evidence{URL: " "}) }, ""},
		{"ErrAttribution", func(v *Verdict) { v.Attribution = "sort-of" }, "attribution"},
		{"ErrRating", func(v *Verdict) { v.Rating = "pants-on-fire" }, "rating"},
		{"ErrRationale", func(v *Verdict) { v.Rationale = " \n" }, "rationale"},
		{"ErrEvidenceScheme", func(v *Verdict) { v.Evidence[0].URL = "javascript:alert(1)" }, "evidence"},
		{"ErrEvidenceNoURL", func(v *Verdict) { v.Evidence[0].URL = "" }, "evidence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := ok()
			tt.edit(&v)
			v.Normalize()
			checkField(t, v.Validate(), tt.field)
		})
	}
}

// checkField fails t unless err is nil (field "") or EINVALID naming field.
func checkField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		return
	}
	if ErrorCode(err) != EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	for _, f := range ErrorFields(err) {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("fields %v, want one for %q", ErrorFields(err), field)
}
