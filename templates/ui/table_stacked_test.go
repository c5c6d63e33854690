package ui

import "testing"

// TestStackedTable: a stacked table names each cell's column (printed
// beside it on a phone); a plain one adds nothing.
func TestStackedTable(t *testing.T) {
	p := TableProps{Caption: "Hàng đợi", Head: []Column{{Label: "Mã hồ sơ"}, {Label: "Trạng thái"}},
		Rows: [][]Cell{{{Text: "H19-1", RowHeader: true}, TextCell("Mới")}}}
	if doc := render(t, Table(p)); doc.Find("[data-label], .table-stacked").Length() != 0 {
		t.Error("a plain table carries stacked markup")
	}
	p.Stacked = true
	doc := render(t, Table(p))
	count(t, doc, "table.table.table-stacked", 1)
	if got := attr(t, count(t, doc, `tbody th[scope="row"]`, 1), "data-label"); got != "Mã hồ sơ" {
		t.Errorf("row header's label %q", got)
	}
	if got := attr(t, count(t, doc, "tbody td", 1), "data-label"); got != "Trạng thái" {
		t.Errorf("cell's label %q", got)
	}
}
