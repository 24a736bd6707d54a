package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
)

// csvSource reads the records of a CSV file.
type csvSource struct{ r *csv.Reader }

// newCSV reads CSV from br, skipping a UTF-8 byte-order mark, with the
// separator its first line holds most of.
func newCSV(br *bufio.Reader) *csvSource {
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.Comma = separator(br)
	r.FieldsPerRecord = -1 // rows may stop short of the header; read checks longer ones
	r.ReuseRecord = true   // the rows keep copies of the cells they read
	return &csvSource{r}
}

// separator returns ',', ';' or '\t', whichever the first line holds most
// of outside quotes; ',' when it holds none.
func separator(br *bufio.Reader) rune {
	line, _ := br.Peek(br.Size())
	counts := map[byte]int{}
	quoted := false
	for _, c := range line {
		if c == '\n' && !quoted {
			break
		}
		switch c {
		case '"':
			quoted = !quoted
		case ',', ';', '\t':
			if !quoted {
				counts[c]++
			}
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

func (s *csvSource) next() ([]string, int, error) {
	rec, err := s.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, &contentError{pe.StartLine, fmt.Sprintf("line %d is not valid CSV (%v): a value holding quotes must be quoted, its quotes doubled (\"\")", pe.StartLine, pe.Err)}
		}
		return nil, 0, err
	}
	line, _ := s.r.FieldPos(0)
	return rec, line, nil
}
