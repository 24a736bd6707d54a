package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent/schema"
)

// noEdgeInput keeps an edge out of the create and update inputs: records are
// attached from their own side (dossier.unitID), never by listing them on the parent.
var noEdgeInput = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)

// record gives a type its description, a top-level query field with a Relay
// connection, ordering by several fields, and create and update inputs.
func record(description string) []schema.Annotation {
	return []schema.Annotation{
		schema.Comment(description),
		entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// date makes a time field a GraphQL Date: a local calendar date in Asia/Ho_Chi_Minh.
var date = entgql.Type("Date")
