package schema

import (
	"errors"
	"strings"
)

// unitCode accepts the official GSO codes: 2 digits for provinces, 3 for
// districts, 5 for communes, digits only.
func unitCode(s string) error {
	if s == "" {
		return errors.New("must not be empty")
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return errors.New("must contain digits only")
		}
	}
	return nil
}

// documentCode accepts codes typed by people (dossier codes, procedure codes,
// budget line codes): no surrounding or control whitespace.
func documentCode(s string) error {
	if strings.TrimSpace(s) != s {
		return errors.New("must not begin or end with spaces")
	}
	if strings.ContainsAny(s, "\t\r\n") {
		return errors.New("must be on one line")
	}
	return nil
}
