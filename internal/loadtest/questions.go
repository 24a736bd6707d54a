package loadtest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/search"
	"cchc/internal/viewer"
)

// Session is one worker asking a question again and again: its own random
// parameters, and what one request leaves for the next (a page's cursor, a
// dossier just created).
type Session struct {
	R      *rand.Rand
	F      *Fixture
	Worker int

	do    func(token, query string, vars map[string]any, dst any) error
	state any
}

// Do sends one GraphQL request as token ("" for none) and decodes its data into dst.
func (s *Session) Do(token, query string, vars map[string]any, dst any) error {
	return s.do(token, query, vars, dst)
}

// Question is one thing asked of the servers, as each is asked it; a
// script sends exactly one request.
type Question struct {
	Name       string // for --questions and the tables
	Title      string // what is asked
	Caller     string // who asks cchc
	Equivalent string // how PostGraphile is asked, and what differs; empty when it is not

	cchc, postgraphile func(*Session) error
}

// Script is the request of q for a server of kind k, or nil when k has no equivalent.
func (q *Question) Script(k Kind) func(*Session) error {
	if k == PostGraphile {
		return q.postgraphile
	}
	return q.cchc
}

// Questions are the questions asked, in the order asked.
var Questions = []*Question{dashboard, dossierList, nestedPlans, analystAggregate, indicators, mutations}

// Select returns the questions named, all when names is empty.
func Select(names []string) ([]*Question, error) {
	if len(names) == 0 {
		return Questions, nil
	}
	var out []*Question
	for _, n := range names {
		found := false
		for _, q := range Questions {
			if q.Name == n {
				out, found = append(out, q), true
			}
		}
		if !found {
			var all []string
			for _, q := range Questions {
				all = append(all, q.Name)
			}
			return nil, fmt.Errorf("loadtest: no question %q (one of %s)", n, strings.Join(all, ", "))
		}
	}
	return out, nil
}

// pick returns a random element.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func id(n int) string { return strconv.Itoa(n) }

func ts(t time.Time) string { return t.Format(time.RFC3339) }

// today is the day the dashboard is looked at: the last month of the data.
func (f *Fixture) today() time.Time {
	return period.Date(f.Years[len(f.Years)-1], time.December, 16).Add(9 * time.Hour)
}

// quarter draws a quarter of the data's years.
func (s *Session) quarter() period.Period {
	return period.Period{Year: pick(s.R, s.F.Years), Kind: enum.PeriodQuarter, Index: 1 + s.R.IntN(4)}
}

// A commune's dashboard, as its officer opens it: the unit, dossiers
// received this month, pending and overdue, the ten latest, the year's plans
// and the open tasks due first.
var dashboard = &Question{
	Name:       "dashboard",
	Title:      "a commune's dashboard: its unit, dossiers received this month, pending and overdue (3 counts), the 10 latest with their procedure, the year's plans (count) and the 10 open tasks due first with their lead",
	Caller:     "COMMUNE_OFFICER of a random commune",
	Equivalent: "the same seven root fields, each filtered by the commune's unitId (cchc scopes by the token)",
	cchc: func(s *Session) error {
		c, today := pick(s.R, s.F.Communes), s.F.today()
		return s.Do(s.F.Token(viewer.CommuneOfficer, c.Code), cchcDashboard, map[string]any{
			"code": c.Code, "monthStart": ts(period.Date(today.Year(), today.Month(), 1)), "now": ts(today), "year": today.Year(),
		}, nil)
	},
	postgraphile: func(s *Session) error {
		c, today := pick(s.R, s.F.Communes), s.F.today()
		return s.Do("", pglDashboard, map[string]any{
			"unit": id(c.ID), "monthStart": ts(period.Date(today.Year(), today.Month(), 1)), "now": ts(today), "year": id(today.Year()),
		}, nil)
	},
}

const cchcDashboard = `query Dashboard($code: String!, $monthStart: Time!, $now: Time!, $year: Int!) {
  unit: units(where: {code: $code}) { edges { node { id name parent { name } } } }
  received: dossiers(where: {receivedAtGTE: $monthStart, receivedAtLT: $now}) { totalCount }
  pending: dossiers(where: {finishedAtIsNil: true}) { totalCount }
  overdue: dossiers(where: {finishedAtIsNil: true, dueAtLT: $now}) { totalCount }
  recent: dossiers(first: 10, orderBy: [{field: RECEIVED_AT, direction: DESC}]) {
    edges { node { id code status channel receivedAt dueAt procedure { name } } } }
  plans: reformPlans(where: {year: $year}) { totalCount }
  tasks: tasks(first: 10, where: {statusIn: [NOT_STARTED, IN_PROGRESS], hasPlanWith: {year: $year}}, orderBy: [{field: DUE_ON}]) {
    totalCount edges { node { id title status progress dueOn lead { fullName } } } }
}`

const pglDashboard = `query Dashboard($unit: BigInt!, $monthStart: Datetime!, $now: Datetime!, $year: BigInt!) {
  unit: unitByRowId(rowId: $unit) { id name unitByParentId { name } }
  received: allDossiers(filter: {unitId: {equalTo: $unit}, archivedAt: {isNull: true}, receivedAt: {greaterThanOrEqualTo: $monthStart, lessThan: $now}}) { totalCount }
  pending: allDossiers(filter: {unitId: {equalTo: $unit}, archivedAt: {isNull: true}, finishedAt: {isNull: true}}) { totalCount }
  overdue: allDossiers(filter: {unitId: {equalTo: $unit}, archivedAt: {isNull: true}, finishedAt: {isNull: true}, dueAt: {lessThan: $now}}) { totalCount }
  recent: allDossiers(first: 10, orderBy: [RECEIVED_AT_DESC], filter: {unitId: {equalTo: $unit}, archivedAt: {isNull: true}}) {
    nodes { id code status channel receivedAt dueAt procedureByProcedureId { name } } }
  plans: allReformPlans(filter: {unitId: {equalTo: $unit}, archivedAt: {isNull: true}, year: {equalTo: $year}}) { totalCount }
  tasks: allTasks(first: 10, orderBy: [DUE_ON_ASC], filter: {archivedAt: {isNull: true}, status: {in: ["NOT_STARTED", "IN_PROGRESS"]},
      reformPlanByPlanId: {unitId: {equalTo: $unit}, year: {equalTo: $year}, archivedAt: {isNull: true}}}) {
    totalCount nodes { id title status progress dueOn officialByLeadId { fullName } } }
}`

// listState is where a worker is in a list it pages through.
type listState struct {
	commune  Unit
	district string
	status   []string
	from, to time.Time
	after    *string
	page     int
}

// statusFilters are the lists the front end filters by: finished, open,
// otherwise closed, and all.
var statusFilters = [][]string{{"RESOLVED", "RETURNED"}, {"RECEIVED", "IN_PROGRESS", "SUPPLEMENT_REQUESTED"}, {"REJECTED", "WITHDRAWN", "STOPPED"}, nil}

// next returns the page to ask: the next of the current list, or the first
// of a new one (a commune of a district, a status filter, a quarter) after
// three pages or the last.
func (s *Session) nextPage() *listState {
	st, _ := s.state.(*listState)
	if st == nil || st.page >= 3 || (st.page > 0 && st.after == nil) {
		d := pick(s.R, s.F.Districts)
		q := s.quarter()
		st = &listState{commune: pick(s.R, d.Communes), district: d.Code, status: pick(s.R, statusFilters), from: q.Start(), to: q.End()}
		s.state = st
	}
	return st
}

// turned records the page answered.
func (st *listState) turned(hasNext bool, end *string) {
	st.page++
	st.after = nil
	if hasNext {
		st.after = end
	}
}

type pageInfo struct {
	HasNextPage bool    `json:"hasNextPage"`
	EndCursor   *string `json:"endCursor"`
}

// A page of a commune's dossiers, filtered and ordered, paged on.
var dossierList = &Question{
	Name:       "dossier-list",
	Title:      "pages 1–3 (20 a page, by cursor) of a commune's dossiers received in a quarter, filtered by a status list or not, newest first, with totalCount, unit and procedure",
	Caller:     "DISTRICT_OFFICER of the commune's district",
	Equivalent: "allDossiers with filter (unitId, receivedAt range, status in, archivedAt null), orderBy RECEIVED_AT_DESC, first/after",
	cchc: func(s *Session) error {
		st := s.nextPage()
		where := map[string]any{"unitID": id(st.commune.ID), "receivedAtGTE": ts(st.from), "receivedAtLT": ts(st.to)}
		if st.status != nil {
			where["statusIn"] = st.status
		}
		var out struct {
			Dossiers struct {
				PageInfo pageInfo `json:"pageInfo"`
			} `json:"dossiers"`
		}
		if err := s.Do(s.F.Token(viewer.DistrictOfficer, st.district), cchcDossiers, map[string]any{"where": where, "after": st.after}, &out); err != nil {
			s.state = nil
			return err
		}
		st.turned(out.Dossiers.PageInfo.HasNextPage, out.Dossiers.PageInfo.EndCursor)
		return nil
	},
	postgraphile: func(s *Session) error {
		st := s.nextPage()
		filter := map[string]any{
			"unitId":     map[string]any{"equalTo": id(st.commune.ID)},
			"archivedAt": map[string]any{"isNull": true},
			"receivedAt": map[string]any{"greaterThanOrEqualTo": ts(st.from), "lessThan": ts(st.to)},
		}
		if st.status != nil {
			filter["status"] = map[string]any{"in": st.status}
		}
		var out struct {
			AllDossiers struct {
				PageInfo pageInfo `json:"pageInfo"`
			} `json:"allDossiers"`
		}
		if err := s.Do("", pglDossiers, map[string]any{"filter": filter, "after": st.after}, &out); err != nil {
			s.state = nil
			return err
		}
		st.turned(out.AllDossiers.PageInfo.HasNextPage, out.AllDossiers.PageInfo.EndCursor)
		return nil
	},
}

const cchcDossiers = `query Dossiers($where: DossierWhereInput!, $after: Cursor) {
  dossiers(first: 20, after: $after, orderBy: [{field: RECEIVED_AT, direction: DESC}], where: $where) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id code status channel receivedAt dueAt finishedAt unit { name } procedure { name field } } }
  }
}`

const pglDossiers = `query Dossiers($filter: DossierFilter!, $after: Cursor) {
  allDossiers(first: 20, after: $after, orderBy: [RECEIVED_AT_DESC], filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id code status channel receivedAt dueAt finishedAt unitByUnitId { name } procedureByProcedureId { name field } }
  }
}`

// A district's plans of a year with their tasks and the officials on them.
var nestedPlans = &Question{
	Name:       "nested-plans",
	Title:      "a district's plans of a year (its own and its communes', 10 latest issued) → their tasks (20 each, by due date, with totalCount) → the lead and the collaborators of each task",
	Caller:     "DISTRICT_OFFICER of a random district",
	Equivalent: "allReformPlans filtered by unitId in [the district and its communes] (the client must know them) → tasksByPlanId → officialByLeadId and officialCollaboratingTasksByTaskId → officialByOfficialId",
	cchc: func(s *Session) error {
		d := pick(s.R, s.F.Districts)
		return s.Do(s.F.Token(viewer.DistrictOfficer, d.Code), cchcPlans, map[string]any{"year": pick(s.R, s.F.Years)}, nil)
	},
	postgraphile: func(s *Session) error {
		d := pick(s.R, s.F.Districts)
		units := []string{id(d.ID)}
		for _, c := range d.Communes {
			units = append(units, id(c.ID))
		}
		return s.Do("", pglPlans, map[string]any{"units": units, "year": id(pick(s.R, s.F.Years))}, nil)
	},
}

const cchcPlans = `query Plans($year: Int!) {
  reformPlans(first: 10, where: {year: $year}, orderBy: [{field: ISSUED_ON, direction: DESC}]) {
    totalCount
    edges { node { id number title status issuedOn unit { name }
      tasks(first: 20, orderBy: [{field: DUE_ON}]) { totalCount edges { node { id title status progress dueOn
        lead { id fullName position } collaborators { id fullName position } } } } } }
  }
}`

const pglPlans = `query Plans($units: [BigInt!]!, $year: BigInt!) {
  allReformPlans(first: 10, orderBy: [ISSUED_ON_DESC], filter: {unitId: {in: $units}, year: {equalTo: $year}, archivedAt: {isNull: true}}) {
    totalCount
    nodes { id number title status issuedOn unitByUnitId { name }
      tasksByPlanId(first: 20, orderBy: [DUE_ON_ASC], filter: {archivedAt: {isNull: true}}) { totalCount nodes { id title status progress dueOn
        officialByLeadId { id fullName position }
        officialCollaboratingTasksByTaskId { nodes { officialByOfficialId { id fullName position } } } } } }
  }
}`

// An analyst's count of a quarter's dossiers by commune and channel.
var analystAggregate = &Question{
	Name:       "aggregate",
	Title:      "the dossiers received in a quarter, province-wide, counted by receiving unit and channel (900 groups on the full province)",
	Caller:     "ANALYST of the province",
	Equivalent: "allDossiers(filter: receivedAt range) { groupedAggregates(groupBy: [UNIT_ID, CHANNEL]) { keys count { rowId } } } with @graphile/pg-aggregates 0.2.0-rc.2 and a plain COUNT spec added in bench/postgraphile/server.mjs; its keys are raw IDs where cchc answers the unit, and it neither orders nor pages the groups",
	cchc: func(s *Session) error {
		q := s.quarter()
		return s.Do(s.F.Token(viewer.Analyst, s.F.Province.Code), cchcAggregate, map[string]any{"from": ts(q.Start()), "to": ts(q.End())}, nil)
	},
	postgraphile: func(s *Session) error {
		q := s.quarter()
		return s.Do("", pglAggregate, map[string]any{"from": ts(q.Start()), "to": ts(q.End())}, nil)
	},
}

const cchcAggregate = `query Aggregate($from: Time!, $to: Time!) {
  dossiersAggregate(first: 1000, where: {receivedAtGTE: $from, receivedAtLT: $to}, groupBy: [{field: UNIT}, {field: CHANNEL}]) {
    totalCount edges { node { key { unit { id } channel } count } }
  }
}`

const pglAggregate = `query Aggregate($from: Datetime!, $to: Datetime!) {
  allDossiers(filter: {receivedAt: {greaterThanOrEqualTo: $from, lessThan: $to}, archivedAt: {isNull: true}}) {
    groupedAggregates(groupBy: [UNIT_ID, CHANNEL]) { keys count { rowId } }
  }
}`

// The half-year indicators of every commune of the province.
var indicators = &Question{
	Name:       "indicators",
	Title:      "the dossier indicators of a half-year for every commune of the province (indicators(under:, level: COMMUNE))",
	Caller:     "PROVINCE_OFFICER of the province",
	Equivalent: "loadtestDossierFigures(periodStart, periodEnd, under): internal/indicator's dossier statement as a SQL function (internal/loadtest/postgraphile.sql); it computes the dossier figures alone, while cchc's request also reads staffing, plans, tasks, feedback, budgets and report narratives (8 more statements) and computes findings",
	cchc: func(s *Session) error {
		y, half := pick(s.R, s.F.Years), 1+s.R.IntN(2)
		return s.Do(s.F.Token(viewer.ProvinceOfficer, s.F.Province.Code), cchcIndicators, map[string]any{
			"period": map[string]any{"year": y, "kind": "HALF_YEAR", "index": half}, "under": s.F.Province.Code,
		}, nil)
	},
	postgraphile: func(s *Session) error {
		p := period.Period{Year: pick(s.R, s.F.Years), Kind: enum.PeriodHalfYear, Index: 1 + s.R.IntN(2)}
		return s.Do("", pglIndicators, map[string]any{"start": ts(p.Start()), "end": ts(p.End()), "under": s.F.Province.Code}, nil)
	},
}

const cchcIndicators = `query Indicators($period: PeriodInput!, $under: String!) {
  indicators(period: $period, under: $under, level: COMMUNE) {
    unit { code }
    dossiers { carriedOver receivedInPeriod online direct postal total resolved early onTime late pending pendingWithinDeadline pendingOverdue otherClosed onTimeRate onlineRate }
  }
}`

const pglIndicators = `query Indicators($start: Datetime!, $end: Datetime!, $under: String!) {
  loadtestDossierFigures(periodStart: $start, periodEnd: $end, under: $under) {
    nodes { unitId carriedOver receivedInPeriod online direct postal resolved early onTime late resolvedWithoutDueDate pending pendingOverdue pendingWithoutDueDate otherClosed }
  }
}`

// writeState is where a worker is in a dossier's life.
type writeState struct {
	commune Unit
	id      string
	step    int
}

// codes numbers the dossiers the mutation mix creates, uniquely in a run.
var (
	codes   atomic.Int64
	codeRun = strconv.FormatInt(time.Now().UnixNano(), 36)
)

func newCode() string { return CodePrefix + codeRun + "-" + strconv.FormatInt(codes.Add(1), 36) }

// next returns the step to take: receive a new dossier (0), start it (1) or resolve it (2).
func (s *Session) nextWrite() *writeState {
	st, _ := s.state.(*writeState)
	if st == nil || st.step > 2 || (st.step > 0 && st.id == "") {
		st = &writeState{commune: pick(s.R, s.F.Communes)}
		s.state = st
	}
	return st
}

// A commune officer's writes: a dossier received, started, resolved.
var mutations = &Question{
	Name:       "mutations",
	Title:      "a commune officer's writes, in turn: createDossier (received online now, due in 5 days), updateDossier to IN_PROGRESS, updateDossier to RESOLVED with finishedAt",
	Caller:     "COMMUNE_OFFICER of a random commune",
	Equivalent: "createDossier(input: {dossier}) and updateDossierByRowId(input: {rowId, dossierPatch}); the client supplies createdAt, updatedAt and searchText, which cchc fills itself; cchc also checks the unit, the timeline, that the province lists the procedure, and the version the client read (optimistic locking) and writes an audit entry in the same transaction, PostGraphile none of these",
	cchc: func(s *Session) error {
		st := s.nextWrite()
		now := time.Now()
		tok := s.F.Token(viewer.CommuneOfficer, st.commune.Code)
		defer func() { st.step++ }()
		switch st.step {
		case 0:
			var out struct {
				CreateDossier struct{ ID string } `json:"createDossier"`
			}
			err := s.Do(tok, cchcCreate, map[string]any{"input": map[string]any{
				"code": newCode(), "channel": "ONLINE", "receivedAt": ts(now), "dueAt": ts(now.AddDate(0, 0, 5)),
				"unitID": id(st.commune.ID), "procedureID": id(pick(s.R, s.F.Procedures)),
			}}, &out)
			st.id = out.CreateDossier.ID
			return err
		case 1: // the dossier as created, at version 1
			return s.Do(tok, cchcUpdate, map[string]any{"id": st.id, "v": 1, "input": map[string]any{"status": "IN_PROGRESS"}}, nil)
		default:
			return s.Do(tok, cchcUpdate, map[string]any{"id": st.id, "v": 2, "input": map[string]any{"status": "RESOLVED", "finishedAt": ts(now)}}, nil)
		}
	},
	postgraphile: func(s *Session) error {
		st := s.nextWrite()
		now := time.Now()
		defer func() { st.step++ }()
		switch st.step {
		case 0:
			code := newCode()
			var out struct {
				CreateDossier struct {
					Dossier struct {
						RowID string `json:"rowId"`
					} `json:"dossier"`
				} `json:"createDossier"`
			}
			err := s.Do("", pglCreate, map[string]any{"d": map[string]any{
				"code": code, "channel": "ONLINE", "receivedAt": ts(now), "dueAt": ts(now.AddDate(0, 0, 5)), "status": "RECEIVED",
				"unitId": id(st.commune.ID), "procedureId": id(pick(s.R, s.F.Procedures)),
				"createdAt": ts(now), "updatedAt": ts(now), "searchText": search.Text(code),
			}}, &out)
			st.id = out.CreateDossier.Dossier.RowID
			return err
		case 1:
			return s.Do("", pglUpdate, map[string]any{"id": st.id, "p": map[string]any{"status": "IN_PROGRESS", "updatedAt": ts(now)}}, nil)
		default:
			return s.Do("", pglUpdate, map[string]any{"id": st.id, "p": map[string]any{"status": "RESOLVED", "finishedAt": ts(now), "updatedAt": ts(now)}}, nil)
		}
	},
}

const cchcCreate = `mutation Create($input: CreateDossierInput!) { createDossier(input: $input) { id code status } }`

const cchcUpdate = `mutation Update($id: ID!, $v: Int!, $input: UpdateDossierInput!) { updateDossier(id: $id, version: $v, input: $input) { id status updatedAt version } }`

const pglCreate = `mutation Create($d: DossierInput!) { createDossier(input: {dossier: $d}) { dossier { rowId code status } } }`

const pglUpdate = `mutation Update($id: BigInt!, $p: DossierPatch!) { updateDossierByRowId(input: {rowId: $id, dossierPatch: $p}) { dossier { rowId status updatedAt } } }`
