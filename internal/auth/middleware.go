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
	"time"

	"cchc/ent"
	"cchc/internal/apperr"
	"cchc/internal/observe"
	"cchc/internal/viewer"
)

// Authenticator verifies bearer tokens and builds the request's viewer.
type Authenticator struct {
	Keys   Keys
	Client *ent.Client
	Log    *slog.Logger
	Cache  *ViewerCache // nil: every request reads its caller
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
			// The account could not be read: UNAVAILABLE (503) while the
			// database is out of reach, else a fault of the server.
			apperr.WriteHTTP(r.Context(), w, a.Log, fmt.Errorf("building the viewer: %w", err))
			return
		}
		observe.SetAccount(r.Context(), observe.Account{Subject: v.Subject, Role: string(v.Role), Unit: v.UnitCode})
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
// read in one statement with recursive queries that runs the same on
// PostgreSQL and SQLite, or taken from the cache while nothing they depend on
// has changed (cache.go).
func (a *Authenticator) Viewer(ctx context.Context, c *Claims) (*viewer.Viewer, error) {
	e, ok := a.Cache.get(c.Subject)
	if !ok {
		var err error
		if e, ok, err = a.read(ctx, c.Subject); err != nil {
			return nil, err
		}
	}
	switch {
	case !ok:
		return nil, apperr.New(apperr.Unauthenticated, "no account %q", c.Subject)
	case !e.active:
		return nil, apperr.New(apperr.Unauthenticated, "the account %q is not active", c.Subject)
	case viewer.Role(e.role) != c.Role || e.code != c.Unit:
		return nil, apperr.New(apperr.Unauthenticated, "the token's role or unit does not match the account %q", c.Subject)
	}
	return &viewer.Viewer{Subject: c.Subject, Role: c.Role, UnitCode: c.Unit, UnitID: e.unitID, Scope: e.scope, Ancestors: e.above, Ended: e.ended}, nil
}

// read reads the caller of subject, whether the account exists, and keeps
// it in the cache.
func (a *Authenticator) read(ctx context.Context, subject string) (caller, bool, error) {
	e := caller{gen: a.Cache.generation(), read: time.Now(), ended: map[int]bool{}}
	rows, err := a.Client.QueryContext(ctx, viewerQuery, subject)
	if err != nil {
		return e, false, fmt.Errorf("account query: %w", err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var (
			kind  int
			r, cd sql.NullString
			act   sql.NullBool
			id    int
		)
		if err := rows.Scan(&kind, &r, &act, &cd, &id); err != nil {
			return e, false, err
		}
		switch kind {
		case 0:
			found, e.role, e.active, e.code, e.unitID = true, r.String, act.Bool, cd.String, id
		case 1:
			e.scope = append(e.scope, id)
		case 2:
			e.above = append(e.above, id)
		default:
			e.ended[id] = true
		}
	}
	if err := rows.Err(); err != nil {
		return e, false, err
	}
	if found {
		a.Cache.put(subject, e)
	}
	return e, found, nil
}

// viewerQuery reads the account of $1 (kind 0: role, active, unit code and
// ID), the units under its unit, the unit included (kind 1), the units
// above it (kind 2), and the units under it whose validity has ended (kind 3).
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
UNION ALL SELECT 2, NULL, NULL, NULL, id FROM up WHERE id NOT IN (SELECT id FROM acc)
UNION ALL SELECT 3, NULL, NULL, NULL, u.id FROM units u JOIN sub ON u.id = sub.id WHERE u.valid_to IS NOT NULL`
