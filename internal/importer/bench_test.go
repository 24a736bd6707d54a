package importer_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"cchc/internal/apitest"
	"cchc/internal/importer"
	"cchc/internal/period"
	"cchc/internal/viewer"
)

// exportOf writes a portal export of n dossiers of Tái Sơn received in 2024,
// their codes starting with prefix: a mix of channels, statuses and procedures.
func exportOf(n int, prefix string) []byte {
	procs := []string{"1.001193", "1.000894", "1.000656", "2.000908", "2.000884", "1.004873"}
	var b bytes.Buffer
	b.WriteString("MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy\r\n")
	start := time.Date(2024, 1, 1, 7, 30, 0, 0, period.Location)
	for i := range n {
		received := start.Add(time.Duration(i) * 5 * time.Minute)
		due := received.Add(72 * time.Hour)
		status, finished := []string{"2", "4", "5", "9", "10", "10", "10", "3"}[i%8], ""
		switch status {
		case "9", "10", "3":
			finished = received.Add(time.Duration(i%96) * time.Hour).Format("20060102150405")
		}
		fmt.Fprintf(&b, "%s-%06d,%s,%d,%s,%s,%s,%s\r\n", prefix, i, procs[i%len(procs)], 1+i%3, status,
			received.Format("02/01/2006 15:04:05"), due.Format("20060102150405"), finished)
	}
	return b.Bytes()
}

// BenchmarkParseCSV reads and checks the cells of 100,000 dossiers.
func BenchmarkParseCSV(b *testing.B) {
	file := exportOf(100_000, "H30.11098-B")
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		f, err := importer.Parse(bytes.NewReader(file))
		if err != nil || len(f.Problems) > 0 || len(f.Rows) != 100_000 {
			b.Fatalf("%v %+v", err, f.Problems)
		}
	}
}

// BenchmarkImport imports 100,000 new dossiers through POST /import/dossiers
// (create), then the same file again (unchanged), on each database.
func BenchmarkImport(b *testing.B) {
	const n = 100_000
	for _, d := range apitest.Dialects() {
		b.Run(d, func(b *testing.B) {
			env := apitest.New(b, d, true)
			tok := env.Token(b, viewer.CommuneOfficer, "11098")
			post := func(file []byte, want string) {
				res, body := env.Post(b, tok, "/import/dossiers", "text/csv", string(file))
				if res.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
					b.Fatalf("HTTP %d: %.500s", res.StatusCode, body)
				}
			}
			var last []byte
			b.Run("create", func(b *testing.B) {
				i := 0
				for b.Loop() {
					b.StopTimer()
					i++
					last = exportOf(n, fmt.Sprintf("H30.11098-B%d", i))
					b.StartTimer()
					post(last, fmt.Sprintf(`"created":%d`, n))
				}
			})
			b.Run("unchanged", func(b *testing.B) {
				for b.Loop() {
					post(last, fmt.Sprintf(`"unchanged":%d`, n))
				}
			})
		})
	}
}
