package graph

import (
	"errors"
	"fmt"
)

// Error codes. They travel to clients as extensions.code.
const (
	CodeNotFound        = "NOT_FOUND"
	CodeInvalidInput    = "INVALID_INPUT"
	CodeConflict        = "CONFLICT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeTooComplex      = "TOO_COMPLEX"
	CodeUnavailable     = "UNAVAILABLE"
	CodeInternal        = "INTERNAL"
)

// Error is an error a client may see: a code and a message meant for
// people. Errors from dependencies are translated into it at the border of
// the package that uses the dependency; anything else is INTERNAL.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode is the code of err: its own for an *Error, INTERNAL otherwise,
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage is the message a client may see for err: never the details
// of an internal error.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "internal error"
}

// NotFound is the error for an id that names nothing.
func NotFound(kind Kind, id string) *Error {
	return Errorf(CodeNotFound, "%s %q not found", kindWord(kind), Truncate(id, 80))
}

func kindWord(k Kind) string {
	switch k {
	case KindPerson:
		return "person"
	case KindUnit:
		return "unit"
	case KindRegion:
		return "region"
	case KindCompany:
		return "company"
	case KindProject:
		return "project"
	}
	return "entity"
}
