// Package export writes tables for analysts: CSV (UTF-8 with a byte-order
// mark, so that Excel reads the Vietnamese text) and XLSX
// (github.com/xuri/excelize/v2). WriteSheet writes a table with two header
// rows (English names, Vietnamese titles), as the indicators below and the
// reform-index results are; NewTable streams a table of any size.
//
// The indicators of many units (WriteCSV, WriteXLSX):
// the table has one row per unit and one column per figure of the indicators
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
	return WriteSheet(w, "csv", Sheet, headings(), Rows(ins), 2)
}

// WriteXLSX writes the table as an XLSX workbook of one sheet.
func WriteXLSX(w io.Writer, ins []*indicator.Indicators) error {
	return WriteSheet(w, "xlsx", Sheet, headings(), Rows(ins), 2)
}

// headings are the headings of Columns.
func headings() []Heading {
	hs := make([]Heading, len(Columns))
	for i, c := range Columns {
		hs[i] = Heading{Name: c.Name, Title: c.Title, Kind: c.Kind}
		switch {
		case c.Name == "unit.name" || c.Name == "period.title":
			hs[i].Width = 22
		case c.Name == "findings.message":
			hs[i].Width = 80
		case c.Kind == Money:
			hs[i].Width = 18
		}
	}
	return hs
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

// Sheet is the name of the XLSX worksheet of indicators.
const Sheet = "Chỉ số"
