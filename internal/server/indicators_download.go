package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"cchc/internal/apperr"
	"cchc/internal/database"
	"cchc/internal/enum"
	"cchc/internal/export"
	"cchc/internal/indicator"
	"cchc/internal/period"
)

// IndicatorDownload serves GET /indicators?under=CODE&level=L&year=Y&kind=K&index=I&format=csv|xlsx
// (or units=CODE,CODE instead of under and level): the indicators query as a
// table for analysts (package export), under the same access rules. It runs
// behind the authentication middleware, which puts the caller in the context.
func IndicatorDownload(db *database.DB, log *slog.Logger) http.Handler {
	engine := &indicator.Engine{Client: db.Client, Dialect: db.Dialect}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, sel, format, err := indicatorParams(r)
		if err != nil {
			apperr.WriteHTTP(r.Context(), w, log, err)
			return
		}
		ins, err := engine.Query(r.Context(), p, sel)
		if err != nil {
			apperr.WriteHTTP(r.Context(), w, log, err)
			return
		}
		writeDownload(w, r, log, format, indicatorFileName(p, sel), func(buf *bytes.Buffer) error {
			if format == "xlsx" {
				return export.WriteXLSX(buf, ins)
			}
			return export.WriteCSV(buf, ins)
		})
	})
}

// indicatorParams reads and checks the query parameters; an error names the
// parameter at fault.
func indicatorParams(r *http.Request) (p period.Period, sel indicator.Selection, format string, err error) {
	q, err := downloadQuery(r, "under", "level", "units", "year", "kind", "index", "format")
	if err != nil {
		return p, sel, "", err
	}
	if format, err = downloadFormat(q); err != nil {
		return p, sel, "", err
	}
	if p.Year, err = wholeNumber(q, "year"); err != nil {
		return p, sel, "", err
	}
	p.Kind = enum.PeriodKind(q.Get("kind"))
	if p.Kind == "" {
		return p, sel, "", apperr.Input("kind", "is required (%s)", periodKindNames())
	}
	if p.Index, err = wholeNumber(q, "index"); err != nil {
		return p, sel, "", err
	}
	if field, err := p.Validate(); err != nil {
		return p, sel, "", apperr.Input(field, "%v", err)
	}
	if sel.Under, sel.Level, err = underLevel(q); err != nil {
		return p, sel, "", err
	}
	if q.Has("units") {
		for _, code := range strings.Split(q.Get("units"), ",") {
			if code = strings.TrimSpace(code); code == "" {
				return p, sel, "", apperr.Input("units", "holds an empty code")
			}
			sel.Units = append(sel.Units, code)
		}
	}
	return p, sel, format, nil
}

func periodKindNames() string {
	s := make([]string, len(enum.PeriodKinds))
	for i, k := range enum.PeriodKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// indicatorFileName names the file: indicators_298_COMMUNE_2023_HALF_YEAR_1.
func indicatorFileName(p period.Period, sel indicator.Selection) []string {
	parts := []string{"indicators"}
	switch {
	case sel.Under != nil:
		parts = append(parts, *sel.Under)
		if sel.Level != nil {
			parts = append(parts, string(*sel.Level))
		}
	case len(sel.Units) > 0:
		parts = append(parts, strings.Join(sel.Units, "-"))
	}
	return append(parts, strconv.Itoa(p.Year), string(p.Kind), strconv.Itoa(p.Index))
}
