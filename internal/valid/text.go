package valid

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// ErrBadText means a request carries text no person types: a NUL byte or
// bytes that are not UTF-8 in a form field, a query or a path, or a line
// break in a file name. Such input is refused whole (400, with a message),
// never cleaned up and stored: PostgreSQL refuses NUL in text columns,
// and a line break in a name splits log lines and headers.
var ErrBadText = errors.New("valid: text with a NUL byte, invalid UTF-8 or a line break in a name")

// ErrBadFileName means an uploaded file's name has a line break, a NUL
// byte or bytes that are not UTF-8 (see CleanName): the person renames the
// file rather than retypes anything.
var ErrBadFileName = errors.New("valid: a file name with a line break, a NUL byte or invalid UTF-8")

// CleanText reports whether s is text a form may carry: valid UTF-8 with no
// NUL byte. Line breaks are fine (a textarea has them).
func CleanText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// CleanName reports whether s may name something on one line (a file name,
// a form field's name): CleanText, and no CR or LF.
func CleanName(s string) bool {
	return CleanText(s) && !strings.ContainsAny(s, "\r\n")
}
