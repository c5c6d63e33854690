package admin

import (
	"net/url"

	"github.com/motcua/motcua/internal/catalog"
)

// ProcedureFormValues is what the editor submits, unchanged, for rec: its
// rows plus one blank row per group.
func ProcedureFormValues(rec catalog.Record) url.Values {
	return encodeProcedure(withBlankRows(formOf(rec)))
}
