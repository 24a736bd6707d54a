package importer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"cchc/ent"
	"cchc/ent/dossier"
	"cchc/ent/procedure"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/archive"
	"cchc/internal/check"
	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// Options of an import.
type Options struct {
	// DryRun checks the file and counts what it would change, writing nothing.
	DryRun bool
	// Unit is the code of the unit receiving the rows that name none
	// (MaDonVi absent or empty); "" for the caller's own unit.
	Unit string
}

// Result is what an import did, or, refused, why it did nothing.
type Result struct {
	Rows      int  `json:"rows"` // dossiers in the file
	Created   int  `json:"created"`
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
	DryRun    bool `json:"dryRun"`
	// Errors are the problems of the file, by line; when there is any,
	// nothing was written and the counts are 0.
	Errors     []Problem `json:"errors"`
	MoreErrors int       `json:"moreErrors,omitempty"` // problems beyond those listed
}

// Refused tells whether the import was refused for the problems in Errors.
func (r *Result) Refused() bool { return len(r.Errors) > 0 }

// inChunk bounds the codes of one IN (…) list: a file may name thousands.
const inChunk = 1000

// stored is what an import compares of a dossier that exists.
type stored struct {
	id            int
	procedure     int
	channel       dossier.Channel
	status        dossier.Status
	received      time.Time
	due, finished *time.Time
	archived      bool
}

// change is what the import does with one row.
type change struct {
	row             *Row
	unit, procedure int
	old             *stored // nil: create
}

// Import writes the dossiers of f as the caller of ctx, with client (the
// request's, carrying no transaction): every row is first checked — its
// cells, its unit (one the caller may write dossiers of, as the privacy
// rules decide), its procedure (in the catalogue and its province's list), its times against its
// status, the dossier appearing once — and when any is wrong nothing is
// written and every problem is reported with its line. Otherwise, in one
// transaction through ent, so that the privacy rules, the checks, the audit
// trail and the monthly tally all apply, a dossier whose code is new in its
// unit is created, one that differs is updated to what the file says, and
// one that does not is left alone: importing the same file again changes
// nothing.
func Import(ctx context.Context, client *ent.Client, f *File, opt Options) (res *Result, err error) {
	if err := Authorize(ctx); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	res = &Result{Rows: len(f.Rows), DryRun: opt.DryRun}
	if f.Fatal {
		return refuse(res, f), nil
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if tx != nil {
			tx.Rollback()
		}
	}()
	ctx = ent.NewContext(ent.NewTxContext(ctx, tx), tx.Client())
	changes, err := plan(ctx, tx.Client(), v, f, opt)
	if err != nil {
		return nil, err
	}
	if len(f.Problems) > 0 {
		return refuse(res, f), nil
	}
	for _, c := range changes {
		done, err := apply(ctx, tx.Client(), f, c, opt.DryRun)
		if err != nil {
			e := apperr.Classify(err)
			if e.Code == apperr.Internal {
				return nil, fmt.Errorf("importing the dossier of line %d: %w", c.row.Line, err)
			}
			// A rule the checks above do not foresee: the row is at fault.
			p := Problem{Line: c.row.Line, Field: e.Field, Code: e.Code, Message: e.Message}
			if i := slices.IndexFunc(Columns, func(c Column) bool { return c.Field == e.Field }); i >= 0 {
				p.Column = f.Header(i)
			}
			f.report(p)
			return refuse(res, f), nil
		}
		switch {
		case c.old == nil:
			res.Created++
		case done:
			res.Updated++
		default:
			res.Unchanged++
		}
	}
	if opt.DryRun {
		return res, nil
	}
	err, tx = tx.Commit(), nil
	if err != nil {
		return nil, fmt.Errorf("committing the import: %w", err)
	}
	return res, nil
}

// Authorize refuses a caller whose role writes no dossiers, before a file
// is read: the privacy rules would refuse each row.
func Authorize(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return apperr.New(apperr.Unauthenticated, "no authenticated caller")
	}
	if rule.PermissionOf(v, "Dossier").Write == rule.None {
		return apperr.New(apperr.Forbidden, "role %s does not write dossiers: an import is made by the officers of the receiving unit", v.Role)
	}
	return nil
}

// refuse returns res holding f's problems by line, and no counts.
func refuse(res *Result, f *File) *Result {
	sort.SliceStable(f.Problems, func(i, j int) bool { return f.Problems[i].Line < f.Problems[j].Line })
	res.Created, res.Updated, res.Unchanged = 0, 0, 0
	res.Errors, res.MoreErrors = f.Problems, f.Omitted
	return res
}

// plan resolves the units and procedures the rows name and the dossiers
// they match, reports every row that cannot be written into f, and returns
// what to do with the others.
func plan(ctx context.Context, c *ent.Client, v *viewer.Viewer, f *File, opt Options) ([]change, error) {
	defaultUnit := opt.Unit
	if defaultUnit == "" {
		defaultUnit = v.UnitCode
	}
	unitCodes, procCodes := []string{defaultUnit}, []string{}
	for i := range f.Rows {
		if r := &f.Rows[i]; !r.bad {
			if r.UnitCode != "" {
				unitCodes = append(unitCodes, r.UnitCode)
			}
			procCodes = append(procCodes, r.ProcedureCode)
		}
	}
	units, err := lookup(ctx, unitCodes, func(ctx context.Context, codes []string) ([]*ent.Unit, error) {
		return c.Unit.Query().Where(unit.CodeIn(codes...)).Select(unit.FieldID, unit.FieldCode).All(ctx)
	}, func(u *ent.Unit) (string, int) { return u.Code, u.ID })
	if err != nil {
		return nil, err
	}
	for code, id := range units {
		if !rule.MayWrite(v, "Dossier", id) {
			delete(units, code) // answered as a unit that does not exist
		}
	}
	if _, ok := units[defaultUnit]; !ok && opt.Unit != "" {
		return nil, apperr.Input("unit", "no unit with code %s that you may import dossiers into", quote(opt.Unit))
	}
	procs, err := lookup(ctx, procCodes, func(ctx context.Context, codes []string) ([]*ent.Procedure, error) {
		return c.Procedure.Query().Where(procedure.CodeIn(codes...)).Select(procedure.FieldID, procedure.FieldCode).All(ctx)
	}, func(p *ent.Procedure) (string, int) { return p.Code, p.ID })
	if err != nil {
		return nil, err
	}
	// The dossiers of the file that exist, archived ones too: their code is
	// taken in their unit.
	codesByUnit := map[int][]string{}
	for i := range f.Rows {
		r := &f.Rows[i]
		code := cmp.Or(r.UnitCode, defaultUnit)
		if id, ok := units[code]; ok && !r.bad {
			codesByUnit[id] = append(codesByUnit[id], r.Code)
		}
	}
	type key struct {
		unit int
		code string
	}
	existing := map[key]*stored{}
	for u, codes := range codesByUnit {
		_, err := lookup(archive.Include(ctx), codes, func(ctx context.Context, codes []string) ([]*ent.Dossier, error) {
			return c.Dossier.Query().Where(dossier.UnitID(u), dossier.CodeIn(codes...)).All(ctx)
		}, func(d *ent.Dossier) (string, int) {
			existing[key{u, d.Code}] = &stored{id: d.ID, procedure: d.ProcedureID, channel: d.Channel, status: d.Status,
				received: d.ReceivedAt, due: d.DueAt, finished: d.FinishedAt, archived: d.ArchivedAt != nil}
			return d.Code, d.ID
		})
		if err != nil {
			return nil, err
		}
	}
	// The procedures each unit's province lists: those its dossiers may name.
	listed := map[int]map[int]bool{}
	for _, u := range units {
		if listed[u], err = check.ListedFor(ctx, c, u); err != nil {
			return nil, err
		}
	}
	var changes []change
	seen := map[key]int{} // line where each dossier first appears
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.bad {
			continue
		}
		bad := false
		problem := func(col int, code apperr.Code, format string, args ...any) {
			bad = true
			h := f.Header(col)
			f.report(Problem{Line: r.Line, Column: h, Field: Columns[col].Field, Code: code, Message: h + ": " + fmt.Sprintf(format, args...)})
		}
		unitCode := cmp.Or(r.UnitCode, defaultUnit)
		u, ok := units[unitCode]
		if !ok {
			problem(colUnit, apperr.BadInput, "no unit with code %s that you may import dossiers into", quote(unitCode))
		}
		p, ok := procs[r.ProcedureCode]
		if !ok {
			problem(colProcedure, apperr.BadInput, "no procedure with code %s in the catalogue", quote(r.ProcedureCode))
		}
		if bad {
			continue
		}
		k := key{u, r.Code}
		if first, dup := seen[k]; dup {
			problem(colCode, apperr.BadInput, "the dossier %s of unit %s appears again (first on line %d): a file holds each dossier once", quote(r.Code), unitCode, first)
			continue
		}
		seen[k] = r.Line
		old := existing[k]
		if old != nil && old.archived {
			problem(colCode, apperr.Conflict, "the dossier %s was archived: an import does not change archived dossiers", quote(r.Code))
			continue
		}
		if (old == nil || old.procedure != p) && !listed[u][p] {
			problem(colProcedure, apperr.BadInput, "%s", check.NotListed)
		}
		// A column the file lacks leaves the stored value as it is.
		due, finished := r.DueAt, r.FinishedAt
		if old != nil && !f.Has(colDue) {
			due = old.due
		}
		if old != nil && !f.Has(colFinished) {
			finished = old.finished
		}
		if due != nil && due.Before(r.ReceivedAt) {
			problem(colDue, apperr.BadInput, "must not be before %s", f.Header(colReceived))
		}
		if finished != nil && finished.Before(r.ReceivedAt) {
			problem(colFinished, apperr.BadInput, "must not be before %s", f.Header(colReceived))
		}
		switch ended := check.Finished(r.Status); {
		case ended && finished == nil:
			problem(colFinished, apperr.BadInput, "is required when %s is %s: processing has ended", f.Header(colStatus), r.Status)
		case !ended && finished != nil:
			problem(colFinished, apperr.BadInput, "must be empty while %s is %s: processing has not ended", f.Header(colStatus), r.Status)
		}
		if !bad {
			changes = append(changes, change{row: r, unit: u, procedure: p, old: old})
		}
	}
	return changes, nil
}

// apply creates or updates the dossier of c, unless it is as the row says;
// done tells whether it wrote (or in a dry run would write).
func apply(ctx context.Context, client *ent.Client, f *File, c change, dryRun bool) (done bool, err error) {
	r := c.row
	if c.old == nil {
		if dryRun {
			return true, nil
		}
		return true, client.Dossier.Create().
			SetCode(r.Code).SetUnitID(c.unit).SetProcedureID(c.procedure).SetChannel(r.Channel).SetStatus(r.Status).
			SetReceivedAt(r.ReceivedAt).SetNillableDueAt(r.DueAt).SetNillableFinishedAt(r.FinishedAt).
			Exec(ctx)
	}
	old := c.old
	u := client.Dossier.UpdateOneID(old.id)
	if c.procedure != old.procedure {
		u.SetProcedureID(c.procedure)
		done = true
	}
	if r.Channel != old.channel {
		u.SetChannel(r.Channel)
		done = true
	}
	if r.Status != old.status {
		u.SetStatus(r.Status)
		done = true
	}
	if !r.ReceivedAt.Equal(old.received) {
		u.SetReceivedAt(r.ReceivedAt)
		done = true
	}
	if f.Has(colDue) && !sameTime(r.DueAt, old.due) {
		u.SetNillableDueAt(r.DueAt)
		if r.DueAt == nil {
			u.ClearDueAt()
		}
		done = true
	}
	if f.Has(colFinished) && !sameTime(r.FinishedAt, old.finished) {
		u.SetNillableFinishedAt(r.FinishedAt)
		if r.FinishedAt == nil {
			u.ClearFinishedAt()
		}
		done = true
	}
	if !done || dryRun {
		return done, nil
	}
	return true, u.Exec(ctx)
}

// sameTime tells whether two optional times are the same instant, or both absent.
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// lookup reads the records with the given codes, a chunk at a time, and
// returns their IDs by code.
func lookup[T any](ctx context.Context, codes []string, query func(context.Context, []string) ([]T, error), id func(T) (string, int)) (map[string]int, error) {
	slices.Sort(codes)
	codes = slices.Compact(codes)
	out := make(map[string]int, len(codes))
	for start := 0; start < len(codes); start += inChunk {
		recs, err := query(ctx, codes[start:min(start+inChunk, len(codes))])
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			code, i := id(rec)
			out[code] = i
		}
	}
	return out, nil
}
