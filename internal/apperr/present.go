package apperr

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/ent"
	"cchc/ent/privacy"
)

// Presenter turns every error a resolver returns into a GraphQL error with a
// stable extensions.code, and for bad input an extensions.field. A record
// out of the caller's scope answers exactly as one that does not exist;
// faults of the server are logged and answered with a generic message.
func Presenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		e := classify(err)
		if e == nil {
			// gqlgen's own errors (argument coercion and the like) are the client's input.
			if gerr.Extensions["code"] == nil {
				setCode(gerr, BadInput, "")
			}
			return gerr
		}
		if e.Code == Internal {
			log.ErrorContext(ctx, "request failed", "path", gerr.Path.String(), "err", err)
		}
		gerr.Message = e.Message
		gerr.Err = nil
		setCode(gerr, e.Code, e.Field)
		for k, v := range e.Extensions {
			gerr.Extensions[k] = v
		}
		return gerr
	}
}

// Recover answers a panic in a resolver as an internal error instead of a crash.
func Recover(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", p)
		return New(Internal, "internal error")
	}
}

func setCode(gerr *gqlerror.Error, code Code, field string) {
	if gerr.Extensions == nil {
		gerr.Extensions = map[string]any{}
	}
	gerr.Extensions["code"] = code
	if field != "" {
		gerr.Extensions["field"] = field
	}
}

// classify maps an error to the API's error, or nil when it is a GraphQL
// error produced by gqlgen itself.
func classify(err error) *Error {
	if e, ok := As(err); ok {
		if e.Code == Internal && e.Message == "" {
			e.Message = "internal error"
		}
		return e
	}
	var (
		verr *ent.ValidationError
		gerr *gqlerror.Error
	)
	switch {
	case errors.As(err, &verr):
		field := FieldName(verr.Name)
		reason := verr.Unwrap().Error()
		if _, after, ok := strings.Cut(reason, `": `); ok {
			reason = after // drop ent's `validator failed for field "Type.field"` prefix
		}
		return Input(field, "%s", reason)
	case ent.IsNotFound(err), errors.Is(err, privacy.Deny),
		strings.Contains(err.Error(), "cannot resolve table from id"),
		strings.Contains(err.Error(), "could not resolve to a node"):
		// A denial without a code of its own comes from a filter, which hides
		// records: out of scope answers as absent.
		return New(NotFound, "not found")
	case ent.IsConstraintError(err):
		msg := strings.ToLower(err.Error())
		if strings.Contains(msg, "unique") || strings.Contains(msg, "duplicate") {
			return New(Conflict, "a record with the same key already exists (for example the same code in this unit)")
		}
		return New(BadInput, "the input references a record that does not exist")
	case strings.Contains(err.Error(), "cursor"):
		return New(BadInput, "invalid pagination cursor")
	case errors.As(err, &gerr):
		return nil
	}
	return &Error{Code: Internal, Message: "internal error", Err: err}
}

// FieldName turns an ent snake_case field or edge name into its GraphQL name:
// due_at → dueAt, unit_id → unitID.
func FieldName(s string) string {
	if base, ok := strings.CutSuffix(s, "_id"); ok && base != "" {
		return FieldName(base) + "ID"
	}
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// EdgeInput is the GraphQL input field that sets an edge: unitID, collaboratorIDs …
func EdgeInput(edge string) string {
	if name, ok := strings.CutSuffix(FieldName(edge), "s"); ok {
		return name + "IDs"
	}
	return FieldName(edge) + "ID"
}
