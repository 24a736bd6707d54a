package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"cchc/internal/check"
	"cchc/internal/enum"
)

// Report is a unit's periodic reform report (báo cáo định kỳ).
type Report struct{ ent.Schema }

// Annotations of Report.
func (Report) Annotations() []schema.Annotation {
	return record("Báo cáo định kỳ / a unit's periodic reform report: the narrative sections written by the unit; figures are computed from records")
}

// Mixin of Report.
func (Report) Mixin() []ent.Mixin { return recordMixins() }

// Fields of Report.
func (Report) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("Đơn vị báo cáo / ID of the reporting unit"),
		field.Int("period_year").Range(1990, 2100).
			Comment("Năm của kỳ báo cáo / year of the period").
			Annotations(entgql.OrderField("PERIOD_YEAR")),
		field.Enum("period_kind").GoType(enum.PeriodKind("")).
			Comment("Loại kỳ báo cáo / kind of period").
			Annotations(entgql.Type("PeriodKind")),
		field.Int("period_index").Range(1, 12).
			Comment("Số thứ tự kỳ trong năm / index of the period in the year (month 1–12, quarter 1–4, half 1–2, else 1)"),
		field.String("number").Optional().MaxLen(64).Validate(documentCode).
			Comment("Số hiệu văn bản / document number, e.g. 45/BC-UBND"),
		field.Text("direction_summary").Annotations(noFilter).Optional().MaxLen(50000).
			Comment("I. Công tác chỉ đạo, điều hành / narrative on direction and communication"),
		field.Text("strengths").Annotations(noFilter).Optional().MaxLen(50000).
			Comment("III.1 Mặt tích cực / strengths"),
		field.Text("limitations").Annotations(noFilter).Optional().MaxLen(50000).
			Comment("III.2 Tồn tại, hạn chế, nguyên nhân / limitations and their causes"),
		field.Text("directions").Annotations(noFilter).Optional().MaxLen(50000).
			Comment("IV. Phương hướng, nhiệm vụ / directions and tasks for the next period"),
		field.Enum("status").Values("DRAFT", "SUBMITTED", "ACCEPTED", "RETURNED").Default("DRAFT").
			Comment("Trạng thái / status: dự thảo (DRAFT), đã gửi (SUBMITTED), đã tiếp nhận (ACCEPTED), trả lại (RETURNED)").
			Annotations(entgql.OrderField("STATUS"), workflowOnly),
		field.JSON("snapshot", map[string]any{}).Optional().
			Comment("Số liệu chốt khi gửi / every figure of the unit for the period, frozen when the report was last submitted (the indicators by GraphQL field name, with takenAt); it never changes afterwards, whatever records change. Read it typed as ReportDocument.submitted").
			Annotations(workflowOnly),
		field.Time("submitted_at").Optional().Nillable().
			Comment("Thời điểm gửi / when the report was last submitted to the level above").
			Annotations(entgql.OrderField("SUBMITTED_AT"), workflowOnly),
		field.Time("reviewed_at").Optional().Nillable().
			Comment("Thời điểm thẩm định / when the level above accepted or returned the current submission; null until then").
			Annotations(workflowOnly),
		field.Text("review_comment").Annotations(noFilter).Optional().Nillable().MaxLen(5000).
			Comment("Ý kiến thẩm định / the reviewer's comment on accepting or returning the current submission (required to return it)").
			Annotations(workflowOnly),
	}
}

// workflowOnly keeps the fields of the report workflow out of the create and
// update inputs: only submitReport, acceptReport and returnReport set them.
var workflowOnly = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)

// Edges of Report.
func (Report) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("reports").Unique().Required().Field("unit_id").
			Comment("Đơn vị báo cáo / the reporting unit"),
	}
}

// Hooks of Report.
func (Report) Hooks() []ent.Hook { return []ent.Hook{check.ReportWorkflow()} }

// Indexes of Report.
func (Report) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id", "period_year", "period_kind", "period_index").Unique()}
}
