package aggregate

import (
	"fmt"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"cchc/internal/enum"
	"cchc/internal/period"
)

// expr writes SQL expressions for one aggregate statement: it qualifies
// columns, joins a parent table once when a dim needs it, and knows the dialect.
type expr struct {
	s       *sql.Selector
	dialect string
	joins   map[string]*sql.SelectTable
}

// C qualifies a column of the record's own table.
func (x *expr) C(column string) string { return x.s.C(column) }

// LocalDate is the local date in Vietnam of an instant column.
func (x *expr) LocalDate(col string) string { return period.LocalDateSQL(x.dialect, col) }

// Days is the number of calendar days (fractional) from one instant to another.
func (x *expr) Days(from, to string) string {
	if x.dialect == dialect.Postgres {
		return "(EXTRACT(EPOCH FROM (" + to + " - " + from + ")) / 86400.0)"
	}
	return "(julianday(" + to + ") - julianday(" + from + "))"
}

// dim is the SQL of a group key; date dims are bucketed into periods,
// encoded as year*100 + index so that they sort in time order.
func (x *expr) dim(d Dim, bucket enum.PeriodKind) string {
	col := x.C(d.Column)
	if d.Join != nil {
		t, ok := x.joins[d.Join.Table]
		if !ok {
			t = sql.Dialect(x.dialect).Table(d.Join.Table)
			x.s.Join(t).On(x.s.C(d.Join.FK), t.C("id"))
			x.joins[d.Join.Table] = t
		}
		col = t.C(d.Column)
	}
	if d.Kind != Date {
		return col
	}
	year, month := period.LocalYearMonthSQL(x.dialect, col)
	index := map[enum.PeriodKind]string{
		enum.PeriodMonth:    month,
		enum.PeriodQuarter:  "((" + month + " + 2) / 3)",
		enum.PeriodHalfYear: "((" + month + " + 5) / 6)",
		enum.PeriodYear:     "1",
	}[bucket]
	return fmt.Sprintf("(%s * 100 + %s)", year, index)
}
