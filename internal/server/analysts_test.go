package server_test

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// TestAnalystsGuide runs every worked question of docs/ANALYSTS.md as a
// district analyst and checks that the server answers exactly what the
// guide prints, on both databases.
func TestAnalystsGuide(t *testing.T) {
	doc, err := os.ReadFile("../../docs/ANALYSTS.md")
	if err != nil {
		t.Fatal(err)
	}
	pairs := regexp.MustCompile("(?s)### ([^\n]+)\n.*?```graphql\n(.*?)```.*?```json\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(pairs) != 10 {
		t.Fatalf("docs/ANALYSTS.md has %d worked questions, want 10", len(pairs))
	}
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.Analyst, "298")
		for _, p := range pairs {
			var got, want any
			env.OK(t, tok, p[2], nil, &got)
			if err := json.Unmarshal([]byte(p[3]), &want); err != nil {
				t.Fatalf("%s: the printed answer is not JSON: %v", p[1], err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				t.Errorf("%s:\nthe server answers %s", p[1], g)
			}
		}
	})
}
