package mixin

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"cchc/internal/check"
)

// Versioned gives a record the version of optimistic locking: 1 when
// created, one more after every update, whoever makes it. A client sends
// back the version it read with every change (updateX(id:, version:, …)),
// and a change made against an older version is refused with CONFLICT
// instead of silently overwriting what someone else wrote (check.Version).
type Versioned struct {
	mixin.Schema
	// Restricted: as Timestamps.Restricted.
	Restricted bool
}

// Fields of the Versioned mixin.
func (v Versioned) Fields() []ent.Field {
	skip := inputsOnly | entgql.SkipWhereInput
	if v.Restricted {
		skip |= entgql.SkipType
	}
	return []ent.Field{
		field.Int(check.VersionField).Default(1).NonNegative().
			Comment("Phiên bản / version, sent back in updates: 1 when created, one more after every change; a change sent with an older version is refused (CONFLICT) so that nobody overwrites what someone else wrote meanwhile").
			Annotations(entgql.Skip(skip)),
	}
}

// Hooks of the Versioned mixin.
func (Versioned) Hooks() []ent.Hook { return []ent.Hook{check.Version()} }
