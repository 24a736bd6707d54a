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

// Official is a person working for a unit (cán bộ, công chức, người hoạt động không chuyên trách).
type Official struct{ ent.Schema }

// Annotations of Official.
func (Official) Annotations() []schema.Annotation {
	return record("Cán bộ, công chức, người hoạt động không chuyên trách / a person working for a unit, with qualifications, trainings and disciplinary actions")
}

// Mixin of Official.
func (Official) Mixin() []ent.Mixin { return recordMixins(mixin.Searchable("full_name")) }

// Fields of Official.
func (Official) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("Đơn vị công tác / ID of the unit"),
		field.String("full_name").NotEmpty().MaxLen(255).
			Comment("Họ và tên / full name").
			Annotations(entgql.OrderField("FULL_NAME")),
		field.Enum("category").Values("CAN_BO", "CONG_CHUC", "PART_TIME", "VILLAGE_PART_TIME", "CONTRACT").
			Comment("Phân loại / category: cán bộ (CAN_BO), công chức (CONG_CHUC), người hoạt động không chuyên trách cấp xã (PART_TIME), ở thôn, tổ dân phố (VILLAGE_PART_TIME), hợp đồng lao động (CONTRACT)").
			Annotations(entgql.OrderField("CATEGORY")),
		field.String("position").NotEmpty().MaxLen(255).
			Comment("Chức danh, chức vụ / position, e.g. Chủ tịch UBND xã").
			Annotations(entgql.OrderField("POSITION")),
		field.Strings("concurrent_positions").Optional().
			Comment("Chức danh kiêm nhiệm / positions held concurrently"),
		field.Bool("party_member").Default(false).
			Comment("Đảng viên / member of the Communist Party of Vietnam"),
		field.Enum("political_theory").Values("NONE", "SO_CAP", "TRUNG_CAP", "CAO_CAP").Default("NONE").
			Comment("Trình độ lý luận chính trị / political theory: chưa qua (NONE), sơ cấp (SO_CAP), trung cấp (TRUNG_CAP), cao cấp (CAO_CAP)"),
		field.Enum("education").Values("UNTRAINED", "SO_CAP", "TRUNG_CAP", "CAO_DANG", "DAI_HOC", "THAC_SI", "TIEN_SI").Default("UNTRAINED").
			Comment("Trình độ chuyên môn / professional education: chưa qua đào tạo (UNTRAINED), sơ cấp (SO_CAP), trung cấp (TRUNG_CAP), cao đẳng (CAO_DANG), đại học (DAI_HOC), thạc sĩ (THAC_SI), tiến sĩ (TIEN_SI)"),
		field.Time("birth_date").Optional().Nillable().
			Comment("Ngày sinh / local date of birth (personal data)").
			Annotations(date),
		field.String("phone").Optional().MaxLen(32).
			Comment("Số điện thoại / phone number (personal data)"),
		field.String("email").Optional().MaxLen(255).
			Comment("Thư điện tử / e-mail address (personal data)"),
		field.Time("started_on").Optional().Nillable().
			Comment("Ngày bắt đầu công tác tại đơn vị / local date the official started at the unit").
			Annotations(date, entgql.OrderField("STARTED_ON")),
		field.Time("ended_on").Optional().Nillable().
			Comment("Ngày thôi công tác / local date the official left; null while serving").
			Annotations(date, entgql.OrderField("ENDED_ON")),
	}
}

// Edges of Official.
func (Official) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("officials").Unique().Required().Field("unit_id").
			Comment("Đơn vị công tác / the unit"),
		edge.To("trainings", Training.Type).
			Comment("Đào tạo, bồi dưỡng / trainings attended").
			Annotations(noEdgeInput),
		edge.To("disciplinary_actions", DisciplinaryAction.Type).
			Comment("Kỷ luật / disciplinary actions (personal data)").
			Annotations(noEdgeInput),
		edge.To("led_tasks", Task.Type).
			Comment("Nhiệm vụ chủ trì / tasks the official leads").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("collaborating_tasks", Task.Type).
			Comment("Nhiệm vụ phối hợp / tasks the official collaborates on").
			Annotations(entgql.RelayConnection(), noEdgeInput),
	}
}

// Training is a course an official attended (đào tạo, bồi dưỡng).
type Training struct{ ent.Schema }

// Annotations of Training.
func (Training) Annotations() []schema.Annotation {
	return record("Đào tạo, bồi dưỡng / a course or training an official attended")
}

// Mixin of Training.
func (Training) Mixin() []ent.Mixin { return recordMixins() }

// Fields of Training.
func (Training) Fields() []ent.Field {
	return []ent.Field{
		field.Int("official_id").Comment("Người được đào tạo / ID of the official"),
		field.String("title").NotEmpty().MaxLen(500).
			Comment("Tên khóa học / title of the course").
			Annotations(entgql.OrderField("TITLE")),
		field.String("organizer").Annotations(noFilter).Optional().MaxLen(255).
			Comment("Cơ sở đào tạo / organizer"),
		field.Time("started_on").Optional().Nillable().
			Comment("Ngày bắt đầu / local start date").
			Annotations(date, entgql.OrderField("STARTED_ON")),
		field.Time("ended_on").Optional().Nillable().
			Comment("Ngày kết thúc / local end date").
			Annotations(date),
		field.String("certificate").Annotations(noFilter).Optional().MaxLen(255).
			Comment("Văn bằng, chứng chỉ / certificate obtained"),
	}
}

// Edges of Training.
func (Training) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("official", Official.Type).Ref("trainings").Unique().Required().Field("official_id").
			Comment("Người được đào tạo / the official"),
	}
}

// DisciplinaryAction is a disciplinary measure taken against an official (kỷ luật).
type DisciplinaryAction struct{ ent.Schema }

// Annotations of DisciplinaryAction.
func (DisciplinaryAction) Annotations() []schema.Annotation {
	return record("Kỷ luật / a disciplinary action taken against an official (personal data)")
}

// Mixin of DisciplinaryAction.
func (DisciplinaryAction) Mixin() []ent.Mixin { return recordMixins() }

// Fields of DisciplinaryAction.
func (DisciplinaryAction) Fields() []ent.Field {
	return []ent.Field{
		field.Int("official_id").Comment("Người bị kỷ luật / ID of the official"),
		field.Enum("form").Values("REPRIMAND", "WARNING", "SALARY_DEMOTION", "DEMOTION", "REMOVAL", "DISMISSAL").
			Comment("Hình thức / form: khiển trách (REPRIMAND), cảnh cáo (WARNING), hạ bậc lương (SALARY_DEMOTION), giáng chức (DEMOTION), cách chức (REMOVAL), buộc thôi việc (DISMISSAL)"),
		field.String("decision_number").Optional().MaxLen(64).Validate(documentCode).
			Comment("Số quyết định / number of the decision"),
		field.Time("decided_on").
			Comment("Ngày quyết định / local date of the decision").
			Annotations(date, entgql.OrderField("DECIDED_ON")),
		field.Text("reason").Annotations(noFilter).Optional().MaxLen(5000).
			Comment("Lý do / reason"),
	}
}

// Edges of DisciplinaryAction.
func (DisciplinaryAction) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("official", Official.Type).Ref("disciplinary_actions").Unique().Required().Field("official_id").
			Comment("Người bị kỷ luật / the official"),
	}
}

// Hooks of Official.
func (Official) Hooks() []ent.Hook { return []ent.Hook{check.OfficialService()} }

// Hooks of Training.
func (Training) Hooks() []ent.Hook { return []ent.Hook{check.TrainingPeriod()} }

// Indexes of Official: every list is scoped by unit.
func (Official) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id")}
}
