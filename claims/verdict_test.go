package claims

import "testing"

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
