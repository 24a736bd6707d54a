package server

import (
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// TestSingleWrite: a mutation may be made by its first write alone when it
// has one root field of the records' own (not a workflow's) whose answer
// reads nothing beyond the record written.
func TestSingleWrite(t *testing.T) {
	for doc, want := range map[string]bool{
		`mutation { updateDossier(id: 1, version: 1, input: {status: RESOLVED}) { id status version } }`: true,
		`mutation { archiveDossier(id: 1) }`:                                                             true,
		`mutation { updateDossier(id: 1, version: 1, input: {}) { id __typename } }`:                     true,
		`mutation { updateDossier(id: 1, version: 1, input: {}) { id unit { name } } }`:                  false,
		`mutation { updateDossier(id: 1, version: 1, input: {}) { ...F } } fragment F on Dossier { id }`: false,
		`mutation { updateDossier(id: 1, version: 1, input: {}) { ... on Dossier { id } } }`:             false,
		`mutation { a: archiveDossier(id: 1) b: archiveDossier(id: 2) }`:                                 false,
		`mutation { ...M } fragment M on Mutation { archiveDossier(id: 1) }`:                             false,
	} {
		q, err := parser.ParseQuery(&ast.Source{Input: doc})
		if err != nil {
			t.Fatal(err)
		}
		if got := singleWrite(q.Operations[0]); got != want {
			t.Errorf("%s: %v, want %v", doc, got, want)
		}
	}
}
