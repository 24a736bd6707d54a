// Package apperr is the one error type of the API: a stable code that clients
// branch on (GraphQL extensions.code), the input field at fault, and a message
// for people. Present turns any error of the data layer into one of these.
package apperr

import (
	"errors"
	"fmt"
)

// Code is a stable error code, sent as extensions.code.
type Code string

// The error codes of the API.
const (
	Unauthenticated Code = "UNAUTHENTICATED"       // no valid token
	Forbidden       Code = "FORBIDDEN"             // the caller may not do this
	NotFound        Code = "NOT_FOUND"             // no such record, or not visible to the caller
	BadInput        Code = "BAD_USER_INPUT"        // the input is invalid; Field names it
	Conflict        Code = "CONFLICT"              // the write clashes with a record that exists
	LimitExceeded   Code = "LIMIT_EXCEEDED"        // the request crosses a limit of the server; Extensions say which
	Unavailable     Code = "UNAVAILABLE"           // the database cannot be reached for the moment; retry shortly
	Internal        Code = "INTERNAL_SERVER_ERROR" // a fault of the server; details are logged, not sent
)

// Error is an error with a code and, for bad input, the field at fault.
type Error struct {
	Code    Code
	Field   string // GraphQL input field, e.g. "unitID" or "input.dueAt"
	Message string
	// Extensions are sent beside code and field, e.g. which limit a
	// LIMIT_EXCEEDED error crossed.
	Extensions map[string]any
	// Status is the HTTP status of a request refused outside GraphQL
	// (WriteHTTP) when its code's does not fit, such as 405 for a method
	// not allowed; 0 for the code's.
	Status int
	Err    error // the cause, logged and never sent
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Input returns a BAD_USER_INPUT error about field; the message starts with the field's name.
func Input(field, format string, args ...any) *Error {
	return &Error{Code: BadInput, Field: field, Message: field + ": " + fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
