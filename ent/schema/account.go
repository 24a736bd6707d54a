package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"cchc/ent/schema/mixin"
	"cchc/internal/check"
	"cchc/internal/viewer"
)

// Account is a person or program allowed to call the API (tài khoản).
type Account struct{ ent.Schema }

// Annotations of Account.
func (Account) Annotations() []schema.Annotation {
	return record("Tài khoản / an account allowed to call the API: a token is honoured only while its account is active and holds the token's role and unit, so access can be revoked at once")
}

// Mixin of Account.
func (Account) Mixin() []ent.Mixin {
	return []ent.Mixin{mixin.Timestamps{}, mixin.Scoped{}, mixin.Versioned{}}
}

// Fields of Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("subject").Unique().NotEmpty().MaxLen(255).Validate(documentCode).
			Comment("Tên đăng nhập / subject: the sub claim of the account's tokens; a name, @, and the official code of the account's unit (nguyen.van.a@11098)").
			Annotations(entgql.OrderField("SUBJECT")),
		field.String("display_name").Annotations(noFilter).Optional().MaxLen(255).
			Comment("Tên hiển thị / display name"),
		field.Enum("role").GoType(viewer.Role("")).
			Comment("Vai trò / role").
			Annotations(entgql.Type("Role"), entgql.OrderField("ROLE")),
		field.Int("unit_id").Comment("Đơn vị / ID of the account's unit"),
		field.Bool("active").Default(true).
			Comment("Đang hoạt động / whether tokens of the account are honoured; false revokes access at once"),
	}
}

// Edges of Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("accounts").Unique().Required().Field("unit_id").
			Comment("Đơn vị / the account's unit"),
	}
}

// Hooks of Account: the subject ends with the code of the account's unit.
func (Account) Hooks() []ent.Hook { return []ent.Hook{check.AccountSubject()} }
