package route

import "testing"

// The ledger builders fill in the registered paths, escape the dates and
// leave page 1 and empty values out.
func TestLedgerBuilders(t *testing.T) {
	for got, want := range map[string]string{
		string(Ledger(LedgerQuery{})):                                     PathLedger,
		string(Ledger(LedgerQuery{From: "01/12/2026", To: "31/12/2026"})): PathLedger + "?den=31%2F12%2F2026&tu=01%2F12%2F2026",
		string(Ledger(LedgerQuery{From: "01/12/2026", Page: 1})):          PathLedger + "?tu=01%2F12%2F2026",
		string(Ledger(LedgerQuery{From: "01/12/2026", Page: 3})):          PathLedger + "?page=3&tu=01%2F12%2F2026",
		string(LedgerCSV("01/12/2026", "31/12/2026")):                     PathLedgerCSV + "?den=31%2F12%2F2026&tu=01%2F12%2F2026",
		string(LedgerXLSX("01/12/2026", "31/12/2026")):                    PathLedgerXLSX + "?den=31%2F12%2F2026&tu=01%2F12%2F2026",
		string(LedgerXLSX("a&b", "")):                                     PathLedgerXLSX + "?tu=a%26b",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
