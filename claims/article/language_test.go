package article_test

import (
	"testing"

	"github.com/claimtrail/claimtrail/claims/article"
)

func TestDetectLanguage(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Rada miasta twierdzi, że budżet na drogi wzrósł o połowę i nie jest to prawda.", "pl"},
		{"Zgodnie z zapowiedziami podpisali pakiet dokumentów.", "pl"},
		{"The council says that the road budget grew by half, and it is not true.", "en"},
		{"The mayor of Springfield said on Monday that crime fell.", "en"},
		{"", ""},
		{"OK 👍", ""},
		{"Das ist ein deutscher Satz ohne viele Hinweise.", ""},
	}
	for _, c := range cases {
		if got := article.DetectLanguage(c.text); got != c.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
