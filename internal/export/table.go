package export

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// MediaTypes are the table formats, with their media types.
var MediaTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// Table writes a table row by row as the rows come, so that a large table
// never sits whole in memory: CSV goes straight to its writer; XLSX goes
// through excelize's StreamWriter, which keeps the rows in a temporary file
// and writes the workbook on Close (the format's zip directory comes last).
type Table interface {
	// Row writes one row: string, int, int64, float64, bool, time.Time
	// (a date, written 2006-01-02) or nil for an empty cell.
	Row(cells []any) error
	// Flush passes the rows written so far on to the writer, where the format
	// allows it (CSV).
	Flush() error
	// Close ends the table; XLSX writes the whole workbook then.
	Close() error
	// Discard drops a table that will not be finished, writing nothing more.
	Discard()
}

// NewTable starts a table in format (a key of MediaTypes) on w, with one
// header row. An XLSX table is the worksheet sheet of a new workbook; CSV
// starts with the UTF-8 byte-order mark, by which Excel recognises UTF-8.
func NewTable(w io.Writer, format, sheet string, header []string) (Table, error) {
	switch format {
	case "csv":
		return newCSVTable(w, header)
	case "xlsx":
		return newXLSXTable(w, sheet, header)
	}
	return nil, fmt.Errorf("export: unknown format %q", format)
}

type csvTable struct{ w *csv.Writer }

func newCSVTable(w io.Writer, header []string) (*csvTable, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	t := &csvTable{csv.NewWriter(w)}
	return t, t.w.Write(header)
}

func (t *csvTable) Row(cells []any) error {
	rec := make([]string, len(cells))
	for i, v := range cells {
		rec[i] = csvCell(v)
	}
	return t.w.Write(rec)
}

func (t *csvTable) Flush() error {
	t.w.Flush()
	return t.w.Error()
}

func (t *csvTable) Close() error { return t.Flush() }

func (t *csvTable) Discard() {}

type xlsxTable struct {
	w   io.Writer
	f   *excelize.File
	sw  *excelize.StreamWriter
	row int
}

func newXLSXTable(w io.Writer, sheet string, header []string) (_ *xlsxTable, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
	})
	if err != nil {
		return nil, err
	}
	if len(header) > 0 {
		// Column widths and panes must come before the first row.
		if err := sw.SetColWidth(1, len(header), 18); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = h
	}
	if err := sw.SetRow("A1", cells, excelize.RowOpts{StyleID: bold}); err != nil {
		return nil, err
	}
	return &xlsxTable{w: w, f: f, sw: sw, row: 1}, nil
}

func (t *xlsxTable) Row(cells []any) error {
	t.row++
	cell, err := excelize.CoordinatesToCellName(1, t.row)
	if err != nil {
		return err // beyond the sheet's 1,048,576 rows
	}
	return t.sw.SetRow(cell, cells)
}

func (t *xlsxTable) Flush() error { return nil }

func (t *xlsxTable) Close() error {
	defer t.f.Close()
	if err := t.sw.Flush(); err != nil {
		return err
	}
	_, err := t.f.WriteTo(t.w)
	return err
}

func (t *xlsxTable) Discard() { t.f.Close() }
