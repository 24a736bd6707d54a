// Package mixin holds the pieces shared by many records of the model:
// timestamps, archiving instead of deletion, the version of optimistic
// locking, the access policy with the audit trail, and accent-insensitive
// search.
package mixin

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// Timestamps records when a row was created and last changed.
type Timestamps struct{ mixin.Schema }

// Fields of the Timestamps mixin.
func (Timestamps) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Immutable().Default(now).
			Comment("Thời điểm tạo bản ghi / when the record was created").
			Annotations(entgql.OrderField("CREATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("updated_at").Default(now).UpdateDefault(now).
			Comment("Thời điểm sửa gần nhất / when the record was last changed").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}
