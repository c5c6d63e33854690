// Package csvfile writes the CSV files the portal offers for download, so
// that every one reads the same in a spreadsheet: UTF-8 with a byte-order
// mark (Excel then reads Vietnamese right), comma-separated, quoted where
// needed, and no cell a spreadsheet would take for a formula.
//
// It imports only the standard library; handlers in web/ use it.
package csvfile
