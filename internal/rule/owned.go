package rule

import (
	"reflect"

	"entgo.io/ent/dialect/sql"
)

// ownedBy is the SQL condition, on a record of type typ, that one of units
// owns it, built from the record type's declared Owner: its unit_id (or id)
// is one of units, or its parent record's owner is, to any depth. The same
// condition narrows queries, updates and the edge predicates of where
// inputs, so that ownership is written once. A record type without an owner
// (the national procedure catalogue) matches every row.
func ownedBy(typ string, units []int) func(*sql.Selector) {
	o := Records[typ].Owner
	switch {
	case o.Column == "":
		return func(*sql.Selector) {}
	case o.Parent == "":
		return func(s *sql.Selector) { s.Where(sql.InInts(s.C(o.Column), units...)) }
	}
	return throughParent(o, ownedBy(o.Parent, units))
}

// throughParent is the condition on a record owned through a parent record
// (o) that its parent meets cond: column IN (SELECT id FROM parent WHERE cond).
func throughParent(o Ownership, cond func(*sql.Selector)) func(*sql.Selector) {
	parent := Records[o.Parent].Table
	return func(s *sql.Selector) {
		t := sql.Dialect(s.Dialect()).Table(parent)
		sub := sql.Dialect(s.Dialect()).Select(t.C("id")).From(t)
		cond(sub)
		s.Where(sql.In(s.C(o.Column), sub))
	}
}

// nothing is the SQL condition that matches no row.
func nothing(s *sql.Selector) { s.Where(sql.False()) }

// addPredicate adds p to a generated ent value that takes typed predicates
// (predicate.Dossier …, all func(*sql.Selector)) through its method
// method: Where of queries and mutations, AddPredicates of where inputs.
func addPredicate(target any, method string, p func(*sql.Selector)) {
	m := reflect.ValueOf(target).MethodByName(method)
	m.Call([]reflect.Value{reflect.ValueOf(p).Convert(m.Type().In(0).Elem())})
}
