package limits

import (
	"context"
	"errors"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/internal/apperr"
)

// Deadline gives each request through next a context that ends after
// l.Timeout. Both database drivers watch the context: lib/pq sends
// PostgreSQL a cancel request, the embedded SQLite interrupts the statement,
// so an abandoned query stops using the database.
func (l Limits) Deadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), l.Timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Presenter wraps the error presenter next so that an error caused by the
// request's deadline, or by PostgreSQL's statement_timeout, answers
// LIMIT_EXCEEDED with limit "timeout" instead of an internal error; the
// SQL and the driver's message are never sent.
func (l Limits) Presenter(next graphql.ErrorPresenterFunc) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if timedOut(ctx, err) {
			t := timeoutError(l.Timeout)
			t.Err = err
			if g, ok := err.(*gqlerror.Error); ok {
				cp := *g // keep its path and locations
				cp.Message, cp.Err = t.Message, t
				err = &cp
			} else {
				err = t
			}
		}
		return next(ctx, err)
	}
}

// queryCanceled is PostgreSQL's SQLSTATE for a statement cancelled by
// statement_timeout or by a cancel request.
const queryCanceled = "57014"

// timedOut tells an error caused by the deadline: the context's error, a
// statement that PostgreSQL cancelled, or any fault once the deadline has
// passed. Errors that already say what went wrong (NOT_FOUND, …) stay.
func timedOut(ctx context.Context, err error) bool {
	if e, ok := apperr.As(err); ok && e.Code != apperr.Internal {
		return false
	}
	var pg interface{ SQLState() string }
	return errors.Is(err, context.DeadlineExceeded) ||
		errors.As(err, &pg) && pg.SQLState() == queryCanceled ||
		errors.Is(ctx.Err(), context.DeadlineExceeded)
}

// Answered (srv.AroundOperations) answers an operation whose deadline passed
// before it ran with the timeout error, presented by present: gqlgen's
// response handler returns nothing once the context is done, which the
// transports write as HTTP 200 with the body null.
func (l Limits) Answered(present graphql.ErrorPresenterFunc) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		handler, first := next(ctx), true
		return func(ctx context.Context) *graphql.Response {
			r := handler(ctx)
			if r == nil && first && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				r = &graphql.Response{Errors: gqlerror.List{present(ctx, timeoutError(l.Timeout))}}
			}
			first = false
			return r
		}
	}
}
