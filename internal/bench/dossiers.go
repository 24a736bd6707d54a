package bench

import (
	"fmt"
	"math"
	"slices"
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

// outcomeWeightsOf are the weights of the outcomes for a dossier received in
// a season of a year: more late in the rushes, fewer as the years go by.
func (g *generator) outcomeWeightsOf(s season, year int) []float64 {
	w := slices.Clone(outcomeWeights)
	w[late] *= lateLoad[s] * max(0.4, 1-0.1*float64(year-g.first))
	return w
}

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
	// the outcome weights of each season and year, computed once
	byYear := make([][seasons][]float64, g.last-g.first+1)
	for y := range byYear {
		for s := range seasons {
			byYear[y][s] = g.outcomeWeightsOf(s, g.first+y)
		}
	}
	written, acc := 0, 0.0
	for i, c := range g.communes {
		acc += weights[i]
		n := int(math.Round(float64(g.cfg.Dossiers)*acc/sum)) - written
		lean := g.r.NormFloat64() * 0.12
		for seq := range n {
			if err := g.dossier(b, c, seq, lean, byYear); err != nil {
				return err
			}
		}
		written += n
	}
	g.stats.Dossiers = b.total
	return b.close()
}

// dossier writes one dossier of commune c, drawing its day from the
// calendar and its outcome from the weights of its season and year.
func (g *generator) dossier(b *bulk, c, seq int, lean float64, outcomeWeights [][seasons][]float64) error {
	di := g.calendar.draw(g.r.Float64())
	day, season := g.calendar.days[di], g.calendar.seasons[di]
	year := day.Year() // the day may move past the year's end to the next working day
	share := min(0.95, max(0.01, onlineShare(day)+lean))
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
	if !received.Before(g.end) {
		received = g.end.Add(-time.Duration(g.between(1, 600)) * time.Minute)
	}
	pi := choose(g.r, g.procIndex, g.procWeights[season])
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
	o := choose(g.r, outcomes, outcomeWeights[year-g.first][season])
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
	case o == stuck || !finished.Before(g.end):
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
