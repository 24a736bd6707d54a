package mixin

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"cchc/internal/audit"
	"cchc/internal/rule"
)

// Scoped attaches the access policy of the product (internal/rule) to a
// record, masks its restricted fields, and records its every change in the
// audit trail (internal/audit).
type Scoped struct{ mixin.Schema }

// Policy of the Scoped mixin.
func (Scoped) Policy() ent.Policy { return rule.Policy() }

// Interceptors of the Scoped mixin: restricted fields masked.
func (Scoped) Interceptors() []ent.Interceptor { return []ent.Interceptor{rule.HideRestricted()} }

// Hooks of the Scoped mixin.
func (Scoped) Hooks() []ent.Hook { return []ent.Hook{audit.Hook()} }

// Unaudited is Scoped without the audit trail: the policy of the audit trail itself.
type Unaudited struct{ mixin.Schema }

// Policy of the Unaudited mixin.
func (Unaudited) Policy() ent.Policy { return rule.Policy() }

// Interceptors of the Unaudited mixin: restricted fields masked.
func (Unaudited) Interceptors() []ent.Interceptor { return []ent.Interceptor{rule.HideRestricted()} }
