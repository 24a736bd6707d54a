package server_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"cchc/ent/privacy"
	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// TestCachedCatalogue: on PostgreSQL the server keeps the procedures a
// dossier may name (internal/rule/catalogue.go), so that a new dossier does
// not count its procedure in the database. A procedure archived by the
// server's own client is refused at once; one archived by SQL as soon as PostgreSQL's
// notification arrives. On SQLite, which has no notifications, nothing is kept.
func TestCachedCatalogue(t *testing.T) {
	for _, d := range []string{dialect.Postgres, dialect.SQLite} {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d, true, apitest.WithCallerCache())
			province := env.Token(t, viewer.ProvinceOfficer, "30")
			taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
			var ids struct {
				Units struct {
					Edges []struct{ Node struct{ ID string } }
				}
				Procedures struct {
					Edges []struct {
						Node struct {
							ID      string
							Version int
						}
					}
				}
			}
			env.OK(t, province, `{ units(where: {code: "11098"}) { edges { node { id } } } procedures(first: 8) { edges { node { id version } } } }`, nil, &ids)
			if len(ids.Units.Edges) != 1 || len(ids.Procedures.Edges) != 8 {
				t.Fatalf("fixture: %+v", ids)
			}
			unit := ids.Units.Edges[0].Node.ID
			var procs []struct {
				ID      string
				Version int
			}
			for _, e := range ids.Procedures.Edges {
				procs = append(procs, e.Node)
			}
			n := 0
			create := func(proc string) *apitest.Response {
				n++
				return env.Do(t, taiSon, createDossier, map[string]any{"input": dossierInput(unit, proc, fmt.Sprintf("CAT-%d", n))})
			}
			// statements runs a creation that must succeed and counts its statements.
			statements := func(proc string) int64 {
				t.Helper()
				before := env.Statements()
				if r := create(proc); len(r.Errors) > 0 {
					t.Fatalf("createDossier: %+v", r.Errors)
				}
				return env.Statements() - before
			}
			refused := func(r *apitest.Response) bool {
				return len(r.Errors) == 1 && r.Errors[0].Extensions["code"] == "BAD_USER_INPUT" && r.Errors[0].Extensions["field"] == "procedureID"
			}

			// Kept: a procedure's second dossier runs one statement fewer
			// than its first, which counted it. (The notifications of the
			// fixture's accounts may still empty the cache at a moment of
			// their own: try other procedures.)
			statements(procs[0].ID) // the caller read and kept
			cached, i := false, 1
			var pairs [][2]int64
			for ; i < len(procs)-1 && !cached; i++ {
				first := statements(procs[i].ID)
				pairs = append(pairs, [2]int64{first, statements(procs[i].ID)})
				cached = pairs[len(pairs)-1][1] == first-1
			}
			if d == dialect.SQLite {
				if cached {
					t.Fatalf("SQLite hears of no change: nothing may be kept, but a procedure's dossiers ran %v statements", pairs)
				}
				return
			}
			if !cached {
				t.Fatalf("a procedure's first and second dossiers ran %v statements: the second counts it again", pairs)
			}
			a, b := procs[i-1], procs[len(procs)-1]

			// Archived by the server's own client (no role writes the
			// catalogue through the API): refused by the very next dossier.
			aid, _ := strconv.Atoi(a.ID)
			if err := env.DB.Client.Procedure.UpdateOneID(aid).SetVersion(a.Version).SetArchivedAt(time.Now()).
				Exec(privacy.DecisionContext(context.Background(), privacy.Allow)); err != nil {
				t.Fatal(err)
			}
			if r := create(a.ID); !refused(r) {
				t.Fatalf("a dossier of a procedure archived through the API: %+v, want BAD_USER_INPUT on procedureID", r.Errors)
			}

			// Archived by SQL: refused once the notification arrives.
			statements(b.ID)
			statements(b.ID)
			if _, err := env.DB.SQL.Exec(`UPDATE procedures SET archived_at = now() WHERE id = $1`, b.ID); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				r := create(b.ID)
				if refused(r) {
					break
				}
				if len(r.Errors) > 0 {
					t.Fatalf("createDossier: %+v", r.Errors)
				}
				if time.Now().After(deadline) {
					t.Fatal("a procedure archived by SQL is still taken 10 s later")
				}
			}
		})
	}
}
