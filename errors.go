package postcrm

import "errors"

// Error is a refusal by a domain rule: a stable Code that callers
// translate (the web looks it up in its message catalogues), the Field
// of a form or record it concerns, and a Message in Chinese for logs and
// the command line. Kind is ErrInvalid or ErrNotAllowed, so that
// errors.Is still tells what sort of refusal it is.
type Error struct {
	Kind    error
	Code    string
	Field   string // empty when the error is about the record as a whole
	Message string
}

func (e *Error) Error() string { return e.Message }

// Unwrap makes errors.Is(err, ErrInvalid) true for an invalid record.
func (e *Error) Unwrap() error { return e.Kind }

// invalid is an Error saying a field's value breaks a rule.
func invalid(code, field, message string) *Error {
	return &Error{Kind: ErrInvalid, Code: code, Field: field, Message: message}
}

// notAllowed is an Error saying the change is not the caller's to make,
// or not in the record's state.
func notAllowed(code, message string) *Error {
	return &Error{Kind: ErrNotAllowed, Code: code, Message: message}
}

// Errors lists the domain errors in err's tree, in order: a rule that
// checks every field at once returns them joined, and a store wraps them.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *Error:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			walk(errors.Unwrap(err))
		}
	}
	walk(err)
	return out
}
