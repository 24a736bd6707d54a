// Package tally keeps the dossiers of every unit tallied by local month (the
// dossier_months table, ent type DossierMonth), from which
// internal/indicator sums the dossier figures of a period (DOMAIN.md)
// instead of reading every dossier of every unit asked for.
//
// Every reporting period starts and ends on a local month boundary
// (internal/period), so each figure is exact as a sum over months:
//
//   - the flows of a period (received, by channel; resolved, by timeliness
//     of the local dates; otherwise closed) are the sums of its months' flows;
//   - the stocks at a boundary B (the dossiers open at B: carried over into
//     a period starting at B, pending at a period ending at B; of them those
//     overdue, due before B, and those without a due date) are the sums of
//     the changes of the months before B. A dossier is open at B when it was
//     received before B and not finished before: +1 in the month it was
//     received, −1 in the month it finished. It is open and overdue at B when
//     both its receipt and its due time are before B: +1 in the month of the
//     later of the two, −1 in the month it finished.
//
// Hook keeps the tally exact on every write of a dossier through ent, in the
// writer's transaction; Rebuild recomputes it after writes that bypass ent
// (bulk loads, the migration that created it); Verify compares it with the
// dossiers.
package tally

import (
	"slices"
	"time"

	"cchc/internal/period"
)

// Month is the local month in Vietnam of t, as YYYYMM.
func Month(t time.Time) int {
	l := t.In(period.Location)
	return l.Year()*100 + int(l.Month())
}

// Counts are the tallies of one unit in one month, in the order of Columns.
type Counts struct {
	Received, Online, Direct, Postal                    int
	Resolved, Early, OnTime, Late, ResolvedWithoutDue   int
	OtherClosed                                         int
	OpenChange, OverdueChange, OpenWithoutDueDateChange int
}

// Columns are the columns of dossier_months holding Counts, in its order.
var Columns = []string{
	"received", "online", "direct", "postal",
	"resolved", "early", "on_time", "late", "resolved_without_due_date",
	"other_closed",
	"open_change", "overdue_change", "open_without_due_date_change",
}

// fields are pointers to c's counts, in the order of Columns.
func (c *Counts) fields() []*int {
	return []*int{
		&c.Received, &c.Online, &c.Direct, &c.Postal,
		&c.Resolved, &c.Early, &c.OnTime, &c.Late, &c.ResolvedWithoutDue,
		&c.OtherClosed,
		&c.OpenChange, &c.OverdueChange, &c.OpenWithoutDueDateChange,
	}
}

func (c *Counts) zero() bool { return *c == Counts{} }

// Key names a unit's month.
type Key struct{ Unit, Month int }

// Tally holds counts by unit and month.
type Tally map[Key]*Counts

func (t Tally) at(unit int, month int) *Counts {
	k := Key{unit, month}
	c := t[k]
	if c == nil {
		c = &Counts{}
		t[k] = c
	}
	return c
}

// Dossier is what the tally needs of a stored dossier.
type Dossier struct {
	Unit            int
	Channel, Status string
	Received        time.Time
	Due, Finished   *time.Time
	Archived        bool
}

// Add adds what d counts for, times sign (+1 to add it, −1 to take it away).
// An archived dossier counts for nothing. The rules are DOMAIN.md's, month
// by month; they hold for any stored dossier, even one finished before it
// was received (which check.DossierTimeline refuses).
func (t Tally) Add(d Dossier, sign int) {
	if d.Archived {
		return
	}
	in := t.at(d.Unit, Month(d.Received))
	in.Received += sign
	switch d.Channel {
	case "ONLINE":
		in.Online += sign
	case "DIRECT":
		in.Direct += sign
	case "POSTAL":
		in.Postal += sign
	}
	if f := d.Finished; f != nil {
		out := t.at(d.Unit, Month(*f))
		switch d.Status {
		case "RESOLVED", "RETURNED":
			out.Resolved += sign
			switch {
			case d.Due == nil:
				out.ResolvedWithoutDue += sign
			case localDate(*f) < localDate(*d.Due):
				out.Early += sign
			case localDate(*f) == localDate(*d.Due):
				out.OnTime += sign
			default:
				out.Late += sign
			}
		case "REJECTED", "WITHDRAWN", "STOPPED":
			out.OtherClosed += sign
		}
	}
	// open over [from, finished): +1 in from's month, −1 in finished's; a
	// dossier finished before from is never open.
	open := func(from time.Time, change func(*Counts) *int) {
		if d.Finished != nil && d.Finished.Before(from) {
			return
		}
		*change(t.at(d.Unit, Month(from))) += sign
		if d.Finished != nil {
			*change(t.at(d.Unit, Month(*d.Finished))) -= sign
		}
	}
	open(d.Received, func(c *Counts) *int { return &c.OpenChange })
	if d.Due == nil {
		open(d.Received, func(c *Counts) *int { return &c.OpenWithoutDueDateChange })
	} else {
		open(later(d.Received, *d.Due), func(c *Counts) *int { return &c.OverdueChange })
	}
}

// localDate is the local date of t as YYYYMMDD.
func localDate(t time.Time) int {
	l := t.In(period.Location)
	return l.Year()*10000 + int(l.Month())*100 + l.Day()
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// keys returns the keys of t whose counts are not all zero, sorted: writers
// take the rows' locks in one order, so that two of them never deadlock.
func (t Tally) keys() []Key {
	out := make([]Key, 0, len(t))
	for k, c := range t {
		if !c.zero() {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b Key) int {
		if a.Unit != b.Unit {
			return a.Unit - b.Unit
		}
		return a.Month - b.Month
	})
	return out
}
