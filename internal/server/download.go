package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/export"
)

// The downloads (GET /indicators, GET /scores) share their parameters'
// checks and their answer.

// downloadQuery returns r's query parameters, refusing one not known or
// given twice.
func downloadQuery(r *http.Request, known ...string) (url.Values, error) {
	q := r.URL.Query()
	for name, values := range q {
		switch {
		case !slices.Contains(known, name):
			return nil, apperr.Input(name, "unknown parameter (known: %s)", strings.Join(known, ", "))
		case len(values) > 1:
			return nil, apperr.Input(name, "given more than once")
		}
	}
	return q, nil
}

// downloadFormat reads the format parameter: csv (the default) or xlsx.
func downloadFormat(q url.Values) (string, error) {
	format := q.Get("format")
	if format == "" {
		format = "csv"
	}
	if _, ok := export.MediaTypes[format]; !ok {
		return "", apperr.Input("format", "%q is not a format (csv or xlsx)", format)
	}
	return format, nil
}

// wholeNumber reads a required whole-number parameter.
func wholeNumber(q url.Values, name string) (int, error) {
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

// underLevel reads the under and level parameters, each optional.
func underLevel(q url.Values) (under *string, level *unit.Level, err error) {
	if q.Has("under") {
		u := q.Get("under")
		if u == "" {
			return nil, nil, apperr.Input("under", "is empty")
		}
		under = &u
	}
	if q.Has("level") {
		l := unit.Level(q.Get("level"))
		if err := unit.LevelValidator(l); err != nil {
			return nil, nil, apperr.Input("level", "%q is not a level (PROVINCE, DISTRICT or COMMUNE)", l)
		}
		level = &l
	}
	return under, level, nil
}

// writeDownload writes a table to a buffer first, so that a failure still
// answers with an error, then answers it as an attachment named name (the
// parts joined by _, with anything but letters, digits, - and _ left out).
func writeDownload(w http.ResponseWriter, r *http.Request, log *slog.Logger, format string, name []string, write func(*bytes.Buffer) error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		apperr.WriteHTTP(r.Context(), w, log, err)
		return
	}
	w.Header().Set("Content-Type", export.MediaTypes[format])
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, fileName(name), format))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}

// fileName joins parts by _ and keeps the name safe in a header.
func fileName(parts []string) string {
	name := strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, strings.Join(parts, "_"))
	if len(name) > 150 {
		name = name[:150]
	}
	return name
}
