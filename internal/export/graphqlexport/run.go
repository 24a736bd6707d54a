package graphqlexport

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/internal/export"
)

// MaxRows is the most rows one export holds (Excel's sheets hold 1,048,576);
// a longer list is cut there with a CutError.
const MaxRows = 1_000_000

// Response is a GraphQL answer.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors gqlerror.List   `json:"errors"`
}

// Executor runs a GraphQL request for the caller of ctx: the API's own
// GraphQL handler, so that its access rules and limits apply.
type Executor func(ctx context.Context, req Request) (*Response, error)

// QueryError is a page of the export that GraphQL answered with errors.
type QueryError struct{ Errors gqlerror.List }

func (e *QueryError) Error() string { return e.Errors.Error() }

// CutError ends an export that reached its most rows while the list went on.
type CutError struct {
	Rows  int
	After string // the cursor to go on from with after:, when known
}

func (e *CutError) Error() string {
	msg := fmt.Sprintf("the export was cut after %d rows, the most one export holds: narrow the query with where:", e.Rows)
	if e.After != "" {
		msg += fmt.Sprintf(" or go on with after: %q", e.After)
	}
	return msg
}

// Run runs the plan with exec, page after page for a connection, and writes
// one row per node. It calls open once, when the first page has answered
// without errors, for the table to write to; so an error of the first page
// (a *QueryError) comes before any row. maxRows, MaxRows when 0, bounds the
// rows: beyond, Run stops with a *CutError. It returns the rows written.
func (p *Plan) Run(ctx context.Context, exec Executor, maxRows int, open func() (export.Table, error)) (rows int, err error) {
	if maxRows <= 0 {
		maxRows = MaxRows
	}
	vars := maps.Clone(p.req.Variables)
	if vars == nil {
		vars = map[string]any{}
	}
	if p.ownCursor {
		vars[afterVar] = p.start
	}
	var t export.Table
	for n := 1; ; n++ {
		res, err := exec(ctx, Request{Query: p.query, OperationName: p.req.OperationName, Variables: vars})
		if err != nil {
			return rows, err
		}
		if len(res.Errors) > 0 {
			return rows, &QueryError{res.Errors}
		}
		pg, err := p.page(res.Data)
		if err != nil {
			return rows, fmt.Errorf("reading page %d of the export: %w", n, err)
		}
		if t == nil {
			if t, err = open(); err != nil {
				return rows, err
			}
		}
		for i, node := range pg.nodes {
			if rows == maxRows {
				cut := &CutError{Rows: rows}
				if i > 0 && i <= len(pg.cursors) {
					cut.After = pg.cursors[i-1]
				}
				return rows, cut
			}
			cells := make([]any, len(p.Columns))
			if err := p.row.fill(node, cells); err != nil {
				return rows, fmt.Errorf("reading page %d of the export: %w", n, err)
			}
			if err := t.Row(cells); err != nil {
				return rows, err
			}
			rows++
		}
		if err := t.Flush(); err != nil {
			return rows, err
		}
		switch {
		case !p.paged || !pg.hasNext:
			return rows, nil
		case pg.end == "" || len(pg.nodes) == 0:
			return rows, fmt.Errorf("page %d of the export has a next page but no end cursor or no node", n)
		case rows == maxRows:
			return rows, &CutError{Rows: rows, After: pg.end}
		}
		vars[p.cursorVar] = pg.end
	}
}

// page is what one answer holds of the list.
type page struct {
	nodes   []json.RawMessage
	cursors []string // of each node's edge, when selected
	hasNext bool
	end     string
}

func (p *Plan) page(data json.RawMessage) (*page, error) {
	var root map[string]json.RawMessage
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	pg := &page{}
	if !p.paged {
		return pg, unmarshalNodes(root[p.key], &pg.nodes)
	}
	var conn map[string]json.RawMessage
	if raw := root[p.key]; !null(raw) {
		if err := json.Unmarshal(raw, &conn); err != nil {
			return nil, err
		}
	}
	if raw := conn[pageInfoKey]; !null(raw) {
		var info struct {
			HasNextPage bool    `json:"hasNextPage"`
			EndCursor   *string `json:"endCursor"`
		}
		if err := json.Unmarshal(raw, &info); err != nil {
			return nil, err
		}
		pg.hasNext = info.HasNextPage
		if info.EndCursor != nil {
			pg.end = *info.EndCursor
		}
	}
	if p.nodeKey == "" {
		return pg, unmarshalNodes(conn[p.edgesKey], &pg.nodes)
	}
	var edges []map[string]json.RawMessage
	if raw := conn[p.edgesKey]; !null(raw) {
		if err := json.Unmarshal(raw, &edges); err != nil {
			return nil, err
		}
	}
	for _, e := range edges {
		if null(e[p.nodeKey]) {
			continue
		}
		var cursor string
		if raw := e[cursorKey]; !null(raw) {
			if err := json.Unmarshal(raw, &cursor); err != nil {
				return nil, err
			}
		}
		pg.nodes = append(pg.nodes, e[p.nodeKey])
		pg.cursors = append(pg.cursors, cursor)
	}
	return pg, nil
}

// unmarshalNodes reads a JSON list into its items, without the null ones.
func unmarshalNodes(raw json.RawMessage, nodes *[]json.RawMessage) error {
	if null(raw) {
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	for _, item := range items {
		if !null(item) {
			*nodes = append(*nodes, item)
		}
	}
	return nil
}
