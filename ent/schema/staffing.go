package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// StaffingQuota is the number of posts assigned to a unit for a year (biên chế được giao).
type StaffingQuota struct{ ent.Schema }

// Annotations of StaffingQuota.
func (StaffingQuota) Annotations() []schema.Annotation {
	return record("Biên chế được giao / staffing quota assigned to a unit for a year", "staffingQuotas")
}

// Mixin of StaffingQuota.
func (StaffingQuota) Mixin() []ent.Mixin { return recordMixins() }

// Fields of StaffingQuota.
func (StaffingQuota) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("Đơn vị / ID of the unit"),
		field.Int("year").Range(1990, 2100).
			Comment("Năm / year").
			Annotations(entgql.OrderField("YEAR")),
		field.Int("can_bo").Min(0).
			Comment("Số cán bộ được giao / posts for cán bộ"),
		field.Int("cong_chuc").Min(0).
			Comment("Số công chức được giao / posts for công chức"),
		field.Int("part_time").Optional().Nillable().Min(0).
			Comment("Số người hoạt động không chuyên trách cấp xã được giao / posts for part-time commune workers"),
	}
}

// Edges of StaffingQuota.
func (StaffingQuota) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("staffing_quotas").Unique().Required().Field("unit_id").
			Comment("Đơn vị / the unit"),
	}
}

// Indexes of StaffingQuota.
func (StaffingQuota) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id", "year").Unique()}
}
