package results

import (
	"strings"

	"cchc/internal/export"
	"cchc/internal/scoring"
)

// Sheet is the name of the XLSX worksheet of results.
const Sheet = "Chỉ số CCHC"

// Table returns the results rs as a table for export.WriteSheet, one row per
// unit: the unit, the assessment and its status, rank, total and band, the
// points, each scoring area (empty where the framework has none of its
// criteria, so that every framework's table has the same columns), the
// missing criteria, the previous year and the change. Column names are the
// fields of the scores query.
func Table(rs []*Result) ([]export.Heading, [][]any) {
	type column struct {
		export.Heading
		value func(*Result) any
	}
	col := func(name, title string, kind export.Kind, value func(*Result) any) column {
		return column{export.Heading{Name: name, Title: title, Kind: kind}, value}
	}
	cols := []column{
		col("unit.code", "Mã đơn vị", export.Text, func(r *Result) any { return r.Unit().Code }),
		col("unit.name", "Tên đơn vị", export.Text, func(r *Result) any { return r.Unit().Name }),
		col("unit.level", "Cấp", export.Text, func(r *Result) any { return string(r.Unit().Level) }),
		col("assessment.id", "Mã kết quả chấm điểm", export.Count, func(r *Result) any { return r.Assessment.ID }),
		col("status", "Trạng thái", export.Text, func(r *Result) any { return string(r.Status()) }),
		col("rank", "Xếp hạng", export.Count, func(r *Result) any { return orNil(r.Rank) }),
		col("rankedUnits", "Số đơn vị được xếp hạng", export.Count, func(r *Result) any { return r.RankedUnits }),
		col("total", "Chỉ số CCHC (thang 100)", export.Decimal, func(r *Result) any { return orNil(r.Total) }),
		col("band", "Mã xếp loại", export.Text, func(r *Result) any { return bandCode(r.Band) }),
		col("bandName", "Xếp loại", export.Text, func(r *Result) any { return orNil(r.BandName()) }),
		col("points", "Tổng điểm đạt được", export.Decimal, func(r *Result) any { return r.Points }),
		col("maxPoints", "Điểm tối đa", export.Decimal, func(r *Result) any { return r.MaxPoints }),
		col("applicableMax", "Điểm tối đa của các tiêu chí áp dụng", export.Decimal, func(r *Result) any { return r.ApplicableMax }),
	}
	for _, a := range scoring.Areas {
		name, _, _ := strings.Cut(scoring.AreaDescriptions[a], " / ")
		area := func(r *Result) *scoring.AreaResult {
			for i := range r.Areas {
				if r.Areas[i].Area == a {
					return &r.Areas[i]
				}
			}
			return nil
		}
		prefix := "areas." + string(a) + "."
		cols = append(cols,
			col(prefix+"points", "Điểm đạt được: "+name, export.Decimal, func(r *Result) any {
				if ar := area(r); ar != nil {
					return ar.Points
				}
				return nil
			}),
			col(prefix+"applicableMax", "Điểm tối đa áp dụng: "+name, export.Decimal, func(r *Result) any {
				if ar := area(r); ar != nil {
					return ar.ApplicableMax
				}
				return nil
			}),
			col(prefix+"total", "Tỷ lệ đạt (thang 100): "+name, export.Decimal, func(r *Result) any {
				if ar := area(r); ar != nil {
					return orNil(ar.Total)
				}
				return nil
			}))
	}
	previous := func(f func(*Previous) any) func(*Result) any {
		return func(r *Result) any {
			if r.Previous == nil {
				return nil
			}
			return f(r.Previous)
		}
	}
	change := func(f func(*scoring.Change) any) func(*Result) any {
		return func(r *Result) any {
			if r.Change == nil {
				return nil
			}
			return f(r.Change)
		}
	}
	cols = append(cols,
		col("missing", "Tiêu chí chưa chấm", export.Text, func(r *Result) any { return strings.Join(r.Missing, " ") }),
		col("previous.year", "Năm trước", export.Count, previous(func(p *Previous) any { return p.Year() })),
		col("previous.total", "Chỉ số CCHC năm trước", export.Decimal, previous(func(p *Previous) any { return orNil(p.Total) })),
		col("previous.rank", "Xếp hạng năm trước", export.Count, previous(func(p *Previous) any { return orNil(p.Rank) })),
		col("previous.band", "Mã xếp loại năm trước", export.Text, previous(func(p *Previous) any { return bandCode(p.Band) })),
		col("change.total", "Chênh lệch điểm so với năm trước", export.Decimal, change(func(c *scoring.Change) any { return orNil(c.Total) })),
		col("change.rank", "Số bậc tăng hạng", export.Count, change(func(c *scoring.Change) any { return orNil(c.Rank) })),
	)
	headings := make([]export.Heading, len(cols))
	for i, c := range cols {
		headings[i] = c.Heading
		switch c.Name {
		case "unit.name":
			headings[i].Width = 22
		case "missing":
			headings[i].Width = 30
		}
	}
	rows := make([][]any, len(rs))
	for i, r := range rs {
		rows[i] = make([]any, len(cols))
		for j, c := range cols {
			rows[i][j] = c.value(r)
		}
	}
	return headings, rows
}

// orNil returns *p, or an untyped nil (an empty cell) for a nil p.
func orNil[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func bandCode(b *scoring.Band) any {
	if b == nil {
		return nil
	}
	return string(*b)
}
