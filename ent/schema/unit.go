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
)

// Unit is an administrative unit (đơn vị hành chính): province, district or commune.
type Unit struct{ ent.Schema }

// Annotations of Unit.
func (Unit) Annotations() []schema.Annotation {
	return record("Đơn vị hành chính / administrative unit: a province (tỉnh), district (huyện) or commune (xã, phường, thị trấn). Since 1 July 2025 a commune may sit directly under a province; merged units keep their lineage.")
}

// Mixin of Unit.
func (Unit) Mixin() []ent.Mixin {
	// The units above a caller show their code, name, level, kind and parent
	// only (rule.Records): their timestamps and version read as null.
	return []ent.Mixin{mixin.Timestamps{Restricted: true}, mixin.Scoped{}, mixin.Versioned{Restricted: true}, mixin.Searchable("name", "code")}
}

// Fields of Unit.
func (Unit) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Unique().MaxLen(16).Validate(unitCode).
			Comment("Mã đơn vị hành chính / official GSO code, digits only, unique").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").NotEmpty().MaxLen(255).
			Comment("Tên đơn vị / name").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("level").Values("PROVINCE", "DISTRICT", "COMMUNE").
			Comment("Cấp hành chính / level: tỉnh (PROVINCE), huyện (DISTRICT), xã (COMMUNE)").
			Annotations(entgql.OrderField("LEVEL")),
		field.Enum("kind").Values("PROVINCE", "CENTRAL_CITY", "RURAL_DISTRICT", "URBAN_DISTRICT", "TOWN", "CITY", "COMMUNE", "WARD", "TOWNSHIP", "SPECIAL_ZONE").
			Comment("Loại đơn vị / kind: tỉnh (PROVINCE), thành phố trực thuộc trung ương (CENTRAL_CITY), huyện (RURAL_DISTRICT), quận (URBAN_DISTRICT), thị xã (TOWN), thành phố thuộc tỉnh (CITY), xã (COMMUNE), phường (WARD), thị trấn (TOWNSHIP), đặc khu (SPECIAL_ZONE)"),
		field.Enum("classification").Values("CLASS_I", "CLASS_II", "CLASS_III").Optional().Nillable().
			Comment("Phân loại đơn vị hành chính / classification: loại I (CLASS_I), loại II (CLASS_II), loại III (CLASS_III)"),
		field.Int("parent_id").Optional().Nillable().
			Comment("Đơn vị cấp trên / ID of the parent unit"),
		field.Int("merged_into_id").Optional().Nillable().
			Comment("Đơn vị sau sáp nhập / ID of the unit this one was merged into: one of the same level and province, never in a cycle; requires validTo"),
		field.Time("valid_from").Optional().Nillable().
			Comment("Ngày bắt đầu hiệu lực / first local date on which the unit exists").
			Annotations(date),
		field.Time("valid_to").Optional().Nillable().
			Comment("Ngày hết hiệu lực / first local date on which the unit no longer exists (after a merger or dissolution); null while it exists. No dossier, feedback or plan is dated at the unit from then on").
			Annotations(date),
	}
}

// Edges of Unit.
func (Unit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Unit.Type).
			Comment("Đơn vị trực thuộc / units directly under this one").
			Annotations(entgql.RelayConnection(), noEdgeInput).
			From("parent").Unique().Field("parent_id").
			Comment("Đơn vị cấp trên / the unit directly above"),
		edge.To("merged_from", Unit.Type).
			Comment("Các đơn vị đã sáp nhập vào đơn vị này / units merged into this one").
			Annotations(noEdgeInput).
			From("merged_into").Unique().Field("merged_into_id").
			Comment("Đơn vị sau sáp nhập / the unit this one was merged into"),
		edge.To("plans", ReformPlan.Type).
			Comment("Kế hoạch CCHC của đơn vị / the unit's reform plans").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("officials", Official.Type).
			Comment("Cán bộ, công chức của đơn vị / the unit's officials and staff").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("staffing_quotas", StaffingQuota.Type).
			Comment("Biên chế được giao theo năm / staffing quotas by year").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("dossiers", Dossier.Type).
			Comment("Hồ sơ TTHC tiếp nhận tại đơn vị / administrative-procedure dossiers received by the unit").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("feedbacks", Feedback.Type).
			Comment("Phản ánh, kiến nghị / feedback and petitions received by the unit").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("province_procedures", ProvinceProcedure.Type).
			Comment("Danh mục TTHC của tỉnh / the province's published list of procedures (a province's only)").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("budgets", Budget.Type).
			Comment("Dự toán ngân sách theo năm / budgets by fiscal year").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("accounts", Account.Type).
			Comment("Tài khoản thuộc đơn vị / accounts of the unit").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("reports", Report.Type).
			Comment("Báo cáo định kỳ / periodic reports").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("scoring_frameworks", ScoringFramework.Type).
			Comment("Bộ tiêu chí Chỉ số CCHC tỉnh ban hành / reform-index frameworks the province issued").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("assessments", Assessment.Type).
			Comment("Kết quả chấm điểm Chỉ số CCHC của đơn vị / the unit's reform-index assessments").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("audit_entries", AuditEntry.Type).
			Comment("Nhật ký thay đổi / audit trail of the changes to the unit's records").
			Annotations(entgql.RelayConnection(), noEdgeInput),
	}
}

// Hooks of Unit: the tree and its mergers checked; a new code renames the
// unit's accounts, whose subjects end with it.
func (Unit) Hooks() []ent.Hook { return []ent.Hook{check.UnitTree(), check.AccountsFollowCode()} }

// Indexes of Unit: the caller's scope is a recursive walk down parent_id
// (and up merged_into_id) on every request.
func (Unit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("parent_id"), index.Fields("merged_into_id")}
}
