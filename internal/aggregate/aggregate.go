// Package aggregate answers the analysts' grouped questions (tổng hợp, thống
// kê): counts, sums, averages, minima and maxima of records matching the same
// where inputs as the lists, grouped by reference, enum and text fields and by
// local-time buckets of date fields, each page of groups in one SQL statement.
//
// Every query goes through ent, so the privacy filters, the archive filter
// and the scoping of edge predicates apply exactly as they do to the lists:
// a caller never counts a row it could not list.
package aggregate

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/ent/budgetline"
	"cchc/ent/dossier"
	"cchc/ent/official"
	"cchc/ent/reformplan"
	"cchc/ent/task"
	"cchc/internal/enum"
	"cchc/internal/period"
)

// MaxGroupFields bounds the fields of one groupBy: more rarely answers a
// question and multiplies the groups.
const MaxGroupFields = 4

// Field is a field to group by, named by the record type's GroupField enum.
type Field string

// OrderField names a measure or a group field in a GroupOrder.
type OrderField string

// GroupBy is one grouping: a field and, for a date field, the bucket.
type GroupBy struct {
	Field  Field            `json:"field"`
	Bucket *enum.PeriodKind `json:"bucket,omitempty"`
}

// Order orders groups by a measure or a group field.
type Order struct {
	Field     OrderField            `json:"field"`
	Direction entgql.OrderDirection `json:"direction"`
}

// Args are the arguments of an aggregate query field besides where.
type Args struct {
	GroupBy []*GroupBy
	OrderBy []*Order
	After   *entgql.Cursor[int]
	First   *int
}

// Connection is a page of groups, shaped as a Relay connection so that
// analysts page through groups as through any list.
type Connection struct {
	TotalCount int                  `json:"totalCount"`
	Edges      []*Edge              `json:"edges"`
	PageInfo   entgql.PageInfo[int] `json:"pageInfo"`
}

// Edge is a group and its cursor.
type Edge struct {
	Node   *Group             `json:"node"`
	Cursor entgql.Cursor[int] `json:"cursor"`
}

// Group is one group: its key (GraphQL field name → value) and its measures.
// It holds the measures of every Spec; each GraphQL group type binds those
// of its own Spec (a test checks that every measure has its field here).
type Group struct {
	Key *Key

	Count, Finished, Resolved, ResolvedEarly, ResolvedOnTime, ResolvedLate, Online int
	Serving, PartyMembers, Done, DoneLate, Issued                                  int

	ProcessingDays, Progress, ResolutionDays *Stats
	Estimate, Actual                         *MoneyStats
}

// Key holds the group keys of every Spec, as Group holds the measures; a
// GraphQL key type binds its own (Dim.GoField), fields not grouped by stay nil.
type Key struct {
	Unit       *ent.Unit
	Procedure  *ent.Procedure
	Plan       *ent.ReformPlan
	ParentPlan *ent.ReformPlan
	Lead       *ent.Official
	Budget     *ent.Budget

	ProcedureField, Position, Code, Name *string
	PartyMember                          *bool
	Year, FiscalYear                     *int

	Channel         *dossier.Channel
	DossierStatus   *dossier.Status
	TaskStatus      *task.Status
	PlanStatus      *reformplan.Status
	Category        *official.Category
	PoliticalTheory *official.PoliticalTheory
	Education       *official.Education
	Area            *enum.Area
	Direction       *budgetline.Direction

	ReceivedAt, DueAt, FinishedAt, ResolvedAt, StartedOn, EndedOn, DueOn, CompletedOn, IssuedOn *period.Period
}

// Stats are the sum, average, minimum and maximum of a numeric measure over
// the group's records that have a value; nil when none has.
type Stats struct {
	Sum *float64 `json:"sum"`
	Avg *float64 `json:"avg"`
	Min *float64 `json:"min"`
	Max *float64 `json:"max"`
}

// MoneyStats are Stats of amounts of đồng: sums stay exact 64-bit integers.
type MoneyStats struct {
	Sum *int64   `json:"sum"`
	Avg *float64 `json:"avg"`
	Min *int64   `json:"min"`
	Max *int64   `json:"max"`
}

// Engine runs aggregate queries over an ent client.
type Engine struct {
	Client  *ent.Client
	Dialect string
}

// UnmarshalGQL reads a group field; the schema has already checked the name.
func (f *Field) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("group field must be a string, not %T", v)
	}
	*f = Field(s)
	return nil
}

// MarshalGQL writes a group field.
func (f Field) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(f))) }

// UnmarshalGQL reads an order field; the schema has already checked the name.
func (f *OrderField) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("order field must be a string, not %T", v)
	}
	*f = OrderField(s)
	return nil
}

// MarshalGQL writes an order field.
func (f OrderField) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(f))) }

// scanner is an ent select with a modifier: the typed query of one record type.
type scanner interface {
	Scan(ctx context.Context, v any) error
}

// query builds the filtered, privacy-checked ent query of a record type and
// attaches the modifier that turns it into the aggregate statement.
type query func(c *ent.Client, where any, modify func(*sql.Selector)) (scanner, error)

// Dossiers aggregates dossiers (hồ sơ).
func (e *Engine) Dossiers(ctx context.Context, where *ent.DossierWhereInput, a Args) (*Connection, error) {
	return e.run(ctx, Dossier, where, a)
}

// Officials aggregates officials (cán bộ, công chức).
func (e *Engine) Officials(ctx context.Context, where *ent.OfficialWhereInput, a Args) (*Connection, error) {
	return e.run(ctx, Official, where, a)
}

// Tasks aggregates tasks of reform plans (nhiệm vụ).
func (e *Engine) Tasks(ctx context.Context, where *ent.TaskWhereInput, a Args) (*Connection, error) {
	return e.run(ctx, Task, where, a)
}

// ReformPlans aggregates reform plans (kế hoạch).
func (e *Engine) ReformPlans(ctx context.Context, where *ent.ReformPlanWhereInput, a Args) (*Connection, error) {
	return e.run(ctx, ReformPlan, where, a)
}

// Feedbacks aggregates feedback (phản ánh, kiến nghị).
func (e *Engine) Feedbacks(ctx context.Context, where *ent.FeedbackWhereInput, a Args) (*Connection, error) {
	return e.run(ctx, Feedback, where, a)
}

// BudgetLines aggregates budget lines (dòng dự toán).
func (e *Engine) BudgetLines(ctx context.Context, where *ent.BudgetLineWhereInput, a Args) (*Connection, error) {
	return e.run(ctx, BudgetLine, where, a)
}
