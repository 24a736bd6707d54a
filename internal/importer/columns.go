package importer

import (
	"strings"

	"cchc/internal/search"
)

// Column is a column of an import file: the name the national public
// service portal gives it, the API field it fills, other headers accepted
// for it, and its meaning for the documentation.
type Column struct {
	Portal   string   // header in the portal's export: MaHoSo
	Field    string   // GraphQL field: code
	Aliases  []string // more headers read as this column
	Required bool
	Title    string // Vietnamese / English meaning
}

// Columns are the columns an import reads; any other column of the file is
// ignored. Headers match whatever their case, accents, spaces and
// punctuation: "Mã hồ sơ", "MA_HO_SO" and "mahoso" all name MaHoSo.
var Columns = []Column{
	{"MaHoSo", "code", []string{"dossierCode", "SoHoSo"}, true,
		"Mã hồ sơ / dossier code, unique within the unit: the key of the import"},
	{"MaTTHC", "procedureCode", []string{"MaThuTuc", "procedure", "procedure.code"}, true,
		"Mã thủ tục hành chính / procedure code of the national catalogue (1.001193)"},
	{"MaDonVi", "unitCode", []string{"DonViTiepNhan", "unit", "unit.code"}, false,
		"Mã đơn vị tiếp nhận / official code of the receiving unit (11098); when absent or empty, the unit of ?unit= or else the caller's own"},
	{"KenhThucHien", "channel", []string{"HinhThucTiepNhan", "KenhTiepNhan"}, true,
		"Kênh thực hiện / channel: 1 trực tiếp (DIRECT), 2 trực tuyến (ONLINE), 3 bưu chính công ích (POSTAL)"},
	{"TrangThaiHoSo", "status", []string{"TrangThai"}, true,
		"Trạng thái hồ sơ / status: a portal code 2–10 (see below)"},
	{"NgayTiepNhan", "receivedAt", nil, true,
		"Ngày tiếp nhận / when the dossier was received"},
	{"NgayHenTra", "dueAt", []string{"NgayHenTraKetQua"}, false,
		"Ngày hẹn trả / when the result is due"},
	{"NgayKetThucXuLy", "finishedAt", []string{"NgayKetThuc", "NgayXuLyXong"}, false,
		"Ngày kết thúc xử lý / when processing ended: required for codes 3, 7, 8, 9 and 10, empty for the others"},
}

// The columns by position in Columns.
const (
	colCode = iota
	colProcedure
	colUnit
	colChannel
	colStatus
	colReceived
	colDue
	colFinished
	numColumns
)

// byKey finds a column by the key of a header.
var byKey = func() map[string]int {
	m := map[string]int{}
	for i, c := range Columns {
		for _, name := range append([]string{c.Portal, c.Field}, c.Aliases...) {
			m[headerKey(name)] = i
		}
	}
	return m
}()

// headerKey is what matching a header looks at: its letters and digits,
// without accents, in lower case.
func headerKey(s string) string {
	if len(s) > 100 {
		return "" // no column has such a name; and a huge cell is not folded
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, search.Normalize(s))
}
