package importer

import (
	"bytes"
	"errors"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// unzipLimit bounds the unpacked size of a workbook: a compressed sheet of
// MaxFileBytes may unpack to many times that, and a crafted one to
// gigabytes (a zip bomb).
const unzipLimit = 512 << 20

// xlsxSource reads the rows of the first sheet of a workbook, as stored:
// a date cell is its serial number, read by serialTime, not its display,
// whose form depends on the cell's format and the computer's language.
type xlsxSource struct {
	book     *excelize.File
	rows     *excelize.Rows
	line     int
	date1904 bool
}

func openXLSX(data []byte) (*xlsxSource, error) {
	book, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit})
	if err != nil {
		return nil, err
	}
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		book.Close()
		return nil, errors.New("it has no sheet")
	}
	rows, err := book.Rows(sheets[0])
	if err != nil {
		book.Close()
		return nil, err
	}
	s := &xlsxSource{book: book, rows: rows}
	if props, err := book.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	return s, nil
}

func (s *xlsxSource) next() ([]string, int, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, 0, &contentError{s.line + 1, "the sheet cannot be read after row " + strconv.Itoa(s.line) + ": " + err.Error()}
		}
		return nil, 0, io.EOF
	}
	s.line++ // Next steps over rows the sheet leaves out, so this is the sheet's row number
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, 0, &contentError{s.line, "row " + strconv.Itoa(s.line) + " of the sheet cannot be read: " + err.Error()}
	}
	return cells, s.line, nil
}

func (s *xlsxSource) close() {
	s.rows.Close()
	s.book.Close()
}
