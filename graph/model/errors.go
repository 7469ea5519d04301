package model

import (
	"errors"
	"fmt"
)

// Error codes shown to clients in extensions.code.
const (
	ENOTFOUND    = "NOT_FOUND"
	EINVALID     = "BAD_USER_INPUT"
	EUNAVAILABLE = "DATABASE_UNAVAILABLE"
	ETIMEOUT     = "TIMEOUT"
	ETOOCOMPLEX  = "QUERY_TOO_COMPLEX"
	EINTERNAL    = "INTERNAL"
	// Codes of requests refused before any GraphQL work (graph/transport.go, ratelimit).
	EBADREQUEST  = "BAD_REQUEST"               // malformed HTTP: not JSON, a batch, a wrong media type
	ETOOLARGE    = "PAYLOAD_TOO_LARGE"         // a body over the limit, declared or streamed
	ERATELIMITED = "RATE_LIMITED"              // the client spent its budget
	EPQNOTFOUND  = "PERSISTED_QUERY_NOT_FOUND" // a persisted query hash this server does not know
	// gqlgen's codes for documents that do not parse or validate.
	EPARSE    = "GRAPHQL_PARSE_FAILED"
	EVALIDATE = "GRAPHQL_VALIDATION_FAILED"
)

// Error is an error whose message is meant for the client and whose Code says what kind it is.
type Error struct {
	Code    string
	Message string
	Err     error // the cause, for logs; never shown to clients
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a client-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap builds an Error with a client-facing message around a cause kept for logs.
func Wrap(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-facing message of err, hiding internal details.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
