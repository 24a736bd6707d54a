package bench

import (
	"fmt"
	"math"
	"time"

	"cchc/internal/search"
)

// outcome is how a dossier's processing turned out.
type outcome int

const (
	early outcome = iota
	onTime
	late
	rejected
	withdrawn
	stopped
	stuck // never finished
)

var (
	outcomes       = []outcome{early, onTime, late, rejected, withdrawn, stopped, stuck}
	outcomeWeights = []float64{80, 11, 3.5, 2, 1.5, 0.5, 1.5}
)

// onlineShare is the share of dossiers received online in a year, before
// each commune's own lean: it grew year by year.
var onlineShare = map[int]float64{2022: 0.35, 2023: 0.55, 2024: 0.7}

// dossiers spreads cfg.Dossiers over the communes, the larger (urban wards)
// receiving several times what the smaller do, and writes them in bulk.
func (g *generator) dossiers() error {
	weights := make([]float64, len(g.communes))
	sum := 0.0
	for i := range weights {
		weights[i] = math.Exp(g.r.NormFloat64() * 0.6)
		sum += weights[i]
	}
	b := g.bulk("dossiers", "created_at", "updated_at", "code", "channel", "received_at", "due_at", "finished_at", "status", "procedure_id", "unit_id", search.Column)
	written, acc := 0, 0.0
	first := localDay(FirstYear, time.January, 1)
	days := int(AsOf.Sub(first).Hours() / 24)
	for i, c := range g.communes {
		acc += weights[i]
		n := int(math.Round(float64(g.cfg.Dossiers)*acc/sum)) - written
		lean := g.r.NormFloat64() * 0.12
		for seq := range n {
			if err := g.dossier(b, c, seq, first, days, lean); err != nil {
				return err
			}
		}
		written += n
	}
	g.stats.Dossiers = b.total
	return b.close()
}

// dossier writes one dossier of commune c.
func (g *generator) dossier(b *bulk, c, seq int, first time.Time, days int, lean float64) error {
	day := first.AddDate(0, 0, g.r.IntN(days))
	share := min(0.95, max(0.05, onlineShare[day.Year()]+lean))
	channel := "ONLINE"
	var received time.Time
	switch x := g.r.Float64(); {
	case x < share: // online: any day, any hour, most in the day
		received = atTime(day, int(math.Mod(13*60+g.r.NormFloat64()*240+1440, 1440)))
	default:
		channel = "DIRECT"
		if x > 0.97 {
			channel = "POSTAL"
		}
		if !working(day) {
			day = nextWorking(day)
		}
		received = atTime(day, g.between(7*60+30, 16*60+45))
	}
	if !received.Before(AsOf) {
		received = AsOf.Add(-time.Duration(g.between(1, 600)) * time.Minute)
	}
	pi := choose(g.r, g.procIndex, g.procWeights)
	p := g.procs[pi]
	// Processing counts from the day of receipt, or from the next working day
	// when the dossier arrives after 15:00 or on a day off; the result is due
	// at 16:30 on the last working day.
	start := day
	if !working(received) || received.In(loc).Hour() >= 15 {
		start = nextWorking(received)
	}
	dueDay := addWorking(start, p.days)
	due := atTime(dueDay, 16*60+30)
	var finished time.Time
	o := choose(g.r, outcomes, outcomeWeights)
	switch o {
	case early:
		if !start.Before(dueDay) {
			finished = g.officeTime(start, received)
			break
		}
		d := start
		for n := g.r.IntN(min(p.days, 3)); n > 0; n-- { // most are done within a day or two
			d = nextWorking(d)
		}
		if !d.Before(dueDay) {
			d = start
		}
		finished = g.officeTime(d, received)
	case onTime:
		finished = g.officeTime(dueDay, received)
	case late:
		finished = g.officeTime(addWorking(dueDay, g.between(1, 15)), received)
	case rejected, withdrawn, stopped:
		finished = received.Add(time.Duration(g.between(60, 15*24*60)) * time.Minute)
	}
	status := ""
	switch {
	case o == stuck || !finished.Before(AsOf):
		status = choose(g.r, []string{"RECEIVED", "IN_PROGRESS", "SUPPLEMENT_REQUESTED"}, []float64{15, 60, 25})
	case o == rejected:
		status = "REJECTED"
	case o == withdrawn:
		status = "WITHDRAWN"
	case o == stopped:
		status = "STOPPED"
	default:
		status = choose(g.r, []string{"RETURNED", "RESOLVED"}, []float64{75, 25})
	}
	var dueAt, finishedAt any = due, nil
	updated := received
	if status != "RECEIVED" && status != "IN_PROGRESS" && status != "SUPPLEMENT_REQUESTED" {
		finishedAt, updated = finished, finished
	}
	if g.pick(0.003) { // the one-stop software left the due date out
		dueAt = nil
	}
	code := fmt.Sprintf("%s-%07d", g.codes[c], seq+1)
	return b.add(received, updated, code, channel, received, dueAt, finishedAt, status, g.procIDs[pi], c, search.Text(code))
}
