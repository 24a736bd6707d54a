package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"cchc/ent/dossier"
	"cchc/internal/apperr"
)

// Limits of a file.
const (
	// MaxFileBytes bounds the size of an uploaded file: a year of a large
	// commune's dossiers is a few megabytes.
	MaxFileBytes = 20 << 20
	// MaxRows bounds the dossiers of one file, the rows it holds in memory
	// and writes in one transaction.
	MaxRows = 200_000
	// MaxProblems bounds the problems reported of one file; the rest are counted.
	MaxProblems = 1000
	// headerSearch is how many rows may come before the header: exports
	// often open with a title (DANH SÁCH HỒ SƠ …).
	headerSearch = 20
	// maxCodeLen is the longest dossier, procedure or unit code (the schema's).
	maxCodeLen = 64
)

// Format is the kind of an import file.
type Format string

// The formats an import reads.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// Problem is what is wrong with a file, a line of it or one of its cells.
// Line is as people see it: the header is line 1 of a CSV file (a quoted
// value may span lines: the line where the row starts), the row number of
// an XLSX sheet; 0 when the problem is the whole file's.
type Problem struct {
	Line    int         `json:"line,omitempty"`
	Column  string      `json:"column,omitempty"` // the header as the file writes it
	Field   string      `json:"field,omitempty"`  // the dossier's field (GraphQL name), or "file"
	Code    apperr.Code `json:"code"`
	Message string      `json:"message"`
}

// Row is one dossier of a file, its cells read and checked one by one.
type Row struct {
	Line          int
	Code          string
	ProcedureCode string
	UnitCode      string // "" for the import's default unit
	Channel       dossier.Channel
	Status        dossier.Status
	ReceivedAt    time.Time
	DueAt         *time.Time
	FinishedAt    *time.Time
	bad           bool // a cell could not be read: the row is reported, not checked further
}

// File is a file read for import: its rows and what is wrong with it.
type File struct {
	Format   Format
	Rows     []Row
	Problems []Problem // the first MaxProblems
	Omitted  int       // problems beyond MaxProblems, counted
	// Fatal says the file cannot be imported at all (unreadable, no header,
	// a column missing, too many rows): its rows are not checked further.
	Fatal    bool
	headers  [numColumns]string // each column's header as written; "" when the file lacks it
	date1904 bool               // an XLSX workbook counting dates from 1904 (old Mac Excel)
}

// Has tells whether the file has the column (an index of Columns).
func (f *File) Has(col int) bool { return f.headers[col] != "" }

// Header returns the column's header as the file writes it, or its portal name.
func (f *File) Header(col int) string {
	if h := f.headers[col]; h != "" {
		return h
	}
	return Columns[col].Portal
}

// report adds a problem, keeping the first MaxProblems.
func (f *File) report(p Problem) {
	if p.Code == "" {
		p.Code = apperr.BadInput
	}
	if len(f.Problems) >= MaxProblems {
		f.Omitted++
		return
	}
	f.Problems = append(f.Problems, p)
}

// cellProblem reports a problem of a row's cell in column col.
func (f *File) cellProblem(line, col int, format string, args ...any) {
	h := f.Header(col)
	f.report(Problem{Line: line, Column: h, Field: Columns[col].Field, Message: h + ": " + fmt.Sprintf(format, args...)})
}

// fileProblem reports a problem of the whole file, or of one of its lines,
// after which it cannot be imported.
func (f *File) fileProblem(line int, code apperr.Code, format string, args ...any) {
	f.Fatal = true
	f.report(Problem{Line: line, Field: "file", Code: code, Message: fmt.Sprintf(format, args...)})
}

// source yields the rows of a file with their line numbers; io.EOF at the end.
type source interface {
	next() (cells []string, line int, err error)
}

// contentError is a problem of the file's content found while reading it,
// after which the rest cannot be read.
type contentError struct {
	line int
	msg  string
}

func (e *contentError) Error() string { return e.msg }

// Parse reads an import file, CSV or XLSX whatever it is called: an XLSX
// workbook is known by its first bytes. A CSV file is UTF-8 text (with or
// without a byte-order mark) separated by commas, semicolons (Excel's "CSV"
// where the list separator is one) or tabs, whichever its first line holds
// most of. Everything wrong with the file is in File.Problems; the error is
// only one of reading r (a body cut or too large).
func Parse(r io.Reader) (*File, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	f := &File{Format: CSV}
	switch {
	case len(bytes.TrimSpace(head)) == 0:
		f.fileProblem(0, apperr.BadInput, "the file is empty: it must hold a header row naming the columns (%s) and a row per dossier", requiredNames())
		return f, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		f.Format = XLSX
		data, err := io.ReadAll(br)
		if err != nil {
			return nil, err
		}
		src, err := openXLSX(data)
		if err != nil {
			f.fileProblem(0, apperr.BadInput, "the XLSX workbook cannot be read (%v): save it again from the spreadsheet program, or as CSV UTF-8", err)
			return f, nil
		}
		defer src.close()
		f.date1904 = src.date1904
		return f, f.read(src)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		f.fileProblem(0, apperr.BadInput, "the file is an Excel 97–2003 workbook (.xls) or an encrypted one: save it as XLSX (Excel Workbook) or CSV UTF-8")
		return f, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		f.fileProblem(0, apperr.BadInput, "the file is UTF-16 text (Excel's \"Unicode Text\"): save it as CSV UTF-8")
		return f, nil
	case bytes.IndexByte(head, 0) >= 0:
		f.fileProblem(0, apperr.BadInput, "the file is neither CSV text nor an XLSX workbook")
		return f, nil
	}
	return f, f.read(newCSV(br))
}

// requiredNames lists the portal names of the required columns.
func requiredNames() string {
	var names []string
	for _, c := range Columns {
		if c.Required {
			names = append(names, c.Portal)
		}
	}
	return strings.Join(names, ", ")
}

// read reads the header and the rows of src into f.
func (f *File) read(src source) error {
	var index [numColumns]int // cell index of each column, -1 when absent
	width := 0                // cells of the header row
	for tries := 0; ; {
		cells, line, err := src.next()
		if err != nil {
			return f.stop(err, "no header row")
		}
		if blank(cells) {
			continue
		}
		if found := f.header(cells, line, &index); found {
			width = len(cells)
			if f.Fatal {
				return nil
			}
			break
		}
		if tries++; tries == headerSearch {
			f.fileProblem(1, apperr.BadInput, "no header row naming the columns (%s) in the first %d rows of the file", requiredNames(), headerSearch)
			return nil
		}
	}
	first := true
	for {
		cells, line, err := src.next()
		if err != nil {
			return f.stop(err, "")
		}
		if blank(cells) {
			continue
		}
		if first {
			first = false
			// A second header row (cchc's exports write English names
			// over Vietnamese titles): its code cell names a column too.
			if _, ok := byKey[headerKey(at(cells, index[colCode]))]; ok {
				continue
			}
		}
		if len(f.Rows) == MaxRows {
			f.fileProblem(line, apperr.LimitExceeded, "the file holds more than %d dossiers: split it", MaxRows)
			return nil
		}
		if _, isCSV := src.(*csvSource); isCSV && len(cells) > width && !blank(cells[width:]) {
			f.report(Problem{Line: line, Field: "file", Code: apperr.BadInput, Message: fmt.Sprintf(
				"the row has %d cells, the header %d: a value holding the separator must be quoted", len(cells), width)})
			continue
		}
		f.Rows = append(f.Rows, f.row(cells, line, &index))
	}
}

// stop ends reading at err: the end of the file, a problem of its content,
// or a failure to read it, which is returned. missing, when set, is what
// the file lacks if it ends here.
func (f *File) stop(err error, missing string) error {
	var ce *contentError
	switch {
	case errors.As(err, &ce):
		f.fileProblem(ce.line, apperr.BadInput, "%s", ce.msg)
	case err != io.EOF:
		return err
	case missing != "":
		f.fileProblem(1, apperr.BadInput, "%s: the file must start with a header row naming the columns (%s)", missing, requiredNames())
	}
	return nil
}

// header reads cells as the header row when one of them names a column,
// reporting columns named twice and required columns missing.
func (f *File) header(cells []string, line int, index *[numColumns]int) bool {
	for i := range index {
		index[i] = -1
	}
	found := false
	for i, cell := range cells {
		col, ok := byKey[headerKey(cell)]
		if !ok {
			continue
		}
		found = true
		name := strings.TrimSpace(cell)
		if index[col] >= 0 {
			f.fileProblem(line, apperr.BadInput, "%s: the column %s is named twice (%s and %s)", name, Columns[col].Portal, quote(f.headers[col]), quote(name))
			continue
		}
		index[col], f.headers[col] = i, name
	}
	if !found {
		return false
	}
	for i, c := range Columns {
		if c.Required && index[i] < 0 {
			f.fileProblem(line, apperr.BadInput, "the column %s (%s) is missing: the header must name %s", c.Portal, c.Field, requiredNames())
		}
	}
	return true
}

// row reads the cells of one dossier, reporting each one that cannot be read.
func (f *File) row(cells []string, line int, index *[numColumns]int) Row {
	r := Row{Line: line}
	cell := func(col int) string { return at(cells, index[col]) }
	bad := func(col int, format string, args ...any) {
		r.bad = true
		f.cellProblem(line, col, format, args...)
	}
	code := func(col int, required bool) string {
		s := cell(col)
		switch {
		case s == "" && required:
			bad(col, "is required")
		case len(s) > maxCodeLen:
			bad(col, "%s is longer than %d characters", quote(s), maxCodeLen)
		case strings.IndexFunc(s, unicode.IsControl) >= 0:
			bad(col, "%s holds a control character", quote(s))
		default:
			return s
		}
		return ""
	}
	r.Code = code(colCode, true)
	r.ProcedureCode = code(colProcedure, true)
	if r.UnitCode = code(colUnit, false); r.UnitCode != "" && !digits(r.UnitCode) {
		bad(colUnit, "%s is not a unit code: official codes are digits (11098)", quote(r.UnitCode))
	}
	var err error
	if s := cell(colChannel); s == "" {
		bad(colChannel, "is required: 1 (Trực tiếp / DIRECT), 2 (Trực tuyến / ONLINE) or 3 (Bưu chính công ích / POSTAL)")
	} else if r.Channel, err = channelOf(s); err != nil {
		bad(colChannel, "%v", err)
	}
	if s := cell(colStatus); s == "" {
		bad(colStatus, "is required: a code 2–10 of the national portal")
	} else if r.Status, err = statusOf(s); err != nil {
		bad(colStatus, "%v", err)
	}
	when := func(col int) *time.Time {
		s := cell(col)
		if s == "" {
			if Columns[col].Required {
				bad(col, "is required: %s", dateHelp)
			}
			return nil
		}
		endOfDay := col == colDue
		if f.Format == XLSX {
			if t, err := serialTime(s, f.date1904, endOfDay); err == nil {
				return &t
			}
		}
		t, err := ParseTime(s, endOfDay)
		if err != nil {
			bad(col, "%v", err)
			return nil
		}
		return &t
	}
	if t := when(colReceived); t != nil {
		r.ReceivedAt = *t
	}
	r.DueAt, r.FinishedAt = when(colDue), when(colFinished)
	return r
}

// at returns the trimmed cell i of cells, "" when there is none.
func at(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// blank tells whether every cell is empty.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
