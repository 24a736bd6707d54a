package aggregate

import (
	"entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/ent/budget"
	"cchc/ent/budgetline"
	"cchc/ent/dossier"
	"cchc/ent/feedback"
	"cchc/ent/official"
	"cchc/ent/procedure"
	"cchc/ent/reformplan"
	"cchc/ent/task"
)

// Kind is what a group key holds, and so how it is read back and typed in GraphQL.
type Kind int

// The kinds of group keys.
const (
	Ref  Kind = iota // the ID of another record, answered as that record
	Enum             // an enum value
	Text             // free text (a procedure's field, a position)
	Bool             // yes or no
	Int              // a number such as a year
	Date             // a date or instant, grouped by a period bucket of its local date
)

// Dim is a field records can be grouped by.
type Dim struct {
	Field       Field  // enum value in GroupField: PROCEDURE_FIELD
	Key         string // field of the GraphQL key type: procedureField
	GraphQLType string // type of that field: Procedure, DossierChannel, String, Period …
	Description string
	Kind        Kind
	Column      string
	Join        *Join  // Column belongs to a joined table
	GoField     string // field of Key, when not Key capitalised
}

// Join reaches a column of the record's parent: JOIN Table ON own.FK = Table.id.
type Join struct{ Table, FK string }

// MeasureKind says how a measure is computed and answered.
type MeasureKind int

// The kinds of measures.
const (
	Count  MeasureKind = iota // Int!: records meeting a condition (all when none)
	Number                    // NumberStats: sum, avg, min, max of a number
	Money                     // MoneyStats: the same for amounts of đồng
)

// Measure is a figure computed for every group.
type Measure struct {
	Key         string // GraphQL field of the group: resolvedLate
	Order       string // OrderField stem: RESOLVED_LATE (stats add _SUM, _AVG, _MIN, _MAX)
	Description string
	Kind        MeasureKind
	// SQL returns, for Count, the condition counted ("" counts every record)
	// and, for stats, the value; x qualifies columns and knows the dialect.
	SQL func(x *expr) string
}

// Spec is one record type's aggregate: its query field, dims and measures.
type Spec struct {
	Type        string // GraphQL record type: Dossier
	QueryField  string // dossiersAggregate
	Description string
	Dims        []Dim
	Measures    []Measure
	query       query
}

// queryOf builds a record type's query: filtered by the where input, then
// modified into the aggregate statement.
func queryOf[Q any, S scanner](newQuery func(*ent.Client) Q, modify func(Q, ...func(*sql.Selector)) S) query {
	return func(c *ent.Client, where any, m func(*sql.Selector)) (scanner, error) {
		q := newQuery(c)
		if w, ok := where.(interface{ Filter(Q) (Q, error) }); ok {
			var err error
			if q, err = w.Filter(q); err != nil {
				return nil, err
			}
		}
		return modify(q, m), nil
	}
}

// Specs lists every aggregate the API serves, in schema order.
var Specs = []*Spec{Dossier, Official, Task, ReformPlan, Feedback, BudgetLine}

var count = Measure{Key: "count", Order: "COUNT", Kind: Count,
	Description: "Số bản ghi / number of records in the group",
	SQL:         func(*expr) string { return "" }}

func unitDim(description string) Dim {
	return Dim{Field: "UNIT", Key: "unit", GraphQLType: "Unit", Kind: Ref, Column: "unit_id", Description: description}
}

func enumDim(field Field, key, typ, column, description string) Dim {
	return Dim{Field: field, Key: key, GraphQLType: typ, Kind: Enum, Column: column, Description: description}
}

// status is an enum dim named status whose type differs per record type.
func status(typ, goField, column string) Dim {
	d := enumDim("STATUS", "status", typ, column, "Trạng thái / status")
	d.GoField = goField
	return d
}

func dateDim(field Field, key, column, description string) Dim {
	return Dim{Field: field, Key: key, GraphQLType: "Period", Kind: Date, Column: column, Description: description}
}

// resolvedTimeliness is a count of dossiers resolved (RESOLVED or RETURNED)
// whose local finish date compares with the local due date by op, as in the
// indicators: early <, on time =, late >.
func resolvedTimeliness(op string) func(*expr) string {
	return func(x *expr) string {
		return x.C("status") + " IN ('RESOLVED','RETURNED') AND " +
			x.LocalDate(x.C("finished_at")) + " " + op + " " + x.LocalDate(x.C("due_at"))
	}
}

// Dossier aggregates dossiers.
var Dossier = &Spec{
	Type: "Dossier", QueryField: "dossiersAggregate",
	Description: "Tổng hợp hồ sơ TTHC / dossiers counted and measured by group",
	Dims: []Dim{
		unitDim("Đơn vị tiếp nhận / the receiving unit"),
		{Field: "PROCEDURE", Key: "procedure", GraphQLType: "Procedure", Kind: Ref, Column: "procedure_id",
			Description: "Thủ tục / the procedure"},
		{Field: "PROCEDURE_FIELD", Key: "procedureField", GraphQLType: "String", Kind: Text,
			Column: procedure.FieldField, Join: &Join{Table: procedure.Table, FK: dossier.FieldProcedureID},
			Description: "Lĩnh vực của thủ tục / field of the procedure: hộ tịch, đất đai …"},
		enumDim("CHANNEL", "channel", "DossierChannel", dossier.FieldChannel, "Hình thức tiếp nhận / channel"),
		status("DossierStatus", "DossierStatus", dossier.FieldStatus),
		dateDim("RECEIVED_AT", "receivedAt", dossier.FieldReceivedAt, "Kỳ tiếp nhận / period of receipt"),
		dateDim("DUE_AT", "dueAt", dossier.FieldDueAt, "Kỳ hẹn trả / period of the due date"),
		dateDim("FINISHED_AT", "finishedAt", dossier.FieldFinishedAt, "Kỳ kết thúc xử lý / period in which processing ended"),
	},
	Measures: []Measure{count,
		{Key: "finished", Order: "FINISHED", Kind: Count,
			Description: "Đã kết thúc xử lý / dossiers whose processing ended (resolved, rejected, withdrawn or stopped)",
			SQL:         func(x *expr) string { return x.C("finished_at") + " IS NOT NULL" }},
		{Key: "resolved", Order: "RESOLVED", Kind: Count,
			Description: "Đã giải quyết / resolved (status RESOLVED or RETURNED)",
			SQL:         func(x *expr) string { return x.C("status") + " IN ('RESOLVED','RETURNED')" }},
		{Key: "resolvedEarly", Order: "RESOLVED_EARLY", Kind: Count, SQL: resolvedTimeliness("<"),
			Description: "Giải quyết trước hạn / resolved before the local due date"},
		{Key: "resolvedOnTime", Order: "RESOLVED_ON_TIME", Kind: Count, SQL: resolvedTimeliness("="),
			Description: "Giải quyết đúng hạn / resolved on the local due date"},
		{Key: "resolvedLate", Order: "RESOLVED_LATE", Kind: Count, SQL: resolvedTimeliness(">"),
			Description: "Giải quyết quá hạn / resolved after the local due date"},
		{Key: "online", Order: "ONLINE", Kind: Count,
			Description: "Tiếp nhận trực tuyến / received online",
			SQL:         func(x *expr) string { return x.C("channel") + " = 'ONLINE'" }},
		{Key: "processingDays", Order: "PROCESSING_DAYS", Kind: Number,
			Description: "Số ngày xử lý (ngày theo lịch) / calendar days from receipt to the end of processing, for dossiers whose processing ended",
			SQL:         func(x *expr) string { return x.Days(x.C("received_at"), x.C("finished_at")) }},
	},
	query: queryOf(func(c *ent.Client) *ent.DossierQuery { return c.Dossier.Query() }, (*ent.DossierQuery).Modify),
}

// Official aggregates officials. Birth dates, phones and e-mails are personal
// data and are not offered as group fields.
var Official = &Spec{
	Type: "Official", QueryField: "officialsAggregate",
	Description: "Tổng hợp cán bộ, công chức / officials counted by group",
	Dims: []Dim{
		unitDim("Đơn vị công tác / the unit"),
		enumDim("CATEGORY", "category", "OfficialCategory", official.FieldCategory, "Loại / category"),
		{Field: "POSITION", Key: "position", GraphQLType: "String", Kind: Text, Column: official.FieldPosition,
			Description: "Chức danh / position"},
		{Field: "PARTY_MEMBER", Key: "partyMember", GraphQLType: "Boolean", Kind: Bool, Column: official.FieldPartyMember,
			Description: "Đảng viên / party member"},
		enumDim("POLITICAL_THEORY", "politicalTheory", "OfficialPoliticalTheory", official.FieldPoliticalTheory, "Trình độ lý luận chính trị / political theory"),
		enumDim("EDUCATION", "education", "OfficialEducation", official.FieldEducation, "Trình độ chuyên môn / education"),
		dateDim("STARTED_ON", "startedOn", official.FieldStartedOn, "Kỳ bắt đầu công tác / period the official started"),
		dateDim("ENDED_ON", "endedOn", official.FieldEndedOn, "Kỳ thôi công tác / period the official left"),
	},
	Measures: []Measure{count,
		{Key: "serving", Order: "SERVING", Kind: Count,
			Description: "Đang công tác / still serving (no end date)",
			SQL:         func(x *expr) string { return x.C("ended_on") + " IS NULL" }},
		{Key: "partyMembers", Order: "PARTY_MEMBERS", Kind: Count,
			Description: "Đảng viên / party members",
			SQL:         func(x *expr) string { return x.C("party_member") }},
	},
	query: queryOf(func(c *ent.Client) *ent.OfficialQuery { return c.Official.Query() }, (*ent.OfficialQuery).Modify),
}

// Task aggregates tasks of reform plans.
var Task = &Spec{
	Type: "Task", QueryField: "tasksAggregate",
	Description: "Tổng hợp nhiệm vụ CCHC / reform tasks counted and measured by group",
	Dims: []Dim{
		{Field: "UNIT", Key: "unit", GraphQLType: "Unit", Kind: Ref,
			Column: reformplan.FieldUnitID, Join: &Join{Table: reformplan.Table, FK: task.FieldPlanID},
			Description: "Đơn vị ban hành kế hoạch / the unit whose plan holds the task"},
		{Field: "PLAN", Key: "plan", GraphQLType: "ReformPlan", Kind: Ref, Column: task.FieldPlanID,
			Description: "Kế hoạch / the plan"},
		{Field: "LEAD", Key: "lead", GraphQLType: "Official", Kind: Ref, Column: task.FieldLeadID,
			Description: "Người chủ trì / the official leading the task"},
		enumDim("AREA", "area", "Area", task.FieldArea, "Lĩnh vực CCHC / reform area"),
		status("TaskStatus", "TaskStatus", task.FieldStatus),
		dateDim("DUE_ON", "dueOn", task.FieldDueOn, "Kỳ hạn hoàn thành / period of the due date"),
		dateDim("COMPLETED_ON", "completedOn", task.FieldCompletedOn, "Kỳ hoàn thành / period of completion"),
	},
	Measures: []Measure{count,
		{Key: "done", Order: "DONE", Kind: Count,
			Description: "Đã hoàn thành / done",
			SQL:         func(x *expr) string { return x.C("status") + " = 'DONE'" }},
		{Key: "doneLate", Order: "DONE_LATE", Kind: Count,
			Description: "Hoàn thành sau hạn / done after the due date",
			SQL: func(x *expr) string {
				return x.C("status") + " = 'DONE' AND " + x.LocalDate(x.C("completed_on")) + " > " + x.LocalDate(x.C("due_on"))
			}},
		{Key: "progress", Order: "PROGRESS", Kind: Number,
			Description: "Tiến độ (%) / progress in percent",
			SQL:         func(x *expr) string { return x.C("progress") }},
	},
	query: queryOf(func(c *ent.Client) *ent.TaskQuery { return c.Task.Query() }, (*ent.TaskQuery).Modify),
}

// ReformPlan aggregates reform plans.
var ReformPlan = &Spec{
	Type: "ReformPlan", QueryField: "reformPlansAggregate",
	Description: "Tổng hợp kế hoạch CCHC / reform plans counted by group",
	Dims: []Dim{
		unitDim("Đơn vị ban hành / the issuing unit"),
		{Field: "YEAR", Key: "year", GraphQLType: "Int", Kind: Int, Column: reformplan.FieldYear, Description: "Năm / year"},
		enumDim("AREA", "area", "Area", reformplan.FieldArea, "Lĩnh vực CCHC / reform area"),
		status("ReformPlanStatus", "PlanStatus", reformplan.FieldStatus),
		{Field: "PARENT_PLAN", Key: "parentPlan", GraphQLType: "ReformPlan", Kind: Ref, Column: reformplan.FieldParentPlanID,
			Description: "Kế hoạch cấp trên / the higher-level plan implemented"},
		dateDim("ISSUED_ON", "issuedOn", reformplan.FieldIssuedOn, "Kỳ ban hành / period of issue"),
	},
	Measures: []Measure{count,
		{Key: "issued", Order: "ISSUED", Kind: Count,
			Description: "Đã ban hành / issued or completed",
			SQL:         func(x *expr) string { return x.C("status") + " IN ('ISSUED','COMPLETED')" }},
	},
	query: queryOf(func(c *ent.Client) *ent.ReformPlanQuery { return c.ReformPlan.Query() }, (*ent.ReformPlanQuery).Modify),
}

// Feedback aggregates citizens' feedback.
var Feedback = &Spec{
	Type: "Feedback", QueryField: "feedbacksAggregate",
	Description: "Tổng hợp phản ánh, kiến nghị / feedback counted and measured by group",
	Dims: []Dim{
		unitDim("Đơn vị tiếp nhận / the receiving unit"),
		dateDim("RECEIVED_AT", "receivedAt", feedback.FieldReceivedAt, "Kỳ tiếp nhận / period of receipt"),
		dateDim("RESOLVED_AT", "resolvedAt", feedback.FieldResolvedAt, "Kỳ xử lý xong / period of resolution"),
	},
	Measures: []Measure{count,
		{Key: "resolved", Order: "RESOLVED", Kind: Count,
			Description: "Đã xử lý / resolved",
			SQL:         func(x *expr) string { return x.C("resolved_at") + " IS NOT NULL" }},
		{Key: "resolutionDays", Order: "RESOLUTION_DAYS", Kind: Number,
			Description: "Số ngày xử lý (ngày theo lịch) / calendar days from receipt to resolution, for resolved feedback",
			SQL:         func(x *expr) string { return x.Days(x.C("received_at"), x.C("resolved_at")) }},
	},
	query: queryOf(func(c *ent.Client) *ent.FeedbackQuery { return c.Feedback.Query() }, (*ent.FeedbackQuery).Modify),
}

// BudgetLine aggregates budget lines.
var BudgetLine = &Spec{
	Type: "BudgetLine", QueryField: "budgetLinesAggregate",
	Description: "Tổng hợp dự toán ngân sách / budget lines summed by group",
	Dims: []Dim{
		{Field: "UNIT", Key: "unit", GraphQLType: "Unit", Kind: Ref,
			Column: budget.FieldUnitID, Join: &Join{Table: budget.Table, FK: budgetline.FieldBudgetID},
			Description: "Đơn vị / the unit of the budget"},
		{Field: "FISCAL_YEAR", Key: "fiscalYear", GraphQLType: "Int", Kind: Int,
			Column: budget.FieldFiscalYear, Join: &Join{Table: budget.Table, FK: budgetline.FieldBudgetID},
			Description: "Năm ngân sách / fiscal year"},
		{Field: "BUDGET", Key: "budget", GraphQLType: "Budget", Kind: Ref, Column: budgetline.FieldBudgetID,
			Description: "Dự toán / the budget"},
		enumDim("DIRECTION", "direction", "BudgetLineDirection", budgetline.FieldDirection, "Thu hay chi / revenue or expenditure"),
		{Field: "CODE", Key: "code", GraphQLType: "String", Kind: Text, Column: budgetline.FieldCode, Description: "Mã mục / line code"},
		{Field: "NAME", Key: "name", GraphQLType: "String", Kind: Text, Column: budgetline.FieldName, Description: "Tên mục / line name"},
	},
	Measures: []Measure{count,
		{Key: "estimate", Order: "ESTIMATE", Kind: Money,
			Description: "Dự toán (đồng) / estimate in đồng",
			SQL:         func(x *expr) string { return x.C("estimate") }},
		{Key: "actual", Order: "ACTUAL", Kind: Money,
			Description: "Thực hiện (đồng) / actual in đồng, where reported",
			SQL:         func(x *expr) string { return x.C("actual") }},
	},
	query: queryOf(func(c *ent.Client) *ent.BudgetLineQuery { return c.BudgetLine.Query() }, (*ent.BudgetLineQuery).Modify),
}
