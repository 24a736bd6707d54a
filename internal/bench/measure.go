package bench

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"cchc/ent/unit"
	"cchc/internal/auth"
	"cchc/internal/database"
	"cchc/internal/enum"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/viewer"
)

// HalfYear is the period the benchmark asks for: the first half of 2023,
// which has dossiers carried over from 2022 and finishing after it.
var HalfYear = period.Period{Year: 2023, Kind: enum.PeriodHalfYear, Index: 1}

// Subject is the account the benchmark asks as: a province officer.
const Subject = "bench@" + ProvinceCode

// Context returns ctx with the caller of the benchmark: a PROVINCE_OFFICER
// of the generated province, built as a request's caller is, from its
// account and the unit tree (auth.Authenticator.Viewer).
func Context(ctx context.Context, db *database.DB) (context.Context, error) {
	if err := auth.EnsureAccount(ctx, db.Client, Subject, viewer.ProvinceOfficer, ProvinceCode); err != nil {
		return nil, err
	}
	a := &auth.Authenticator{Client: db.Client}
	v, err := a.Viewer(ctx, &auth.Claims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: Subject}, Role: viewer.ProvinceOfficer, Unit: ProvinceCode,
	})
	if err != nil {
		return nil, err
	}
	return viewer.NewContext(ctx, v), nil
}

// Request is the measured request: the indicators of every commune under
// the generated province for p.
func Request(ctx context.Context, engine *indicator.Engine, p period.Period) ([]*indicator.Indicators, error) {
	under, level := ProvinceCode, unit.LevelCOMMUNE
	return engine.Query(ctx, p, indicator.Selection{Under: &under, Level: &level})
}

// Engine is the indicators engine over db, as the server builds it.
func Engine(db *database.DB) *indicator.Engine {
	return &indicator.Engine{Client: db.Client, Dialect: db.Dialect}
}

// Result is what Measure found.
type Result struct {
	Units            int             // indicator entries per request
	Dossiers         int             // the province's total (carried over + received) in the period
	Times            []time.Duration // each run's wall time, in the order run
	Statements       int64           // SQL statements per request
	Min, Median, Max time.Duration
	P99              time.Duration // the 99th percentile (nearest rank): the time 99 % of the runs kept within
}

// Measure runs the request runs times in ctx (see Context) on engine and
// times each run; statements counts the SQL statements of the engine's
// client (open the database with database.CountStatements(statements)).
func Measure(ctx context.Context, engine *indicator.Engine, statements *atomic.Int64, p period.Period, runs int) (*Result, error) {
	res := &Result{}
	for i := range runs {
		before := statements.Load()
		start := time.Now()
		ins, err := Request(ctx, engine, p)
		took := time.Since(start)
		if err != nil {
			return nil, err
		}
		res.Times = append(res.Times, took)
		n := statements.Load() - before
		if i > 0 && n != res.Statements {
			return nil, fmt.Errorf("bench: the request took %d statements, then %d", res.Statements, n)
		}
		res.Statements, res.Units, res.Dossiers = n, len(ins), 0
		for _, in := range ins {
			res.Dossiers += in.Dossiers.Total
		}
	}
	if runs > 0 {
		sorted := slices.Clone(res.Times)
		slices.Sort(sorted)
		res.Min, res.Max = sorted[0], sorted[len(sorted)-1]
		res.Median = sorted[len(sorted)/2]
		if len(sorted)%2 == 0 {
			res.Median = (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
		}
		res.P99 = sorted[(len(sorted)*99+99)/100-1] // rank ⌈0.99 n⌉
	}
	return res, nil
}
