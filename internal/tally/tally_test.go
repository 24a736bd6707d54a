package tally_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cchc/ent"
	"cchc/ent/dossier"
	"cchc/ent/dossiermonth"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apitest"
	"cchc/internal/archive"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/tally"
	"cchc/internal/viewer"
)

// The tally must equal, after every kind of write, both a tally computed
// anew from the dossiers (tally.Verify) and, through the indicators, the
// figures read from the dossiers themselves (indicator.VerifyTally), for
// every period of the years the dossiers span.

var periods = period.InYears(2022, 2024)

func verify(t *testing.T, ctx context.Context, env *apitest.Env, after string) {
	t.Helper()
	if err := tally.Verify(ctx, env.DB.SQL); err != nil {
		t.Fatalf("after %s: %v", after, err)
	}
	if err := indicator.VerifyTally(ctx, env.DB.Client, env.DB.Dialect, periods); err != nil {
		t.Fatalf("after %s: %v", after, err)
	}
}

// changer makes random, valid changes to dossiers: times on and around the
// local month boundaries of 2022 to 2024, in several zones.
type changer struct {
	r        *rand.Rand
	communes []int
	proc     int
	// keepReceipt leaves receipt times alone: concurrent writers change
	// dossiers they read earlier, and a receipt moved later by one could
	// fall after a due date another just set.
	keepReceipt bool
}

var zones = []*time.Location{time.UTC, period.Location, time.FixedZone("UTC-5", -5*3600)}

// near returns a time on or near a local month boundary, or anywhere.
func (c *changer) near() time.Time {
	var t time.Time
	if c.r.IntN(3) > 0 {
		b := period.Date(2022, time.Month(1+c.r.IntN(36)), 1)
		t = b.Add([]time.Duration{0, -time.Second, time.Second, -time.Microsecond, 7 * time.Hour, 7*time.Hour - time.Nanosecond, -7 * time.Hour}[c.r.IntN(7)])
	} else {
		t = period.Date(2022, 1, 1).Add(time.Duration(c.r.Int64N(int64(3 * 365 * 24 * time.Hour))))
	}
	return t.In(zones[c.r.IntN(len(zones))])
}

// after returns a time not before t: the same, the same local day, or later.
func (c *changer) after(t time.Time) time.Time {
	u := t.Add(time.Duration(c.r.Int64N(int64(90 * 24 * time.Hour))))
	switch c.r.IntN(4) {
	case 0:
		u = t
	case 1:
		u = period.LocalDate(t).Add(24*time.Hour - time.Second)
	case 2:
		u = c.near()
	}
	if u.Before(t) {
		return t
	}
	return u
}

var (
	open     = []dossier.Status{dossier.StatusRECEIVED, dossier.StatusIN_PROGRESS, dossier.StatusSUPPLEMENT_REQUESTED}
	finished = []dossier.Status{dossier.StatusRESOLVED, dossier.StatusRETURNED, dossier.StatusREJECTED, dossier.StatusWITHDRAWN, dossier.StatusSTOPPED}
	channels = []dossier.Channel{dossier.ChannelONLINE, dossier.ChannelDIRECT, dossier.ChannelPOSTAL}
)

// change applies one random change to the dossier d (status and finish,
// due, unit, receipt, channel, archiving), keeping the timeline valid.
func (c *changer) change(ctx context.Context, client *ent.Client, d *ent.Dossier) error {
	u := client.Dossier.UpdateOneID(d.ID)
	kind := c.r.IntN(7)
	if kind == 4 && c.keepReceipt {
		kind = 5
	}
	switch kind {
	case 0: // finishes
		f := c.after(d.ReceivedAt)
		u.SetStatus(finished[c.r.IntN(len(finished))]).SetFinishedAt(f)
	case 1: // reopens
		u.SetStatus(open[c.r.IntN(len(open))]).ClearFinishedAt()
	case 2: // gets or loses its due date
		if c.r.IntN(4) == 0 {
			u.ClearDueAt()
		} else {
			u.SetDueAt(c.after(d.ReceivedAt))
		}
	case 3: // moves to another commune
		u.SetUnitID(c.communes[c.r.IntN(len(c.communes))])
	case 4: // was received earlier, so stays before its due and finish times
		u.SetReceivedAt(d.ReceivedAt.Add(-time.Duration(c.r.Int64N(int64(60 * 24 * time.Hour)))))
	case 5:
		u.SetChannel(channels[c.r.IntN(3)])
	default: // archived, or back
		if d.ArchivedAt == nil {
			u.SetArchivedAt(c.near())
		} else {
			u.ClearArchivedAt()
		}
	}
	_, err := u.Save(archive.Include(ctx))
	return err
}

// create creates a random dossier in a random commune.
func (c *changer) create(ctx context.Context, client *ent.Client, code string) error {
	received := c.near()
	b := client.Dossier.Create().SetCode(code).SetUnitID(c.communes[c.r.IntN(len(c.communes))]).SetProcedureID(c.proc).
		SetChannel(channels[c.r.IntN(3)]).SetReceivedAt(received).SetStatus(open[c.r.IntN(len(open))])
	if c.r.IntN(5) > 0 {
		b.SetDueAt(c.after(received))
	}
	if c.r.IntN(2) == 0 {
		b.SetStatus(finished[c.r.IntN(len(finished))]).SetFinishedAt(c.after(received))
	}
	return b.Exec(ctx)
}

func (c *changer) pick(ctx context.Context, client *ent.Client) *ent.Dossier {
	ids := client.Dossier.Query().IDsX(archive.Include(ctx))
	return client.Dossier.GetX(archive.Include(ctx), ids[c.r.IntN(len(ids))])
}

func TestTallyFollowsEveryWrite(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		client := env.DB.Client
		verify(t, ctx, env, "loading the demonstration data")

		c := &changer{
			r:        rand.New(rand.NewPCG(7, 2023)),
			communes: client.Unit.Query().Where(unit.LevelEQ(unit.LevelCOMMUNE)).IDsX(ctx),
			proc:     client.Procedure.Query().FirstIDX(ctx),
		}
		for round := range 4 {
			// Updates one by one, outside and inside transactions.
			for range 40 {
				if err := c.change(ctx, client, c.pick(ctx, client)); err != nil {
					t.Fatal(err)
				}
			}
			tx, err := client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 20 {
				if err := c.change(ctx, tx.Client(), c.pick(ctx, tx.Client())); err != nil {
					t.Fatal(err)
				}
				if err := c.create(ctx, tx.Client(), fmt.Sprintf("T%d-%d", round, i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			verify(t, ctx, env, fmt.Sprintf("round %d of updates", round))
		}

		// A transaction rolled back leaves the tally as it was.
		tx, err := client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for range 10 {
			if err := c.change(ctx, tx.Client(), c.pick(ctx, tx.Client())); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		verify(t, ctx, env, "a rollback")

		// Updates of many, archiving of many, deletes.
		taiSon := env.UnitID(t, "11098")
		n := client.Dossier.Update().Where(dossier.UnitID(taiSon), dossier.StatusEQ(dossier.StatusRESOLVED)).
			SetChannel(dossier.ChannelPOSTAL).ClearDueAt().SaveX(ctx)
		m := client.Dossier.Update().Where(dossier.UnitID(taiSon), dossier.ChannelEQ(dossier.ChannelDIRECT)).
			SetArchivedAt(time.Now()).SaveX(ctx)
		k := client.Dossier.Update().Where(dossier.UnitID(taiSon), dossier.StatusEQ(dossier.StatusRETURNED)).
			SetUnitID(env.UnitID(t, "11101")).SaveX(ctx)
		if n == 0 || m == 0 || k == 0 {
			t.Fatalf("the updates of many changed %d, %d and %d dossiers", n, m, k)
		}
		verify(t, ctx, env, "updates of many")
		noFeedback := dossier.Not(dossier.HasFeedbacks())
		client.Dossier.DeleteOneID(client.Dossier.Query().Where(noFeedback).FirstIDX(ctx)).ExecX(ctx)
		if n := client.Dossier.Delete().Where(noFeedback, dossier.UnitID(env.UnitID(t, "11095"))).ExecX(ctx); n == 0 {
			t.Fatal("deleted no dossier")
		}
		verify(t, ctx, env, "deletes")

		// Through the API, each mutation in its transaction: a commune officer
		// receives a dossier, resolves it late, archives it; a refused change
		// leaves no trace.
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		var created struct{ CreateDossier struct{ ID string } }
		env.OK(t, tok, `mutation($in: CreateDossierInput!) { createDossier(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"code": "API-1", "channel": "ONLINE", "receivedAt": "2023-06-30T16:59:59Z", "dueAt": "2023-07-03T09:00:00+07:00",
			"unitID": strconv.Itoa(taiSon), "procedureID": strconv.Itoa(c.proc),
		}}, &created)
		verify(t, ctx, env, "createDossier")
		id := created.CreateDossier.ID
		env.OK(t, tok, `mutation($id: ID!) { updateDossier(id: $id, version: 1, input: {status: RESOLVED, finishedAt: "2023-07-04T08:00:00+07:00"}) { id } }`, map[string]any{"id": id}, nil)
		verify(t, ctx, env, "updateDossier")
		env.Fail(t, tok, `mutation($id: ID!) { updateDossier(id: $id, version: 2, input: {status: RESOLVED, finishedAt: "2023-06-01T08:00:00+07:00"}) { id } }`, map[string]any{"id": id}, "BAD_USER_INPUT")
		env.OK(t, tok, `mutation($id: ID!) { archiveDossier(id: $id, version: 2) { id } }`, map[string]any{"id": id}, nil)
		verify(t, ctx, env, "archiveDossier")

		// The tally is no node: its IDs answer as IDs of nothing do.
		var month int
		if err := env.DB.SQL.QueryRow(`SELECT MIN(id) FROM dossier_months`).Scan(&month); err != nil {
			t.Fatal(err)
		}
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		node := func(id int) apitest.Error {
			r := env.Do(t, province, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": strconv.Itoa(id)})
			if len(r.Errors) != 1 {
				t.Fatalf("node(id: %d): %s %+v", id, r.Data, r.Errors)
			}
			return r.Errors[0]
		}
		nothing, tallied := node(999<<32), node(month)
		if tallied.Code() != "NOT_FOUND" || tallied.Code() != nothing.Code() || tallied.Message != strings.ReplaceAll(nothing.Message, strconv.Itoa(999<<32), strconv.Itoa(month)) {
			t.Errorf("node(id:) of the tally answers %s %q, of nothing %s %q", tallied.Code(), tallied.Message, nothing.Code(), nothing.Message)
		}

		// Read through ent, the tally is narrowed as indicator figures are;
		// nobody writes it through ent.
		other := env.UnitID(t, "11101")
		vctx := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.CommuneOfficer, UnitID: taiSon, UnitCode: "11098", Scope: []int{taiSon}})
		rows, err := client.DossierMonth.Query().All(vctx)
		if err != nil || len(rows) == 0 {
			t.Fatalf("a commune officer reads %d rows of its tally: %v", len(rows), err)
		}
		for _, r := range rows {
			if r.UnitID != taiSon {
				t.Fatalf("a commune officer reads the tally of unit %d", r.UnitID)
			}
		}
		if err := client.DossierMonth.Create().SetUnitID(taiSon).SetMonth(209901).SetReceived(1).Exec(vctx); err == nil {
			t.Error("a commune officer wrote the tally")
		}
		if n, err := client.DossierMonth.Update().Where(dossiermonth.UnitID(other)).SetReceived(0).Save(vctx); err == nil || n != 0 {
			t.Errorf("a commune officer changed %d rows of another unit's tally: %v", n, err)
		}

		// Concurrent writers of the same dossiers and unit-months.
		hot := client.Dossier.Query().Where(dossier.UnitID(taiSon)).Limit(3).IDsX(ctx)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := &changer{r: rand.New(rand.NewPCG(uint64(w), 99)), communes: []int{taiSon}, proc: c.proc, keepReceipt: true}
				for i := range 15 {
					tx, err := client.Tx(ctx)
					if err != nil {
						errs <- err
						return
					}
					if i%3 == 0 {
						err = c.create(ctx, tx.Client(), fmt.Sprintf("C%d-%d", w, i))
					} else {
						d, gerr := tx.Dossier.Get(archive.Include(ctx), hot[c.r.IntN(len(hot))])
						if err = gerr; err == nil {
							err = c.change(ctx, tx.Client(), d)
						}
					}
					if err != nil {
						tx.Rollback()
						errs <- err
						return
					}
					if err := tx.Commit(); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		verify(t, ctx, env, "concurrent writers")

		// A tally gone wrong is found, and rebuilt for the units named.
		if _, err := env.DB.SQL.Exec(`DELETE FROM dossier_months WHERE unit_id = ` + strconv.Itoa(taiSon)); err != nil {
			t.Fatal(err)
		}
		if err := tally.Verify(ctx, env.DB.SQL); err == nil {
			t.Fatal("Verify found nothing wrong with a tally missing a unit")
		}
		if err := indicator.VerifyTally(ctx, client, env.DB.Dialect, periods); err == nil {
			t.Fatal("VerifyTally found nothing wrong with a tally missing a unit")
		}
		if err := tally.Rebuild(ctx, env.DB.SQL, taiSon); err != nil {
			t.Fatal(err)
		}
		verify(t, ctx, env, "rebuilding a unit")
	})
}
