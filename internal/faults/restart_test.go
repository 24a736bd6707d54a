package faults_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cchc/internal/database"
	"cchc/internal/loadtest"
	"cchc/internal/pgtest"
)

// TestPostgresRestart stops PostgreSQL under a soak of mixed reads and
// writes and starts it again, once shutting down cleanly (pg_ctl stop -m
// fast, as a service manager does) and once killing it (-m immediate, as a
// crash, recovered at the next start). The server runs on a private
// cluster, so that no other test loses its database.
//
// Meanwhile /readyz answers 503 and every request that fails answers a
// clear error, UNAVAILABLE, never an internal error nor no answer at all.
// Once PostgreSQL is back the same server process answers again by itself:
// its pool replaces the broken connections. Every write it acknowledged is
// in the database, as acknowledged; a creation whose answer was an error is
// absent or there whole, with its audit entry and in the monthly tally.
func TestPostgresRestart(t *testing.T) {
	cluster := pgtest.Start(t)
	f := prepare(t, cluster.CreateDatabase(t, "cchc"))
	srv := startServer(t, f)
	for _, mode := range []string{"fast", "immediate"} {
		t.Run(mode, func(t *testing.T) {
			restart(t, cluster, srv, f, mode)
		})
	}
}

// phases of a restart, as the answers are counted.
const (
	before = iota // PostgreSQL up
	down          // stopped, or being stopped
	back          // started again
)

// tally of the answers of one phase.
type phaseCount struct {
	ok, failed, unavailable, acked atomic.Int64
}

func restart(t *testing.T, cluster *pgtest.Cluster, srv *server, f *fixture, mode string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logFrom := len(srv.log.String()) // what the server logs of this restart
	var (
		phase  atomic.Int32
		counts [3]phaseCount
		mu     sync.Mutex
		wrong  []string // answers that are not a success nor UNAVAILABLE
	)
	cfg := f.soakConfig(srv, "RESTART-"+mode, 0.5)
	cfg.OnAnswer = func(a loadtest.Answer) {
		c := &counts[phase.Load()]
		switch {
		case a.OK():
			c.ok.Add(1)
			if a.Acked {
				c.acked.Add(1)
			}
			return
		case a.Err == nil && (a.Status == http.StatusOK || a.Status == http.StatusServiceUnavailable) &&
			len(a.Codes) > 0 && !slices.ContainsFunc(a.Codes, func(c string) bool { return c != "UNAVAILABLE" }):
			c.failed.Add(1)
			c.unavailable.Add(1)
			return
		}
		c.failed.Add(1)
		if ctx.Err() != nil {
			return // cut by the end of the soak
		}
		mu.Lock()
		wrong = append(wrong, fmt.Sprintf("%s: HTTP %d, codes %v, %v", a.Op, a.Status, a.Codes, a.Err))
		mu.Unlock()
	}
	soaked := background(ctx, t, cfg)
	// /readyz is asked all along; it must answer 503 while PostgreSQL is down.
	var readyDown, readyBack atomic.Int64
	go func() {
		for ctx.Err() == nil {
			code := srv.ready()
			switch p := phase.Load(); {
			case p == down && code == http.StatusServiceUnavailable:
				readyDown.Add(1)
			case p == back && code == http.StatusOK:
				readyBack.Add(1)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()

	waitFor(t, time.Minute, "20 writes acknowledged before the stop", func() bool { return counts[before].acked.Load() >= 20 })
	phase.Store(down)
	cluster.StopServer(t, mode)
	waitFor(t, time.Minute, "/readyz 503 and 50 requests answered UNAVAILABLE while PostgreSQL is down", func() bool {
		return readyDown.Load() > 0 && counts[down].unavailable.Load() >= 50
	})
	phase.Store(back)
	cluster.StartServer(t)
	waitFor(t, time.Minute, "/readyz 200 once PostgreSQL is back", func() bool { return readyBack.Load() > 0 })
	waitFor(t, time.Minute, "20 writes acknowledged once PostgreSQL is back", func() bool { return counts[back].acked.Load() >= 20 })
	// Recovered: from now on every request succeeds.
	okBefore, failedBefore := counts[back].ok.Load(), counts[back].failed.Load()
	waitFor(t, time.Minute, "100 more answers", func() bool { return counts[back].ok.Load()+counts[back].failed.Load() >= okBefore+failedBefore+100 })
	failedAfter := counts[back].failed.Load()
	logged := srv.log.String()[logFrom:]
	cancel()
	res := soaked()
	for p, name := range []string{"before", "down", "back"} {
		c := &counts[p]
		t.Logf("%-6s %5d succeeded (%d writes acknowledged), %5d failed, %d of them UNAVAILABLE", name, c.ok.Load(), c.acked.Load(), c.failed.Load(), c.unavailable.Load())
	}
	t.Logf("/readyz: 503 %d times while down", readyDown.Load())
	if failedAfter != failedBefore {
		t.Errorf("%d requests failed after the server had recovered", failedAfter-failedBefore)
	}
	// Nothing was taken for a fault of the server (logged at ERROR); the
	// outage is logged as a warning.
	if lines := linesWith(logged, "level=ERROR"); len(lines) > 0 {
		t.Errorf("%d errors logged, the first: %s", len(lines), lines[0])
	}
	if len(linesWith(logged, "database unavailable")) == 0 {
		t.Error("the outage is not in the log")
	}
	if len(wrong) > 0 {
		t.Errorf("%d answers neither a success nor UNAVAILABLE, the first: %v", len(wrong), wrong[:min(len(wrong), 5)])
	}
	if err := loadtest.Verify(context.Background(), cfg, res); err != nil {
		t.Fatal(err)
	}
	if len(res.Missing) > 0 {
		t.Errorf("%d acknowledged records missing through the API, the first %+v", len(res.Missing), *res.Missing[0])
	}
	db, err := database.Open(context.Background(), f.url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := checkWrites(t, db, cfg.Prefix, res.Acknowledged, res.Unacknowledged)
	t.Logf("%d records written: %d creations acknowledged, %d not", n, len(res.Acknowledged), len(res.Unacknowledged))
}
