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
		token := bearer(r)
		if token == "" {
			Unauthorized(w, "a bearer token is required: Authorization: Bearer <token>")
			return
		}
		claims, err := Verify(a.Keys, token)
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

// bearer returns the token of the request's Authorization: Bearer header, or "".
func bearer(r *http.Request) string {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(token)
}

// Subject returns the subject (the account) of the request's bearer token
// when its signature, expiry and claims verify, or "". It reads no
// database, so it costs a request without a valid token next to nothing:
// the rate limit keys requests by it before Middleware reads the account.
func (k Keys) Subject(r *http.Request) string {
	token := bearer(r)
	if token == "" {
		return ""
	}
	c, err := Verify(k, token)
	if err != nil {
		return ""
	}
	return c.Subject
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
// computed once per request, in one statement with recursive queries that
// runs the same on PostgreSQL and SQLite: every request pays it, so one
// round trip instead of three.
func (a *Authenticator) Viewer(ctx context.Context, c *Claims) (*viewer.Viewer, error) {
	v := &viewer.Viewer{Subject: c.Subject, Role: c.Role, UnitCode: c.Unit}
	rows, err := a.Client.QueryContext(ctx, viewerQuery, c.Subject)
	if err != nil {
		return nil, fmt.Errorf("account query: %w", err)
	}
	var (
		found        bool
		role, code   string
		active       bool
		scope, above []int
	)
	for rows.Next() {
		var (
			kind  int
			r, cd sql.NullString
			act   sql.NullBool
			id    int
		)
		if err := rows.Scan(&kind, &r, &act, &cd, &id); err != nil {
			rows.Close()
			return nil, err
		}
		switch kind {
		case 0:
			found, role, active, code, v.UnitID = true, r.String, act.Bool, cd.String, id
		case 1:
			scope = append(scope, id)
		default:
			above = append(above, id)
		}
	}
	rows.Close()
	switch {
	case rows.Err() != nil:
		return nil, rows.Err()
	case !found:
		return nil, apperr.New(apperr.Unauthenticated, "no account %q", c.Subject)
	case !active:
		return nil, apperr.New(apperr.Unauthenticated, "the account %q is not active", c.Subject)
	case viewer.Role(role) != c.Role || code != c.Unit:
		return nil, apperr.New(apperr.Unauthenticated, "the token's role or unit does not match the account %q", c.Subject)
	}
	v.Scope, v.Ancestors = scope, above
	return v, nil
}

// viewerQuery reads the account of $1 (kind 0: role, active, unit code and
// ID), the units under its unit, the unit included (kind 1), and the units
// above it (kind 2).
const viewerQuery = `WITH RECURSIVE acc(role, active, code, id) AS (
  SELECT a.role, a.active, u.code, u.id FROM accounts a JOIN units u ON u.id = a.unit_id WHERE a.subject = $1
), sub(id) AS (
  SELECT id FROM acc
  UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id OR u.merged_into_id = sub.id
), up(id, parent_id) AS (
  SELECT u.id, u.parent_id FROM units u JOIN acc ON u.id = acc.id
  UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id
)
SELECT 0, role, active, code, id FROM acc
UNION ALL SELECT 1, NULL, NULL, NULL, id FROM sub
UNION ALL SELECT 2, NULL, NULL, NULL, id FROM up WHERE id NOT IN (SELECT id FROM acc)`
