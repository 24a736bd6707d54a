package server_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"cchc/ent"
	"cchc/ent/dossier"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apitest"
	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/viewer"
)

// Property tests of the dossier figures: random dossiers, their times on and
// around the bounds of periods in Vietnam's time zone, written through ent
// (so the hooks check them) and read back through the real API on both
// databases. For every kind of period, the figures must satisfy the
// identities of DOMAIN.md, a district must equal the sum of its communes and
// the province the sum of all, and every figure must equal what a plain Go
// classification of the same records gives.

const propertyRuns = 20

// propertyPeriods are the periods checked: every period of 2023, and those
// on either side of it.
func propertyPeriods() []period.Period {
	var ps []period.Period
	for _, k := range enum.PeriodKinds {
		n := map[enum.PeriodKind]int{enum.PeriodMonth: 12, enum.PeriodQuarter: 4, enum.PeriodHalfYear: 2}[k]
		for i := 1; i <= max(n, 1); i++ {
			ps = append(ps, period.Period{Year: 2023, Kind: k, Index: i})
		}
	}
	return append(ps,
		period.Period{Year: 2022, Kind: enum.PeriodMonth, Index: 12}, period.Period{Year: 2022, Kind: enum.PeriodHalfYear, Index: 2},
		period.Period{Year: 2022, Kind: enum.PeriodYear, Index: 1}, period.Period{Year: 2024, Kind: enum.PeriodMonth, Index: 1},
		period.Period{Year: 2024, Kind: enum.PeriodQuarter, Index: 1})
}

// record is a random dossier as the Go model sees it.
type record struct {
	unit          string // commune code
	channel       dossier.Channel
	status        dossier.Status
	received      time.Time
	due, finished *time.Time
	archived      bool
}

// figures are the dossier figures of the API.
type figures struct {
	CarriedOver, ReceivedInPeriod, Online, Direct, Postal, Total, Resolved, Early, OnTime, Late int
	Pending, PendingWithinDeadline, PendingOverdue, OtherClosed                                 int
	OnTimeRate, OnlineRate                                                                      *float64
}

func (f *figures) add(g figures) {
	f.CarriedOver += g.CarriedOver
	f.ReceivedInPeriod += g.ReceivedInPeriod
	f.Online += g.Online
	f.Direct += g.Direct
	f.Postal += g.Postal
	f.Total += g.Total
	f.Resolved += g.Resolved
	f.Early += g.Early
	f.OnTime += g.OnTime
	f.Late += g.Late
	f.Pending += g.Pending
	f.PendingWithinDeadline += g.PendingWithinDeadline
	f.PendingOverdue += g.PendingOverdue
	f.OtherClosed += g.OtherClosed
}

func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	r := float64(num) / float64(den)
	return &r
}

func (f *figures) rates() {
	f.OnTimeRate = ratio(f.Early+f.OnTime, f.Resolved)
	f.OnlineRate = ratio(f.Online, f.ReceivedInPeriod)
}

// localDate is the calendar date in Vietnam on which t falls.
func localDate(t time.Time) string { return t.In(period.Location).Format("2006-01-02") }

// expected classifies each record by DOMAIN.md ("Dossier figures for a unit
// and a period"), written anew here in Go, with local dates in period.Location.
// Archived records count nowhere.
func expected(rs []record, p period.Period) (f figures, resolvedWithoutDue int) {
	start, end := p.Start(), p.End()
	before := func(t *time.Time, limit time.Time) bool { return t != nil && t.Before(limit) }
	for _, r := range rs {
		if r.archived {
			continue
		}
		finishedIn := r.finished != nil && !r.finished.Before(start) && r.finished.Before(end)
		if r.received.Before(start) && !before(r.finished, start) {
			f.CarriedOver++
		}
		if !r.received.Before(start) && r.received.Before(end) {
			f.ReceivedInPeriod++
			switch r.channel {
			case dossier.ChannelONLINE:
				f.Online++
			case dossier.ChannelDIRECT:
				f.Direct++
			case dossier.ChannelPOSTAL:
				f.Postal++
			}
		}
		switch r.status {
		case dossier.StatusRESOLVED, dossier.StatusRETURNED:
			if finishedIn {
				f.Resolved++
				switch {
				case r.due == nil:
					resolvedWithoutDue++
				case localDate(*r.finished) < localDate(*r.due):
					f.Early++
				case localDate(*r.finished) == localDate(*r.due):
					f.OnTime++
				default:
					f.Late++
				}
			}
		case dossier.StatusREJECTED, dossier.StatusWITHDRAWN, dossier.StatusSTOPPED:
			if finishedIn {
				f.OtherClosed++
			}
		}
		if r.received.Before(end) && !before(r.finished, end) {
			f.Pending++
			if before(r.due, end) {
				f.PendingOverdue++
			} else {
				f.PendingWithinDeadline++
			}
		}
	}
	f.Total = f.CarriedOver + f.ReceivedInPeriod
	f.rates()
	return f, resolvedWithoutDue
}

// world is one run's province: districts with communes, communes directly
// under the province, and random dossiers.
type world struct {
	province  string
	districts map[string][]string // district → its communes
	direct    []string            // communes directly under the province
	records   []record
}

func (w *world) communes() []string {
	var out []string
	for _, d := range sortedKeys(w.districts) {
		out = append(out, w.districts[d]...)
	}
	return append(out, w.direct...)
}

func sortedKeys(m map[string][]string) []string { return slices.Sorted(maps.Keys(m)) }

// zones are the zones the random times are written in: the database must
// store instants, whatever zone they came in.
var zones = []*time.Location{time.UTC, period.Location, time.FixedZone("UTC-5", -5*3600)}

// boundaries are the local midnights at which the checked periods start and end.
var boundaries = func() []time.Time {
	var out []time.Time
	for m := 0; m <= 15; m++ {
		out = append(out, period.Date(2022, time.Month(12+m), 1))
	}
	return append(out, period.Date(2022, 7, 1), period.Date(2022, 1, 1))
}()

// offsets place a time on and around a bound: a second or a minute either
// side of local midnight (23:59:59, 00:00:00 local; 16:59 and 17:00 UTC),
// and the UTC midnights 7 hours later, which a computation in UTC would put
// in the wrong period.
var offsets = []time.Duration{0, -time.Second, time.Second, -time.Minute, time.Minute, 7*time.Hour - time.Second, 7 * time.Hour, -7 * time.Hour, 17 * time.Hour}

func (w *world) randomTime(r *rand.Rand) time.Time {
	var t time.Time
	if r.IntN(10) < 6 {
		t = boundaries[r.IntN(len(boundaries))].Add(offsets[r.IntN(len(offsets))])
	} else {
		from := period.Date(2022, 10, 1)
		t = from.Add(time.Duration(r.Int64N(int64(period.Date(2024, 5, 1).Sub(from)))))
	}
	return t.In(zones[r.IntN(len(zones))])
}

// later returns a random time not before t: near a bound, near t, or on the
// same local date as other (so that on-time and the day after are tried).
func (w *world) later(r *rand.Rand, t time.Time, other *time.Time) time.Time {
	var u time.Time
	switch x := r.IntN(10); {
	case x < 4:
		u = w.randomTime(r)
	case x < 7 && other != nil:
		u = other.Add([]time.Duration{0, -time.Second, time.Second, -time.Hour, 24 * time.Hour, -24 * time.Hour, 10 * time.Minute}[r.IntN(7)])
	default:
		u = t.Add(time.Duration(r.Int64N(int64(60 * 24 * time.Hour))))
	}
	if u.Before(t) {
		if r.IntN(3) == 0 {
			return t
		}
		return t.Add(u.Sub(t) * -1)
	}
	return u.In(zones[r.IntN(len(zones))])
}

// newWorld creates run's units and n random dossiers through ent, with the
// hooks running; every fourth run has no dossier without a due date.
func newWorld(t *testing.T, ctx context.Context, client *ent.Client, run int, r *rand.Rand, proc int) *world {
	t.Helper()
	w := &world{province: strconv.Itoa(10 + run), districts: map[string][]string{}}
	p := client.Unit.Create().SetCode(w.province).SetName("Tỉnh " + w.province).SetLevel(unit.LevelPROVINCE).SetKind(unit.KindPROVINCE).SaveX(ctx)
	client.ProvinceProcedure.Create().SetUnitID(p.ID).SetProcedureID(proc).SetProcessingDays(3).SaveX(ctx) // the province lists it
	ids := map[string]int{}
	commune := func(parent int) string {
		code := strconv.Itoa(10000 + run*100 + len(ids))
		ids[code] = client.Unit.Create().SetCode(code).SetName("Xã " + code).SetLevel(unit.LevelCOMMUNE).SetKind(unit.KindCOMMUNE).SetParentID(parent).SaveX(ctx).ID
		return code
	}
	for d := range 2 + r.IntN(2) {
		code := strconv.Itoa(100 + run*5 + d)
		id := client.Unit.Create().SetCode(code).SetName("Huyện " + code).SetLevel(unit.LevelDISTRICT).SetKind(unit.KindRURAL_DISTRICT).SetParentID(p.ID).SaveX(ctx).ID
		for range 1 + r.IntN(3) {
			w.districts[code] = append(w.districts[code], commune(id))
		}
	}
	for range r.IntN(3) {
		w.direct = append(w.direct, commune(p.ID))
	}
	communes := w.communes()
	statuses := []dossier.Status{dossier.StatusRECEIVED, dossier.StatusIN_PROGRESS, dossier.StatusSUPPLEMENT_REQUESTED,
		dossier.StatusRESOLVED, dossier.StatusRETURNED, dossier.StatusREJECTED, dossier.StatusWITHDRAWN, dossier.StatusSTOPPED}
	channels := []dossier.Channel{dossier.ChannelONLINE, dossier.ChannelDIRECT, dossier.ChannelPOSTAL}
	var bs []*ent.DossierCreate
	for i := range 200 + r.IntN(200) {
		rec := record{
			unit:     communes[r.IntN(len(communes))],
			channel:  channels[r.IntN(3)],
			status:   statuses[r.IntN(len(statuses))],
			received: w.randomTime(r),
			archived: r.IntN(25) == 0,
		}
		if run%4 == 0 || r.IntN(20) > 0 {
			due := w.later(r, rec.received, nil)
			rec.due = &due
		}
		switch rec.status {
		case dossier.StatusRESOLVED, dossier.StatusRETURNED, dossier.StatusREJECTED, dossier.StatusWITHDRAWN, dossier.StatusSTOPPED:
			f := w.later(r, rec.received, rec.due)
			rec.finished = &f
		}
		w.records = append(w.records, rec)
		b := client.Dossier.Create().SetCode(fmt.Sprintf("P%d-%04d", run, i)).SetUnitID(ids[rec.unit]).SetProcedureID(proc).
			SetChannel(rec.channel).SetStatus(rec.status).SetReceivedAt(rec.received).
			SetNillableDueAt(rec.due).SetNillableFinishedAt(rec.finished)
		if rec.archived {
			b.SetArchivedAt(rec.received)
		}
		bs = append(bs, b)
	}
	client.Dossier.CreateBulk(bs...).SaveX(ctx)
	return w
}

const propertyQuery = `query($p: PeriodInput!, $units: [String!]) { indicators(period: $p, units: $units) {
  unit { code } dossiers { carriedOver receivedInPeriod online direct postal total resolved early onTime late
    pending pendingWithinDeadline pendingOverdue otherClosed onTimeRate onlineRate } } }`

func TestDossierFigureProperties(t *testing.T) {
	apitest.ForEach(t, false, func(t *testing.T, env *apitest.Env) {
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		client := env.DB.Client
		proc := client.Procedure.Create().SetCode("PROP.1").SetName("Thủ tục thử").SetField("Hộ tịch").SetProcessingDays(3).SaveX(ctx).ID
		checked := 0
		for run := range propertyRuns {
			r := rand.New(rand.NewPCG(uint64(run), 20230701))
			w := newWorld(t, ctx, client, run, r, proc)
			tok := env.Token(t, viewer.ProvinceOfficer, w.province)
			codes := append([]string{w.province}, sortedKeys(w.districts)...)
			codes = append(codes, w.communes()...)
			for _, p := range propertyPeriods() {
				var got struct {
					Indicators []struct {
						Unit     struct{ Code string }
						Dossiers figures
					}
				}
				env.OK(t, tok, propertyQuery, map[string]any{"units": codes, "p": map[string]any{"year": p.Year, "kind": p.Kind, "index": p.Index}}, &got)
				by := map[string]figures{}
				for _, in := range got.Indicators {
					by[in.Unit.Code] = in.Dossiers
				}
				fail := func(format string, args ...any) {
					t.Helper()
					t.Fatalf("run %d, %s %d %d: %s", run, p.Kind, p.Year, p.Index, fmt.Sprintf(format, args...))
				}
				// Each unit's figures against the Go model, and the identities.
				var province figures
				for _, code := range codes {
					var rs []record
					for _, rec := range w.records {
						if rec.unit == code || code == w.province || slices.Contains(w.districts[code], rec.unit) {
							rs = append(rs, rec)
						}
					}
					want, withoutDue := expected(rs, p)
					f := by[code]
					if !sameFigures(f, want) {
						fail("unit %s: API %+v, Go model %+v", code, show(f), show(want))
					}
					if f.Total != f.CarriedOver+f.ReceivedInPeriod || f.Total != f.Resolved+f.Pending+f.OtherClosed {
						fail("unit %s: total %d, carried over + received %d, resolved + pending + other %d", code, f.Total, f.CarriedOver+f.ReceivedInPeriod, f.Resolved+f.Pending+f.OtherClosed)
					}
					if f.Online+f.Direct+f.Postal != f.ReceivedInPeriod || f.PendingWithinDeadline+f.PendingOverdue != f.Pending {
						fail("unit %s: channels or pending do not add up: %+v", code, show(f))
					}
					if got := f.Early + f.OnTime + f.Late; got+withoutDue != f.Resolved || run%4 == 0 && got != f.Resolved {
						fail("unit %s: early + on time + late = %d of %d resolved (%d without a due date)", code, got, f.Resolved, withoutDue)
					}
					if len(code) == 5 {
						province.add(f)
					}
					checked++
				}
				// Districts and the province are the sums of their communes.
				for d, cs := range w.districts {
					var sum figures
					for _, c := range cs {
						sum.add(by[c])
					}
					sum.rates()
					if !sameFigures(by[d], sum) {
						fail("district %s %+v, sum of its communes %+v", d, show(by[d]), show(sum))
					}
				}
				province.rates()
				if !sameFigures(by[w.province], province) {
					fail("province %+v, sum of all communes %+v", show(by[w.province]), show(province))
				}
			}
		}
		t.Logf("%s: %d runs, %d unit-period figures checked", env.Dialect, propertyRuns, checked)
	})
}

func sameRate(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func sameFigures(a, b figures) bool {
	ar, br := a, b
	ar.OnTimeRate, ar.OnlineRate, br.OnTimeRate, br.OnlineRate = nil, nil, nil, nil
	return ar == br && sameRate(a.OnTimeRate, b.OnTimeRate) && sameRate(a.OnlineRate, b.OnlineRate)
}

// show prints figures with their rates' values.
func show(f figures) string {
	rate := func(r *float64) string {
		if r == nil {
			return "null"
		}
		return strconv.FormatFloat(*r, 'g', -1, 64)
	}
	return fmt.Sprintf("{carriedOver %d received %d (online %d direct %d postal %d) total %d resolved %d (early %d onTime %d late %d) pending %d (within %d overdue %d) otherClosed %d onTimeRate %s onlineRate %s}",
		f.CarriedOver, f.ReceivedInPeriod, f.Online, f.Direct, f.Postal, f.Total, f.Resolved, f.Early, f.OnTime, f.Late,
		f.Pending, f.PendingWithinDeadline, f.PendingOverdue, f.OtherClosed, rate(f.OnTimeRate), rate(f.OnlineRate))
}
