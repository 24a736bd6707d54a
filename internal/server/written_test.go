package server_test

import (
	"context"
	"encoding/json"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/tally"
	"cchc/internal/viewer"
)

// TestWrittenRows: the server keeps the dossiers it last wrote
// (internal/written), so that an update made against the version it wrote
// does not read the row first. The row kept must answer exactly as the
// stored row would: a stale version is CONFLICT, a change made elsewhere is
// not overwritten, a caller out of scope gets NOT_FOUND, and the audit trail
// and the tally start from the row as it was.
func TestWrittenRows(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		var ids struct {
			Units struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Procedures struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, env.Token(t, viewer.ProvinceOfficer, "30"), `{ units(where: {code: "11098"}) { edges { node { id } } } procedures(first: 1) { edges { node { id } } } }`, nil, &ids)
		var created struct{ CreateDossier struct{ ID string } }
		env.OK(t, taiSon, `mutation($input: CreateDossierInput!) { createDossier(input: $input) { id } }`,
			map[string]any{"input": dossierInput(ids.Units.Edges[0].Node.ID, ids.Procedures.Edges[0].Node.ID, "WRITTEN-1")}, &created)
		id := created.CreateDossier.ID
		const update = `mutation($id: ID!, $v: Int!, $in: UpdateDossierInput!) { updateDossier(id: $id, version: $v, input: $in) { version status } }`
		// statements runs an update that must succeed and counts its statements.
		statements := func(v int, in map[string]any) int64 {
			t.Helper()
			before := env.Statements()
			env.OK(t, taiSon, update, map[string]any{"id": id, "v": v, "in": in}, nil)
			return env.Statements() - before
		}
		read := statements(1, map[string]any{"status": "IN_PROGRESS"})              // the row created: read
		kept := statements(2, map[string]any{"dueAt": "2023-07-04T17:00:00+07:00"}) // the row updated: kept
		if kept != read-1 {
			t.Errorf("an update of the row this server wrote ran %d statements, one that read it %d: want one fewer", kept, read)
		}

		// Out of the caller's scope: as for a row it cannot read.
		env.Fail(t, env.Token(t, viewer.CommuneOfficer, "11023"), update, map[string]any{"id": id, "v": 3, "in": map[string]any{"status": "RESOLVED"}}, "NOT_FOUND")
		// A version other than the row's.
		env.Fail(t, taiSon, update, map[string]any{"id": id, "v": 2, "in": map[string]any{"status": "RESOLVED"}}, "CONFLICT")
		// Changed elsewhere (another server): the row kept is stale, the update refused.
		if _, err := env.DB.SQL.Exec(env.DB.Rebind(`UPDATE dossiers SET status = 'SUPPLEMENT_REQUESTED', version = version + 1 WHERE id = ?`), id); err != nil {
			t.Fatal(err)
		}
		e := env.Fail(t, taiSon, update, map[string]any{"id": id, "v": 3, "in": map[string]any{"status": "RESOLVED", "finishedAt": "2023-07-02T10:00:00+07:00"}}, "CONFLICT")
		if e.Extensions["actual"] != json.Number("4") && e.Extensions["actual"] != float64(4) {
			t.Errorf("CONFLICT should name the stored version 4: %+v", e)
		}
		var out struct{ UpdateDossier struct{ Status string } }
		env.OK(t, taiSon, update, map[string]any{"id": id, "v": 4, "in": map[string]any{"status": "RESOLVED", "finishedAt": "2023-07-02T10:00:00+07:00"}}, &out)
		if out.UpdateDossier.Status != "RESOLVED" {
			t.Fatalf("after reading it again: %+v", out)
		}

		// The audit trail's before values are the stored row's, kept or read.
		var audit struct {
			AuditEntries struct {
				Edges []struct {
					Node struct {
						Before, After map[string]any
					}
				}
			}
		}
		env.OK(t, env.Token(t, viewer.ProvinceOfficer, "30"), `query($id: ID!) { auditEntries(where: {recordID: $id}, orderBy: {field: AT, direction: ASC}) { edges { node { before after } } } }`, map[string]any{"id": id}, &audit)
		edges := audit.AuditEntries.Edges
		if len(edges) != 4 {
			t.Fatalf("want 4 entries (create, 3 updates), got %+v", edges)
		}
		if b := edges[2].Node.Before; b["dueAt"] == nil || b["dueAt"] == edges[2].Node.After["dueAt"] {
			t.Errorf("the update from the row kept: before %v, after %v", b, edges[2].Node.After)
		}
		if b := edges[3].Node.Before; b["status"] != "SUPPLEMENT_REQUESTED" {
			t.Errorf("the update after a change elsewhere starts from that change: before %v", b)
		}
		// The change by SQL moved the dossier between two open statuses,
		// which the tally does not tell apart: it must still be exact.
		if err := tally.Verify(context.Background(), env.DB.SQL); err != nil {
			t.Error(err)
		}
	})
}
