package loadtest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cchc/internal/apitest"
	"cchc/internal/loadtest"
	"cchc/internal/tally"
	"cchc/internal/viewer"
)

// TestSoak drives the real handler over the demonstration data, on each
// database, with the soak's mix of reads and writes for a few seconds: no
// answer blames the server, every operation succeeds, and every write
// acknowledged reads back as acknowledged, also in SQL; the monthly tally
// still agrees with the dossiers. A record that was never written is
// reported missing.
func TestSoak(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		ctx := context.Background()
		cfg := loadtest.SoakConfig{
			URL:         env.Server.URL + "/graphql",
			Tokens:      []string{env.Token(t, viewer.CommuneOfficer, "11098"), env.Token(t, viewer.CommuneOfficer, "11101")},
			Concurrency: 6,
			Duration:    8 * time.Second,
			Writes:      0.4,
			Seed:        1,
			Prefix:      "SOAKTEST",
		}
		res, err := loadtest.Soak(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := loadtest.Verify(ctx, cfg, res); err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		res.Print(&out)
		t.Log("\n" + out.String())
		if res.ServerErrors > 0 || len(res.Missing) > 0 || len(res.Unacknowledged) > 0 {
			t.Errorf("%d server errors, %d acknowledged records missing, %d creations not acknowledged", res.ServerErrors, len(res.Missing), len(res.Unacknowledged))
		}
		for _, op := range []string{"dashboard", "dossier-list", "aggregate", "indicators", "create-dossier", "update-dossier", "create-feedback"} {
			if res.OKByOp[op] == 0 || res.OKByOp[op] != res.ByOp[op] {
				t.Errorf("%s: %d of %d succeeded", op, res.OKByOp[op], res.ByOp[op])
			}
		}
		// The acknowledged creations are in the tables, once each.
		created := map[string]int{}
		for _, w := range res.Acknowledged {
			created[w.Type]++
		}
		for typ, q := range map[string]string{
			"Dossier":  `SELECT COUNT(*) FROM dossiers WHERE code LIKE 'SOAKTEST-%'`,
			"Feedback": `SELECT COUNT(*) FROM feedbacks WHERE content LIKE 'SOAKTEST-%'`,
		} {
			var n int
			if err := env.DB.SQL.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != created[typ] {
				t.Errorf("%d %s rows written, %d acknowledged", n, typ, created[typ])
			}
		}
		if err := tally.Verify(ctx, env.DB.SQL); err != nil {
			t.Error(err)
		}
		// Verify finds what is not there.
		res.Acknowledged = append(res.Acknowledged, &loadtest.Write{Type: "Dossier", ID: "1", Key: "SOAKTEST-never", Status: "RECEIVED"})
		if err := loadtest.Verify(ctx, cfg, res); err != nil {
			t.Fatal(err)
		}
		if len(res.Missing) != 1 || res.Missing[0].Key != "SOAKTEST-never" {
			t.Errorf("missing: %+v", res.Missing)
		}
	})
}
