package route

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// Dossier paths: applying online, drafts, dossiers, files, the public
// status lookup and desk intake.
const (
	PathDraft          = "/ho-so-nhap/:id"
	PathDraftPage      = "/ho-so-nhap/:id/trang/:page"
	PathDraftDelivery  = "/ho-so-nhap/:id/nhan-ket-qua"
	PathDraftCheck     = "/ho-so-nhap/:id/kiem-tra"
	PathDraftSubmit    = "/ho-so-nhap/:id/nop"
	PathDraftDiscard   = "/ho-so-nhap/:id/xoa"
	PathDossier        = "/ho-so/:code"
	PathDossierDone    = "/ho-so/:code/da-nop"
	PathDossierCancel  = "/ho-so/:code/rut"
	PathFile           = "/tep/:id"
	PathMyDossiers     = "/tai-khoan/ho-so"
	PathAddDeskDossier = "/tai-khoan/ho-so/them"
	PathLookup         = "/tra-cuu-ho-so"
	PathAPIStatus      = "/api/v1/dossiers/:code/status"
	PathAPICommunes    = "/api/v1/places/:province/communes"
	PathDeskIntake     = "/can-bo/tiep-nhan"
	QueryCase          = "truong-hop"
	FormUnit           = "unit"
	FormCase           = "case"
	FormAction         = "_action"
	FormDeclaration    = "declaration"
	FormWithdrawReason = "reason"
)

// Apply starts an online dossier for a procedure.
func Apply(code string) templ.SafeURL {
	return templ.SafeURL(PathCatalog + "/" + url.PathEscape(code) + "/nop-ho-so")
}

// Draft is a draft's task list.
func Draft(id string) templ.SafeURL { return templ.SafeURL("/ho-so-nhap/" + url.PathEscape(id)) }

// DraftPage is one page of a draft's e-form.
func DraftPage(id, page string) templ.SafeURL {
	return templ.SafeURL("/ho-so-nhap/" + url.PathEscape(id) + "/trang/" + url.PathEscape(page))
}

// DraftDelivery is the page choosing how to receive the result.
func DraftDelivery(id string) templ.SafeURL {
	return templ.SafeURL("/ho-so-nhap/" + url.PathEscape(id) + "/nhan-ket-qua")
}

// DraftCheck is the check-your-answers page.
func DraftCheck(id string) templ.SafeURL {
	return templ.SafeURL("/ho-so-nhap/" + url.PathEscape(id) + "/kiem-tra")
}

// DraftSubmit is the submit form's action.
func DraftSubmit(id string) templ.SafeURL {
	return templ.SafeURL("/ho-so-nhap/" + url.PathEscape(id) + "/nop")
}

// DraftDiscard deletes a draft (POST).
func DraftDiscard(id string) templ.SafeURL {
	return templ.SafeURL("/ho-so-nhap/" + url.PathEscape(id) + "/xoa")
}

// Dossier is a dossier's page.
func Dossier(code string) templ.SafeURL { return templ.SafeURL("/ho-so/" + url.PathEscape(code)) }

// DossierDone is the confirmation after submitting.
func DossierDone(code string) templ.SafeURL {
	return templ.SafeURL("/ho-so/" + url.PathEscape(code) + "/da-nop")
}

// DossierCancel is the withdrawal form's action.
func DossierCancel(code string) templ.SafeURL {
	return templ.SafeURL("/ho-so/" + url.PathEscape(code) + "/rut")
}

// File downloads an attachment.
func File(id string) templ.SafeURL { return templ.SafeURL("/tep/" + url.PathEscape(id)) }

// MyDossiers lists the applicant's dossiers and drafts.
func MyDossiers(page int) templ.SafeURL { return withPage(PathMyDossiers, page) }

// AddDeskDossier is where an applicant adds a dossier filed at the desk
// to their account with its receipt ("Thêm hồ sơ nộp tại quầy").
func AddDeskDossier() templ.SafeURL { return PathAddDeskDossier }

// Lookup is the public status lookup.
func Lookup() templ.SafeURL { return PathLookup }

// APIStatus is the status API of a dossier.
func APIStatus(code string) string { return "/api/v1/dossiers/" + url.PathEscape(code) + "/status" }

// APICommunes lists a province's communes as JSON.
func APICommunes(province string) templ.SafeURL {
	return templ.SafeURL("/api/v1/places/" + url.PathEscape(province) + "/communes")
}

// DeskIntake is the clerk's page for taking a walk-in dossier.
func DeskIntake() templ.SafeURL { return PathDeskIntake }

// Processing paths.
const (
	PathQueue           = "/can-bo/hang-doi"
	PathQueueReceive    = "/can-bo/hang-doi/tiep-nhan"
	PathFind            = "/can-bo/tim-ho-so"
	PathDossierAct      = "/ho-so/:code/xu-ly"
	PathDossierClaim    = "/ho-so/:code/nhan-xu-ly"
	PathDossierRelease  = "/ho-so/:code/tra-hang-doi"
	PathDossierRespond  = "/ho-so/:code/bo-sung"
	PathDossierRate     = "/ho-so/:code/danh-gia"
	PathDossierPaid     = "/ho-so/:code/da-nop-phi"
	PathDossierApology  = "/ho-so/:code/xin-loi"
	PathDossierApproveA = "/ho-so/:code/duyet-xin-loi"
	QueueTab            = "tab"
	QueueStatus         = "trang-thai"
	QueueProcedure      = "thu-tuc"
	QueueChannel        = "kenh"
	QueueWithin         = "han-trong"
)

// QueueQuery is the state of the queue page.
type QueueQuery struct {
	Tab, Procedure    string
	Status, Channel   int
	WithinHours, Page int
}

// Find is the staff search for a dossier, by code or by the applicant's
// personal ID or tax code ("" for the empty form).
func Find(q string) templ.SafeURL {
	if q == "" {
		return PathFind
	}
	return templ.SafeURL(PathFind + "?" + url.Values{"q": {q}}.Encode())
}

// Queue is the staff member's queue page.
func Queue(q QueueQuery) templ.SafeURL {
	v := url.Values{}
	if q.Tab != "" && q.Tab != "all" {
		v.Set(QueueTab, q.Tab)
	}
	if q.Status > 0 {
		v.Set(QueueStatus, strconv.Itoa(q.Status))
	}
	if q.Procedure != "" {
		v.Set(QueueProcedure, q.Procedure)
	}
	if q.Channel > 0 {
		v.Set(QueueChannel, strconv.Itoa(q.Channel))
	}
	if q.WithinHours > 0 {
		v.Set(QueueWithin, strconv.Itoa(q.WithinHours))
	}
	if q.Page > 1 {
		v.Set(QueryPage, strconv.Itoa(q.Page))
	}
	if len(v) == 0 {
		return PathQueue
	}
	return templ.SafeURL(PathQueue + "?" + v.Encode())
}

// QueueReceive receives the chosen new dossiers (POST).
func QueueReceive() templ.SafeURL { return PathQueueReceive }

func dossierAction(code, leaf string) templ.SafeURL {
	return templ.SafeURL("/ho-so/" + url.PathEscape(code) + "/" + leaf)
}

// DossierAct takes an action on a dossier (POST).
func DossierAct(code string) templ.SafeURL { return dossierAction(code, "xu-ly") }

// DossierClaim takes a dossier to work on (POST).
func DossierClaim(code string) templ.SafeURL { return dossierAction(code, "nhan-xu-ly") }

// DossierRelease gives a dossier back to the queue (POST).
func DossierRelease(code string) templ.SafeURL { return dossierAction(code, "tra-hang-doi") }

// DossierRespond is the applicant's answer to a request (POST, multipart).
func DossierRespond(code string) templ.SafeURL { return dossierAction(code, "bo-sung") }

// DossierRate records the applicant's satisfaction (POST).
func DossierRate(code string) templ.SafeURL { return dossierAction(code, "danh-gia") }

// DossierPaid confirms a requested payment (POST).
func DossierPaid(code string) templ.SafeURL { return dossierAction(code, "da-nop-phi") }

// DossierApology proposes an apology with a new date (POST).
func DossierApology(code string) templ.SafeURL { return dossierAction(code, "xin-loi") }

// DossierApproveApology approves the pending apology (POST).
func DossierApproveApology(code string) templ.SafeURL { return dossierAction(code, "duyet-xin-loi") }

// Notification paths.
const (
	PathInbox          = "/tai-khoan/hop-thu"
	PathInboxMessage   = "/tai-khoan/hop-thu/:id"
	PathInboxReadAll   = "/tai-khoan/hop-thu/da-doc"
	PathNotifyPrefs    = "/tai-khoan/thong-bao"
	PathAdminTemplates = "/quan-tri/mau-thong-bao"
	PathAdminTemplate  = "/quan-tri/mau-thong-bao/:event/:channel"
)

// Inbox lists the user's in-app messages.
func Inbox(page int) templ.SafeURL { return withPage(PathInbox, page) }

// InboxMessage shows one message (and marks it read).
func InboxMessage(id int64) templ.SafeURL {
	return templ.SafeURL(PathInbox + "/" + strconv.FormatInt(id, 10))
}

// InboxReadAll marks every message read (POST).
func InboxReadAll() templ.SafeURL { return PathInboxReadAll }

// NotifyPrefs is the user's choice of channels.
func NotifyPrefs() templ.SafeURL { return PathNotifyPrefs }

// AdminTemplates lists the notification templates.
func AdminTemplates() templ.SafeURL { return PathAdminTemplates }

// AdminTemplate edits one template in Vietnamese.
func AdminTemplate(event, channel string) templ.SafeURL {
	return templ.SafeURL(PathAdminTemplates + "/" + url.PathEscape(event) + "/" + url.PathEscape(channel))
}

// AdminTemplateIn edits one template in a language ("vi" or "en"): the
// Vietnamese one has no query.
func AdminTemplateIn(event, channel, lang string) templ.SafeURL {
	u := AdminTemplate(event, channel)
	if lang == "" || lang == "vi" {
		return u
	}
	return u + templ.SafeURL("?"+url.Values{QueryLang: {lang}}.Encode())
}
