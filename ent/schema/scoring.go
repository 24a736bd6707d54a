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
	"cchc/internal/scoring"
)

// ScoringFramework is a province's yearly set of reform-index criteria (bộ
// tiêu chí chấm điểm Chỉ số CCHC) for the units of one level.
type ScoringFramework struct{ ent.Schema }

// Annotations of ScoringFramework.
func (ScoringFramework) Annotations() []schema.Annotation {
	return record("Bộ tiêu chí Chỉ số CCHC / a province's framework of reform-index criteria for one year and one level of units, worth 100 points; editable while DRAFT, when only the province's officers read it (bản dự thảo chỉ cán bộ cấp tỉnh đọc), frozen once PUBLISHED, when every unit under the province reads it", "scoringFrameworks")
}

// Mixin of ScoringFramework.
func (ScoringFramework) Mixin() []ent.Mixin { return recordMixins() }

// Fields of ScoringFramework.
func (ScoringFramework) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("Tỉnh ban hành (đơn vị cấp tỉnh) / ID of the issuing province, a unit of level PROVINCE"),
		field.Int("year").Range(1990, 2100).
			Comment("Năm đánh giá / the year assessed").
			Annotations(entgql.OrderField("YEAR")),
		field.Enum("level").Values("COMMUNE", "DISTRICT").
			Comment("Cấp được chấm / level of the units scored: cấp xã (COMMUNE), cấp huyện (DISTRICT)"),
		field.String("title").NotEmpty().MaxLen(500).
			Comment("Tên bộ tiêu chí / title, e.g. Bộ chỉ số CCHC cấp xã năm 2023"),
		field.Enum("status").Values("DRAFT", "PUBLISHED").Default("DRAFT").
			Comment("Trạng thái / status: dự thảo (DRAFT), đã ban hành (PUBLISHED)").
			Annotations(workflowOnly),
		field.Time("published_at").Optional().Nillable().
			Comment("Thời điểm ban hành / when the framework was published").
			Annotations(workflowOnly),
		field.Int("copied_from_id").Optional().Nillable().
			Comment("Sao chép từ / ID of the framework this one was copied from").
			Annotations(workflowOnly),
	}
}

// Edges of ScoringFramework.
func (ScoringFramework) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("scoring_frameworks").Unique().Required().Field("unit_id").
			Comment("Tỉnh ban hành / the issuing province"),
		edge.To("criteria", Criterion.Type).
			Comment("Tiêu chí / the criteria, top level and below").
			Annotations(noEdgeInput),
		edge.To("assessments", Assessment.Type).
			Comment("Kết quả tự đánh giá, thẩm định / the units' assessments against this framework").
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("copies", ScoringFramework.Type).
			Comment("Bản sao / frameworks copied from this one").
			Annotations(noEdgeInput).
			From("copied_from").Unique().Field("copied_from_id").
			Comment("Sao chép từ / the framework this one was copied from").
			Annotations(noEdgeInput),
	}
}

// Indexes of ScoringFramework.
func (ScoringFramework) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id", "year", "level").Unique()}
}

// Hooks of ScoringFramework.
func (ScoringFramework) Hooks() []ent.Hook {
	return []ent.Hook{check.FrameworkFrozen(), check.FrameworkProvince()}
}

// Criterion is a criterion or sub-criterion of a framework (tiêu chí, tiêu chí thành phần).
type Criterion struct{ ent.Schema }

// Annotations of Criterion.
func (Criterion) Annotations() []schema.Annotation {
	return append(record("Tiêu chí / a criterion of a scoring framework: leaves are scored, a parent's points are the sum of its children's", "criteria"),
		entsql.Annotation{Table: "criteria"})
}

// Mixin of Criterion.
func (Criterion) Mixin() []ent.Mixin { return recordMixins() }

// Fields of Criterion.
func (Criterion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("framework_id").Comment("Bộ tiêu chí / ID of the framework"),
		field.Int("parent_id").Optional().Nillable().Comment("Tiêu chí cha / ID of the parent criterion; null at the top level"),
		field.String("code").NotEmpty().MaxLen(32).Validate(documentCode).
			Comment("Mã tiêu chí / dotted code extending the parent's, e.g. 2.3.1").
			Annotations(entgql.OrderField("CODE")),
		field.String("title").NotEmpty().MaxLen(1000).
			Comment("Nội dung tiêu chí / title"),
		field.Float("max_points").Positive().Max(100).
			Comment("Điểm tối đa / maximum points; a parent's equals the sum of its children's, the leaves' sum to 100"),
		field.Enum("area").GoType(scoring.Area("")).
			Comment("Lĩnh vực / scoring area: the reform areas plus tác động đến người dân, tổ chức (IMPACT)").
			Annotations(entgql.Type("ScoringArea")),
		field.Enum("method").GoType(scoring.Method("")).Default(string(scoring.MethodManual)).
			Comment("Phương thức chấm / how the criterion is scored: by hand from evidence (MANUAL) or from an indicator (INDICATOR); set with setCriterionRule").
			Annotations(entgql.Type("ScoringMethod"), workflowOnly),
		field.Enum("indicator").GoType(scoring.Indicator("")).Optional().Nillable().
			Comment("Chỉ số / for INDICATOR: the indicator of the year the points follow from").
			Annotations(entgql.Type("ScoringIndicator"), workflowOnly),
		field.Enum("rule_kind").GoType(scoring.RuleKind("")).Optional().Nillable().
			Comment("Cách quy đổi / for INDICATOR: full points at a threshold and pro rata below (THRESHOLD), or bands (BANDS)").
			Annotations(entgql.Type("ScoringRuleKind"), workflowOnly),
		field.Float("threshold").Optional().Nillable().
			Comment("Ngưỡng / for THRESHOLD: the indicator value (a share from 0 to 1) that earns full points").
			Annotations(workflowOnly),
		field.JSON("bands", []scoring.RuleBand{}).Optional().
			Comment("Các mức / for BANDS: the points each value reaches, ascending").
			Annotations(entgql.Type("[RuleBand!]"), workflowOnly),
		field.Text("guidance").Annotations(noFilter).Optional().MaxLen(10000).
			Comment("Hướng dẫn chấm, tài liệu kiểm chứng / how to score it and the evidence expected"),
	}
}

// Edges of Criterion.
func (Criterion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("framework", ScoringFramework.Type).Ref("criteria").Unique().Required().Field("framework_id").
			Comment("Bộ tiêu chí / the framework"),
		edge.To("sub_criteria", Criterion.Type).
			Comment("Tiêu chí thành phần / sub-criteria").
			Annotations(noEdgeInput).
			From("parent_criterion").Unique().Field("parent_id").
			Comment("Tiêu chí cha / the parent criterion"),
		edge.To("scores", CriterionScore.Type).
			Comment("Điểm của các đơn vị / the units' scores on this criterion").
			Annotations(noEdgeInput),
	}
}

// Indexes of Criterion.
func (Criterion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("framework_id", "code").Unique()}
}

// Hooks of Criterion.
func (Criterion) Hooks() []ent.Hook { return []ent.Hook{check.CriterionFrozen()} }

// Assessment is a unit's assessment against a framework: self-assessed by
// the unit, appraised by the level above, approved by the province.
type Assessment struct{ ent.Schema }

// Annotations of Assessment.
func (Assessment) Annotations() []schema.Annotation {
	return listed("Kết quả chấm điểm Chỉ số CCHC / a unit's assessment against a framework: tự đánh giá (self-assessment) by the unit, thẩm định (appraisal) by the level above, phê duyệt (approval) by the province", "assessments")
}

// Mixin of Assessment.
func (Assessment) Mixin() []ent.Mixin { return recordMixins() }

// Fields of Assessment.
func (Assessment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("Đơn vị được chấm / ID of the unit assessed"),
		field.Int("framework_id").Comment("Bộ tiêu chí / ID of the framework"),
		field.Enum("status").Values("DRAFT", "SELF_ASSESSED", "APPRAISED", "APPROVED", "RETURNED").Default("DRAFT").
			Comment("Trạng thái / status: đang tự chấm (DRAFT), đã tự đánh giá (SELF_ASSESSED), đã thẩm định (APPRAISED), đã phê duyệt (APPROVED), trả lại để chấm lại (RETURNED)").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("self_assessed_at").Optional().Nillable().Comment("Thời điểm gửi tự đánh giá / when the unit submitted its self-assessment"),
		field.String("self_assessed_by").Annotations(noFilter).Optional().Nillable().MaxLen(255).Comment("Người gửi / account that submitted it"),
		field.Time("appraised_at").Optional().Nillable().Comment("Thời điểm thẩm định / when the appraisal was completed"),
		field.String("appraised_by").Annotations(noFilter).Optional().Nillable().MaxLen(255).Comment("Người thẩm định / account that completed the appraisal"),
		field.Time("approved_at").Optional().Nillable().Comment("Thời điểm phê duyệt / when the province approved it"),
		field.String("approved_by").Annotations(noFilter).Optional().Nillable().MaxLen(255).Comment("Người phê duyệt / account that approved it"),
		field.Time("returned_at").Optional().Nillable().Comment("Thời điểm trả lại / when it was last returned for rework"),
		field.String("returned_by").Annotations(noFilter).Optional().Nillable().MaxLen(255).Comment("Người trả lại / account that returned it"),
		field.Text("return_reason").Annotations(noFilter).Optional().Nillable().MaxLen(5000).Comment("Lý do trả lại / why it was returned"),
	}
}

// Edges of Assessment.
func (Assessment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("assessments").Unique().Required().Field("unit_id").
			Comment("Đơn vị được chấm / the unit assessed"),
		edge.From("framework", ScoringFramework.Type).Ref("assessments").Unique().Required().Field("framework_id").
			Comment("Bộ tiêu chí / the framework"),
		edge.To("scores", CriterionScore.Type).
			Comment("Điểm từng tiêu chí / the score of each scored criterion").
			Annotations(noEdgeInput),
	}
}

// Indexes of Assessment.
func (Assessment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("framework_id", "unit_id").Unique()}
}

// CriterionScore is a unit's score on one criterion, at each step.
type CriterionScore struct{ ent.Schema }

// Annotations of CriterionScore.
func (CriterionScore) Annotations() []schema.Annotation {
	return listed("Điểm tiêu chí / a unit's score on one criterion: tự chấm (self), thẩm định (appraised), cuối cùng (final), with the reasons for changes and the evidence", "criterionScores")
}

// Mixin of CriterionScore.
func (CriterionScore) Mixin() []ent.Mixin { return recordMixins() }

// Fields of CriterionScore.
func (CriterionScore) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assessment_id").Comment("Kết quả chấm điểm / ID of the assessment"),
		field.Int("criterion_id").Comment("Tiêu chí / ID of the criterion"),
		field.Int("unit_id").Comment("Đơn vị được chấm / ID of the unit assessed (the assessment's)").
			Annotations(entgql.Skip()),
		field.Bool("not_applicable").Default(false).
			Comment("Không áp dụng / the criterion does not apply to the unit: removed from its maximum, the total rescaled to 100"),
		field.Float("self_score").Optional().Nillable().Comment("Điểm tự chấm / the unit's own score"),
		field.Text("self_note").Annotations(noFilter).Optional().Nillable().MaxLen(5000).Comment("Giải trình / the unit's explanation"),
		field.Float("computed_value").Optional().Nillable().Comment("Giá trị chỉ số / for INDICATOR criteria: the indicator's value"),
		field.Text("formula").Annotations(noFilter).Optional().Nillable().MaxLen(2000).Comment("Cách tính / for INDICATOR criteria: how the points were computed, with the figures"),
		field.Float("appraised_score").Optional().Nillable().Comment("Điểm thẩm định / the score the level above gave"),
		field.Text("appraisal_reason").Annotations(noFilter).Optional().Nillable().MaxLen(5000).Comment("Lý do điều chỉnh khi thẩm định / why the appraisal changed the score"),
		field.Float("final_score").Optional().Nillable().Comment("Điểm cuối cùng / the score approved by the province"),
		field.Text("final_reason").Annotations(noFilter).Optional().Nillable().MaxLen(5000).Comment("Lý do điều chỉnh khi phê duyệt / why the province changed the score"),
	}
}

// Edges of CriterionScore.
func (CriterionScore) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assessment", Assessment.Type).Ref("scores").Unique().Required().Field("assessment_id").
			Comment("Kết quả chấm điểm / the assessment"),
		edge.From("criterion", Criterion.Type).Ref("scores").Unique().Required().Field("criterion_id").
			Comment("Tiêu chí / the criterion"),
		edge.To("evidence", Evidence.Type).
			Comment("Tài liệu kiểm chứng / the evidence attached").
			Annotations(noEdgeInput),
	}
}

// Indexes of CriterionScore.
func (CriterionScore) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assessment_id", "criterion_id").Unique(), index.Fields("unit_id")}
}

// Evidence is a document supporting a score (tài liệu kiểm chứng): a link or
// an uploaded file, identified by its content hash.
type Evidence struct{ ent.Schema }

// Annotations of Evidence.
func (Evidence) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("Tài liệu kiểm chứng / a document supporting a score: a link, or a file uploaded with its size and SHA-256 hash")}
}

// Mixin of Evidence.
func (Evidence) Mixin() []ent.Mixin { return recordMixins() }

// Fields of Evidence.
func (Evidence) Fields() []ent.Field {
	return []ent.Field{
		field.Int("score_id").Comment("Điểm tiêu chí / ID of the criterion score"),
		field.Int("unit_id").Comment("Đơn vị được chấm / ID of the unit assessed").
			Annotations(entgql.Skip()),
		field.String("title").NotEmpty().MaxLen(500).Comment("Tên tài liệu / title, e.g. Quyết định số 12/QĐ-UBND"),
		field.String("url").Annotations(noFilter).Optional().Nillable().MaxLen(2000).Comment("Đường dẫn / link to the document"),
		field.String("file_name").Optional().Nillable().MaxLen(255).Comment("Tên tệp / name of the uploaded file"),
		field.String("content_type").Annotations(noFilter).Optional().Nillable().MaxLen(255).Comment("Kiểu tệp / media type of the file"),
		field.Int64("size").Default(0).Comment("Dung lượng (byte) / size of the file in bytes").
			Annotations(entgql.Type("Int64")),
		field.String("sha256").Annotations(noFilter).Optional().Nillable().MaxLen(64).Comment("Mã băm SHA-256 / hex SHA-256 of the file's content"),
		field.Bytes("content").Optional().Nillable().
			Comment("Nội dung tệp / the file; downloaded from /evidence/{id}").
			Annotations(entgql.Skip()),
		field.String("added_by").Annotations(noFilter).NotEmpty().MaxLen(255).Comment("Người thêm / account that added it"),
	}
}

// Edges of Evidence.
func (Evidence) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("score", CriterionScore.Type).Ref("evidence").Unique().Required().Field("score_id").
			Comment("Điểm tiêu chí / the criterion score it supports"),
	}
}
