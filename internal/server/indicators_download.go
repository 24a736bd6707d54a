package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"cchc/ent/unit"
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
		var buf bytes.Buffer // written whole, so that a failure still answers with an error
		if format == "xlsx" {
			err = export.WriteXLSX(&buf, ins)
		} else {
			err = export.WriteCSV(&buf, ins)
		}
		if err != nil {
			apperr.WriteHTTP(r.Context(), w, log, err)
			return
		}
		w.Header().Set("Content-Type", export.MediaTypes[format])
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, indicatorFileName(p, sel, format)))
		w.Header().Set("Cache-Control", "private, no-store")
		w.Write(buf.Bytes())
	})
}

// indicatorParams reads and checks the query parameters; an error names the
// parameter at fault.
func indicatorParams(r *http.Request) (p period.Period, sel indicator.Selection, format string, err error) {
	q := r.URL.Query()
	for name, values := range q {
		switch name {
		case "under", "level", "units", "year", "kind", "index", "format":
			if len(values) > 1 {
				return p, sel, "", apperr.Input(name, "given more than once")
			}
		default:
			return p, sel, "", apperr.Input(name, "unknown parameter (known: under, level, units, year, kind, index, format)")
		}
	}
	format = q.Get("format")
	if format == "" {
		format = "csv"
	}
	if _, ok := export.MediaTypes[format]; !ok {
		return p, sel, "", apperr.Input("format", "%q is not a format (csv or xlsx)", format)
	}
	integer := func(name string) (int, error) {
		s := q.Get(name)
		if s == "" {
			return 0, apperr.Input(name, "is required")
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, apperr.Input(name, "%q is not a whole number", s)
		}
		return n, nil
	}
	if p.Year, err = integer("year"); err != nil {
		return p, sel, "", err
	}
	p.Kind = enum.PeriodKind(q.Get("kind"))
	if p.Kind == "" {
		return p, sel, "", apperr.Input("kind", "is required (%s)", periodKindNames())
	}
	if p.Index, err = integer("index"); err != nil {
		return p, sel, "", err
	}
	if field, err := p.Validate(); err != nil {
		return p, sel, "", apperr.Input(field, "%v", err)
	}
	if q.Has("under") {
		under := q.Get("under")
		if under == "" {
			return p, sel, "", apperr.Input("under", "is empty")
		}
		sel.Under = &under
	}
	if q.Has("level") {
		l := unit.Level(q.Get("level"))
		if err := unit.LevelValidator(l); err != nil {
			return p, sel, "", apperr.Input("level", "%q is not a level (PROVINCE, DISTRICT or COMMUNE)", l)
		}
		sel.Level = &l
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

// indicatorFileName names the file: indicators_298_COMMUNE_2023_HALF_YEAR_1.csv.
func indicatorFileName(p period.Period, sel indicator.Selection, format string) string {
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
	parts = append(parts, strconv.Itoa(p.Year), string(p.Kind), strconv.Itoa(p.Index))
	name := strings.Join(parts, "_")
	// Codes are digits for units that exist; keep anything else out of the header.
	name = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, name)
	if len(name) > 150 {
		name = name[:150]
	}
	return name + "." + format
}
