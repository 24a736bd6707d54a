package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"cchc/ent/schema/mixin"
	"cchc/internal/check"
	"cchc/internal/enum"
)

// ReformPlan is a reform plan (kế hoạch CCHC) issued by a unit.
type ReformPlan struct{ ent.Schema }

// Annotations of ReformPlan.
func (ReformPlan) Annotations() []schema.Annotation {
	return record("Kế hoạch cải cách hành chính / reform plan issued by a unit, possibly implementing a plan of the level above")
}

// Mixin of ReformPlan.
func (ReformPlan) Mixin() []ent.Mixin { return recordMixins(mixin.Searchable("title", "number")) }

// Fields of ReformPlan.
func (ReformPlan) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("Đơn vị ban hành / ID of the issuing unit"),
		field.Int("year").Range(1990, 2100).
			Comment("Năm kế hoạch / the year the plan covers").
			Annotations(entgql.OrderField("YEAR")),
		field.String("number").Optional().MaxLen(64).Validate(documentCode).
			Comment("Số hiệu văn bản / document number, e.g. 12/KH-UBND"),
		field.String("title").NotEmpty().MaxLen(1000).
			Comment("Trích yếu / title").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("area").GoType(enum.Area("")).
			Comment("Lĩnh vực CCHC / reform area").
			Annotations(entgql.Type("Area"), entgql.OrderField("AREA")),
		field.Time("issued_on").Optional().Nillable().
			Comment("Ngày ban hành / local date of issue").
			Annotations(date, entgql.OrderField("ISSUED_ON")),
		field.Enum("status").Values("DRAFT", "ISSUED", "COMPLETED", "CANCELLED").Default("DRAFT").
			Comment("Trạng thái / status: dự thảo (DRAFT), đã ban hành (ISSUED), hoàn thành (COMPLETED), hủy (CANCELLED)").
			Annotations(entgql.OrderField("STATUS")),
		// Read through the edge parentPlan only, which is null where the
		// caller cannot read the plan: the ID alone would name it.
		field.Int("parent_plan_id").Optional().Nillable().
			Comment("Kế hoạch cấp trên / ID of the higher-level plan this one implements").
			Annotations(entgql.Skip(entgql.SkipType | entgql.SkipWhereInput)),
	}
}

// Edges of ReformPlan.
func (ReformPlan) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("plans").Unique().Required().Field("unit_id").
			Comment("Đơn vị ban hành / issuing unit"),
		edge.To("child_plans", ReformPlan.Type).
			Comment("Kế hoạch cấp dưới triển khai kế hoạch này / lower-level plans implementing this one").
			Annotations(noEdgeInput).
			From("parent_plan").Unique().Field("parent_plan_id").
			Comment("Kế hoạch cấp trên / the higher-level plan this one implements"),
		edge.To("tasks", Task.Type).
			Comment("Nhiệm vụ của kế hoạch / tasks of the plan").
			Annotations(entgql.RelayConnection(), noEdgeInput),
	}
}

// Indexes of ReformPlan: every list is scoped by unit, most by year too.
func (ReformPlan) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id", "year"), index.Fields("parent_plan_id")}
}

// Hooks of ReformPlan: a plan is issued while its unit exists.
func (ReformPlan) Hooks() []ent.Hook { return []ent.Hook{check.PlanUnitOpen()} }
