package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"cchc/internal/check"
)

// ProvinceProcedure is a procedure of the national catalogue as a province
// publishes it (danh mục thủ tục hành chính của tỉnh): which procedures apply
// there, with the province's processing time. Only the province's officers
// maintain it; the dossiers of its units name only procedures it lists, so
// nothing another province does changes what its units depend on.
type ProvinceProcedure struct{ ent.Schema }

// Annotations of ProvinceProcedure.
func (ProvinceProcedure) Annotations() []schema.Annotation {
	return record("Thủ tục hành chính trong danh mục của tỉnh / a procedure as the province publishes it: a procedure of the national catalogue that applies in the province (danh mục TTHC của tỉnh), with the province's processing time. Maintained by the province's officers; the dossiers of the province's units name only procedures it lists", "provinceProcedures")
}

// Mixin of ProvinceProcedure.
func (ProvinceProcedure) Mixin() []ent.Mixin { return recordMixins() }

// Fields of ProvinceProcedure.
func (ProvinceProcedure) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Immutable().Comment("Tỉnh công bố (đơn vị cấp tỉnh) / ID of the province that lists the procedure, a unit of level PROVINCE"),
		field.Int("procedure_id").Immutable().Comment("Thủ tục trong Cơ sở dữ liệu quốc gia về TTHC / ID of the procedure of the national catalogue"),
		field.Int("processing_days").Min(0).Max(365).
			Comment("Số ngày giải quyết (ngày làm việc) / the province's processing time in working days").
			Annotations(entgql.OrderField("PROCESSING_DAYS")),
		field.Enum("online_service").Values("NONE", "PARTIAL", "FULL").Default("NONE").
			Comment("Mức dịch vụ công trực tuyến tại tỉnh / online service as the province offers it: không (NONE), một phần (PARTIAL), toàn trình (FULL)"),
		field.Time("published_on").Optional().Nillable().
			Comment("Ngày công bố / the local date on which the province published the entry; null for the entries listed from the dossiers already received when province lists began").
			Annotations(date, entgql.OrderField("PUBLISHED_ON")),
	}
}

// Edges of ProvinceProcedure. An entry keeps its province and procedure:
// listing another procedure is archiving the entry and creating another.
func (ProvinceProcedure) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("province_procedures").Unique().Required().Immutable().Field("unit_id").
			Comment("Tỉnh công bố / the province that lists the procedure"),
		edge.From("procedure", Procedure.Type).Ref("province_procedures").Unique().Required().Immutable().Field("procedure_id").
			Comment("Thủ tục trong danh mục quốc gia / the procedure of the national catalogue"),
	}
}

// Indexes of ProvinceProcedure: a province lists a procedure once, while
// the entry is not archived.
func (ProvinceProcedure) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("unit_id", "procedure_id").Unique().Annotations(entsql.IndexWhere("archived_at IS NULL")),
	}
}

// Hooks of ProvinceProcedure: the list belongs to a province.
func (ProvinceProcedure) Hooks() []ent.Hook { return []ent.Hook{check.ProvinceOnly()} }
