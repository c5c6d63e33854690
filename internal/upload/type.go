package upload

import "fmt"

// Type is an accepted attachment format. Its value is the stable name kept
// in the database ("pdf", "docx", ...); the zero value is no type.
type Type string

// The accepted formats. Anything else is refused with ErrType.
const (
	PDF  Type = "pdf"
	JPEG Type = "jpeg"
	PNG  Type = "png"
	DOC  Type = "doc"
	DOCX Type = "docx"
	XLS  Type = "xls"
	XLSX Type = "xlsx"
)

// info is a switch rather than a package-level map so that nothing in the
// package is mutable.
func (t Type) info() (contentType, ext string, ok bool) {
	switch t {
	case PDF:
		return "application/pdf", ".pdf", true
	case JPEG:
		return "image/jpeg", ".jpg", true
	case PNG:
		return "image/png", ".png", true
	case DOC:
		return "application/msword", ".doc", true
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", true
	case XLS:
		return "application/vnd.ms-excel", ".xls", true
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", true
	}
	return "", "", false
}

// Types lists the accepted formats in a fixed order (for help texts and
// the accept attribute of file inputs).
func Types() []Type { return []Type{PDF, JPEG, PNG, DOC, DOCX, XLS, XLSX} }

// ParseType returns the Type with the given stored name.
func ParseType(s string) (Type, error) {
	t := Type(s)
	if !t.Valid() {
		return "", fmt.Errorf("upload: unknown type %q", s)
	}
	return t, nil
}

// Valid reports whether t is one of the accepted formats.
func (t Type) Valid() bool {
	_, _, ok := t.info()
	return ok
}

// ContentType is the media type to serve the file with; it is fixed by the
// sniffed type, never taken from the client.
func (t Type) ContentType() string {
	ct, _, _ := t.info()
	return ct
}

// Ext is the canonical extension with its dot (".jpg" for JPEG).
func (t Type) Ext() string {
	_, ext, _ := t.info()
	return ext
}

func (t Type) String() string { return string(t) }
