package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"cchc/ent"
	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// Authenticator verifies bearer tokens and builds the request's viewer.
type Authenticator struct {
	Keys   Keys
	Client *ent.Client
	Log    *slog.Logger
}

// Middleware lets through only requests with a valid bearer token, and puts
// their viewer in the request context. Others get HTTP 401 with a GraphQL
// error whose extensions.code is UNAUTHENTICATED.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			Unauthorized(w, "a bearer token is required: Authorization: Bearer <token>")
			return
		}
		claims, err := Verify(a.Keys, strings.TrimSpace(token))
		if err != nil {
			Unauthorized(w, "invalid token: "+err.Error())
			return
		}
		v, err := a.Viewer(r.Context(), claims)
		if err != nil {
			var e *apperr.Error
			if errors.As(err, &e) {
				Unauthorized(w, e.Message)
				return
			}
			a.Log.Error("building the viewer", "err", err)
			http.Error(w, "internal error", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
	})
}

// Unauthorized writes a 401 answer in the GraphQL response format.
func Unauthorized(w http.ResponseWriter, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer realm="cchc"`)
	w.WriteHeader(http.StatusUnauthorized)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{
			"message":    message,
			"extensions": map[string]any{"code": apperr.Unauthenticated},
		}},
	})
}

// Viewer builds the caller of a verified token. The token is honoured only
// while its account exists, is active, and holds the token's role and unit,
// so revoking an account takes effect at once. The caller's unit, the units
// under it (following parent and merger lineage) and the units above it are
// computed once per request, with recursive queries that run the same on
// PostgreSQL and SQLite.
func (a *Authenticator) Viewer(ctx context.Context, c *Claims) (*viewer.Viewer, error) {
	v := &viewer.Viewer{Subject: c.Subject, Role: c.Role, UnitCode: c.Unit}
	var (
		role, code string
		active     bool
	)
	rows, err := a.Client.QueryContext(ctx, `SELECT a.role, a.active, u.code, u.id FROM accounts a JOIN units u ON u.id = a.unit_id WHERE a.subject = $1`, c.Subject)
	if err != nil {
		return nil, fmt.Errorf("account query: %w", err)
	}
	found := rows.Next()
	if found {
		err = rows.Scan(&role, &active, &code, &v.UnitID)
	}
	rows.Close()
	switch {
	case err != nil:
		return nil, err
	case !found:
		return nil, apperr.New(apperr.Unauthenticated, "no account %q", c.Subject)
	case !active:
		return nil, apperr.New(apperr.Unauthenticated, "the account %q is not active", c.Subject)
	case viewer.Role(role) != c.Role || code != c.Unit:
		return nil, apperr.New(apperr.Unauthenticated, "the token's role or unit does not match the account %q", c.Subject)
	}
	if err := a.ids(ctx, &v.Scope, `WITH RECURSIVE sub(id) AS (
  SELECT id FROM units WHERE id = $1
  UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id OR u.merged_into_id = sub.id
) SELECT id FROM sub`, v.UnitID); err != nil {
		return nil, err
	}
	if err := a.ids(ctx, &v.Ancestors, `WITH RECURSIVE up(id, parent_id) AS (
  SELECT id, parent_id FROM units WHERE id = $1
  UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id
) SELECT id FROM up WHERE id <> $1`, v.UnitID); err != nil {
		return nil, err
	}
	return v, nil
}

func (a *Authenticator) ids(ctx context.Context, dst *[]int, query string, arg any) error {
	rows, err := a.Client.QueryContext(ctx, query, arg)
	if err != nil {
		return fmt.Errorf("scope query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id sql.NullInt64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		*dst = append(*dst, int(id.Int64))
	}
	return rows.Err()
}
