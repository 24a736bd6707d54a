// Package limits keeps the GraphQL server up under expensive ad hoc queries.
// Before any resolver runs it refuses an operation that nests too deep, asks
// for too large a page, uses too many aliases, would touch too many rows
// (a cost that multiplies by page sizes) or passes arguments too large or
// too deeply nested for one SQL expression, and it gives connections asked for
// without first/last a default page size instead of every row. Around the
// operation it bounds batches of operations and the time a request may take,
// so that a cancelled query stops in the database too. Every refusal is an
// apperr.Error with code LIMIT_EXCEEDED and extensions saying which limit was
// crossed (limit), its value (max) and the request's (actual).
package limits

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"cchc/internal/apperr"
)

// Limits bounds what one GraphQL request may ask for. Zero values are not
// "unlimited": use Default and change what differs.
type Limits struct {
	// MaxCost bounds the cost of an operation: every field costs 1, and a
	// connection multiplies the cost of its edges by its page size, nested
	// connections compounding (see cost in walk.go). The default, 50,000,
	// lets a page of 1,000 dossiers carry some 45 fields each, or 100 units
	// with 100 dossiers each carry a few; it refuses anything that would
	// read a million rows, such as 1,000 dossiers each with 1,000 more.
	MaxCost int
	// MaxDepth bounds how deeply fields nest; edges and node count as levels,
	// introspection fields do not (GraphiQL's schema query nests 14 levels).
	// 12 is enough for units → children → dossiers → procedure → name.
	MaxDepth int
	// MaxPageSize bounds first and last of any connection.
	MaxPageSize int
	// DefaultPageSize is the page size of a connection whose edges are asked
	// for without first or last: never every row.
	DefaultPageSize int
	// MaxAliases bounds the aliased fields of an operation. Aliases let a
	// dashboard compare periods or units in one request; 30 leaves room for
	// that while refusing one request that runs the same expensive resolver
	// (indicators, report) hundreds of times under different names.
	MaxAliases int
	// MaxBatch bounds the operations of one batched request (a JSON array).
	MaxBatch int
	// MaxInputNodes bounds the size of an operation's arguments, literal
	// or from variables: every field of an input object counts 1, and so
	// does every object in a list; ten values of a list of scalars count 1
	// (see scalarsPerNode); inside edge filters (has…With) everything
	// counts once more for each filter around it (see inputWalk.literal).
	// A where: argument becomes one SQL expression, and an or: list of n
	// objects (2n+1 nodes) an OR chain n deep, which the embedded SQLite
	// refuses past a depth of 1,000 and PostgreSQL plans slowly. Measured
	// on SQLite, its refusal comes at 1,800 to 2,000 nodes so counted,
	// whatever the nesting: an or: of 998 codes, of 496 in one hasUnitWith,
	// of 131 in six nested edge filters. The default, 1,000, passes an or:
	// of 499 codes and keeps well below; past 1,800 SQLite fails first.
	MaxInputNodes int
	// MaxEdgeNesting bounds how deeply edge filters (hasUnitWith,
	// hasParentWith …) nest in one argument. Each is a subquery carrying
	// the caller's scope, whose depth SQLite counts again in every query
	// around it: it refuses 24 nested hasParentWith, which MaxInputNodes
	// alone would let through. 6 is more than any question needs (a budget
	// line's budget's unit's parent's parent is 4).
	MaxEdgeNesting int
	// MaxJoins bounds the weight of the edge filters (has…With) under or:
	// and not: in an operation's arguments, each weighing the product of the
	// fan-outs of the edges down to it: 2 for an edge to one record, 30 for
	// an edge to many (see toOneFan). Measured on the embedded SQLite with
	// the demo data, a weight of 1 is at most some 6 ms; 90 alternatives of
	// hasUnitWith: {hasDossiersWith: {hasProcedureWith: …}} (16,380) took
	// 28 s. The default, 250, keeps the worst near 1.5 s and passes an or:
	// of 125 hasUnitWith: {code: …} (better written hasUnitWith: {codeIn: …}).
	MaxJoins int
	// MaxTokens, MaxNesting, MaxFields, MaxSpreads, MaxDirectives and
	// MaxInputValues bound the document as written, before it is parsed and
	// validated (see MeasureDocument), so that neither can run long: the
	// parser recurses once per bracket, and validation compares every pair
	// of fields sharing a response key, quadratic in their number (1,000
	// copies of one field validate in 0.1 s, 2,000 in 0.4 s, 20,000 in 21 s;
	// 1,000 fields in 200 inline fragments 0.5 s).
	// MaxTokens, 20,000, passes a codeIn: of 10,000 codes (the most
	// MaxInputNodes lets through) and GraphiQL's schema query (some 300)
	// many times over; MaxNesting, 64, is five times the depth of the
	// deepest question (12 levels of fields, each with its braces, and
	// where: inputs 6 edge filters deep); MaxFields, 500, is five times a
	// large dashboard and keeps validation of the worst shape near 0.15 s; MaxSpreads, 200,
	// and MaxDirectives, 100, are far above what clients write (fragments
	// a few dozen, @include and @skip a handful); MaxInputValues, 12,000,
	// passes that codeIn: of 10,000 codes beside other arguments.
	MaxTokens, MaxNesting, MaxFields, MaxSpreads, MaxDirectives, MaxInputValues int
	// Timeout bounds the time a request may take; its statements are
	// cancelled in the database when it passes. On PostgreSQL it is also the
	// connections' statement_timeout.
	Timeout time.Duration
}

// Default returns the limits of the server when nothing is configured.
func Default() Limits {
	return Limits{
		MaxCost:         50_000,
		MaxDepth:        12,
		MaxPageSize:     1000,
		DefaultPageSize: 100,
		MaxAliases:      30,
		MaxBatch:        10,
		MaxInputNodes:   1000,
		MaxEdgeNesting:  6,
		MaxJoins:        250,
		MaxTokens:       20_000,
		MaxNesting:      64,
		MaxFields:       500,
		MaxSpreads:      200,
		MaxDirectives:   100,
		MaxInputValues:  12_000,
		Timeout:         30 * time.Second,
	}
}

// Validate reports a limit that cannot work.
func (l Limits) Validate() error {
	for _, v := range []struct {
		name  string
		value int
	}{
		{"MaxCost", l.MaxCost}, {"MaxDepth", l.MaxDepth}, {"MaxPageSize", l.MaxPageSize},
		{"DefaultPageSize", l.DefaultPageSize}, {"MaxAliases", l.MaxAliases}, {"MaxBatch", l.MaxBatch},
		{"MaxInputNodes", l.MaxInputNodes}, {"MaxEdgeNesting", l.MaxEdgeNesting},
		{"MaxJoins", l.MaxJoins}, {"MaxTokens", l.MaxTokens}, {"MaxNesting", l.MaxNesting}, {"MaxFields", l.MaxFields},
		{"MaxSpreads", l.MaxSpreads}, {"MaxDirectives", l.MaxDirectives}, {"MaxInputValues", l.MaxInputValues},
	} {
		if v.value < 1 {
			return fmt.Errorf("%s must be at least 1, got %d", v.name, v.value)
		}
	}
	if l.DefaultPageSize > l.MaxPageSize {
		return fmt.Errorf("DefaultPageSize (%d) must not exceed MaxPageSize (%d)", l.DefaultPageSize, l.MaxPageSize)
	}
	if l.Timeout <= 0 {
		return fmt.Errorf("Timeout must be positive, got %v", l.Timeout)
	}
	return nil
}

// The limits an error can name, sent as extensions.limit.
const (
	Cost     = "cost"
	Depth    = "depth"
	PageSize = "pageSize"
	Aliases  = "aliases"
	Batch    = "batch"
	Timeout  = "timeout"
	// Input is MaxInputNodes, EdgeNesting MaxEdgeNesting.
	Input       = "input"
	EdgeNesting = "edgeNesting"
	// Joins is MaxJoins: edge filters under or: and not:.
	Joins = "joins"
)

// exceeded returns the LIMIT_EXCEEDED error of a limit; actual < 0 leaves it out.
func exceeded(limit string, max, actual int64, format string, args ...any) *apperr.Error {
	ext := map[string]any{"limit": limit, "max": max}
	if actual >= 0 {
		ext["actual"] = actual
	}
	return &apperr.Error{Code: apperr.LimitExceeded, Message: fmt.Sprintf(format, args...), Extensions: ext}
}

// timeoutError is the error of a request cancelled at its deadline.
func timeoutError(d time.Duration) *apperr.Error {
	return &apperr.Error{
		Code: apperr.LimitExceeded,
		Message: fmt.Sprintf("the request ran longer than the time limit of %v and was cancelled: "+
			"ask for fewer rows (a smaller first:), narrow where:, or split the query", d),
		Extensions: map[string]any{"limit": Timeout, "max": d.String()},
	}
}

// number writes n with thousands separators: 2,000,000.
func number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
