package export

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Heading is a column of a table with two header rows: its English name
// (first row, for programs: the GraphQL path of the value), its Vietnamese
// title (second row, for people), how its values are written, and its XLSX
// width (0 for the default).
type Heading struct {
	Name  string
	Title string
	Kind  Kind
	Width float64
}

// defaultWidth is the XLSX width of a column without one.
const defaultWidth = 14

// WriteSheet writes rows under two header rows in format (a key of
// MediaTypes): CSV with a byte-order mark, or an XLSX workbook whose sheet
// (named sheet) styles each column by its kind, freezes both header rows
// and the first frozen columns, and filters on the Vietnamese header. Cells
// are as for Table.Row. The indicators table and the reform-index results
// are written by it.
func WriteSheet(w io.Writer, format, sheet string, headings []Heading, rows [][]any, frozen int) error {
	switch format {
	case "csv":
		return writeCSV(w, headings, rows)
	case "xlsx":
		return writeXLSX(w, sheet, headings, rows, frozen)
	}
	return fmt.Errorf("export: unknown format %q", format)
}

func writeCSV(w io.Writer, headings []Heading, rows [][]any) error {
	names, titles := make([]string, len(headings)), make([]any, len(headings))
	for i, h := range headings {
		names[i], titles[i] = h.Name, h.Title
	}
	t, err := newCSVTable(w, names)
	if err != nil {
		return err
	}
	if err := t.Row(titles); err != nil {
		return err
	}
	for _, row := range rows {
		if err := t.Row(row); err != nil {
			return err
		}
	}
	return t.Close()
}

// Number formats of the XLSX cells.
const (
	countFormat   = "0"
	moneyFormat   = "#,##0"
	rateFormat    = "0.00%"
	dateFormat    = "yyyy-mm-dd"
	decimalFormat = "0.00"
)

func writeXLSX(w io.Writer, sheet string, headings []Heading, rows [][]any, frozen int) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	names, titles := make([]any, len(headings)), make([]any, len(headings))
	for i, h := range headings {
		names[i], titles[i] = h.Name, h.Title
	}
	last, _ := excelize.ColumnNumberToName(len(headings))
	for r, row := range append([][]any{names, titles}, rows...) {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", r+1), &row); err != nil {
			return err
		}
	}
	if err := f.SetRowStyle(sheet, 1, 1, styles.name); err != nil {
		return err
	}
	if err := f.SetRowStyle(sheet, 2, 2, styles.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 2, 45); err != nil {
		return err
	}
	for i, h := range headings {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := h.Width
		if width == 0 {
			width = defaultWidth
		}
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
		if len(rows) == 0 {
			continue
		}
		if err := f.SetCellStyle(sheet, col+"3", fmt.Sprintf("%s%d", col, len(rows)+2), styles.kind[h.Kind]); err != nil {
			return err
		}
	}
	topLeft, _ := excelize.CoordinatesToCellName(frozen+1, 3)
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: frozen, YSplit: 2, TopLeftCell: topLeft, ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: topLeft, ActiveCell: topLeft, Pane: "bottomRight"}},
	}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A2:%s%d", last, len(rows)+2), nil); err != nil {
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
		Text:    {Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		Count:   {CustomNumFmt: ptr(countFormat)},
		Money:   {CustomNumFmt: ptr(moneyFormat)},
		Rate:    {CustomNumFmt: ptr(rateFormat)},
		Date:    {CustomNumFmt: ptr(dateFormat)},
		Decimal: {CustomNumFmt: ptr(decimalFormat)},
	} {
		if s.kind[kind], err = f.NewStyle(style); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }
