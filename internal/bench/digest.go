package bench

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"

	entmigrate "cchc/ent/migrate"
	"cchc/internal/database"
)

// tables are the tables of the model, by name.
func tables() []string {
	var names []string
	for _, t := range entmigrate.Tables {
		names = append(names, t.Name)
	}
	return names
}

// Digest is a SHA-256 of every row of every table of the model in db, read
// in the order of their primary keys, each value written in one form
// whatever the database: times in UTC, booleans as true or false, and IDs
// as their type's range and their place in it (the first ID of a range is
// its start on PostgreSQL, one more on SQLite). The same Config generates
// the same digest into a fresh database, PostgreSQL or SQLite. tables has
// the digest of each table that holds rows, to tell which differ. The
// dossiers' monthly tally, derived from them, is left out.
func Digest(ctx context.Context, db *database.DB) (sum string, tables map[string]string, err error) {
	first, err := firstIDs(ctx, db)
	if err != nil {
		return "", nil, err
	}
	all, tables := sha256.New(), map[string]string{}
	for _, t := range entmigrate.Tables {
		if t.Name == "dossier_months" {
			// Derived from the dossiers (internal/tally), stamped with the
			// time it was computed: the dossiers' digest covers it.
			continue
		}
		h := sha256.New()
		rows, err := digestTable(ctx, db, t, first, h)
		if err != nil {
			return "", nil, fmt.Errorf("bench: digest of %s: %w", t.Name, err)
		}
		if rows == 0 {
			continue
		}
		tables[t.Name] = hex.EncodeToString(h.Sum(nil))
		fmt.Fprintf(all, "%s %d %s\n", t.Name, rows, tables[t.Name])
	}
	return hex.EncodeToString(all.Sum(nil)), tables, nil
}

// idRange is the range of global IDs an ID belongs to: one per type (the
// ent feature sql/globalid).
func idRange(id int64) int64 { return id >> 32 }

// firstIDs finds the first ID of each range in use.
func firstIDs(ctx context.Context, db *database.DB) (map[int64]int64, error) {
	first := map[int64]int64{}
	for _, t := range entmigrate.Tables {
		if len(t.PrimaryKey) != 1 || t.PrimaryKey[0].Name != "id" {
			continue
		}
		var id sql.NullInt64
		if err := db.SQL.QueryRowContext(ctx, "SELECT MIN(id) FROM "+t.Name).Scan(&id); err != nil {
			return nil, fmt.Errorf("bench: first ID of %s: %w", t.Name, err)
		}
		if id.Valid {
			first[idRange(id.Int64)] = id.Int64
		}
	}
	return first, nil
}

// digestTable writes the rows of t into h and counts them.
func digestTable(ctx context.Context, db *database.DB, t *schema.Table, first map[int64]int64, h hash.Hash) (int, error) {
	var cols, keys []string
	for _, c := range t.Columns {
		cols = append(cols, c.Name)
	}
	for _, c := range t.PrimaryKey {
		keys = append(keys, c.Name)
	}
	isID := map[string]bool{}
	for _, c := range t.PrimaryKey {
		isID[c.Name] = true
	}
	for _, fk := range t.ForeignKeys {
		for _, c := range fk.Columns {
			isID[c.Name] = true
		}
	}
	rows, err := db.SQL.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+t.Name+" ORDER BY "+strings.Join(keys, ", "))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	values, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for i, v := range values {
			if i > 0 {
				h.Write([]byte{0x1f})
			}
			if id, ok := v.(int64); ok && isID[cols[i]] {
				if start, ok := first[idRange(id)]; ok {
					v = fmt.Sprintf("%d#%d", idRange(id), id-start)
				}
			}
			h.Write([]byte(canonical(v, t.Columns[i].Type)))
		}
		h.Write([]byte{0x1e})
		n++
	}
	return n, rows.Err()
}

// canonical writes a value read from either database in one form.
func canonical(v any, typ field.Type) string {
	switch v := v.(type) {
	case nil:
		return "\x00"
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case bool:
		return strconv.FormatBool(v)
	case int64:
		if typ == field.TypeBool {
			return strconv.FormatBool(v != 0)
		}
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []byte:
		return string(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}
