package route

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// Internal-process administration paths: one process per case of a
// procedure, the case numbered from 0 as in the procedure record.
const (
	PathAdminWorkflow        = "/quan-tri/thu-tuc/:code/quy-trinh/:case"
	PathAdminWorkflowEdit    = "/quan-tri/thu-tuc/:code/quy-trinh/:case/sua"
	PathAdminWorkflowPublish = "/quan-tri/thu-tuc/:code/quy-trinh/:case/cong-bo"
	PathAdminWorkflowDiscard = "/quan-tri/thu-tuc/:code/quy-trinh/:case/huy-ban-nhap"
	PathAdminWorkflowHistory = "/quan-tri/thu-tuc/:code/quy-trinh/:case/lich-su"
	PathAdminWorkflowVersion = "/quan-tri/thu-tuc/:code/quy-trinh/:case/phien-ban/:version"
)

func adminWorkflow(code string, caseNo int, suffix string) templ.SafeURL {
	return templ.SafeURL(PathAdminCatalog + "/" + url.PathEscape(code) + "/quy-trinh/" + strconv.Itoa(caseNo) + suffix)
}

// AdminWorkflow is the administration page of a case's internal process:
// the version in force, the draft, the versions and the history.
func AdminWorkflow(code string, caseNo int) templ.SafeURL { return adminWorkflow(code, caseNo, "") }

// AdminWorkflowEdit edits the draft as JSON (starting from the published
// version when there is none); its form posts back here.
func AdminWorkflowEdit(code string, caseNo int) templ.SafeURL {
	return adminWorkflow(code, caseNo, "/sua")
}

// AdminWorkflowPublish asks to confirm the publication of the draft (GET)
// and publishes it (POST).
func AdminWorkflowPublish(code string, caseNo int) templ.SafeURL {
	return adminWorkflow(code, caseNo, "/cong-bo")
}

// AdminWorkflowDiscard discards the draft (POST).
func AdminWorkflowDiscard(code string, caseNo int) templ.SafeURL {
	return adminWorkflow(code, caseNo, "/huy-ban-nhap")
}

// AdminWorkflowHistory shows the audit trail of a case's process.
func AdminWorkflowHistory(code string, caseNo int) templ.SafeURL {
	return adminWorkflow(code, caseNo, "/lich-su")
}

// AdminWorkflowVersion shows version n of a case's process.
func AdminWorkflowVersion(code string, caseNo, n int) templ.SafeURL {
	return adminWorkflow(code, caseNo, "/phien-ban/"+strconv.Itoa(n))
}
