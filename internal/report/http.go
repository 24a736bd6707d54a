package report

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"cchc/internal/apperr"
	"cchc/internal/enum"
	"cchc/internal/period"
)

// Handler serves the report as a download behind the bearer-token middleware:
//
//	GET /report?unit=CODE&year=Y&kind=K&index=I&format=docx|md
//
// with the access of the GraphQL report field. A missing or invalid
// parameter answers 400 with a JSON error naming it (extensions.field); a
// unit outside the caller's subtree answers 404 exactly as a code that does
// not exist; a role that reads no reports answers 403.
func (s *Service) Handler(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q, format, err := parseQuery(r)
		if err != nil {
			apperr.WriteHTTP(ctx, w, log, err)
			return
		}
		d, err := s.Document(ctx, q.unit, q.p)
		if err != nil {
			apperr.WriteHTTP(ctx, w, log, err)
			return
		}
		var (
			body        []byte
			contentType string
		)
		switch format {
		case "md":
			body, contentType = d.Markdown(), "text/markdown; charset=utf-8"
		case "docx":
			if body, err = d.DOCX(); err != nil {
				apperr.WriteHTTP(ctx, w, log, err)
				return
			}
			contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		}
		name := fmt.Sprintf("bao-cao-cchc-%s-%d-%s-%d.%s", d.Unit.Code, q.p.Year,
			strings.ReplaceAll(strings.ToLower(string(q.p.Kind)), "_", "-"), q.p.Index, format)
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
}

type query struct {
	unit string
	p    period.Period
}

// parseQuery reads the parameters of a download, naming the first wrong one.
func parseQuery(r *http.Request) (query, string, error) {
	v := r.URL.Query()
	var q query
	if q.unit = strings.TrimSpace(v.Get("unit")); q.unit == "" {
		return q, "", apperr.Input("unit", "the code of the unit is required")
	}
	number := func(name string) (int, error) {
		n, err := strconv.Atoi(v.Get(name))
		if err != nil {
			return 0, apperr.Input(name, "must be a whole number, got %q", v.Get(name))
		}
		return n, nil
	}
	var err error
	if q.p.Year, err = number("year"); err != nil {
		return q, "", err
	}
	q.p.Kind = enum.PeriodKind(v.Get("kind"))
	if q.p.Index, err = number("index"); err != nil {
		return q, "", err
	}
	if field, err := q.p.Validate(); err != nil {
		return q, "", apperr.Input(field, "%v", err)
	}
	format := v.Get("format")
	if format != "md" && format != "docx" {
		return q, "", apperr.Input("format", "must be docx or md, got %q", format)
	}
	return q, format, nil
}
