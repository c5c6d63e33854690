package route

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// Catalogue paths.
const (
	PathCatalog          = "/thu-tuc"
	PathProcedure        = "/thu-tuc/:code"
	PathProcedureForm    = "/thu-tuc/:code/mau/:file"
	PathProcedureApply   = "/thu-tuc/:code/nop-ho-so"
	PathAPIProcedures    = "/api/v1/procedures"
	PathAPIProcedure     = "/api/v1/procedures/:code"
	PathAPIOpenAPI       = "/api/v1/openapi.json"
	PathAdminCatalog     = "/quan-tri/thu-tuc"
	PathAdminProcNew     = "/quan-tri/thu-tuc/moi"
	PathAdminProc        = "/quan-tri/thu-tuc/:code"
	PathAdminProcEdit    = "/quan-tri/thu-tuc/:code/sua"
	PathAdminProcPreview = "/quan-tri/thu-tuc/:code/xem-truoc"
	PathAdminProcPublish = "/quan-tri/thu-tuc/:code/cong-bo"
	PathAdminProcDiscard = "/quan-tri/thu-tuc/:code/huy-ban-nhap"
	PathAdminProcRetire  = "/quan-tri/thu-tuc/:code/ngung"
	PathAdminProcHistory = "/quan-tri/thu-tuc/:code/lich-su"
)

// Catalogue query parameters (Vietnamese, as they show in shared links).
const (
	QueryText    = "q"
	QueryField   = "linh-vuc"
	QueryLevel   = "cap"
	QueryUnit    = "don-vi"
	QuerySubject = "doi-tuong"
	QueryVersion = "phien-ban"
)

// CatalogQuery is the state of the catalogue page.
type CatalogQuery struct {
	Text, Field, Level, Unit, Subject string
	Page                              int
}

// Catalog is the catalogue page for q.
func Catalog(q CatalogQuery) templ.SafeURL {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set(QueryText, q.Text)
	set(QueryField, q.Field)
	set(QueryLevel, q.Level)
	set(QueryUnit, q.Unit)
	set(QuerySubject, q.Subject)
	if q.Page > 1 {
		v.Set(QueryPage, strconv.Itoa(q.Page))
	}
	if len(v) == 0 {
		return PathCatalog
	}
	return templ.SafeURL(PathCatalog + "?" + v.Encode())
}

// Procedure is a procedure's public page; version 0 is the current one.
func Procedure(code string, version int) templ.SafeURL {
	p := PathCatalog + "/" + url.PathEscape(code)
	if version > 0 {
		p += "?" + QueryVersion + "=" + strconv.Itoa(version)
	}
	return templ.SafeURL(p)
}

// ProcedureForm downloads a procedure's blank form.
func ProcedureForm(code, file string) templ.SafeURL {
	return templ.SafeURL(PathCatalog + "/" + url.PathEscape(code) + "/mau/" + url.PathEscape(file))
}

// ProcedureApply starts an online application for a procedure.
func ProcedureApply(code string) templ.SafeURL {
	return templ.SafeURL(PathCatalog + "/" + url.PathEscape(code) + "/nop-ho-so")
}

// APIProcedure is a procedure in the JSON API.
func APIProcedure(code string) string { return "/api/v1/procedures/" + url.PathEscape(code) }

func adminProc(code, suffix string) templ.SafeURL {
	return templ.SafeURL(PathAdminCatalog + "/" + url.PathEscape(code) + suffix)
}

// AdminCatalog is the administration list of procedures.
func AdminCatalog(text string, page int) templ.SafeURL {
	v := url.Values{}
	if text != "" {
		v.Set(QueryText, text)
	}
	if page > 1 {
		v.Set(QueryPage, strconv.Itoa(page))
	}
	if len(v) == 0 {
		return PathAdminCatalog
	}
	return templ.SafeURL(PathAdminCatalog + "?" + v.Encode())
}

// AdminProcedureNew creates a procedure.
func AdminProcedureNew() templ.SafeURL { return PathAdminProcNew }

// AdminProcedure is a procedure's administration page (versions, actions).
func AdminProcedure(code string) templ.SafeURL { return adminProc(code, "") }

// AdminProcedureEdit edits the draft (creating it from the current version).
func AdminProcedureEdit(code string) templ.SafeURL { return adminProc(code, "/sua") }

// AdminProcedurePreview previews the draft as citizens will see it.
func AdminProcedurePreview(code string) templ.SafeURL { return adminProc(code, "/xem-truoc") }

// AdminProcedurePublish publishes the draft (POST).
func AdminProcedurePublish(code string) templ.SafeURL { return adminProc(code, "/cong-bo") }

// AdminProcedureDiscard discards the draft (POST).
func AdminProcedureDiscard(code string) templ.SafeURL { return adminProc(code, "/huy-ban-nhap") }

// AdminProcedureRetire retires the procedure (POST).
func AdminProcedureRetire(code string) templ.SafeURL { return adminProc(code, "/ngung") }

// AdminProcedureHistory shows the audit trail.
func AdminProcedureHistory(code string) templ.SafeURL { return adminProc(code, "/lich-su") }
