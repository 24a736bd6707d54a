package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"cchc/ent/dossier"
	"cchc/internal/period"
)

// outcome is how a dossier's processing turned out.
type outcome int

const (
	early     outcome = iota // resolved on a local date before the due date
	onTime                   // resolved on the due date
	late                     // resolved after the due date
	open                     // still being processed at the end of the data
	stuck                    // left unfinished long past its due date
	rejected                 // refused
	withdrawn                // withdrawn by the applicant
	stopped                  // processing stopped (e.g. supplement never provided)
)

// asOf is the end of the demonstration data: nothing finishes on or after it.
var asOf = day(2024, 1, 1)

// dossierSpec is a dossier before it is written.
type dossierSpec struct {
	unit     string // unit code
	proc     int    // index into procedures
	channel  dossier.Channel
	received time.Time
	due      *time.Time
	finished *time.Time
	status   dossier.Status
	outcome  outcome
	code     string
}

// schedule gives a dossier of procedure p received at received the due time
// set by the one-stop software and a finish time matching the outcome.
// Processing counts from the day of receipt, or from the next working day
// when the dossier arrives after 15:00 or on a day off; the result is due at
// 16:30 on the last working day of the processing time.
func schedule(r *rand.Rand, p proc, received time.Time, o outcome) (due time.Time, finished *time.Time) {
	start := period.LocalDate(received)
	if !isWorkingDay(received) || received.In(period.Location).Hour() >= 15 {
		start = nextWorkingDay(received)
	}
	dueDate := addWorkingDays(start, p.days)
	due = at(dueDate, 16, 30)
	finishOn := func(d time.Time) *time.Time {
		if sameDate(d, received) {
			if t, ok := officeTimeAfter(r, received); ok {
				return &t
			}
			d = nextWorkingDay(d)
		}
		t := officeTime(r, d)
		return &t
	}
	switch o {
	case early:
		days := workingDays(start, dueDate)
		n := len(days)
		if p.days <= 5 {
			n = min(n, 2) // hộ tịch and chứng thực are mostly done the same or next day
		}
		d := days[r.IntN(n)]
		f := finishOn(d)
		if !period.LocalDate(*f).Before(dueDate) { // the office day was over: finish on the due date's eve
			t := at(days[len(days)-1], 16, 50)
			if !t.After(received) {
				t = received.Add(20 * time.Minute)
			}
			f = &t
		}
		return due, f
	case onTime:
		return due, finishOn(dueDate)
	case late:
		return due, finishOn(addWorkingDays(dueDate, 1+r.IntN(4)))
	case rejected, withdrawn:
		days := workingDays(start, nextDay(dueDate))
		return due, finishOn(days[r.IntN(min(len(days), 2))])
	case stopped:
		return due, finishOn(addWorkingDays(dueDate, 1+r.IntN(8)))
	}
	return due, nil
}

// finishedStatus is the status of a dossier whose processing ended with o.
func finishedStatus(r *rand.Rand, o outcome) dossier.Status {
	switch o {
	case rejected:
		return dossier.StatusREJECTED
	case withdrawn:
		return dossier.StatusWITHDRAWN
	case stopped:
		return dossier.StatusSTOPPED
	}
	if r.IntN(7) == 0 {
		return dossier.StatusRESOLVED // resolved, result not yet collected
	}
	return dossier.StatusRETURNED
}

// receive draws a time of receipt in [from, to) for a channel: online
// submissions come any day (fewer at weekends) and into the evening;
// direct and postal ones during office hours on working days.
func receive(r *rand.Rand, ch dossier.Channel, from, to time.Time) time.Time {
	if ch == dossier.ChannelONLINE {
		days := allDays(from, to)
		for {
			d := pick(r, days)
			if isWorkingDay(d) || r.IntN(4) == 0 {
				t := onlineTime(r, d)
				if !t.Before(from) && t.Before(to) {
					return t
				}
			}
		}
	}
	return officeTime(r, pick(r, workingDays(from, to)))
}

// pickProc draws a procedure suitable for the channel; minDays, when
// positive, keeps only procedures taking at least that many working days.
func pickProc(r *rand.Rand, ch dossier.Channel, minDays int) int {
	w := directWeights
	if ch == dossier.ChannelONLINE {
		w = onlineWeights
	}
	if minDays > 0 {
		w = slices.Clone(w)
		for i, p := range procedures {
			if p.days < minDays {
				w[i] = 0
			}
		}
	}
	return weighted(r, w)
}

// fixed builds a dossier whose times are chosen by hand.
func fixed(unit, code string, ch dossier.Channel, received time.Time, due time.Time, finished *time.Time, st dossier.Status, o outcome) dossierSpec {
	return dossierSpec{unit: unit, proc: procIndex(code), channel: ch, received: received, due: &due, finished: finished, status: st, outcome: o}
}

// taiSonDossiers builds Tái Sơn's dossiers. For the first half of 2023 they
// reproduce the report exactly: 8 carried over from December 2022 and 404
// received (381 online, 20 direct, 3 by post); 403 resolved (381 early, 17 on
// time, 5 late), 4 pending within their deadline, 5 rejected, withdrawn or
// stopped. The second half of 2023 follows the same pattern.
func taiSonDossiers(r *rand.Rand) []dossierSpec {
	const ts = "11098"
	start, end := day(2023, 1, 1), day(2023, 7, 1)
	var out []dossierSpec

	// Carried over: received in the last days of 2022, finished in January.
	carried := []outcome{early, early, early, early, early, early, onTime, onTime}
	carriedCh := []dossier.Channel{dossier.ChannelONLINE, dossier.ChannelDIRECT, dossier.ChannelONLINE, dossier.ChannelONLINE, dossier.ChannelDIRECT, dossier.ChannelONLINE, dossier.ChannelDIRECT, dossier.ChannelONLINE}
	for i, o := range carried {
		out = append(out, draw(r, ts, carriedCh[i], o, day(2022, 12, 22), day(2022, 12, 31), 3, start, end))
	}

	// Boundary and local-date cases, worked out by hand.
	out = append(out,
		// Received online at 23:30 on 30 June: belongs to the first half, pending at its end; resolved early in July.
		fixed(ts, "1.004873", dossier.ChannelONLINE, at(day(2023, 6, 30), 23, 30), at(day(2023, 7, 6), 16, 30),
			ptr(at(day(2023, 7, 5), 10, 15)), dossier.StatusRETURNED, open),
		// Land dispute mediation (45 working days) still in progress on 30 June; mediated in July.
		fixed(ts, "1.003554", dossier.ChannelDIRECT, at(day(2023, 6, 29), 14, 20), at(addWorkingDays(day(2023, 6, 29), 45), 16, 30),
			ptr(at(day(2023, 7, 27), 9, 0)), dossier.StatusRETURNED, open),
		// Monthly social allowance, resolved on its due date in July.
		fixed(ts, "1.001776", dossier.ChannelONLINE, at(day(2023, 6, 28), 9, 10), at(addWorkingDays(day(2023, 6, 28), 15), 16, 30),
			ptr(at(addWorkingDays(day(2023, 6, 28), 15), 10, 40)), dossier.StatusRESOLVED, open),
		// Re-registration of a birth sent by post; the applicant was asked for more papers and never brought them.
		fixed(ts, "1.004884", dossier.ChannelPOSTAL, at(day(2023, 6, 27), 8, 45), at(addWorkingDays(day(2023, 6, 27), 5), 16, 30),
			nil, dossier.StatusSUPPLEMENT_REQUESTED, stuck),
		// Late by local date: due 15 March 16:30, signed 16 March 06:45 (still 15 March in UTC).
		fixed(ts, "2.000884", dossier.ChannelDIRECT, at(day(2023, 3, 14), 10, 0), at(day(2023, 3, 15), 16, 30),
			ptr(at(day(2023, 3, 16), 6, 45)), dossier.StatusRETURNED, late),
		// On time by local date: due 12 May 16:30, signed 12 May 06:50 (11 May in UTC).
		fixed(ts, "1.003583", dossier.ChannelONLINE, at(day(2023, 5, 11), 9, 20), at(day(2023, 5, 12), 16, 30),
			ptr(at(day(2023, 5, 12), 6, 50)), dossier.StatusRETURNED, onTime),
		// On time by local date though after the due hour: due 10 February 16:30, resolved 18:40 that day.
		fixed(ts, "1.000894", dossier.ChannelDIRECT, at(day(2023, 2, 7), 8, 15), at(day(2023, 2, 10), 16, 30),
			ptr(at(day(2023, 2, 10), 18, 40)), dossier.StatusRETURNED, onTime),
	)

	// The rest of the first half: 397 dossiers.
	var outcomes []outcome
	for o, n := range map[outcome]int{early: 375, onTime: 13, late: 4, rejected: 2, withdrawn: 2, stopped: 1} {
		for range n {
			outcomes = append(outcomes, o)
		}
	}
	slices.Sort(outcomes) // map order is random; the data must not be
	var channels []dossier.Channel
	for ch, n := range map[dossier.Channel]int{dossier.ChannelONLINE: 378, dossier.ChannelDIRECT: 17, dossier.ChannelPOSTAL: 2} {
		for range n {
			channels = append(channels, ch)
		}
	}
	slices.Sort(channels)
	r.Shuffle(len(channels), func(i, j int) { channels[i], channels[j] = channels[j], channels[i] })
	for i, o := range outcomes {
		out = append(out, draw(r, ts, channels[i], o, day(2023, 1, 3), day(2023, 6, 29), 0, start, end))
	}

	// Second half: received at 00:10 on 1 July, then the rest of the year.
	out = append(out, fixed(ts, "1.001193", dossier.ChannelONLINE, at(day(2023, 7, 1), 0, 10), at(day(2023, 7, 4), 16, 30),
		ptr(at(day(2023, 7, 3), 8, 5)), dossier.StatusRETURNED, early))
	out = append(out, generate(r, ts, day(2023, 7, 1), asOf, 356, profile{
		online: 0.94, postal: 0.01, onTime: 0.05, late: 0.012, closed: 0.015,
	})...)
	return out
}

// draw builds one dossier of a given outcome received in [from, to), retrying
// until it finishes in [finishFrom, finishTo); minDays as in pickProc.
func draw(r *rand.Rand, unit string, ch dossier.Channel, o outcome, from, to time.Time, minDays int, finishFrom, finishTo time.Time) dossierSpec {
	for range 10000 {
		received := receive(r, ch, from, to)
		p := pickProc(r, ch, minDays)
		due, finished := schedule(r, procedures[p], received, o)
		if finished == nil || finished.Before(finishFrom) || !finished.Before(finishTo) {
			continue
		}
		return dossierSpec{unit: unit, proc: p, channel: ch, received: received, due: &due, finished: finished,
			status: finishedStatus(r, o), outcome: o}
	}
	panic(fmt.Sprintf("demo: cannot place a dossier of %s finishing in [%s, %s)", unit, finishFrom, finishTo))
}

// profile describes a commune's one-stop shop: shares of channels and outcomes.
type profile struct {
	online, postal                   float64
	onTime, late, closed, unfinished float64 // the rest is early
}

// generate builds n dossiers received in [from, to) following a profile.
func generate(r *rand.Rand, unit string, from, to time.Time, n int, pr profile) []dossierSpec {
	out := make([]dossierSpec, 0, n)
	for range n {
		ch := dossier.ChannelDIRECT
		switch x := r.Float64(); {
		case x < pr.online:
			ch = dossier.ChannelONLINE
		case x < pr.online+pr.postal:
			ch = dossier.ChannelPOSTAL
		}
		o := early
		switch x := r.Float64(); {
		case x < pr.onTime:
			o = onTime
		case x < pr.onTime+pr.late:
			o = late
		case x < pr.onTime+pr.late+pr.closed:
			o = []outcome{rejected, rejected, withdrawn, stopped}[r.IntN(4)]
		case x < pr.onTime+pr.late+pr.closed+pr.unfinished:
			o = stuck
		}
		received := receive(r, ch, from, to)
		p := pickProc(r, ch, 0)
		due, finished := schedule(r, procedures[p], received, o)
		s := dossierSpec{unit: unit, proc: p, channel: ch, received: received, due: &due, finished: finished, outcome: o}
		switch {
		case o == stuck:
			s.status = []dossier.Status{dossier.StatusIN_PROGRESS, dossier.StatusSUPPLEMENT_REQUESTED}[r.IntN(2)]
		case !finished.Before(asOf):
			s.finished, s.outcome = nil, open
			s.status = dossier.StatusIN_PROGRESS
			if received.After(asOf.AddDate(0, 0, -3)) {
				s.status = dossier.StatusRECEIVED
			}
		default:
			s.status = finishedStatus(r, o)
		}
		out = append(out, s)
	}
	return out
}

// otherDossiers builds the dossiers of the other communes, each with its own
// record: Quang Phục busy and half online, Tứ Xuyên mostly on paper and often
// late, Gia Hòa almost all online and prompt.
func otherDossiers(r *rand.Rand) []dossierSpec {
	var out []dossierSpec
	communes := []struct {
		code    string
		carried int
		n       int
		pr      profile
	}{
		{"11101", 22, 486, profile{online: 0.62, postal: 0.03, onTime: 0.08, late: 0.04, closed: 0.02, unfinished: 0.006}},
		{"11095", 16, 318, profile{online: 0.37, postal: 0.02, onTime: 0.12, late: 0.09, closed: 0.03, unfinished: 0.02}},
		{"11023", 26, 571, profile{online: 0.86, postal: 0.01, onTime: 0.04, late: 0.01, closed: 0.01, unfinished: 0.002}},
	}
	for _, c := range communes {
		out = append(out, generate(r, c.code, day(2022, 12, 15), day(2023, 1, 1), c.carried, c.pr)...)
		out = append(out, generate(r, c.code, day(2023, 1, 1), asOf, c.n, c.pr)...)
	}
	return out
}

// assignCodes sorts the dossiers of each unit by receipt and gives them the
// one-stop software's codes: H30.<unit>-<yymmdd>-<number of the day>.
func assignCodes(specs []dossierSpec) {
	slices.SortStableFunc(specs, func(a, b dossierSpec) int {
		if a.unit != b.unit {
			return compareStrings(a.unit, b.unit)
		}
		return a.received.Compare(b.received)
	})
	seq := map[string]int{}
	for i := range specs {
		s := &specs[i]
		date := s.received.In(period.Location).Format("060102")
		key := s.unit + date
		seq[key]++
		s.code = fmt.Sprintf("H30.%s-%s-%04d", s.unit, date, seq[key])
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
