// Package search finds records by the words of their names and titles
// whatever their accents and case: "nguyen the tho" finds "Nguyễn Thế Thọ".
// Each searchable record keeps a hidden column, search_text, holding its
// names in the normal form of Normalize, kept up to date by Hook on every
// write (and filled for older rows by Backfill); a search asks that every
// word of the normalized query occur in that column. On PostgreSQL a
// pg_trgm GIN index on the column answers the LIKE '%word%' conditions;
// SQLite scans.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"entgo.io/ent/dialect/sql"
	"golang.org/x/text/unicode/norm"

	"cchc/internal/apperr"
)

// Column is the hidden column holding a record's searchable text.
const Column = "search_text"

// MaxQuery bounds the length of a search, in characters: the longest
// searchable field (a plan's title) is 1000 characters.
const MaxQuery = 1000

// Normalize returns s without accents, in lower case, its words separated by
// single spaces: "  Nguyễn  Thế Thọ" → "nguyen the tho", "ĐẠI HỌC" → "dai
// hoc". Composed (NFC) and decomposed (NFD) input give the same result.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r): // the accent marks NFD split off
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == 'đ' || r == 'Đ': // a letter of its own, not d with a mark
			r = 'd'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Text is the searchable text of a record whose names are parts.
func Text(parts ...string) string { return Normalize(strings.Join(parts, " ")) }

// Words returns the words of a query, normalized.
func Words(query string) []string { return strings.Fields(Normalize(query)) }

// Match returns the condition of a search argument: every word of the query
// occurs in the record's searchable text, % and _ meaning themselves. A
// missing or blank query matches every record.
func Match(query *string) (func(*sql.Selector), error) {
	if query == nil {
		return func(*sql.Selector) {}, nil
	}
	if n := utf8.RuneCountInString(*query); n > MaxQuery {
		return nil, apperr.Input("search", "at most %d characters, got %d", MaxQuery, n)
	}
	words := Words(*query)
	return func(s *sql.Selector) {
		for _, w := range words {
			// sql.Contains escapes %, _ and \, with an ESCAPE clause where the database needs one.
			s.Where(sql.Contains(s.C(Column), w))
		}
	}, nil
}

// Sources annotates the hidden column with the fields it is made of, so that
// the generated GraphQL schema can tell what a search looks at.
type Sources struct{ Fields []string }

// Name of the Sources annotation.
func (Sources) Name() string { return "SearchSources" }
