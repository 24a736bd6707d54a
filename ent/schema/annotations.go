package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"

	"cchc/ent/schema/mixin"
)

// noEdgeInput keeps an edge out of the create and update inputs: records are
// attached from their own side (dossier.unitID), never by listing them on the parent.
var noEdgeInput = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)

// noFilter keeps a field out of its record's where input: long texts and
// bookkeeping (who signed, file hashes) that no one lists records by. Search,
// codes, names, dates, statuses and units stay filterable.
var noFilter = entgql.Skip(entgql.SkipWhereInput)

// record gives a type its description, a top-level query field with a Relay
// connection, ordering by several fields, and create and update inputs.
// The query field is named by entgql (dossiers, units …) unless queryField names it.
func record(description string, queryField ...string) []schema.Annotation {
	return append(listed(description, queryField...), entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()))
}

// listed is record without create and update inputs: for records no client writes.
func listed(description string, queryField ...string) []schema.Annotation {
	return []schema.Annotation{
		schema.Comment(description),
		entgql.QueryField(queryField...), entgql.RelayConnection(), entgql.MultiOrder(),
	}
}

// date makes a time field a GraphQL Date: a local calendar date in Asia/Ho_Chi_Minh.
var date = entgql.Type("Date")

// recordMixins are shared by every record a unit owns: timestamps, archiving
// instead of deletion, the access policy and the version of optimistic
// locking; then the record's own (search).
func recordMixins(more ...ent.Mixin) []ent.Mixin {
	return append([]ent.Mixin{mixin.Timestamps{}, mixin.Archivable{}, mixin.Scoped{}, mixin.Versioned{}}, more...)
}

// money makes an amount of đồng a GraphQL Int64: GraphQL's Int is 32 bits,
// and a commune's budget runs to billions.
var money = entgql.Type("Int64")
