package limits

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/validator"

	"cchc/internal/apperr"
)

// outcome is the limit that refuses a request of the corpus, before or
// after validation, "" when none does, ValidationFailed when validation does.
func outcome(t *testing.T, l Limits, h HostileRequest) string {
	if err := l.CheckDocument(h.Query); err != nil {
		return err.Extensions["limit"].(string)
	}
	doc, errs := gqlparser.LoadQuery(schema, h.Query)
	if errs != nil {
		return ValidationFailed
	}
	var vars map[string]any
	b, _ := json.Marshal(h.Variables)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&vars); err != nil {
		t.Fatal(err)
	}
	coerced, err := validator.VariableValues(schema, doc.Operations[0], vars)
	if err != nil {
		return ValidationFailed
	}
	if _, _, gerr := l.check(schema, doc, doc.Operations[0], coerced); gerr != nil {
		e, ok := apperr.As(gerr)
		if ok && e.Code == apperr.BadInput {
			return BadInput
		}
		if !ok || e.Code != apperr.LimitExceeded {
			t.Fatalf("%v", gerr)
		}
		return e.Extensions["limit"].(string)
	}
	return ""
}

// TestHostile: each request of the corpus is refused by the limit it names,
// before validation when that limit bounds the document, or passes.
func TestHostile(t *testing.T) {
	for _, h := range Hostile() {
		if len(h.Query) > hostileBytes+100 {
			t.Errorf("%s: %d bytes, beyond the body limit", h.Name, len(h.Query))
		}
		if got := outcome(t, Default(), h); got != h.Limit {
			t.Errorf("%s: refused by %q, want %q (%+v)", h.Name, got, h.Limit, MeasureDocument(h.Query))
		}
	}
}
