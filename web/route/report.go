package route

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// Report paths: the tracking ledger (sổ theo dõi hồ sơ, Mẫu 06) of the
// staff member's unit, as a page and as downloads.
const (
	PathLedger     = "/can-bo/so-theo-doi"
	PathLedgerCSV  = "/can-bo/so-theo-doi.csv"
	PathLedgerXLSX = "/can-bo/so-theo-doi.xlsx"
	// The period's first and last days, dd/mm/yyyy.
	LedgerFrom = "tu"
	LedgerTo   = "den"
)

// LedgerQuery is the state of the ledger page: the period as typed and
// the page number.
type LedgerQuery struct {
	From, To string
	Page     int
}

func (q LedgerQuery) values() url.Values {
	v := url.Values{}
	if q.From != "" {
		v.Set(LedgerFrom, q.From)
	}
	if q.To != "" {
		v.Set(LedgerTo, q.To)
	}
	if q.Page > 1 {
		v.Set(QueryPage, strconv.Itoa(q.Page))
	}
	return v
}

func withQuery(path string, v url.Values) templ.SafeURL {
	if len(v) == 0 {
		return templ.SafeURL(path)
	}
	return templ.SafeURL(path + "?" + v.Encode())
}

// Ledger is the ledger page of the staff member's unit.
func Ledger(q LedgerQuery) templ.SafeURL { return withQuery(PathLedger, q.values()) }

// LedgerCSV downloads the ledger of a period as CSV.
func LedgerCSV(from, to string) templ.SafeURL {
	return withQuery(PathLedgerCSV, LedgerQuery{From: from, To: to}.values())
}

// LedgerXLSX downloads the ledger of a period as an Excel workbook.
func LedgerXLSX(from, to string) templ.SafeURL {
	return withQuery(PathLedgerXLSX, LedgerQuery{From: from, To: to}.values())
}
