package importer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"cchc/ent/dossier"
	"cchc/internal/period"
)

func TestStatusCodes(t *testing.T) {
	for in, want := range map[string]dossier.Status{
		"2": dossier.StatusRECEIVED, "3": dossier.StatusREJECTED, "4": dossier.StatusIN_PROGRESS,
		"5": dossier.StatusSUPPLEMENT_REQUESTED, "6": dossier.StatusIN_PROGRESS, "7": dossier.StatusWITHDRAWN,
		"8": dossier.StatusSTOPPED, "9": dossier.StatusRESOLVED, "10": dossier.StatusRETURNED, "09": dossier.StatusRESOLVED,
		"RETURNED": dossier.StatusRETURNED, "in_progress": dossier.StatusIN_PROGRESS,
	} {
		if got, err := statusOf(in); got != want || err != nil {
			t.Errorf("statusOf(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for in, reason := range map[string]string{
		"1": "Mới đăng ký / registered, not yet received", "0": "not a status code", "11": "not a status code",
		"-4": "not a status code", "Đã xử lý xong": "not a status", "4.5": "not a status",
	} {
		if got, err := statusOf(in); err == nil || !strings.Contains(err.Error(), reason) {
			t.Errorf("statusOf(%q) = %s, %v; want an error saying %q", in, got, err, reason)
		}
	}
}

func TestChannelCodes(t *testing.T) {
	for in, want := range map[string]dossier.Channel{
		"1": dossier.ChannelDIRECT, "2": dossier.ChannelONLINE, "3": dossier.ChannelPOSTAL, "online": dossier.ChannelONLINE,
	} {
		if got, err := channelOf(in); got != want || err != nil {
			t.Errorf("channelOf(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "4", "Trực tuyến", "EMAIL"} {
		if got, err := channelOf(in); err == nil || !strings.Contains(err.Error(), "use 1 (Trực tiếp / DIRECT)") {
			t.Errorf("channelOf(%q) = %s, %v; want an error listing the codes", in, got, err)
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, c := range []struct {
		in       string
		endOfDay bool
		want     string // local time in Vietnam, or the error's words
	}{
		{"30/06/2023 23:30:00", false, "2023-06-30 23:30:00"},
		{"30/06/2023 23:30", false, "2023-06-30 23:30:00"},
		{"1/7/2023 8:05:09", false, "2023-07-01 08:05:09"},
		{"08:05:09 01/07/2023", false, "2023-07-01 08:05:09"},
		{"30-06-2023 07:00", false, "2023-06-30 07:00:00"},
		{"20230630233000", false, "2023-06-30 23:30:00"},
		{"202306302330", false, "2023-06-30 23:30:00"},
		{"2023-06-30 23:30:00", false, "2023-06-30 23:30:00"},
		{"2023-06-30T23:30:00", false, "2023-06-30 23:30:00"},
		{"2023-06-30T16:30:00Z", false, "2023-06-30 23:30:00"},
		{"2023-06-30T23:30:00+07:00", false, "2023-06-30 23:30:00"},
		{"2023-06-30T23:30:00.123456789+07:00", false, "2023-06-30 23:30:00.123456"},
		// A date alone: the day's start, or for a due date its end.
		{"30/06/2023", false, "2023-06-30 00:00:00"},
		{"30/06/2023", true, "2023-06-30 23:59:59"},
		{"20230630", true, "2023-06-30 23:59:59"},
		{"2023-06-30", false, "2023-06-30 00:00:00"},
		{"30/06/2023 10:00", true, "2023-06-30 10:00:00"},
		{"31/02/2023", false, "is not a date and time"},
		{"06/31/2023", false, "is not a date and time"},
		{"2023-13-01", false, "is not a date and time"},
		{"30/06/2023 24:00", false, "is not a date and time"},
		{"30/06/0023", false, "the year 23 is out of range"},
		{"45107", false, "is not a date and time"}, // a spreadsheet's number, written in a CSV
		{"hôm qua", false, "is not a date and time"},
		{strings.Repeat("9", 100), false, "…"},
	} {
		got, err := ParseTime(c.in, c.endOfDay)
		s := ""
		if err != nil {
			s = err.Error()
		} else {
			s = got.In(period.Location).Format("2006-01-02 15:04:05.999999999")
		}
		if !strings.Contains(s, c.want) {
			t.Errorf("ParseTime(%q, %v) = %s, want %s", c.in, c.endOfDay, s, c.want)
		}
	}
}

func TestSerialTime(t *testing.T) {
	for _, c := range []struct {
		in                 string
		date1904, endOfDay bool
		want               string
	}{
		{"45107", false, false, "2023-06-30 00:00:00"},
		{"45107", false, true, "2023-06-30 23:59:59"},
		{"45107.979166666664", false, true, "2023-06-30 23:30:00"},
		{"43645.5", true, false, "2023-06-30 12:00:00"},
	} {
		got, err := serialTime(c.in, c.date1904, c.endOfDay)
		if s := got.In(period.Location).Format("2006-01-02 15:04:05"); err != nil || s != c.want || got.Location() != period.Location {
			t.Errorf("serialTime(%q) = %s, %v; want %s", c.in, s, err, c.want)
		}
	}
	for _, in := range []string{"20230630", "20230630233000", "30/06/2023", "-1", "0", "NaN", "1e10", "abc"} {
		if got, err := serialTime(in, false, false); err == nil {
			t.Errorf("serialTime(%q) = %s, want no spreadsheet date", in, got)
		}
	}
}

func TestHeaders(t *testing.T) {
	for in, want := range map[string]string{
		"MaHoSo": "MaHoSo", "Mã hồ sơ": "MaHoSo", "MA_HO_SO": "MaHoSo", " mã  Hồ Sơ ": "MaHoSo", "code": "MaHoSo",
		"Mã TTHC": "MaTTHC", "procedure.code": "MaTTHC", "Mã đơn vị": "MaDonVi", "unitCode": "MaDonVi",
		"Kênh thực hiện": "KenhThucHien", "channel": "KenhThucHien", "Trạng thái hồ sơ": "TrangThaiHoSo", "STATUS": "TrangThaiHoSo",
		"Ngày tiếp nhận": "NgayTiepNhan", "received_at": "NgayTiepNhan", "Ngày hẹn trả": "NgayHenTra", "dueAt": "NgayHenTra",
		"Ngày kết thúc xử lý": "NgayKetThucXuLy", "finishedAt": "NgayKetThucXuLy",
		// Decomposed accents (NFD) as some systems write them.
		"Ma\u0303 ho\u0302\u0300 so\u031b": "MaHoSo",
	} {
		col, ok := byKey[headerKey(in)]
		if !ok || Columns[col].Portal != want {
			t.Errorf("header %q is not %s", in, want)
		}
	}
	for _, in := range []string{"Chủ hồ sơ", "Mã", "", "Ngày", strings.Repeat("MaHoSo", 100)} {
		if col, ok := byKey[headerKey(in)]; ok {
			t.Errorf("header %q names %s", in, Columns[col].Portal)
		}
	}
}

// TestParse reads files as spreadsheet programs and the portal write them.
func TestParse(t *testing.T) {
	for _, c := range []struct {
		name, file string
		want       []string // the rows read, as line:code:status:received
		problems   []string // line field: message start
	}{
		{"portal", "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan\nA,1.001193,2,9,20230630233000\n",
			[]string{"2:A:RESOLVED:2023-06-30 23:30"}, nil},
		{"excel vietnamese: semicolons, byte-order mark, title, blank line, CRLF",
			"\xEF\xBB\xBFDANH SÁCH HỒ SƠ;;;;\r\n\r\nMã hồ sơ;Mã TTHC;Kênh thực hiện;Trạng thái hồ sơ;Ngày tiếp nhận\r\nA;1.001193;2;9;30/06/2023 23:30\r\n\r\nB;1.001193;1;2;01/07/2023 08:00\r\n",
			[]string{"4:A:RESOLVED:2023-06-30 23:30", "6:B:RECEIVED:2023-07-01 08:00"}, nil},
		{"tabs", "MaHoSo\tMaTTHC\tKenhThucHien\tTrangThaiHoSo\tNgayTiepNhan\nA\t1.001193\t2\t9\t30/06/2023\n",
			[]string{"2:A:RESOLVED:2023-06-30 00:00"}, nil},
		{"cchc's export: names over titles", "code,procedure.code,channel,status,receivedAt\nMã hồ sơ,Mã thủ tục,Kênh,Trạng thái,Ngày tiếp nhận\nA,1.001193,ONLINE,RESOLVED,2023-06-30T23:30:00+07:00\n",
			[]string{"3:A:RESOLVED:2023-06-30 23:30"}, nil},
		{"a quoted value over two lines", "GhiChu,MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan\n\"một\ndòng\",A,1.001193,2,9,30/06/2023\nx,B,1.001193,2,9,30/06/2023\n",
			[]string{"2:A:RESOLVED:2023-06-30 00:00", "4:B:RESOLVED:2023-06-30 00:00"}, nil},
		{"short rows", "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra\nA,1.001193,2,2,30/06/2023\n",
			[]string{"2:A:RECEIVED:2023-06-30 00:00"}, nil},
		{"every cell wrong", "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,MaDonVi\n,,7,1,x,y,Tái Sơn\n", nil, []string{
			"2 code: MaHoSo: is required", "2 procedureCode: MaTTHC: is required", "2 unitCode: MaDonVi: \"Tái Sơn\" is not a unit code",
			"2 channel: KenhThucHien: \"7\" is not a channel", "2 status: TrangThaiHoSo: code 1 (Mới đăng ký",
			"2 receivedAt: NgayTiepNhan: \"x\" is not a date", "2 dueAt: NgayHenTra: \"y\" is not a date",
		}},
		{"title rows only", strings.Repeat("DANH SÁCH\n", 25), nil, []string{"1 file: no header row naming the columns"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(c.file))
			if err != nil {
				t.Fatal(err)
			}
			var rows, problems []string
			for _, r := range f.Rows {
				if !r.bad {
					rows = append(rows, fmt.Sprintf("%d:%s:%s:%s", r.Line, r.Code, r.Status, r.ReceivedAt.In(period.Location).Format("2006-01-02 15:04")))
				}
			}
			for _, p := range f.Problems {
				problems = append(problems, fmt.Sprintf("%d %s: %s", p.Line, p.Field, p.Message))
			}
			if strings.Join(rows, "|") != strings.Join(c.want, "|") {
				t.Errorf("rows %q, want %q", rows, c.want)
			}
			if len(problems) != len(c.problems) {
				t.Fatalf("problems %q, want %q", problems, c.problems)
			}
			for i := range problems {
				if !strings.HasPrefix(problems[i], c.problems[i]) {
					t.Errorf("problem %q, want %q…", problems[i], c.problems[i])
				}
			}
		})
	}
}

// TestParseLimits: past MaxProblems problems are counted, not listed; past
// MaxRows dossiers the file is refused.
func TestParseLimits(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan\n")
	for range MaxProblems + 10 {
		b.WriteString("A,1.001193,9,2,30/06/2023\n")
	}
	f, _ := Parse(&b)
	if len(f.Problems) != MaxProblems || f.Omitted != 10 {
		t.Errorf("%d problems listed and %d counted, want %d and 10", len(f.Problems), f.Omitted, MaxProblems)
	}
	b.Reset()
	b.WriteString("MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan\n")
	for i := range MaxRows + 1 {
		fmt.Fprintf(&b, "A%d,1,2,2,20230630\n", i)
	}
	f, _ = Parse(&b)
	if !f.Fatal || len(f.Problems) != 1 || f.Problems[0].Code != "LIMIT_EXCEEDED" || f.Problems[0].Line != MaxRows+2 {
		t.Errorf("a file of %d rows: %+v", MaxRows+1, f.Problems)
	}
}

// FuzzParseCSV: whatever the bytes, Parse neither panics nor fails, keeps its
// bounds, and every row it reads whole holds valid values.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy\nA,1.001193,2,9,30/06/2023 23:30,20230701170000,2023-06-30T23:45:00+07:00\n"))
	f.Add([]byte("\xEF\xBB\xBFMã hồ sơ;Mã TTHC;Kênh;Trạng thái hồ sơ;Ngày tiếp nhận\r\n\"A;\"\"B\";1;3;10;1/1/2024\r\n"))
	f.Add([]byte("code\tprocedureCode\tchannel\tstatus\treceivedAt\tunitCode\nA\tB\tONLINE\tRESOLVED\t2024-01-01\t11098\n"))
	f.Add([]byte("MaHoSo,MaHoSo\n\"unterminated\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("Parse failed on bytes in memory: %v", err)
		}
		if len(file.Problems) > MaxProblems || len(file.Rows) > MaxRows {
			t.Fatalf("%d problems, %d rows", len(file.Problems), len(file.Rows))
		}
		for _, p := range file.Problems {
			if p.Code == "" || p.Message == "" || p.Line < 0 || len(p.Message) > 2000 {
				t.Fatalf("problem %+v", p)
			}
		}
		last := 0
		for _, r := range file.Rows {
			if r.Line <= last {
				t.Fatalf("row of line %d after line %d", r.Line, last)
			}
			last = r.Line
			if r.bad {
				continue
			}
			if r.Code == "" || len(r.Code) > maxCodeLen || r.ProcedureCode == "" || dossier.StatusValidator(r.Status) != nil ||
				dossier.ChannelValidator(r.Channel) != nil || r.ReceivedAt.IsZero() || strings.TrimSpace(r.Code) != r.Code {
				t.Fatalf("row %+v", r)
			}
			for _, at := range []*time.Time{&r.ReceivedAt, r.DueAt, r.FinishedAt} {
				if at != nil && (at.Year() < firstYear-1 || at.Year() > lastYear+1) {
					t.Fatalf("time %s", at)
				}
			}
		}
	})
}
