package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"cchc/ent/schema/mixin"
)

// DossierMonth tallies the dossiers of one unit in one local month
// (Asia/Ho_Chi_Minh), so that the dossier figures of any period, which
// starts and ends on a month boundary, are sums over its months instead of a
// scan of every dossier. internal/tally keeps it exact on every write of a
// dossier and rebuilds it after bulk loads; internal/indicator reads it. It
// is no record: no GraphQL type, no client writes it, and the privacy rules
// let it be read only as indicator figures are.
type DossierMonth struct{ ent.Schema }

// Annotations of DossierMonth.
func (DossierMonth) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Tổng hợp hồ sơ theo tháng / a unit's dossiers tallied by local month, from which the dossier indicators are summed"),
		entgql.Skip(entgql.SkipAll),
	}
}

// Mixin of DossierMonth: the access policy; the tally is derived, not audited.
func (DossierMonth) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Unaudited{}} }

// Fields of DossierMonth. The flows count what happened in the month; the
// changes (…_change) move the stock of dossiers open at a month boundary:
// the dossiers open at the start of month M are the sum of open_change over
// the months before M.
func (DossierMonth) Fields() []ent.Field {
	count := func(name, comment string) ent.Field { return field.Int(name).Default(0).Comment(comment) }
	return []ent.Field{
		field.Int("unit_id").Comment("Đơn vị tiếp nhận / ID of the receiving unit"),
		field.Int("month").Comment("Tháng / local month as YYYYMM"),
		count("received", "Tiếp nhận / dossiers received in the month"),
		count("online", "Tiếp nhận trực tuyến / received online"),
		count("direct", "Tiếp nhận trực tiếp / received in person"),
		count("postal", "Tiếp nhận qua bưu chính / received by post"),
		count("resolved", "Đã giải quyết / resolved or returned, finished in the month"),
		count("early", "Trước hạn / resolved on a local date before the due date"),
		count("on_time", "Đúng hạn / resolved on the due date"),
		count("late", "Quá hạn / resolved after the due date"),
		count("resolved_without_due_date", "Resolved without a due date"),
		count("other_closed", "Từ chối, rút, dừng / rejected, withdrawn or stopped in the month"),
		count("open_change", "Change of the dossiers open at a boundary: +1 in the month received, −1 in the month finished"),
		count("overdue_change", "Change of the open dossiers past their due date: +1 in the month of the later of receipt and due, −1 in the month finished"),
		count("open_without_due_date_change", "Change of the open dossiers without a due date"),
	}
}

// Indexes of DossierMonth.
func (DossierMonth) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id", "month").Unique()}
}
