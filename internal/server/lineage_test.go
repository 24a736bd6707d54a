package server_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apitest"
	"cchc/internal/period"
	"cchc/internal/viewer"
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := period.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// otherProvince creates, past the privacy rules, a second province (31)
// with a district (303) and a commune (11311) under it, and returns their IDs.
func otherProvince(t *testing.T, env *apitest.Env) (province, district, commune int) {
	t.Helper()
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	c := env.DB.Client
	p, err := c.Unit.Create().SetCode("31").SetName("Hải Phòng").SetLevel(unit.LevelPROVINCE).SetKind(unit.KindCENTRAL_CITY).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Unit.Create().SetCode("303").SetName("Thủy Nguyên").SetLevel(unit.LevelDISTRICT).SetKind(unit.KindRURAL_DISTRICT).SetParentID(p.ID).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := c.Unit.Create().SetCode("11311").SetName("Lập Lễ").SetLevel(unit.LevelCOMMUNE).SetKind(unit.KindCOMMUNE).SetParentID(d.ID).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return p.ID, d.ID, cm.ID
}

// unitVersion reads the version of the unit with code as the province officer sees it.
func unitVersion(t *testing.T, env *apitest.Env, token, code string) int {
	t.Helper()
	var out struct {
		Units struct {
			Edges []struct{ Node struct{ Version int } }
		}
	}
	env.OK(t, token, `query($c: String!) { units(where: {code: $c}) { edges { node { version } } } }`, map[string]any{"c": code}, &out)
	if len(out.Units.Edges) != 1 {
		t.Fatalf("unit %s: %+v", code, out)
	}
	return out.Units.Edges[0].Node.Version
}

const updateUnit = `mutation($id: ID!, $v: Int!, $in: UpdateUnitInput!) { updateUnit(id: $id, version: $v, input: $in) { id mergedInto { code } validTo } }`

// TestUnitMergers: a merger joins units of the same level in the same
// province, in no cycle, never a unit with itself, and needs the merged
// unit's validTo; otherwise BAD_USER_INPUT naming mergedIntoID or validTo,
// and nothing is written. The province merged into one of its communes (so
// that the commune's officers would read the whole province) is refused.
func TestUnitMergers(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		_, otherDistrict, otherCommune := otherProvince(t, env)
		id := func(code string) string { return strconv.Itoa(env.UnitID(t, code)) }
		merge := func(code string, in map[string]any) *apitest.Response {
			return env.Do(t, province, updateUnit, map[string]any{"id": id(code), "v": unitVersion(t, env, province, code), "in": in})
		}
		refused := func(t *testing.T, r *apitest.Response, field, message string) {
			t.Helper()
			if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != field || r.Errors[0].Message != message {
				t.Fatalf("want BAD_USER_INPUT %s %q, got %d %+v", field, message, r.Status, r.Errors)
			}
		}
		for _, c := range []struct {
			name, code string
			in         map[string]any
			field, msg string
		}{
			{"a province into one of its communes", "30", map[string]any{"mergedIntoID": id("11098"), "validTo": "2025-07-01"},
				"mergedIntoID", "mergedIntoID: a PROVINCE cannot be merged into a COMMUNE: a merger joins units of the same level"},
			{"a commune into its district", "11095", map[string]any{"mergedIntoID": id("298"), "validTo": "2025-07-01"},
				"mergedIntoID", "mergedIntoID: a COMMUNE cannot be merged into a DISTRICT: a merger joins units of the same level"},
			{"a district into a commune", "297", map[string]any{"mergedIntoID": id("11098"), "validTo": "2025-07-01"},
				"mergedIntoID", "mergedIntoID: a DISTRICT cannot be merged into a COMMUNE: a merger joins units of the same level"},
			{"a commune into itself", "11095", map[string]any{"mergedIntoID": id("11095"), "validTo": "2025-07-01"},
				"mergedIntoID", "mergedIntoID: a unit cannot be merged into itself"},
			{"without validTo", "11095", map[string]any{"mergedIntoID": id("11101")},
				"validTo", "validTo: is required when mergedIntoID is set: the first date on which the merged unit no longer exists"},
			// Out of the caller's sight: refused as a unit that does not exist.
			{"a commune into another province's", "11095", map[string]any{"mergedIntoID": strconv.Itoa(otherCommune), "validTo": "2025-07-01"},
				"mergedIntoID", ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := merge(c.code, c.in)
				if c.msg == "" {
					if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field {
						t.Fatalf("want BAD_USER_INPUT %s, got %+v", c.field, r.Errors)
					}
				} else {
					refused(t, r, c.field, c.msg)
				}
				if v := unitVersion(t, env, province, c.code); v != 1 {
					t.Errorf("unit %s written: version %d", c.code, v)
				}
			})
		}

		// The data layer refuses another province's unit to any writer, an operator's command included.
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		for name, q := range map[string]*ent.UnitUpdateOne{
			"commune":  env.DB.Client.Unit.UpdateOneID(env.UnitID(t, "11095")).SetMergedIntoID(otherCommune).SetValidTo(mustDate(t, "2025-07-01")),
			"district": env.DB.Client.Unit.UpdateOneID(env.UnitID(t, "297")).SetMergedIntoID(otherDistrict).SetValidTo(mustDate(t, "2025-07-01")),
		} {
			if err := q.Exec(ctx); err == nil || err.Error() != "mergedIntoID: a merger joins units of the same province" {
				t.Errorf("a %s merged into another province's: %v", name, err)
			}
		}

		// Tứ Xuyên into Quang Phục, both of Tứ Kỳ: accepted.
		var out struct {
			UpdateUnit struct {
				MergedInto struct{ Code string }
				ValidTo    string
			}
		}
		env.OK(t, province, updateUnit, map[string]any{"id": id("11095"), "v": 1, "in": map[string]any{"mergedIntoID": id("11101"), "validTo": "2025-07-01"}}, &out)
		if out.UpdateUnit.MergedInto.Code != "11101" || out.UpdateUnit.ValidTo != "2025-07-01" {
			t.Fatalf("merger: %+v", out)
		}
		// Back again: a cycle.
		refused(t, merge("11101", map[string]any{"mergedIntoID": id("11095"), "validTo": "2025-07-01"}),
			"mergedIntoID", "mergedIntoID: the unit 11095 is already merged, directly or not, into this unit: mergers cannot form a cycle")
		// Through a third: Tái Sơn into Tứ Xuyên, then Quang Phục into Tái Sơn.
		env.OK(t, province, updateUnit, map[string]any{"id": id("11098"), "v": 1, "in": map[string]any{"mergedIntoID": id("11095"), "validTo": "2025-07-01"}}, nil)
		refused(t, merge("11101", map[string]any{"mergedIntoID": id("11098"), "validTo": "2025-07-01"}),
			"mergedIntoID", "mergedIntoID: the unit 11098 is already merged, directly or not, into this unit: mergers cannot form a cycle")
		// The merged unit's validTo stays while it is merged.
		refused(t, merge("11095", map[string]any{"clearValidTo": true}),
			"validTo", "validTo: is required when mergedIntoID is set: the first date on which the merged unit no longer exists")
		// A unit merged into cannot change level, nor move to another province.
		refused(t, merge("11101", map[string]any{"level": "DISTRICT", "kind": "RURAL_DISTRICT", "parentID": id("30")}),
			"level", "level: units of level COMMUNE are merged into this unit: it must stay a COMMUNE")
	})
}

// TestMergedUnitTakesNoLaterRecords: once a unit's validity ends (validTo,
// the first local date on which it no longer exists), a dossier received, a
// feedback received or a plan issued at it on or after that date is refused
// as BAD_USER_INPUT naming the date field; the day before is accepted.
func TestMergedUnitTakesNoLaterRecords(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		officer := env.Token(t, viewer.CommuneOfficer, "11095")
		unitID := strconv.Itoa(env.UnitID(t, "11095"))
		var procs struct {
			Procedures struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, officer, `{ procedures(first: 1) { edges { node { id } } } }`, nil, &procs)
		proc := procs.Procedures.Edges[0].Node.ID
		env.OK(t, province, updateUnit, map[string]any{"id": unitID, "v": 1,
			"in": map[string]any{"mergedIntoID": strconv.Itoa(env.UnitID(t, "11101")), "validTo": "2025-07-01"}}, nil)

		const createDossier = `mutation($in: CreateDossierInput!) { createDossier(input: $in) { id version } }`
		dossier := func(code, received string) map[string]any {
			return map[string]any{"in": map[string]any{"code": code, "channel": "DIRECT", "unitID": unitID, "procedureID": proc, "receivedAt": received}}
		}
		const late = "receivedAt: must be before 2025-07-01: the unit no longer exists from that date (validTo), after a merger or dissolution"
		for name, received := range map[string]string{
			"on validTo":                 "2025-07-01T00:00:00+07:00",
			"on validTo, written in UTC": "2025-06-30T17:00:00Z",
			"after validTo":              "2025-08-15T09:00:00+07:00",
		} {
			t.Run(name, func(t *testing.T) {
				e := env.Fail(t, officer, createDossier, dossier("LATE-"+name, received), "BAD_USER_INPUT")
				if e.Extensions["field"] != "receivedAt" || e.Message != late {
					t.Fatalf("got %+v", e)
				}
			})
		}
		var created struct{ CreateDossier struct{ ID string } }
		env.OK(t, officer, createDossier, dossier("LAST-DAY", "2025-06-30T23:59:00+07:00"), &created)
		// Moved to a later day by an update: refused too.
		e := env.Fail(t, officer, `mutation($id: ID!) { updateDossier(id: $id, version: 1, input: {receivedAt: "2025-07-02T08:00:00+07:00"}) { id } }`,
			map[string]any{"id": created.CreateDossier.ID}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "receivedAt" || e.Message != late {
			t.Fatalf("update: %+v", e)
		}
		// Quang Phục, which took Tứ Xuyên in, takes later dossiers.
		env.OK(t, env.Token(t, viewer.CommuneOfficer, "11101"), createDossier, map[string]any{"in": map[string]any{"code": "AFTER-MERGER", "channel": "DIRECT",
			"unitID": strconv.Itoa(env.UnitID(t, "11101")), "procedureID": proc, "receivedAt": "2025-07-01T08:00:00+07:00"}}, nil)

		e = env.Fail(t, officer, `mutation($in: CreateFeedbackInput!) { createFeedback(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"unitID": unitID, "receivedAt": "2025-07-01T08:00:00+07:00", "content": "Phản ánh"}}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "receivedAt" || e.Message != late {
			t.Fatalf("feedback: %+v", e)
		}
		env.OK(t, officer, `mutation($in: CreateFeedbackInput!) { createFeedback(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"unitID": unitID, "receivedAt": "2025-06-30T08:00:00+07:00", "content": "Phản ánh"}}, nil)

		const createPlan = `mutation($in: CreateReformPlanInput!) { createReformPlan(input: $in) { id } }`
		e = env.Fail(t, officer, createPlan, map[string]any{"in": map[string]any{"unitID": unitID, "year": 2025, "title": "Kế hoạch", "area": "DIRECTION", "issuedOn": "2025-07-01"}}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "issuedOn" || e.Message != "issuedOn: must be before 2025-07-01: the unit no longer exists from that date (validTo), after a merger or dissolution" {
			t.Fatalf("plan: %+v", e)
		}
		env.OK(t, officer, createPlan, map[string]any{"in": map[string]any{"unitID": unitID, "year": 2025, "title": "Kế hoạch", "area": "DIRECTION", "issuedOn": "2025-06-30"}}, nil)
	})
}
