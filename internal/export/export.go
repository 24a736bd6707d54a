// Package export writes the indicators of many units as a table for
// analysts: CSV (UTF-8 with a byte-order mark, so that Excel reads the
// Vietnamese text) and XLSX (github.com/xuri/excelize/v2).
//
// The table has one row per unit and one column per figure of the indicators
// query (Columns): the unit and period, dossiers, staffing (with political
// theory and education of cán bộ and công chức by level), plans and tasks,
// feedback, budget, and the findings (codes separated by spaces, messages by
// line breaks). It opens with two header rows: the first gives each column's
// English name, which is the GraphQL path of the figure (dossiers.onTimeRate),
// the second its Vietnamese title (Tỷ lệ giải quyết trước và đúng hạn).
// Programs read the first and skip the second (pandas: skiprows=[1]); people
// read the second.
//
// Counts and money are whole numbers; rates are decimals (0.9876 is 98.76 %),
// empty where the divisor is 0, and formatted as percentages in XLSX; dates
// are local calendar dates, 2006-01-02. The XLSX sheet freezes both header
// rows and the unit's code and name, and filters on the Vietnamese header.
package export

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"cchc/internal/indicator"
	"cchc/internal/period"
)

// Rows returns the cells of the table's data rows, one row per unit, one
// cell per column: string, int, int64, float64, time.Time (a local date at
// midnight UTC, as spreadsheets keep dates) or nil for an empty cell.
func Rows(ins []*indicator.Indicators) [][]any {
	rows := make([][]any, len(ins))
	for i, in := range ins {
		row := make([]any, len(Columns))
		for j, c := range Columns {
			row[j] = cell(c.value(in))
		}
		rows[i] = row
	}
	return rows
}

// cell turns a column's value into what the writers write.
func cell(v any) any {
	switch v := v.(type) {
	case *float64:
		if v == nil {
			return nil
		}
		return *v
	case *time.Time:
		if v == nil {
			return nil
		}
		l := v.In(period.Location)
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	}
	return v
}

// bom is the UTF-8 byte-order mark, by which Excel recognises UTF-8 CSV.
const bom = "\uFEFF"

// WriteCSV writes the table as CSV: a byte-order mark, the English header,
// the Vietnamese header, then a row per unit.
func WriteCSV(w io.Writer, ins []*indicator.Indicators) error {
	names, titles := make([]string, len(Columns)), make([]any, len(Columns))
	for i, c := range Columns {
		names[i], titles[i] = c.Name, c.Title
	}
	t, err := newCSVTable(w, names)
	if err != nil {
		return err
	}
	if err := t.Row(titles); err != nil {
		return err
	}
	for _, row := range Rows(ins) {
		if err := t.Row(row); err != nil {
			return err
		}
	}
	return t.Close()
}

func csvCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.Format(period.DateLayout)
	}
	return fmt.Sprint(v)
}

// Sheet is the name of the XLSX worksheet.
const Sheet = "Chỉ số"

// Number formats of the XLSX cells.
const (
	countFormat = "0"
	moneyFormat = "#,##0"
	rateFormat  = "0.00%"
	dateFormat  = "yyyy-mm-dd"
)

// WriteXLSX writes the table as an XLSX workbook of one sheet.
func WriteXLSX(w io.Writer, ins []*indicator.Indicators) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), Sheet); err != nil {
		return err
	}
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	names, titles := make([]any, len(Columns)), make([]any, len(Columns))
	for i, c := range Columns {
		names[i], titles[i] = c.Name, c.Title
	}
	rows := Rows(ins)
	last, _ := excelize.ColumnNumberToName(len(Columns))
	for r, row := range append([][]any{names, titles}, rows...) {
		if err := f.SetSheetRow(Sheet, fmt.Sprintf("A%d", r+1), &row); err != nil {
			return err
		}
	}
	if err := f.SetRowStyle(Sheet, 1, 1, styles.name); err != nil {
		return err
	}
	if err := f.SetRowStyle(Sheet, 2, 2, styles.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(Sheet, 2, 45); err != nil {
		return err
	}
	for i, c := range Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := 14.0
		switch {
		case c.Name == "unit.name" || c.Name == "period.title":
			width = 22
		case c.Name == "findings.message":
			width = 80
		case c.Kind == Money:
			width = 18
		}
		if err := f.SetColWidth(Sheet, col, col, width); err != nil {
			return err
		}
		if len(rows) == 0 {
			continue
		}
		if err := f.SetCellStyle(Sheet, col+"3", fmt.Sprintf("%s%d", col, len(rows)+2), styles.kind[c.Kind]); err != nil {
			return err
		}
	}
	if err := f.SetPanes(Sheet, &excelize.Panes{
		Freeze: true, XSplit: 2, YSplit: 2, TopLeftCell: "C3", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "C3", ActiveCell: "C3", Pane: "bottomRight"}},
	}); err != nil {
		return err
	}
	if err := f.AutoFilter(Sheet, fmt.Sprintf("A2:%s%d", last, len(rows)+2), nil); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

type styles struct {
	name, title int
	kind        map[Kind]int
}

func newStyles(f *excelize.File) (*styles, error) {
	s := &styles{kind: map[Kind]int{}}
	var err error
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	if s.name, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "595959"}, Fill: fill}); err != nil {
		return nil, err
	}
	if s.title, err = f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true}, Fill: fill,
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
	}); err != nil {
		return nil, err
	}
	for kind, style := range map[Kind]*excelize.Style{
		Text:  {Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		Count: {CustomNumFmt: ptr(countFormat)},
		Money: {CustomNumFmt: ptr(moneyFormat)},
		Rate:  {CustomNumFmt: ptr(rateFormat)},
		Date:  {CustomNumFmt: ptr(dateFormat)},
	} {
		if s.kind[kind], err = f.NewStyle(style); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }
