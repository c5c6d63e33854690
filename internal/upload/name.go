package upload

import (
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	// MaxNameRunes bounds a sanitised name, extension included: long enough
	// for the descriptive names people give scans, short enough for every
	// file system and for a table column.
	MaxNameRunes = 120
	// fallbackStem replaces a name with nothing usable left ("tệp đính kèm",
	// in ASCII so that it survives any client).
	fallbackStem = "tep-dinh-kem"
	// unsafeChars are refused by Windows in file names, and '"' and '\'
	// also break a quoted Content-Disposition parameter.
	unsafeChars = `<>:"/\|?*`
)

// SanitizeName turns a client-supplied file name into one that is safe to
// store, show and offer for download: the base name only (both / and \ are
// separators, whatever the client's system), NFC-normalised, without
// control or formatting characters (U+202E RIGHT-TO-LEFT OVERRIDE could
// otherwise make "xfdp.exe" look like "exe.pdf"), without characters that
// Windows refuses, with whitespace collapsed, without leading dots, not a
// Windows device name, at most MaxNameRunes runes, and ending in t's
// canonical extension. An extension of an accepted type already on the
// name is replaced ("Scan.JPEG" becomes "Scan.jpg"); any other one is kept
// as part of the name ("Biên bản 12.3.2024.pdf", "setup.exe.pdf").
// Vietnamese letters, like all other letters, are kept.
func SanitizeName(name string, t Type) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(strings.ToValidUTF8(name, ""))

	var b strings.Builder
	b.Grow(len(name))
	pendingSpace := false
	for _, r := range name {
		switch {
		case unicode.IsSpace(r) || strings.ContainsRune(unsafeChars, r):
			pendingSpace = b.Len() > 0
			continue
		case unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs),
			r == utf8.RuneError, r == '\uFFFE' || r == '\uFFFF':
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteRune(r)
	}
	stem := b.String()

	if dot := strings.LastIndexByte(stem, '.'); dot >= 0 && knownExt(stem[dot:]) {
		stem = stem[:dot]
	}
	stem = trimStem(stem)
	if windowsDevice(stem) {
		stem = "_" + stem
	}
	ext := t.Ext()
	if room := MaxNameRunes - utf8.RuneCountInString(ext); utf8.RuneCountInString(stem) > room {
		stem = trimStem(string([]rune(stem)[:room]))
	}
	if stem == "" {
		stem = fallbackStem
	}
	return stem + ext
}

// trimStem removes leading dots (hidden files on Unix) and trailing dots
// and spaces (silently dropped by Windows, which would then lose the
// extension's separation), and spaces on both sides.
func trimStem(s string) string {
	s = strings.TrimLeft(s, ". ")
	return strings.TrimRight(s, ". ")
}

// knownExt reports whether ext (with its dot) is an extension of one of the
// accepted types, in any case; these are the extensions SanitizeName
// replaces rather than keeps.
func knownExt(ext string) bool {
	switch strings.ToLower(ext) {
	case ".pdf", ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".doc", ".docx", ".xls", ".xlsx":
		return true
	}
	return false
}

// windowsDevice reports whether Windows would take a file with this stem
// for a device: it looks at the part before the first dot, ignoring case and
// trailing spaces, so "con.pdf" and "NUL.tar.pdf" are devices too.
func windowsDevice(stem string) bool {
	base, _, _ := strings.Cut(stem, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) >= 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		switch base[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// ContentDisposition is the Content-Disposition header value that offers
// a file named name (already sanitised) for download rather than display.
// Non-ASCII names go in an RFC 2231 encoded filename* parameter, which
// every current browser reads.
func ContentDisposition(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}
