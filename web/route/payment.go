package route

import (
	"net/url"

	"github.com/a-h/templ"
)

// PathAdminUnitPayment edits how a unit takes fees (bank account, counter).
const PathAdminUnitPayment = "/quan-tri/don-vi/:code/nop-phi"

// AdminUnitPayment edits a unit's payment details.
func AdminUnitPayment(code string) templ.SafeURL {
	return templ.SafeURL(PathAdminUnits + "/" + url.PathEscape(code) + "/nop-phi")
}
