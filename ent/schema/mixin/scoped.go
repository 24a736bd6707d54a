package mixin

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"cchc/internal/rule"
)

// Scoped attaches the access policy of the product (internal/rule) to a record.
type Scoped struct{ mixin.Schema }

// Policy of the Scoped mixin.
func (Scoped) Policy() ent.Policy { return rule.Policy() }
