package mixin

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"cchc/ent/intercept"
	"cchc/internal/archive"
)

// Archivable replaces deletion by archiving: an archived record keeps its
// history and its place in past figures' lineage, but no query returns it
// unless the context asks for archived records (archive.Include).
type Archivable struct{ mixin.Schema }

// Fields of the Archivable mixin.
func (Archivable) Fields() []ent.Field {
	return []ent.Field{
		field.Time("archived_at").Optional().Nillable().
			Comment("Thời điểm lưu trữ (thay cho xóa) / when the record was archived instead of deleted; archived records are left out of lists and figures").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Interceptors of the Archivable mixin.
func (Archivable) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{
		intercept.TraverseFunc(func(ctx context.Context, q intercept.Query) error {
			if !archive.Included(ctx) {
				q.WhereP(sql.FieldIsNull("archived_at"))
			}
			return nil
		}),
	}
}
