package aggregate

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"

	"cchc/ent"
	"cchc/ent/budget"
	"cchc/ent/official"
	"cchc/ent/procedure"
	"cchc/ent/reformplan"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/enum"
	"cchc/internal/period"
)

// grouping is a validated dim of a question with its bucket.
type grouping struct {
	Dim
	bucket enum.PeriodKind
}

// ordering is a validated order: the SQL it sorts by and the direction.
type ordering struct {
	sql  string
	desc bool
}

// plan checks groupBy and orderBy against the spec.
func (spec *Spec) plan(a Args) ([]grouping, error) {
	if len(a.GroupBy) > MaxGroupFields {
		return nil, apperr.Input("groupBy", "at most %d fields, not %d", MaxGroupFields, len(a.GroupBy))
	}
	var gs []grouping
	seen := map[Field]bool{}
	for i, g := range a.GroupBy {
		field := fmt.Sprintf("groupBy[%d]", i)
		d, ok := spec.dim(g.Field)
		if !ok {
			return nil, apperr.Input(field+".field", "%s is not a group field of %s", g.Field, spec.Type)
		}
		if seen[g.Field] {
			return nil, apperr.Input(field+".field", "%s is grouped by twice", g.Field)
		}
		seen[g.Field] = true
		gr := grouping{Dim: d}
		switch {
		case d.Kind == Date && g.Bucket == nil:
			gr.bucket = enum.PeriodMonth
		case d.Kind == Date && *g.Bucket == enum.PeriodNineMonths:
			return nil, apperr.Input(field+".bucket", "NINE_MONTHS overlaps the other periods of a year; group by MONTH, QUARTER, HALF_YEAR or YEAR")
		case d.Kind == Date:
			gr.bucket = *g.Bucket
		case g.Bucket != nil:
			return nil, apperr.Input(field+".bucket", "%s is not a date: only date fields take a bucket", g.Field)
		}
		gs = append(gs, gr)
	}
	return gs, nil
}

func (spec *Spec) dim(f Field) (Dim, bool) {
	for _, d := range spec.Dims {
		if d.Field == f {
			return d, true
		}
	}
	return Dim{}, false
}

// columns are the measures' SQL columns, in order, with the GraphQL order
// field that sorts by each.
type column struct {
	order string
	sql   string
}

func (spec *Spec) columns(x *expr, measures []Measure) []column {
	var cs []column
	for _, m := range measures {
		v := m.SQL(x)
		switch {
		case m.Kind == Count && v == "":
			cs = append(cs, column{m.Order, "COUNT(*)"})
		case m.Kind == Count:
			cs = append(cs, column{m.Order, "SUM(CASE WHEN " + v + " THEN 1 ELSE 0 END)"})
		default:
			for _, f := range statFuncs {
				cs = append(cs, column{m.Order + "_" + f, f + "(" + v + ")"})
			}
		}
	}
	return cs
}

var statFuncs = []string{"SUM", "AVG", "MIN", "MAX"}

// row is one group as scanned: keys and measures as text, whatever their
// SQL type on either database, and the number of groups.
type row struct {
	K0, K1, K2, K3                              *string
	M0, M1, M2, M3, M4, M5, M6, M7, M8, M9, M10 *string
	M11, M12, M13, M14, M15, M16, M17, M18, M19 *string
	Total                                       *int64
}

func (r *row) key(i int) *string { return []*string{r.K0, r.K1, r.K2, r.K3}[i] }
func (r *row) measure(i int) *string {
	return []*string{r.M0, r.M1, r.M2, r.M3, r.M4, r.M5, r.M6, r.M7, r.M8, r.M9, r.M10,
		r.M11, r.M12, r.M13, r.M14, r.M15, r.M16, r.M17, r.M18, r.M19}[i]
}

// maxMeasureColumns is the number of M fields of row.
const maxMeasureColumns = 20

func (e *Engine) run(ctx context.Context, spec *Spec, where any, a Args) (*Connection, error) {
	groups, err := spec.plan(a)
	if err != nil {
		return nil, err
	}
	measures := spec.needed(ctx, a)
	offset, limit := 0, math.MaxInt32
	if a.After != nil {
		if a.After.ID < 0 || a.After.ID >= math.MaxInt32 { // ID+1 must not overflow into a negative OFFSET
			return nil, apperr.Input("after", "not a cursor of these groups")
		}
		offset = a.After.ID + 1
	}
	if a.First != nil {
		if *a.First < 0 {
			return nil, apperr.Input("first", "must not be negative")
		}
		limit = *a.First
	}
	var orderErr error
	modify := func(s *sql.Selector) {
		x := &expr{s: s, dialect: e.Dialect, joins: map[string]*sql.SelectTable{}}
		var sel, keys, sorted []string
		for i, g := range groups {
			k := x.dim(g.Dim, g.bucket)
			keys = append(keys, k)
			sel = append(sel, sql.As(k, fmt.Sprintf("k%d", i)))
			// Text sorts by code points on both databases, whatever
			// PostgreSQL's collation: pages and cursors must agree.
			if g.Kind == Text && e.Dialect == dialect.Postgres {
				k += ` COLLATE "C"`
			}
			sorted = append(sorted, k)
		}
		cols := spec.columns(x, measures)
		for i, c := range cols {
			sel = append(sel, sql.As(c.sql, fmt.Sprintf("m%d", i)))
		}
		sel = append(sel, sql.As("COUNT(*) OVER ()", "total"))
		s.Select(sel...)
		if len(keys) > 0 {
			s.GroupBy(keys...)
		}
		var orders []ordering
		orders, orderErr = spec.orders(a.OrderBy, groups, sorted, cols)
		for _, o := range orders {
			// NULLs last on both databases, whatever the direction.
			s.OrderExpr(sql.Expr("CASE WHEN " + o.sql + " IS NULL THEN 1 ELSE 0 END"))
			if o.desc {
				s.OrderExpr(sql.Expr(o.sql + " DESC"))
			} else {
				s.OrderExpr(sql.Expr(o.sql))
			}
		}
		s.Limit(limit).Offset(offset)
	}
	q, err := spec.query(e.Client, where, modify)
	if err != nil {
		return nil, err
	}
	var rows []*row
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	if orderErr != nil {
		return nil, orderErr
	}
	conn := &Connection{}
	switch {
	case len(rows) > 0:
		conn.TotalCount = int(*rows[0].Total)
	case offset > 0 || limit == 0:
		// The page is empty: count the groups alone.
		total, err := e.run(ctx, spec, where, Args{GroupBy: a.GroupBy, First: ptr(1)})
		if err != nil {
			return nil, err
		}
		conn.TotalCount = total.TotalCount
	}
	nodes, err := e.nodes(ctx, groups, measures, rows)
	if err != nil {
		return nil, err
	}
	for i, n := range nodes {
		conn.Edges = append(conn.Edges, &Edge{Node: n, Cursor: entgql.Cursor[int]{ID: offset + i}})
	}
	conn.PageInfo.HasPreviousPage = offset > 0
	conn.PageInfo.HasNextPage = offset+len(rows) < conn.TotalCount
	if len(conn.Edges) > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[len(conn.Edges)-1].Cursor
	}
	return conn, nil
}

func ptr[T any](v T) *T { return &v }

// needed returns the measures a request computes: those its GraphQL
// selection asks for under edges { node { … } } and those orderBy sorts by;
// outside a GraphQL request of spec's field, all of them. Each measure is a
// term of the one statement over every record grouped (a dossier's
// resolvedLate converts two instants to local dates): an analyst who counts
// should not pay for the rest.
func (spec *Spec) needed(ctx context.Context, a Args) []Measure {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Name != spec.QueryField || !graphql.HasOperationContext(ctx) {
		return spec.Measures
	}
	oc := graphql.GetOperationContext(ctx)
	selected := map[string]bool{}
	for _, e := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		if e.Name != "edges" {
			continue
		}
		for _, n := range graphql.CollectFields(oc, e.Selections, nil) {
			if n.Name != "node" {
				continue
			}
			for _, f := range graphql.CollectFields(oc, n.Selections, nil) {
				selected[f.Name] = true
			}
		}
	}
	var out []Measure
	for _, m := range spec.Measures {
		want := selected[m.Key]
		for _, o := range a.OrderBy {
			f := string(o.Field)
			want = want || f == m.Order || (m.Kind != Count && strings.HasPrefix(f, m.Order+"_"))
		}
		if want {
			out = append(out, m)
		}
	}
	return out
}

// orders turns orderBy into SQL, the group keys ascending breaking ties, so
// that pages are stable.
func (spec *Spec) orders(by []*Order, groups []grouping, keys []string, cols []column) ([]ordering, error) {
	var os []ordering
	for i, o := range by {
		desc := o.Direction == entgql.OrderDirectionDesc
		found := false
		for _, c := range cols {
			if c.order == string(o.Field) {
				os, found = append(os, ordering{c.sql, desc}), true
			}
		}
		for j, g := range groups {
			if string(g.Field) == string(o.Field) {
				os, found = append(os, ordering{keys[j], desc}), true
			}
		}
		if !found {
			if _, isDim := spec.dim(Field(o.Field)); isDim {
				return nil, apperr.Input(fmt.Sprintf("orderBy[%d].field", i), "%s orders groups only when they are grouped by it", o.Field)
			}
			return nil, apperr.Input(fmt.Sprintf("orderBy[%d].field", i), "%s is not a measure or group field of %s", o.Field, spec.Type)
		}
	}
	for _, k := range keys {
		os = append(os, ordering{sql: k})
	}
	return os, nil
}

// nodes turns rows into the GraphQL groups: keys typed, referenced records
// loaded with one query per referenced type, measures parsed.
func (e *Engine) nodes(ctx context.Context, groups []grouping, measures []Measure, rows []*row) ([]*Group, error) {
	refs := make([]map[int]any, len(groups))
	for i, g := range groups {
		if g.Kind != Ref {
			continue
		}
		var ids []int
		for _, r := range rows {
			if k := r.key(i); k != nil {
				id, err := strconv.Atoi(*k)
				if err != nil {
					return nil, fmt.Errorf("aggregate: reference key %q: %w", *k, err)
				}
				ids = append(ids, id)
			}
		}
		loaded, err := load(ctx, e.Client, g.GraphQLType, ids)
		if err != nil {
			return nil, err
		}
		refs[i] = loaded
	}
	out := make([]*Group, 0, len(rows))
	for _, r := range rows {
		g := &Group{Key: &Key{}}
		for i, gr := range groups {
			v, err := keyValue(gr, r.key(i), refs[i])
			if err != nil {
				return nil, err
			}
			if v != nil {
				setPointer(keyField(g.Key, gr.Dim), v)
			}
		}
		col := 0
		for _, m := range measures {
			var v any
			switch m.Kind {
			case Count:
				v = int(parseInt(r.measure(col)))
				col++
			case Number:
				v = &Stats{Sum: parseFloat(r.measure(col)), Avg: parseFloat(r.measure(col + 1)),
					Min: parseFloat(r.measure(col + 2)), Max: parseFloat(r.measure(col + 3))}
				col += 4
			case Money:
				v = &MoneyStats{Sum: parseInt64(r.measure(col)), Avg: parseFloat(r.measure(col + 1)),
					Min: parseInt64(r.measure(col + 2)), Max: parseInt64(r.measure(col + 3))}
				col += 4
			}
			measureField(g, m.Key).Set(reflect.ValueOf(v))
		}
		out = append(out, g)
	}
	return out, nil
}

// measureField is the field of Group holding the measure key (resolvedLate → ResolvedLate).
func measureField(g *Group, key string) reflect.Value {
	return reflect.ValueOf(g).Elem().FieldByName(strings.ToUpper(key[:1]) + key[1:])
}

// keyField is the field of Key holding a dim's value.
func keyField(k *Key, d Dim) reflect.Value {
	name := d.GoField
	if name == "" {
		name = strings.ToUpper(d.Key[:1]) + d.Key[1:]
	}
	return reflect.ValueOf(k).Elem().FieldByName(name)
}

// setPointer sets the pointer field f to v, or to a pointer to v converted
// to f's element type (a string to an ent enum type).
func setPointer(f reflect.Value, v any) {
	rv := reflect.ValueOf(v)
	if rv.Type().AssignableTo(f.Type()) {
		f.Set(rv)
		return
	}
	p := reflect.New(f.Type().Elem())
	p.Elem().Set(rv.Convert(f.Type().Elem()))
	f.Set(p)
}

// keyValue types a group key for GraphQL; nil stays nil (records without the field).
func keyValue(g grouping, k *string, refs map[int]any) (any, error) {
	if k == nil {
		return nil, nil
	}
	switch g.Kind {
	case Ref:
		id, _ := strconv.Atoi(*k)
		return refs[id], nil
	case Bool:
		return *k == "1" || *k == "true" || *k == "t", nil
	case Int:
		return strconv.Atoi(*k)
	case Date:
		code, err := strconv.Atoi(*k)
		if err != nil {
			return nil, fmt.Errorf("aggregate: period key %q: %w", *k, err)
		}
		return &period.Period{Year: code / 100, Kind: g.bucket, Index: code % 100}, nil
	}
	return *k, nil
}

func parseInt(s *string) int64 {
	if v := parseInt64(s); v != nil {
		return *v
	}
	return 0
}

func parseInt64(s *string) *int64 {
	if s == nil {
		return nil
	}
	if v, err := strconv.ParseInt(*s, 10, 64); err == nil {
		return &v
	}
	// PostgreSQL's numeric sums may be written with a fraction: 12.0
	if f, err := strconv.ParseFloat(*s, 64); err == nil {
		v := int64(math.Round(f))
		return &v
	}
	return nil
}

func parseFloat(s *string) *float64 {
	if s == nil {
		return nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(*s), 64)
	if err != nil {
		return nil
	}
	// Four decimals: SQLite's julianday arithmetic and PostgreSQL's numeric
	// averages differ in the last digits, and analysts compare both.
	f = math.Round(f*1e4) / 1e4
	return &f
}

// load reads the referenced records of one type in one query, under the
// caller's privacy rules: a record the caller may not read stays null.
func load(ctx context.Context, c *ent.Client, typ string, ids []int) (map[int]any, error) {
	if len(ids) == 0 {
		return map[int]any{}, nil
	}
	switch typ {
	case "Unit":
		return byID(ctx, c.Unit.Query().Where(unit.IDIn(ids...)).All, func(v *ent.Unit) int { return v.ID })
	case "Procedure":
		return byID(ctx, c.Procedure.Query().Where(procedure.IDIn(ids...)).All, func(v *ent.Procedure) int { return v.ID })
	case "ReformPlan":
		return byID(ctx, c.ReformPlan.Query().Where(reformplan.IDIn(ids...)).All, func(v *ent.ReformPlan) int { return v.ID })
	case "Official":
		return byID(ctx, c.Official.Query().Where(official.IDIn(ids...)).All, func(v *ent.Official) int { return v.ID })
	case "Budget":
		return byID(ctx, c.Budget.Query().Where(budget.IDIn(ids...)).All, func(v *ent.Budget) int { return v.ID })
	}
	return nil, fmt.Errorf("aggregate: no loader for %s", typ)
}

// byID runs a query and indexes its records by ID.
func byID[T any](ctx context.Context, all func(context.Context) ([]T, error), id func(T) int) (map[int]any, error) {
	vs, err := all(ctx)
	out := make(map[int]any, len(vs))
	for _, v := range vs {
		out[id(v)] = v
	}
	return out, err
}
