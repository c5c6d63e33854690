package csvfile

import (
	"encoding/csv"
	"io"
	"strings"
)

// bom is the UTF-8 byte-order mark that starts every file.
const bom = "\ufeff"

// Writer writes records as CSV, each cell made safe with Text. The
// byte-order mark goes out with the first record, so nothing is written
// until there is something to write.
type Writer struct {
	out     io.Writer
	csv     *csv.Writer
	started bool
	err     error
	cells   []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{out: w, csv: csv.NewWriter(w)}
}

// Write writes one record.
func (w *Writer) Write(record []string) error {
	if w.err != nil {
		return w.err
	}
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.out, bom); err != nil {
			w.err = err
			return err
		}
	}
	w.cells = w.cells[:0]
	for _, c := range record {
		w.cells = append(w.cells, Text(c))
	}
	return w.csv.Write(w.cells)
}

// Flush writes any buffered data and returns the first error met.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.csv.Flush()
	return w.csv.Error()
}

// formulaStart are the first characters that make Excel, LibreOffice or
// Google Sheets read a cell as a formula (or, for tab and carriage return,
// hide one behind them): OWASP's list for CSV injection.
const formulaStart = "=+-@\t\r"

// Text is the cell s as a spreadsheet shows it as text: prefixed with a
// single quote when it begins like a formula, unchanged otherwise.
func Text(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}
