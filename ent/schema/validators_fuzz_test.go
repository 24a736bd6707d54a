package schema

import (
	"strings"
	"testing"
)

// FuzzUnitCode: a unit code is accepted exactly when it is a non-empty
// string of ASCII digits.
func FuzzUnitCode(f *testing.F) {
	for _, s := range []string{"30", "298", "11098", "", "3a", " 30", "٣٠", "30\x00", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		digits := s != "" && strings.Trim(s, "0123456789") == ""
		if err := unitCode(s); (err == nil) != digits {
			t.Fatalf("unitCode(%q) = %v", s, err)
		}
	})
}

// FuzzDocumentCode: a code people type is accepted exactly when it has no
// surrounding spaces and no line or tab characters.
func FuzzDocumentCode(f *testing.F) {
	for _, s := range []string{"000.00.32.H23-230105-0001", "12/QĐ-UBND", "", " a", "a ", "a\nb", "a\tb", "\u00a0a", "a\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := documentCode(s)
		if err == nil && (strings.TrimSpace(s) != s || strings.ContainsAny(s, "\t\r\n")) {
			t.Fatalf("documentCode accepted %q", s)
		}
		if err != nil && strings.TrimSpace(s) == s && !strings.ContainsAny(s, "\t\r\n") {
			t.Fatalf("documentCode(%q) = %v", s, err)
		}
	})
}
