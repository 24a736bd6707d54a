package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/graph/generated"
	"cchc/internal/apperr"
	"cchc/internal/export"
	"cchc/internal/export/graphqlexport"
	"cchc/internal/limits"
)

// exportMaxRows bounds the rows of one export (graphqlexport.MaxRows); tests lower it.
var exportMaxRows = graphqlexport.MaxRows

// exportWriteTime is how long the writing of one page of an export may take:
// each page extends the connection's write deadline by this much, so that
// the server's WriteTimeout bounds a stalled client, not a long export.
const exportWriteTime = 2 * time.Minute

// Export serves POST /export?format=csv|xlsx: the body is a GraphQL request
// as /graphql takes it (JSON, or the query itself as application/graphql),
// and the answer is its first list as a table (package graphqlexport),
// streamed page by page. The query runs through gql, the API's own GraphQL
// handler, with the caller's context: the same access rules and limits
// apply. It runs behind the authentication middleware.
//
// Errors of the request or of the query's first page answer with their
// status and the GraphQL errors as JSON, before any row. An export cut
// later, at the most rows or by a failing page, ends with a last row whose
// one cell starts with "#ERROR:", and with the same text in the
// Export-Error header (an HTTP trailer of a CSV, which is sent as it comes).
func Export(gql http.Handler, lim limits.Limits, log *slog.Logger) http.Handler {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	exec := inProcess(gql)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		format, req, err := exportRequest(r)
		if err != nil {
			apperr.WriteHTTP(ctx, w, log, err)
			return
		}
		// Prepare validates the document: bounded first, as the GraphQL handler's are.
		if err := lim.CheckDocument(req.Query); err != nil {
			apperr.WriteHTTP(ctx, w, log, err)
			return
		}
		plan, err := graphqlexport.Prepare(schema, req)
		if err != nil {
			writeExportError(ctx, w, log, err)
			return
		}
		rc := http.NewResponseController(w)
		var table export.Table
		open := func() (export.Table, error) {
			h := w.Header()
			h.Set("Content-Type", export.MediaTypes[format])
			h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, plan.Name, format))
			h.Set("Cache-Control", "private, no-store")
			if format == "csv" {
				h.Set("Trailer", "Export-Error")
			}
			t, err := export.NewTable(w, format, sheetName(plan.Name), plan.Columns)
			if err != nil {
				h.Del("Content-Disposition")
				return nil, err
			}
			table = &responseTable{t, rc, format == "csv"}
			return table, nil
		}
		rows, err := plan.Run(ctx, exec, exportMaxRows, open)
		var cut *graphqlexport.CutError
		switch {
		case err == nil:
		case table == nil, format == "xlsx" && !errors.As(err, &cut):
			// Nothing sent yet (an XLSX is written whole at the end): answer the error.
			if table != nil {
				table.Discard()
				w.Header().Del("Content-Disposition")
			}
			writeExportError(ctx, w, log, err)
			return
		case ctx.Err() != nil:
			log.InfoContext(ctx, "export abandoned by the client", "rows", rows)
			return
		default:
			note := "#ERROR: " + exportErrorText(err, rows)
			log.WarnContext(ctx, "export cut", "rows", rows, "err", err)
			cells := make([]any, len(plan.Columns)) // as many cells as the other rows, for strict readers
			cells[0] = note
			if err := table.Row(cells); err != nil {
				return
			}
			w.Header().Set("Export-Error", note[len("#ERROR: "):])
		}
		if err := table.Close(); err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "writing an export", "format", format, "err", err)
		}
	})
}

// exportRequest reads format and the GraphQL request; an error names the
// parameter or part of the body at fault.
func exportRequest(r *http.Request) (format string, req graphqlexport.Request, err error) {
	q := r.URL.Query()
	for name, values := range q {
		if name != "format" {
			return "", req, apperr.Input(name, "unknown parameter (known: format)")
		}
		if len(values) > 1 {
			return "", req, apperr.Input(name, "given more than once")
		}
	}
	format = q.Get("format")
	if _, ok := export.MediaTypes[format]; !ok {
		if format == "" {
			return "", req, apperr.Input("format", "is required: csv or xlsx")
		}
		return "", req, apperr.Input("format", "%q is not a format (csv or xlsx)", format)
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/graphql" {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return "", req, apperr.Input("body", "%v", err)
		}
		req.Query = string(body)
		return format, req, nil
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber() // numbers pass on to GraphQL as they were written
	if err := dec.Decode(&req); err != nil {
		return "", req, apperr.Input("body", "not a GraphQL request in JSON ({\"query\": …, \"variables\": …}): %v", err)
	}
	if dec.More() {
		return "", req, apperr.Input("body", "holds more than one JSON value")
	}
	return format, req, nil
}

// writeExportError answers an error that came before any row: GraphQL errors
// as they are, with the status of the first one's code (400 for codes of
// GraphQL itself), and any other error as apperr writes it.
func writeExportError(ctx context.Context, w http.ResponseWriter, log *slog.Logger, err error) {
	var (
		list gqlerror.List
		qerr *graphqlexport.QueryError
	)
	switch {
	case errors.As(err, &qerr):
		list = qerr.Errors
	case !errors.As(err, &list):
		apperr.WriteHTTP(ctx, w, log, err)
		return
	}
	status := http.StatusBadRequest
	if code, ok := list[0].Extensions["code"].(string); ok {
		switch c := apperr.Code(code); c {
		case apperr.Unauthenticated, apperr.Forbidden, apperr.NotFound, apperr.Conflict, apperr.Internal:
			status = c.HTTPStatus()
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": list})
}

// exportErrorText tells how an export that had begun was cut.
func exportErrorText(err error, rows int) string {
	var qerr *graphqlexport.QueryError
	if errors.As(err, &qerr) {
		code, _ := qerr.Errors[0].Extensions["code"].(string)
		return fmt.Sprintf("the export was cut after %d rows: %s: %s", rows, code, qerr.Errors[0].Message)
	}
	var cut *graphqlexport.CutError
	if errors.As(err, &cut) {
		return cut.Error()
	}
	if e, ok := apperr.As(err); ok && e.Code != apperr.Internal {
		return fmt.Sprintf("the export was cut after %d rows: %s: %s", rows, e.Code, e.Message)
	}
	return fmt.Sprintf("the export was cut after %d rows by an internal error", rows)
}

// sheetName is the XLSX sheet of an export: the list's name, within Excel's
// 31 characters.
func sheetName(name string) string {
	if len(name) > 31 {
		return name[:31]
	}
	return name
}

// responseTable extends the write deadline after each page, and passes the
// page on to the client when the format streams (CSV); an XLSX is sent whole
// at the end, so that until then an error can still answer with its status.
type responseTable struct {
	export.Table
	rc     *http.ResponseController
	stream bool
}

func (t *responseTable) Flush() error {
	if err := t.Table.Flush(); err != nil {
		return err
	}
	t.rc.SetWriteDeadline(time.Now().Add(exportWriteTime)) // unsupported by test recorders: no matter
	if t.stream {
		t.rc.Flush()
	}
	return nil
}

// inProcess runs GraphQL requests through the GraphQL handler in process,
// with the context of the export's request, which carries the caller.
func inProcess(gql http.Handler) graphqlexport.Executor {
	return func(ctx context.Context, req graphqlexport.Request) (*graphqlexport.Response, error) {
		body, err := json.Marshal(req)
		if err != nil {
			return nil, err
		}
		r, err := http.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		r.Header.Set("Content-Type", "application/json")
		rec := &answer{header: http.Header{}, status: http.StatusOK}
		gql.ServeHTTP(rec, r)
		var res graphqlexport.Response
		if err := json.Unmarshal(rec.body.Bytes(), &res); err != nil {
			if rec.status >= 400 && rec.status < 500 {
				// A refusal outside GraphQL's own format is still the client's.
				return nil, apperr.New(apperr.BadInput, "%s", strings.TrimSpace(rec.body.String()))
			}
			return nil, fmt.Errorf("the GraphQL handler answered HTTP %d, not JSON: %.200s", rec.status, rec.body.Bytes())
		}
		return &res, nil
	}
}

// answer holds a response of the GraphQL handler in memory.
type answer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *answer) Header() http.Header         { return a.header }
func (a *answer) Write(b []byte) (int, error) { return a.body.Write(b) }
func (a *answer) WriteHeader(status int)      { a.status = status }
