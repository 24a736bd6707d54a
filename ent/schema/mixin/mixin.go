// Package mixin holds the pieces shared by many records of the model:
// timestamps, archiving instead of deletion, the version of optimistic
// locking, the access policy with the audit trail, and accent-insensitive
// search.
package mixin

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// Timestamps records when a row was created and last changed.
type Timestamps struct {
	mixin.Schema
	// Restricted leaves the fields out of the generated GraphQL type, for a
	// record type whose fields some readers may not read (rule.Records):
	// graph/*.graphql declares them there as nullable, to read as null.
	Restricted bool
}

// Fields of the Timestamps mixin.
func (t Timestamps) Fields() []ent.Field {
	skip, created := inputsOnly, []schema.Annotation{entgql.OrderField("CREATED_AT")}
	if t.Restricted {
		// Not ordered by either: the order would tell the hidden values.
		skip, created = skip|entgql.SkipType, nil
	}
	return []ent.Field{
		field.Time("created_at").Immutable().Default(now).
			Comment("Thời điểm tạo bản ghi / when the record was created").
			Annotations(append(created, entgql.Skip(skip))...),
		field.Time("updated_at").Default(now).UpdateDefault(now).
			Comment("Thời điểm sửa gần nhất / when the record was last changed").
			Annotations(entgql.Skip(skip)),
	}
}

// inputsOnly skips a field the server sets from the mutation inputs.
const inputsOnly = entgql.SkipMutationCreateInput | entgql.SkipMutationUpdateInput
