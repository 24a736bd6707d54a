package mixin

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"cchc/internal/search"
)

// Searchable makes a record findable by the words of the given fields,
// whatever their accents (internal/search): a hidden column holds them
// normalized, kept up to date by search.Hook, with a pg_trgm GIN index on
// PostgreSQL so that LIKE '%word%' reads the index. SQLite, which scans, has
// no index on it (database.Diff leaves PostgreSQL-only index types out).
func Searchable(fields ...string) ent.Mixin { return searchable{fields: fields} }

type searchable struct {
	mixin.Schema
	fields []string
}

// Fields of the Searchable mixin.
func (s searchable) Fields() []ent.Field {
	return []ent.Field{
		// Nullable without a default: SQLite then adds the column in place
		// instead of copying the table; the hook and search.Backfill fill it.
		field.String(search.Column).Optional().
			Comment("Văn bản tìm kiếm không dấu / the record's names without accents, in lower case, for search").
			Annotations(entgql.Skip(entgql.SkipAll), search.Sources{Fields: s.fields}),
	}
}

// Indexes of the Searchable mixin.
func (searchable) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields(search.Column).Annotations(
			entsql.IndexTypes(map[string]string{dialect.Postgres: "GIN"}),
			entsql.OpClass("gin_trgm_ops"),
		),
	}
}

// Hooks of the Searchable mixin.
func (s searchable) Hooks() []ent.Hook { return []ent.Hook{search.Hook(s.fields...)} }
