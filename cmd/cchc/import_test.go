package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cchc/ent/privacy"
	"cchc/internal/apitest"
	"cchc/internal/demo"
)

// TestImportCommand imports a file into the embedded database as a commune
// officer, again as a dry run, then a file it refuses.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	url := "file:" + filepath.Join(dir, "cchc.db")
	env := apitest.Open(t, url)
	if _, err := demo.Load(privacy.DecisionContext(context.Background(), privacy.Allow), env.DB.Client); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", url)
	t.Setenv("CCHC_JWT_SECRET", "")
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.csv", "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy\n"+
		"CLI-1,1.001193,2,10,02/03/2023 08:15:00,03/03/2023 17:00:00,02/03/2023 16:00:00\n"+
		"CLI-2,1.000894,1,4,20230306091500,20230309170000,\n")
	importCmd := func(args ...string) (map[string]any, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"import", "dossiers"}, args...), &out, slog.New(slog.DiscardHandler))
		var res map[string]any
		if out.Len() > 0 {
			if jerr := json.Unmarshal(out.Bytes(), &res); jerr != nil {
				t.Fatalf("not JSON: %s", out.Bytes())
			}
		}
		return res, err
	}
	res, err := importCmd(good, "--unit", "11098")
	if err != nil || res["created"] != 2.0 {
		t.Fatalf("import: %v %v", res, err)
	}
	res, err = importCmd("--dry-run", "--unit", "11098", good)
	if err != nil || res["unchanged"] != 2.0 || res["dryRun"] != true {
		t.Fatalf("dry run: %v %v", res, err)
	}
	bad := write("bad.csv", "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan\nCLI-3,1.001193,2,1,02/03/2023\n")
	res, err = importCmd(bad, "--unit", "11098")
	if err == nil || !strings.Contains(err.Error(), "refused, nothing imported: 1 problems") || len(res["errors"].([]any)) != 1 {
		t.Fatalf("a refused file: %v %v", res, err)
	}
	if _, err := importCmd(good); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Fatalf("without --unit: %v", err)
	}
	var n int
	env.DB.SQL.QueryRow("SELECT COUNT(*) FROM dossiers WHERE code LIKE 'CLI-%'").Scan(&n)
	if n != 2 {
		t.Errorf("%d dossiers imported, want 2", n)
	}
}
