package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Budget is a unit's budget for a fiscal year (dự toán ngân sách).
type Budget struct{ ent.Schema }

// Annotations of Budget.
func (Budget) Annotations() []schema.Annotation {
	return record("Dự toán ngân sách / a unit's budget for a fiscal year, approved by the People's Council (HĐND) and published (công khai)")
}

// Mixin of Budget.
func (Budget) Mixin() []ent.Mixin { return recordMixins() }

// Fields of Budget.
func (Budget) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("Đơn vị / ID of the unit"),
		field.Int("fiscal_year").Range(1990, 2100).
			Comment("Năm ngân sách / fiscal year").
			Annotations(entgql.OrderField("FISCAL_YEAR")),
		field.Time("approved_on").Optional().Nillable().
			Comment("Ngày HĐND phê chuẩn / local date the People's Council approved it").
			Annotations(date),
		field.Time("published_on").Optional().Nillable().
			Comment("Ngày công khai / local date it was made public").
			Annotations(date),
	}
}

// Edges of Budget.
func (Budget) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("budgets").Unique().Required().Field("unit_id").
			Comment("Đơn vị / the unit"),
		edge.To("lines", BudgetLine.Type).
			Comment("Các dòng thu, chi / revenue and expenditure lines").
			Annotations(entgql.RelayConnection(), noEdgeInput),
	}
}

// Indexes of Budget.
func (Budget) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id", "fiscal_year").Unique()}
}

// BudgetLine is a revenue or expenditure line of a budget.
type BudgetLine struct{ ent.Schema }

// Annotations of BudgetLine.
func (BudgetLine) Annotations() []schema.Annotation {
	return record("Dòng dự toán / a revenue (thu) or expenditure (chi) line of a budget; money in whole đồng")
}

// Mixin of BudgetLine.
func (BudgetLine) Mixin() []ent.Mixin { return recordMixins() }

// Fields of BudgetLine.
func (BudgetLine) Fields() []ent.Field {
	return []ent.Field{
		field.Int("budget_id").Comment("Dự toán / ID of the budget"),
		field.Enum("direction").Values("REVENUE", "EXPENDITURE").
			Comment("Thu (REVENUE) hay chi (EXPENDITURE) / direction").
			Annotations(entgql.OrderField("DIRECTION")),
		field.String("code").NotEmpty().MaxLen(32).Validate(documentCode).
			Comment("Mã mục / line code").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").NotEmpty().MaxLen(500).
			Comment("Nội dung / name"),
		field.Int64("estimate").Min(0).
			Comment("Dự toán (đồng) / estimate in whole đồng").
			Annotations(money, entgql.OrderField("ESTIMATE")),
		field.Int64("actual").Optional().Nillable().Min(0).
			Comment("Thực hiện (đồng) / amount actually collected or spent so far, in whole đồng").
			Annotations(money, entgql.OrderField("ACTUAL")),
	}
}

// Edges of BudgetLine.
func (BudgetLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("budget", Budget.Type).Ref("lines").Unique().Required().Field("budget_id").
			Comment("Dự toán / the budget"),
	}
}

// Indexes of BudgetLine.
func (BudgetLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("budget_id", "direction", "code").Unique()}
}
