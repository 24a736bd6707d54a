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

// Task is a task (nhiệm vụ) of a reform plan.
type Task struct{ ent.Schema }

// Annotations of Task.
func (Task) Annotations() []schema.Annotation {
	return record("Nhiệm vụ / task of a reform plan, with the official who leads it (chủ trì) and those who collaborate (phối hợp)")
}

// Mixin of Task.
func (Task) Mixin() []ent.Mixin { return recordMixins(mixin.Searchable("title")) }

// Fields of Task.
func (Task) Fields() []ent.Field {
	return []ent.Field{
		field.Int("plan_id").Comment("Kế hoạch / ID of the plan"),
		field.String("title").NotEmpty().MaxLen(1000).
			Comment("Nội dung nhiệm vụ / title").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("area").GoType(enum.Area("")).
			Comment("Lĩnh vực CCHC / reform area").
			Annotations(entgql.Type("Area"), entgql.OrderField("AREA")),
		field.Int("lead_id").Optional().Nillable().
			Comment("Người chủ trì / ID of the lead official"),
		field.Time("due_on").Optional().Nillable().
			Comment("Thời hạn hoàn thành / local due date").
			Annotations(date, entgql.OrderField("DUE_ON")),
		field.Enum("status").Values("NOT_STARTED", "IN_PROGRESS", "DONE", "CANCELLED").Default("NOT_STARTED").
			Comment("Trạng thái / status: chưa triển khai (NOT_STARTED), đang thực hiện (IN_PROGRESS), hoàn thành (DONE), hủy (CANCELLED)").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("completed_on").Optional().Nillable().
			Comment("Ngày hoàn thành / local date of completion").
			Annotations(date, entgql.OrderField("COMPLETED_ON")),
		field.Int("progress").Range(0, 100).Default(0).
			Comment("Tiến độ / progress in percent, 0–100").
			Annotations(entgql.OrderField("PROGRESS")),
		field.Text("result").Annotations(noFilter).Optional().MaxLen(10000).
			Comment("Kết quả thực hiện / result"),
	}
}

// Edges of Task.
func (Task) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", ReformPlan.Type).Ref("tasks").Unique().Required().Field("plan_id").
			Comment("Kế hoạch / the plan this task belongs to"),
		edge.From("lead", Official.Type).Ref("led_tasks").Unique().Field("lead_id").
			Comment("Người chủ trì / the official who leads the task"),
		edge.From("collaborators", Official.Type).Ref("collaborating_tasks").
			Comment("Người phối hợp / officials who collaborate on the task"),
	}
}

// Hooks of Task.
func (Task) Hooks() []ent.Hook { return []ent.Hook{check.TaskCompletion()} }

// Indexes of Task: the tasks of a plan are read with every plan listed.
func (Task) Indexes() []ent.Index {
	return []ent.Index{index.Fields("plan_id"), index.Fields("lead_id")}
}
