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
	"cchc/internal/tally"
)

// Procedure is an administrative procedure of the national catalogue (thủ tục hành chính).
type Procedure struct{ ent.Schema }

// Annotations of Procedure.
func (Procedure) Annotations() []schema.Annotation {
	return record("Thủ tục hành chính / administrative procedure of the national catalogue (Cơ sở dữ liệu quốc gia về TTHC), handled at the one-stop shop. The catalogue is loaded by the server and written by no role through the API; each province lists the procedures that apply there (provinceProcedures)")
}

// Mixin of Procedure.
func (Procedure) Mixin() []ent.Mixin { return recordMixins(mixin.Searchable("name", "code", "field")) }

// Fields of Procedure.
func (Procedure) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Unique().NotEmpty().MaxLen(64).Validate(documentCode).
			Comment("Mã thủ tục / code in the national procedure database, unique").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").NotEmpty().MaxLen(1000).
			Comment("Tên thủ tục / name").
			Annotations(entgql.OrderField("NAME")),
		field.String("field").NotEmpty().MaxLen(255).
			Comment("Lĩnh vực / field of the procedure: hộ tịch, chứng thực, đất đai, xây dựng …").
			Annotations(entgql.OrderField("FIELD")),
		field.Int("processing_days").Min(0).Max(365).
			Comment("Thời hạn giải quyết (ngày làm việc) / statutory processing time in working days"),
		field.Enum("online_service").Values("NONE", "PARTIAL", "FULL").Default("NONE").
			Comment("Dịch vụ công trực tuyến / online service: không (NONE), một phần (PARTIAL), toàn trình (FULL)"),
	}
}

// Edges of Procedure.
func (Procedure) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("dossiers", Dossier.Type).
			Comment("Hồ sơ của thủ tục / dossiers of this procedure").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("province_procedures", ProvinceProcedure.Type).
			Comment("Danh mục các tỉnh có thủ tục / the provinces' list entries of this procedure (those the caller reads)").
			Annotations(entgql.RelayConnection(), noEdgeInput),
	}
}

// Dossier is an application handled at the one-stop shop (hồ sơ thủ tục hành chính).
type Dossier struct{ ent.Schema }

// Annotations of Dossier.
func (Dossier) Annotations() []schema.Annotation {
	return record("Hồ sơ thủ tục hành chính / an administrative-procedure dossier received by a unit: when it came in, when it was due (ngày hẹn trả) and when processing ended")
}

// Mixin of Dossier. A dossier has no name: it is found by its code. Its
// procedure's name is left out, so that renaming a procedure rewrites no
// dossier; procedures(search:) and their dossiers find dossiers by procedure.
func (Dossier) Mixin() []ent.Mixin { return recordMixins(mixin.Searchable("code")) }

// Fields of Dossier.
func (Dossier) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().MaxLen(64).Validate(documentCode).
			Comment("Mã hồ sơ / dossier code, unique within the unit").
			Annotations(entgql.OrderField("CODE")),
		field.Int("unit_id").Comment("Đơn vị tiếp nhận / ID of the receiving unit"),
		field.Int("procedure_id").Comment("Thủ tục / ID of the procedure of the national catalogue: one that the province of the dossier's unit lists (provinceProcedures)"),
		field.Enum("channel").Values("ONLINE", "DIRECT", "POSTAL").
			Comment("Hình thức tiếp nhận / channel: trực tuyến (ONLINE), trực tiếp (DIRECT), bưu chính công ích (POSTAL)").
			Annotations(entgql.OrderField("CHANNEL")),
		field.Time("received_at").
			Comment("Thời điểm tiếp nhận / when the dossier was received").
			Annotations(entgql.OrderField("RECEIVED_AT")),
		field.Time("due_at").Optional().Nillable().
			Comment("Ngày hẹn trả kết quả / when the result is due; not before receipt").
			Annotations(entgql.OrderField("DUE_AT")),
		field.Time("finished_at").Optional().Nillable().
			Comment("Thời điểm kết thúc xử lý / when processing ended (resolved, rejected, withdrawn or stopped); not before receipt").
			Annotations(entgql.OrderField("FINISHED_AT")),
		field.Enum("status").Values("RECEIVED", "IN_PROGRESS", "SUPPLEMENT_REQUESTED", "RESOLVED", "RETURNED", "REJECTED", "WITHDRAWN", "STOPPED").Default("RECEIVED").
			Comment("Trạng thái / status: mới tiếp nhận (RECEIVED), đang xử lý (IN_PROGRESS), yêu cầu bổ sung (SUPPLEMENT_REQUESTED), đã giải quyết (RESOLVED), đã trả kết quả (RETURNED), từ chối (REJECTED), rút hồ sơ (WITHDRAWN), dừng xử lý (STOPPED)").
			Annotations(entgql.OrderField("STATUS")),
	}
}

// Edges of Dossier.
func (Dossier) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("dossiers").Unique().Required().Field("unit_id").
			Comment("Đơn vị tiếp nhận / the receiving unit"),
		edge.From("procedure", Procedure.Type).Ref("dossiers").Unique().Required().Field("procedure_id").
			Comment("Thủ tục / the procedure"),
		edge.To("feedbacks", Feedback.Type).
			Comment("Phản ánh, kiến nghị về hồ sơ / feedback about this dossier").
			Annotations(noEdgeInput),
	}
}

// Indexes of Dossier.
func (Dossier) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("unit_id", "code").Unique(),
		index.Fields("unit_id", "received_at"),
		index.Fields("unit_id", "finished_at"),
	}
}

// Feedback is a citizen's feedback or petition (phản ánh, kiến nghị).
type Feedback struct{ ent.Schema }

// Annotations of Feedback.
func (Feedback) Annotations() []schema.Annotation {
	return record("Phản ánh, kiến nghị / feedback or a petition from a citizen or organisation, possibly about a dossier")
}

// Mixin of Feedback.
func (Feedback) Mixin() []ent.Mixin { return recordMixins() }

// Fields of Feedback.
func (Feedback) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("Đơn vị tiếp nhận / ID of the receiving unit"),
		field.Int("dossier_id").Optional().Nillable().Comment("Hồ sơ liên quan / ID of the dossier concerned"),
		field.Time("received_at").
			Comment("Thời điểm tiếp nhận / when the feedback was received").
			Annotations(entgql.OrderField("RECEIVED_AT")),
		field.Time("resolved_at").Optional().Nillable().
			Comment("Thời điểm xử lý xong / when it was resolved; not before receipt").
			Annotations(entgql.OrderField("RESOLVED_AT")),
		field.Text("content").NotEmpty().MaxLen(10000).
			Comment("Nội dung / content"),
	}
}

// Edges of Feedback.
func (Feedback) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("feedbacks").Unique().Required().Field("unit_id").
			Comment("Đơn vị tiếp nhận / the receiving unit"),
		edge.From("dossier", Dossier.Type).Ref("feedbacks").Unique().Field("dossier_id").
			Comment("Hồ sơ liên quan / the dossier concerned"),
	}
}

// Hooks of Dossier: the timeline checked, the receiving unit still existing
// on the day received, the procedure one its province lists, then the
// monthly tally the indicators sum (DossierMonth) kept in step.
func (Dossier) Hooks() []ent.Hook {
	return []ent.Hook{check.DossierTimeline(), check.ReceivedUnitOpen(), check.DossierProcedureListed(), tally.Hook()}
}

// Hooks of Feedback: the timeline checked, the receiving unit still existing.
func (Feedback) Hooks() []ent.Hook {
	return []ent.Hook{check.FeedbackTimeline(), check.ReceivedUnitOpen()}
}
