package apperr

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/internal/observe"
)

// Presenter turns every error of a GraphQL request into a GraphQL error with
// a stable extensions.code, and for bad input an extensions.field. A record
// out of the caller's scope answers exactly as one that does not exist;
// faults of the server are logged and answered with a generic message and
// the request's ID (extensions.requestId), which the log line carries too.
//
// gqlgen wraps every error in a *gqlerror.Error, whose Err is the cause, both
// the errors of resolvers and its own (a query that does not parse or
// validate, an argument a scalar cannot read), so the wrapper does not tell
// whose fault it is; where the error was raised does. Errors that resolvers
// return come classified by FieldMiddleware; an error added while a resolver
// runs (graphql.AddError) without a known cause is a fault of the server; any
// other is gqlgen's own about the client's input, answered BAD_USER_INPUT with
// gqlgen's message.
func Presenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		e := classify(err)
		if e == nil {
			if gerr.Err != nil && raisedByResolver(ctx) {
				e = internal(err)
			} else {
				return clientInput(ctx, gerr)
			}
		}
		switch e.Code {
		case Internal:
			cause := error(e)
			if e.Err != nil {
				cause = e.Err // gqlgen's wrapper says only "internal error"
			}
			log.ErrorContext(ctx, "request failed", "path", gerr.Path.String(), "err", cause)
		case Unavailable:
			log.WarnContext(ctx, "database unavailable", "path", gerr.Path.String(), "err", e.Err)
		}
		gerr.Message = e.Message
		gerr.Err = nil
		setCode(gerr, e.Code, e.Field)
		for k, v := range e.Extensions {
			gerr.Extensions[k] = v
		}
		if id := observe.RequestID(ctx); id != "" && e.Code == Internal {
			gerr.Extensions["requestId"] = id // finds the log line of the cause
		}
		return gerr
	}
}

// FieldMiddleware (srv.AroundFields) classifies the error a resolver returns
// before gqlgen wraps it: a known cause becomes its *Error, anything else an
// INTERNAL_SERVER_ERROR that keeps the cause for the log. A *gqlerror.Error
// without a cause is a message written for the client (entgql's "first and
// last" check) and passes as it is. gqlgen reads the field's arguments before
// field middleware runs, so a value that cannot be read never comes here.
// Register it last, so that it sees the errors of the other field middleware.
func FieldMiddleware(ctx context.Context, next graphql.Resolver) (any, error) {
	ctx = context.WithValue(ctx, resolvingKey{}, graphql.GetFieldContext(ctx))
	res, err := next(ctx)
	if err == nil {
		return res, nil
	}
	if e := classify(err); e != nil {
		return res, e
	}
	if gerr, ok := errors.AsType[*gqlerror.Error](err); ok && gerr.Err == nil {
		return res, err
	}
	return res, internal(err)
}

// resolvingKey marks the context of a resolver with its field.
type resolvingKey struct{}

// raisedByResolver tells an error added in the context of a running
// resolver from one gqlgen raised about the field: its arguments are read in
// a context of the field that the resolver's context does not reach.
func raisedByResolver(ctx context.Context) bool {
	fc, ok := ctx.Value(resolvingKey{}).(*graphql.FieldContext)
	return ok && fc != nil && fc == graphql.GetFieldContext(ctx)
}

// clientInput codes an error of gqlgen's about the client's input: syntax,
// validation, arguments and variables that cannot be read. Codes gqlgen sets
// (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED) stay. A value that a
// scalar could not read lies on a path below its field, which names the
// argument: where.receivedAtGT.
func clientInput(ctx context.Context, gerr *gqlerror.Error) *gqlerror.Error {
	if gerr.Extensions["code"] != nil {
		return gerr
	}
	field := ""
	if fc := graphql.GetFieldContext(ctx); gerr.Err != nil && fc != nil {
		if at := fc.Path(); len(gerr.Path) > len(at) {
			field = strings.TrimPrefix(gerr.Path[len(at):].String(), ".")
		}
	}
	if gerr.Err != nil && strings.Contains(gerr.Err.Error(), "cursor") {
		gerr.Message = "invalid pagination cursor" // not the decoder's own words
	}
	if field != "" && !strings.HasPrefix(gerr.Message, field+": ") {
		gerr.Message = field + ": " + gerr.Message
	}
	setCode(gerr, BadInput, field)
	return gerr
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

// internal is the error of a fault of the server: a generic message for the
// client, the cause for the log.
func internal(err error) *Error {
	return &Error{Code: Internal, Message: "internal error", Err: err}
}

// classify maps an error to the API's error by its cause, or returns nil for
// a cause of no kind it knows.
func classify(err error) *Error {
	if e, ok := As(err); ok {
		if e.Code == Internal && e.Message == "" {
			e.Message = "internal error"
		}
		return e
	}
	var verr *ent.ValidationError
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
			return duplicate(err)
		}
		return New(BadInput, "the input references a record that does not exist")
	case strings.HasPrefix(err.Error(), "cursor ") &&
		(strings.HasSuffix(err.Error(), " is not a slice") || strings.Contains(err.Error(), " do not match orderBy fields length ")):
		// entgql's words for a cursor that does not fit the connection's
		// order, which limits checks first but for nested connections
		// whose single orderBy object entgql does not read.
		return New(BadInput, "invalid pagination cursor")
	case sqlState(err) == characterNotInRepertoire:
		// The embedded SQLite takes any text; PostgreSQL refuses a NUL.
		return New(BadInput, `a text value of the input holds a NUL character (\u0000), which the database cannot take: remove it`)
	case unavailable(err):
		return &Error{Code: Unavailable, Message: unavailableMessage, Err: err}
	}
	return nil
}

// characterNotInRepertoire is PostgreSQL's SQLSTATE for text it cannot
// take, such as a NUL character in a string.
const characterNotInRepertoire = "22021"

// sqlState is the SQLSTATE of a PostgreSQL error in err's chain, or "".
func sqlState(err error) string {
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return pg.SQLState()
	}
	return ""
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

// Words spells a record type for people, in messages: BudgetLine → budget line.
func Words(typ string) string {
	var b strings.Builder
	for i, r := range typ {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte(' ')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// EdgeInput is the GraphQL input field that sets an edge: unitID, collaboratorIDs …
func EdgeInput(edge string) string {
	if name, ok := strings.CutSuffix(FieldName(edge), "s"); ok {
		return name + "IDs"
	}
	return FieldName(edge) + "ID"
}
