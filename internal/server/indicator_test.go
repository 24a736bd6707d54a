package server_test

import (
	"encoding/json"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

const indicatorsQuery = `query($units: [String!], $under: String, $level: UnitLevel) {
  indicators(period: {year: 2023, kind: HALF_YEAR, index: 1}, units: $units, under: $under, level: $level) {
    unit { code }
    period { title start end }
    dossiers { carriedOver receivedInPeriod online direct postal total resolved early onTime late
      pending pendingWithinDeadline pendingOverdue otherClosed onTimeRate onlineRate }
    staffing { quota { canBo congChuc total } serving { canBo congChuc partTime villagePartTime contract total }
      contractInCongChucPosts partTimeCommune partTimeVillage partyMembers { canBo congChuc }
      politicalTheory { category level count } education { category level count } }
    plans { issued issuedByArea { area count } tasksDue tasksDoneOnTime tasksDoneLate tasksOverdue tasksOpen }
    feedback { received resolved resolvedOnTime }
    budget { revenueEstimate revenueActual expenditureEstimate expenditureActual revenueExecutionRate approvedOn publishedOn }
    findings { code message }
  }
}`

type indicatorsAnswer struct {
	Indicators []struct {
		Unit     struct{ Code string }
		Period   struct{ Title, Start, End string }
		Dossiers struct {
			CarriedOver, ReceivedInPeriod, Online, Direct, Postal, Total, Resolved, Early, OnTime, Late int
			Pending, PendingWithinDeadline, PendingOverdue, OtherClosed                                 int
			OnTimeRate, OnlineRate                                                                      *float64
		}
		Staffing struct {
			Quota                                                     *struct{ CanBo, CongChuc, Total int }
			Serving                                                   struct{ CanBo, CongChuc, PartTime, VillagePartTime, Contract, Total int }
			ContractInCongChucPosts, PartTimeCommune, PartTimeVillage int
			PartyMembers                                              struct{ CanBo, CongChuc int }
			PoliticalTheory, Education                                []struct {
				Category, Level string
				Count           int
			}
		}
		Plans struct {
			Issued       int
			IssuedByArea []struct {
				Area  string
				Count int
			}
		}
		Findings []struct{ Code, Message string }
	}
}

func count(levels []struct {
	Category, Level string
	Count           int
}, category, level string) int {
	for _, l := range levels {
		if l.Category == category && l.Level == level {
			return l.Count
		}
	}
	return 0
}

// TestTaiSonFirstHalf2023 computes every figure DOMAIN.md lists from the
// demonstration records, and the findings the source report calls for.
func TestTaiSonFirstHalf2023(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		for _, tok := range []string{
			env.Token(t, viewer.CommuneOfficer, "11098"),
			env.Token(t, viewer.DistrictOfficer, "298"),
			env.Token(t, viewer.ScoringService, "30"),
		} {
			var got indicatorsAnswer
			env.OK(t, tok, indicatorsQuery, map[string]any{"units": []string{"11098"}}, &got)
			if len(got.Indicators) != 1 {
				t.Fatalf("got %+v", got)
			}
			in := got.Indicators[0]
			if in.Period.Title != "6 tháng đầu năm 2023" || in.Period.Start != "2023-01-01" || in.Period.End != "2023-07-01" {
				t.Errorf("period %+v", in.Period)
			}
			d := in.Dossiers
			want := [...]int{8, 404, 381, 23, 412, 403, 381, 17, 5, 4, 4, 0, 5}
			have := [...]int{d.CarriedOver, d.ReceivedInPeriod, d.Online, d.Direct + d.Postal, d.Total, d.Resolved, d.Early, d.OnTime, d.Late, d.Pending, d.PendingWithinDeadline, d.PendingOverdue, d.OtherClosed}
			if have != want {
				t.Errorf("dossiers %v, want %v", have, want)
			}
			if d.OnTimeRate == nil || *d.OnTimeRate != 398.0/403 || d.OnlineRate == nil || *d.OnlineRate != 381.0/404 {
				t.Errorf("rates %v %v", d.OnTimeRate, d.OnlineRate)
			}
			s := in.Staffing
			if s.Quota == nil || s.Quota.CanBo != 10 || s.Quota.CongChuc != 8 || s.Quota.Total != 18 {
				t.Errorf("quota %+v", s.Quota)
			}
			if s.Serving.CanBo != 9 || s.Serving.CongChuc != 8 || s.ContractInCongChucPosts != 0 || s.PartTimeCommune+s.PartTimeVillage != 32 {
				t.Errorf("serving %+v", s)
			}
			if s.PartyMembers.CanBo != 9 || s.PartyMembers.CongChuc != 8 {
				t.Errorf("party members %+v", s.PartyMembers)
			}
			for _, c := range []struct {
				category, level string
				theory          bool
				want            int
			}{
				{"CAN_BO", "TRUNG_CAP", true, 8}, {"CAN_BO", "SO_CAP", true, 1}, {"CONG_CHUC", "TRUNG_CAP", true, 5}, {"CONG_CHUC", "SO_CAP", true, 3},
				{"CAN_BO", "DAI_HOC", false, 8}, {"CAN_BO", "UNTRAINED", false, 1}, {"CONG_CHUC", "DAI_HOC", false, 8},
			} {
				list := s.Education
				if c.theory {
					list = s.PoliticalTheory
				}
				if n := count(list, c.category, c.level); n != c.want {
					t.Errorf("%s %s: %d, want %d", c.category, c.level, n, c.want)
				}
			}
			if in.Plans.Issued == 0 || len(in.Plans.IssuedByArea) < 5 {
				t.Errorf("plans issued in H1 2023 by area: %+v", in.Plans)
			}
			codes := map[string]bool{}
			for _, f := range in.Findings {
				codes[f.Code] = true
			}
			if !codes["DOSSIERS_OTHER_CLOSED"] || !codes["REPORT_DENIES_OVERDUE"] {
				t.Errorf("findings %+v", in.Findings)
			}
		}
	})
}

// TestDistrictSumsItsCommunes: a district's figures are the sums of its
// communes', with rates recomputed from the sums, in a bounded number of statements.
func TestDistrictSumsItsCommunes(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		var communes, district struct {
			Indicators []struct {
				Unit     struct{ Code string }
				Dossiers map[string]any
			}
		}
		const q = `query($units: [String!], $under: String, $level: UnitLevel) { indicators(period: {year: 2023, kind: YEAR, index: 1}, units: $units, under: $under, level: $level) {
  unit { code } dossiers { total resolved early onTime online receivedInPeriod onTimeRate } } }`
		before := env.Statements()
		env.OK(t, tok, q, map[string]any{"under": "30", "level": "COMMUNE"}, &communes)
		all := env.Statements() - before
		env.OK(t, tok, q, map[string]any{"units": []string{"298"}}, &district)
		if len(communes.Indicators) != 4 {
			t.Fatalf("4 communes under 30, got %d", len(communes.Indicators))
		}
		sums := map[string]float64{}
		for _, c := range communes.Indicators {
			if c.Unit.Code == "11023" {
				continue // Gia Lộc
			}
			for k, v := range c.Dossiers {
				if f, ok := v.(float64); ok && k != "onTimeRate" {
					sums[k] += f
				}
			}
		}
		d := district.Indicators[0].Dossiers
		for k, v := range sums {
			if d[k].(float64) != v {
				t.Errorf("298 %s = %v, sum of communes %v", k, d[k], v)
			}
		}
		if d["onTimeRate"].(float64) != (sums["early"]+sums["onTime"])/sums["resolved"] {
			t.Errorf("the district's rate must come from the sums: %v", d["onTimeRate"])
		}
		if all > 15 {
			t.Errorf("every commune of the province took %d statements", all)
		}
		raw, _ := json.Marshal(communes)
		t.Logf("%s: %d statements; %s", env.Dialect, all, raw[:80])
	})
}

// TestIndicatorsStayInScope: a commune cannot ask for another unit's figures,
// and its answer is the same as for a unit that does not exist.
func TestIndicatorsStayInScope(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		for _, code := range []string{"11023", "298", "99999"} {
			e := env.Fail(t, tok, indicatorsQuery, map[string]any{"units": []string{code}}, "BAD_USER_INPUT")
			if e.Message != `units: no unit with code "`+code+`"` {
				t.Errorf("%s: %q", code, e.Message)
			}
		}
		var got indicatorsAnswer
		env.OK(t, tok, indicatorsQuery, map[string]any{"under": "11098", "level": "COMMUNE"}, &got)
		if len(got.Indicators) != 1 || got.Indicators[0].Unit.Code != "11098" {
			t.Errorf("under its own unit a commune gets itself: %+v", got)
		}
		env.Fail(t, tok, `{ indicators(period: {year: 2023, kind: QUARTER, index: 5}) { unit { code } } }`, nil, "BAD_USER_INPUT")
	})
}
