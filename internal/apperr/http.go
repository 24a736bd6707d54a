package apperr

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"

	"cchc/internal/observe"
)

// Classify turns any error of the data layer into an *Error, as the GraphQL
// presenter does for a resolver's: for endpoints outside GraphQL (downloads).
// An error of no known kind is a fault of the server, its cause kept for the
// log: the endpoints say what is wrong with their parameters in *Errors.
func Classify(err error) *Error {
	if e := classify(err); e != nil {
		return e
	}
	return internal(err)
}

// HTTPStatus is the HTTP status that answers an error with this code.
func (c Code) HTTPStatus() int {
	switch c {
	case Unauthenticated:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case BadInput:
		return http.StatusBadRequest
	case Conflict:
		return http.StatusConflict
	case LimitExceeded:
		return http.StatusUnprocessableEntity
	case Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// HTTPStatus is the HTTP status that answers e: its Status when set, else
// its code's, but for the
// limits of HTTP itself, which have statuses of their own that clients and
// proxies know: too many requests (limit "rate") 429, a body too large
// ("body", "upload") 413.
func (e *Error) HTTPStatus() int {
	if e.Status != 0 {
		return e.Status
	}
	if e.Code == LimitExceeded {
		switch e.Extensions["limit"] {
		case "rate":
			return http.StatusTooManyRequests
		case "body", "upload":
			return http.StatusRequestEntityTooLarge
		}
	}
	return e.Code.HTTPStatus()
}

// WriteHTTP answers err in the GraphQL error format ({"errors": [{"message",
// "extensions": {"code", "field"}}]}) with the status of its code. Faults of
// the server are logged and answered with a generic message and the
// request's ID (extensions.requestId).
func WriteHTTP(ctx context.Context, w http.ResponseWriter, log *slog.Logger, err error) {
	e := Classify(err)
	switch e.Code {
	case Internal:
		log.ErrorContext(ctx, "request failed", "err", err)
	case Unavailable:
		log.WarnContext(ctx, "database unavailable", "err", err)
		w.Header().Set("Retry-After", "1")
	}
	ext := map[string]any{"code": e.Code}
	if e.Field != "" {
		ext["field"] = e.Field
	}
	for k, v := range e.Extensions {
		ext[k] = v
	}
	if id := observe.RequestID(ctx); id != "" && e.Code == Internal {
		ext["requestId"] = id
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.HTTPStatus())
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": e.Message, "extensions": ext}}})
}
