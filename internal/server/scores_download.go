package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"strconv"

	"cchc/internal/apperr"
	"cchc/internal/database"
	"cchc/internal/export"
	"cchc/internal/results"
)

// ScoresDownload serves GET /scores?framework=ID&under=CODE&level=L&approvedOnly=true|false&format=csv|xlsx:
// the scores query as a table (results.Table) for scoring tools and
// analysts, under the same access rules. It runs behind the authentication
// middleware, which puts the caller in the context.
func ScoresDownload(db *database.DB, log *slog.Logger) http.Handler {
	svc := &results.Service{Client: db.Client}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, sel, format, err := scoresParams(r)
		if err != nil {
			apperr.WriteHTTP(r.Context(), w, log, err)
			return
		}
		rows, err := svc.Scores(r.Context(), id, sel)
		if err != nil {
			apperr.WriteHTTP(r.Context(), w, log, err)
			return
		}
		name := []string{"scores", strconv.Itoa(id)}
		if sel.Under != nil {
			name = append(name, *sel.Under)
		}
		if sel.Level != nil {
			name = append(name, string(*sel.Level))
		}
		writeDownload(w, r, log, format, name, func(buf *bytes.Buffer) error {
			headings, cells := results.Table(rows)
			// Code and name stay in view.
			return export.WriteSheet(buf, format, results.Sheet, headings, cells, 2)
		})
	})
}

// scoresParams reads and checks the query parameters; an error names the
// parameter at fault.
func scoresParams(r *http.Request) (id int, sel results.Selection, format string, err error) {
	q, err := downloadQuery(r, "framework", "under", "level", "approvedOnly", "format")
	if err != nil {
		return 0, sel, "", err
	}
	if format, err = downloadFormat(q); err != nil {
		return 0, sel, "", err
	}
	if id, err = wholeNumber(q, "framework"); err != nil {
		return 0, sel, "", err
	}
	if sel.Under, sel.Level, err = underLevel(q); err != nil {
		return 0, sel, "", err
	}
	sel.ApprovedOnly = true
	if q.Has("approvedOnly") {
		if sel.ApprovedOnly, err = strconv.ParseBool(q.Get("approvedOnly")); err != nil {
			return 0, sel, "", apperr.Input("approvedOnly", "%q is not true or false", q.Get("approvedOnly"))
		}
	}
	return id, sel, format, nil
}
