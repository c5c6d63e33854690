package route

import (
	"net/url"

	"github.com/a-h/templ"
)

// Document paths: downloading a dossier's documents, revoking a result and
// the public verification of results.
const (
	PathDocument       = "/van-ban/:id"
	PathDocumentRevoke = "/van-ban/:id/thu-hoi"
	PathControlSlip    = "/ho-so/:code/phieu-kiem-soat.pdf"
	PathVerify         = "/xac-thuc"
	PathVerifyCode     = "/xac-thuc/:code"
	PathAPIVerify      = "/api/v1/verify/:code"
	FormVerifyCode     = "ma"
	FormVerifyFile     = "tep"
	FormRevokeReason   = "reason"
)

// Document downloads an issued document.
func Document(id string) templ.SafeURL { return templ.SafeURL("/van-ban/" + url.PathEscape(id)) }

// DocumentRevoke is the revocation form's action (POST).
func DocumentRevoke(id string) templ.SafeURL {
	return templ.SafeURL("/van-ban/" + url.PathEscape(id) + "/thu-hoi")
}

// ControlSlip renders a dossier's process control slip as it stands.
func ControlSlip(code string) templ.SafeURL {
	return templ.SafeURL("/ho-so/" + url.PathEscape(code) + "/phieu-kiem-soat.pdf")
}

// Verify is the public verification page.
func Verify() templ.SafeURL { return PathVerify }

// VerifyCode is the verification page of one code, the address printed
// under a result's QR code.
func VerifyCode(code string) templ.SafeURL { return templ.SafeURL("/xac-thuc/" + url.PathEscape(code)) }

// APIVerify is the verification API of a code.
func APIVerify(code string) string { return "/api/v1/verify/" + url.PathEscape(code) }
