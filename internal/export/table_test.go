package export_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cchc/internal/export"
)

var tableRows = [][]any{
	{"11098", int64(412), 0.5, true, nil},
	{"Tái Sơn, \"xã\"", int64(-1), 1e-7, false, "x"},
}

func writeTable(t *testing.T, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tab, err := export.NewTable(&buf, format, "dossiers", []string{"code", "n", "rate", "ok", "note"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tableRows {
		if err := tab.Row(r); err != nil {
			t.Fatal(err)
		}
		if err := tab.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := tab.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSVTable(t *testing.T) {
	raw, ok := strings.CutPrefix(string(writeTable(t, "csv")), "\uFEFF")
	recs, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	want := [][]string{
		{"code", "n", "rate", "ok", "note"},
		{"11098", "412", "0.5", "true", ""},
		{"Tái Sơn, \"xã\"", "-1", "0.0000001", "false", "x"},
	}
	if !ok || err != nil || !slices.EqualFunc(recs, want, slices.Equal) {
		t.Errorf("BOM %v, records %q %v", ok, recs, err)
	}
}

func TestXLSXTable(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeTable(t, "xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("dossiers")
	if err != nil || len(rows) != 3 || rows[0][0] != "code" || rows[2][0] != "Tái Sơn, \"xã\"" || rows[1][1] != "412" || rows[1][3] != "TRUE" {
		t.Fatalf("rows %q %v", rows, err)
	}
	// Numbers are numbers, not text.
	if typ, _ := f.GetCellType("dossiers", "B2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("B2 is of type %v", typ)
	}
	panes, err := f.GetPanes("dossiers")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v: want the header frozen", panes, err)
	}
	if _, err := export.NewTable(&bytes.Buffer{}, "pdf", "x", nil); err == nil {
		t.Error("pdf is no format")
	}
}
