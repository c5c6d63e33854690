package route

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// E-form administration paths: one e-form per case of a procedure, the
// case numbered from 0 as in the procedure record.
const (
	PathAdminEform        = "/quan-tri/thu-tuc/:code/bieu-mau/:case"
	PathAdminEformEdit    = "/quan-tri/thu-tuc/:code/bieu-mau/:case/sua"
	PathAdminEformPublish = "/quan-tri/thu-tuc/:code/bieu-mau/:case/cong-bo"
	PathAdminEformDiscard = "/quan-tri/thu-tuc/:code/bieu-mau/:case/huy-ban-nhap"
	PathAdminEformHistory = "/quan-tri/thu-tuc/:code/bieu-mau/:case/lich-su"
	PathAdminEformVersion = "/quan-tri/thu-tuc/:code/bieu-mau/:case/phien-ban/:version"
	PathAdminEformPreview = "/quan-tri/thu-tuc/:code/bieu-mau/:case/xem-truoc"
	// QueryEformPage names the page of the form a preview shows.
	QueryEformPage = "trang"
)

func adminEform(code string, caseNo int, suffix string) templ.SafeURL {
	return templ.SafeURL(PathAdminCatalog + "/" + url.PathEscape(code) + "/bieu-mau/" + strconv.Itoa(caseNo) + suffix)
}

// AdminEform is the administration page of a case's e-form: the published
// version, the draft, the versions and the history.
func AdminEform(code string, caseNo int) templ.SafeURL { return adminEform(code, caseNo, "") }

// AdminEformEdit edits the draft (starting from the published version when
// there is none); its form posts back here.
func AdminEformEdit(code string, caseNo int) templ.SafeURL { return adminEform(code, caseNo, "/sua") }

// AdminEformPublish asks to confirm the publication of the draft (GET) and
// publishes it (POST).
func AdminEformPublish(code string, caseNo int) templ.SafeURL {
	return adminEform(code, caseNo, "/cong-bo")
}

// AdminEformDiscard discards the draft (POST).
func AdminEformDiscard(code string, caseNo int) templ.SafeURL {
	return adminEform(code, caseNo, "/huy-ban-nhap")
}

// AdminEformHistory shows the audit trail of a case's e-form.
func AdminEformHistory(code string, caseNo int) templ.SafeURL {
	return adminEform(code, caseNo, "/lich-su")
}

// AdminEformVersion shows version n of a case's e-form.
func AdminEformVersion(code string, caseNo, n int) templ.SafeURL {
	return adminEform(code, caseNo, "/phien-ban/"+strconv.Itoa(n))
}

// AdminEformPreview shows one page of the draft as applicants will see it
// (read-only); pageID "" is the first page.
func AdminEformPreview(code string, caseNo int, pageID string) templ.SafeURL {
	u := adminEform(code, caseNo, "/xem-truoc")
	if pageID != "" {
		u += templ.SafeURL("?" + url.Values{QueryEformPage: {pageID}}.Encode())
	}
	return u
}
