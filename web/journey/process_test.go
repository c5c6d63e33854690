package journey

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// The processing journeys follow a dossier of apptest.ProcCommune, which
// every commune decides, through the default process
// (dossier.DefaultFlow): reception at the commune's centre (clerk),
// appraisal (officer) and approval (leader) at the commune, return of the
// result at the centre (clerk). Each person works in their own tab, with
// their own cookies.
const (
	communeDucXuan = "001.00.50.H19" // UBND Phường Đức Xuân decides
	centreDucXuan  = "001.01.50.H19" // its centre receives and returns
	communeName    = "UBND Phường Đức Xuân"
	confirmPDF     = "giay-xac-nhan.pdf"
	supplementPDF  = "ban-sao-chung-thuc.pdf"
)

// Step names of the default process, as the process control slip lists
// them.
const (
	stepReceive  = "Tiếp nhận hồ sơ"
	stepAppraise = "Thẩm định hồ sơ"
	stepApprove  = "Phê duyệt, ký kết quả"
	stepReturn   = "Trả kết quả"
)

// Status labels the applicant sees.
const (
	statusNew        = "Mới đăng ký"
	statusReceived   = "Được tiếp nhận"
	statusProcessing = "Đang xử lý"
	statusSupplement = "Yêu cầu bổ sung giấy tờ"
	statusDone       = "Đã xử lý xong"
	statusReturned   = "Đã trả kết quả"
)

// Captions of the staff panel's tables and the dossier's facts.
const (
	slipCaption  = "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)"
	pauseCaption = "Tạm dừng thời hạn"
	queueCaption = "Hồ sơ cần xử lý"
	factDue      = "Ngày hẹn trả kết quả"
	factReceived = "Ngày tiếp nhận"
	navQueue     = `.main-nav a[href="` + route.PathQueue + `"]`
	statusBadge  = `main h1 + p .badge`
)

// TestDossierThroughEveryRole is the first journey: the citizen
// applies online; the clerk of the commune's centre receives the dossier
// from the queue and the due date appears, three working days on by the
// working calendar; the commune's officer takes it and forwards it; the
// leader approves it; the clerk returns the result. After each step the
// citizen reloads her dossier and sees its new status, and at the end the
// process control slip lists the four steps with their times. axe checks
// every page in every tab.
func TestDossierThroughEveryRole(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	zone := calendar.Location()
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, zone) // a Tuesday morning
	env.Clock.Set(start)
	clerk := newStaff(t, env, account.RoleClerk, centreDucXuan, "Nguyễn Văn Tiếp", "0987000301")
	officer := newStaff(t, env, account.RoleOfficer, communeDucXuan, "Lê Thị Thẩm", "0987000302")
	leader := newStaff(t, env, account.RoleLeader, communeDucXuan, "Trần Văn Duyệt", "0987000303")

	// --- The citizen applies. -------------------------------------------
	citizen := browsertest.Open(t, env.URL+route.PathHome)
	citizen.CheckA11y()
	signInAs(t, citizen, env.Users[account.RoleCitizen].PersonalID, env.Users[account.RoleCitizen].FullName)
	code := applyForCommune(t, env, citizen, start)
	dossierURL := env.URL + string(route.Dossier(code))
	citizen.ClickNav(`main a[href="` + string(route.Dossier(code)) + `"]`)
	wantPath(t, citizen, string(route.Dossier(code)))
	wantText(t, citizen, statusBadge, statusNew)
	wantFact(t, citizen, factDue, "Sau khi tiếp nhận")
	citizen.CheckA11y()

	// --- The clerk receives it from the queue. --------------------------
	env.Clock.Add(30 * time.Minute)
	receivedAt := env.Clock.Now()
	c := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, c, clerk.Email, clerk.FullName)
	openFromQueue(t, c, code, statusNew)
	wantFact(t, c, factDue, "Sau khi tiếp nhận")
	act(t, c, "receive", "Tiếp nhận hồ sơ", "")
	wantPath(t, c, route.PathQueue)
	wantText(t, c, flash, "Đã tiếp nhận hồ sơ. Hạn trả kết quả đã được tính.")
	if n := evaluate[int](t, c, `document.querySelectorAll('main a[href="`+string(route.Dossier(code))+`"]').length`); n != 0 {
		t.Error("the clerk's queue still lists the received dossier")
	}
	c.CheckA11y()
	// The due instant: the procedure's online processing time from the
	// reception instant, by the centre's working calendar.
	centre, err := env.App.Units.GetByCode(ctx, centreDucXuan)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := env.App.Calendars.ForUnit(ctx, centre.ID)
	if err != nil {
		t.Fatal(err)
	}
	dl, err := cal.Due(receivedAt, onlineDuration(t, apptest.ProcCommune))
	if err != nil {
		t.Fatal(err)
	}
	due := dl.Due
	if !due.After(receivedAt.Add(48 * time.Hour)) {
		t.Fatalf("expected due %v is not days after the reception %v", due, receivedAt)
	}
	c.Navigate(dossierURL)
	wantText(t, c, statusBadge, statusReceived)
	wantFactTime(t, c, factDue, due)
	wantFactTime(t, c, factReceived, receivedAt)
	wantExplanation(t, c, receivedAt, due, 0)
	c.CheckA11y()
	if got := dbDue(t, env, code); !got.Equal(due) {
		t.Errorf("database due_at = %v, want %v", got, due)
	}
	wantCitizenSees(t, citizen, statusReceived)
	wantFactTime(t, citizen, factDue, due)

	// --- The officer takes it and forwards it. --------------------------
	env.Clock.Add(2 * time.Hour)
	appraisedAt := env.Clock.Now()
	o := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, o, officer.Email, officer.FullName)
	o.ClickNav(navQueue)
	if got, ok := o.Table(queueCaption).Cell(code, "Hạn trả kết quả"); !ok || got != dateTime(due) {
		t.Errorf("officer's queue: result due %q (row found: %v), want %s", got, ok, dateTime(due))
	}
	openFromQueue(t, o, code, statusReceived)
	claim(t, o)
	act(t, o, "forward", "Chuyển bước tiếp theo", "")
	wantPath(t, o, route.PathQueue)
	wantText(t, o, flash, "Đã chuyển hồ sơ.")
	o.CheckA11y()
	wantCitizenSees(t, citizen, statusProcessing)

	// --- The leader approves. -------------------------------------------
	env.Clock.Add(3*time.Hour + 30*time.Minute)
	approvedAt := env.Clock.Now()
	l := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, l, leader.Email, leader.FullName)
	openFromQueue(t, l, code, statusProcessing)
	act(t, l, "approve", "Phê duyệt, ban hành kết quả", "Đồng ý cấp giấy xác nhận.")
	wantPath(t, l, route.PathQueue)
	wantText(t, l, flash, "Đã phê duyệt. Hồ sơ chuyển bộ phận trả kết quả.")
	l.CheckA11y()
	wantCitizenSees(t, citizen, statusDone)

	// --- The clerk returns the result, the next morning. ----------------
	env.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, zone))
	returnedAt := env.Clock.Now()
	openFromQueue(t, c, code, statusDone)
	act(t, c, "deliver", "Trả kết quả", "")
	wantPath(t, c, route.PathQueue)
	wantText(t, c, flash, "Đã trả kết quả.")
	c.CheckA11y()
	wantCitizenSees(t, citizen, statusReturned)
	// Her list of dossiers says so too.
	citizen.ClickNav(navMine)
	wantText(t, citizen, `main table th a[href="`+string(route.Dossier(code))+`"]`, code)
	wantText(t, citizen, "main table .badge", statusReturned)
	citizen.CheckA11y()

	// --- The slip lists the four steps with their times. ----------------
	c.Navigate(dossierURL)
	wantText(t, c, statusBadge, statusReturned)
	slip := c.Table(slipCaption)
	dt := dateTime
	for _, want := range []struct {
		step, received, done, by, outcome string
	}{
		{stepReceive, dt(start), dt(receivedAt), clerk.FullName, "Tiếp nhận hồ sơ"},
		{stepAppraise, dt(receivedAt), dt(appraisedAt), officer.FullName, "Chuyển bước tiếp theo"},
		{stepApprove, dt(appraisedAt), dt(approvedAt), leader.FullName, "Phê duyệt, ban hành kết quả: Đồng ý cấp giấy xác nhận."},
		{stepReturn, dt(approvedAt), dt(returnedAt), clerk.FullName, "Trả kết quả"},
	} {
		for col, v := range map[string]string{"Nhận lúc": want.received, "Xong lúc": want.done, "Người thực hiện": want.by,
			"Kết quả": want.outcome} {
			if got, ok := slip.Cell(want.step, col); got != v {
				t.Errorf("slip, %s, %s = %q (found: %v), want %q", want.step, col, got, ok, v)
			}
		}
	}
	if len(slip.Rows) != 4 {
		t.Errorf("the slip has %d rows, want 4:\n%q", len(slip.Rows), slip.Rows)
	}
	c.CheckA11y()

	// --- The citizen rates the service. ---------------------------------
	citizen.Navigate(dossierURL)
	citizen.CheckA11y()
	citizen.Choose("score", "4").Fill("comment", "Nhanh, đúng hẹn.").ClickNav(`.rating form button[type="submit"]`)
	wantText(t, citizen, flash, "Cảm ơn bạn đã đánh giá.")
	if got := citizen.Text(".rating"); !strings.Contains(got, "Rất hài lòng") || !strings.Contains(got, "Nhanh, đúng hẹn.") {
		t.Errorf("the rating shown: %q", got)
	}
	citizen.CheckA11y()

	if logs := env.Logs(); strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("the server logged errors:\n%s", logs)
	}
}

// TestSupplementRoundMovesTheDueDate is the second journey: a
// received dossier; the officer, in a browser without JavaScript, takes
// it and asks for documents (first without the reason, which the page
// asks for beside the field); a working day and two hours later, across
// a night, the citizen sees the request, uploads a PDF and sends it. The
// staff page then shows the pause with the due instants before and after,
// and the due date moved by exactly the working time of the pause — read
// from the page and from the database.
func TestSupplementRoundMovesTheDueDate(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	zone := calendar.Location()
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, zone) // a Tuesday morning
	env.Clock.Set(start)
	clerk := newStaff(t, env, account.RoleClerk, centreDucXuan, "Nguyễn Văn Tiếp", "0987000301")
	officer := newStaff(t, env, account.RoleOfficer, communeDucXuan, "Lê Thị Thẩm", "0987000302")
	centre, err := env.App.Units.GetByCode(ctx, centreDucXuan)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := env.App.Calendars.ForUnit(ctx, centre.ID)
	if err != nil {
		t.Fatal(err)
	}

	citizen := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, citizen, env.Users[account.RoleCitizen].PersonalID, env.Users[account.RoleCitizen].FullName)
	code := applyForCommune(t, env, citizen, start)
	dossierURL := env.URL + string(route.Dossier(code))
	citizen.Navigate(dossierURL)

	env.Clock.Add(30 * time.Minute)
	receivedAt := env.Clock.Now()
	c := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, c, clerk.Email, clerk.FullName)
	openFromQueue(t, c, code, statusNew)
	act(t, c, "receive", "Tiếp nhận hồ sơ", "")
	dl, err := cal.Due(receivedAt, onlineDuration(t, apptest.ProcCommune))
	if err != nil {
		t.Fatal(err)
	}
	dueBefore := dl.Due
	wantCitizenSees(t, citizen, statusReceived)
	wantFactTime(t, citizen, factDue, dueBefore)

	// --- The officer, without JavaScript, asks for documents. -----------
	env.Clock.Add(time.Hour)
	askedAt := env.Clock.Now()
	o := openDevice(t, env.URL+route.PathHome, false)
	signInAs(t, o, officer.Email, officer.FullName)
	openFromQueue(t, o, code, statusReceived)
	claim(t, o)
	const reason = "Bản sao giấy xác nhận có chứng thực"
	form := actionForm("supplement")
	wantText(t, o, form+` button[type="submit"]`, "Yêu cầu bổ sung giấy tờ")
	note := o.Attr(form+" textarea", "id")
	o.ClickNav(form + ` button[type="submit"]`)
	wantPath(t, o, string(route.DossierAct(code))) // the page again, as the post's answer
	o.WaitVisible(".error-summary")
	const noReason = "Ghi rõ giấy tờ cần bổ sung và lý do"
	if got := o.Text(`.error-summary a[href="#` + note + `"]`); !strings.Contains(got, noReason) {
		t.Errorf("error summary link to #%s = %q, want %q", note, got, noReason)
	}
	if got := o.Text("#" + note + "-error"); !strings.Contains(got, noReason) {
		t.Errorf("#%s-error = %q, want %q", note, got, noReason)
	}
	if got := o.Attr("#"+note, "aria-invalid"); got != "true" {
		t.Errorf("#%s aria-invalid = %q, want true", note, got)
	}
	if title := evaluate[string](t, o, `document.title`); !strings.HasPrefix(title, "Lỗi: ") {
		t.Errorf("title of the page with the error = %q, want it to start with Lỗi:", title)
	}
	wantText(t, o, statusBadge, statusReceived)
	o.CheckA11y()
	o.Fill(note, reason).ClickNav(form + ` button[type="submit"]`)
	wantPath(t, o, string(route.Dossier(code)))
	wantText(t, o, flash, "Đã gửi yêu cầu bổ sung. Thời hạn tạm dừng.")
	wantText(t, o, statusBadge, statusSupplement)
	pause := o.Table(pauseCaption)
	wantCell(t, pause, "Bổ sung giấy tờ: "+reason, map[string]string{"Từ": dateTime(askedAt), "Đến": "",
		"Hạn trước": dateTime(dueBefore), "Hạn sau": ""})
	o.CheckA11y()

	// --- A working day and two hours later, across a night, the citizen --
	// answers.
	resumeAt, err := cal.Due(askedAt, calendar.Duration{Amount: 10, Unit: calendar.WorkingHours})
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(resumeAt.Due)
	if sameDay := resumeAt.Due.In(zone).YearDay() == askedAt.In(zone).YearDay(); sameDay {
		t.Fatalf("the answer at %v is not on a later day than the request at %v", resumeAt.Due, askedAt)
	}
	wantCitizenSees(t, citizen, statusSupplement)
	wantText(t, citizen, ".respond .alert .alert-title", "Cơ quan đề nghị:")
	wantText(t, citizen, ".respond .alert p:not(.alert-title)", reason)
	pdf := filepath.Join(t.TempDir(), supplementPDF)
	if err := os.WriteFile(pdf, uploadtest.PDF(12<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	citizen.SetFiles("respond-file", pdf).ClickNav(`.respond button[name="_action"][value="upload"]`)
	wantPath(t, citizen, string(route.Dossier(code)))
	wantText(t, citizen, flash, "Đã tải lên. Tải thêm giấy tờ khác hoặc bấm Gửi bổ sung.")
	wantText(t, citizen, ".respond ul.list li", supplementPDF)
	// Its two buttons stand apart, not touching.
	if gap := evaluate[float64](t, citizen, `(() => {
	const [a, b] = document.querySelectorAll('.respond .button-group button');
	return b.getBoundingClientRect().left - a.getBoundingClientRect().right;
})()`); gap < 8 {
		t.Errorf("the answer form's buttons are %vpx apart, want room between them", gap)
	}
	citizen.CheckA11y()
	citizen.Fill("respond-note", "Đã bổ sung bản sao có chứng thực.").
		ClickNav(`.respond button[name="_action"][value="send"]`)
	wantText(t, citizen, flash, "Đã gửi bổ sung. Thời hạn giải quyết tiếp tục.")
	wantText(t, citizen, statusBadge, statusProcessing)
	citizen.CheckA11y()

	// --- The staff page shows the pause, and the due date moved by its ---
	// working time.
	o.Reload()
	wantText(t, o, statusBadge, statusProcessing)
	pause = o.Table(pauseCaption)
	row := pause.Row("Bổ sung giấy tờ: " + reason)
	if row == nil {
		t.Fatalf("the pause table lacks the request:\n%q", pause.Rows)
	}
	page := map[string]time.Time{}
	for _, col := range []string{"Từ", "Đến", "Hạn trước", "Hạn sau"} {
		s, _ := pause.Cell(row[0], col)
		page[col] = parseDateTime(t, s)
	}
	if !page["Từ"].Equal(askedAt) || !page["Đến"].Equal(resumeAt.Due) || !page["Hạn trước"].Equal(dueBefore) {
		t.Errorf("pause on the page: from %v to %v, due before %v; want %v, %v, %v",
			page["Từ"], page["Đến"], page["Hạn trước"], askedAt, resumeAt.Due, dueBefore)
	}
	paused := workingTime(t, cal, page["Từ"], page["Đến"])
	moved := workingTime(t, cal, page["Hạn trước"], page["Hạn sau"])
	if moved != paused || paused != 10*time.Hour {
		t.Errorf("on the page, the due date moved by %v of working time, the pause lasted %v (want both 10h)", moved, paused)
	}
	wantFactTime(t, o, factDue, page["Hạn sau"])
	wantExplanation(t, o, receivedAt, page["Hạn sau"], paused)
	if got := o.Table("Giấy tờ kèm theo"); got.Row(supplementPDF) == nil {
		t.Errorf("the staff page does not list the supplied file:\n%q", got.Rows)
	}
	o.CheckA11y()

	// The same from the database, to the microsecond.
	db := dbPause(t, env, code)
	if !db.from.Equal(askedAt) || !db.to.Equal(resumeAt.Due) || !db.dueBefore.Equal(dueBefore) {
		t.Errorf("database pause: from %v to %v, due before %v; want %v, %v, %v", db.from, db.to, db.dueBefore,
			askedAt, resumeAt.Due, dueBefore)
	}
	if moved, paused := workingTime(t, cal, db.dueBefore, db.dueAfter), workingTime(t, cal, db.from, db.to); moved != paused {
		t.Errorf("in the database, the due date moved by %v of working time, the pause lasted %v", moved, paused)
	}
	if !db.dueAfter.Equal(page["Hạn sau"]) {
		t.Errorf("database due after %v, the page shows %v", db.dueAfter, page["Hạn sau"])
	}
	if got := dbDue(t, env, code); !got.Equal(db.dueAfter) {
		t.Errorf("database due_at %v, want the pause's due after %v", got, db.dueAfter)
	}
	// The citizen sees the new due date.
	wantFactTime(t, citizen, factDue, db.dueAfter)

	if logs := env.Logs(); strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("the server logged errors:\n%s", logs)
	}
}

// newStaff creates a staff member with role r in the unit with the given
// code, as an administrator would.
func newStaff(t *testing.T, env *apptest.Env, r account.Role, unitCode, name, phone string) account.User {
	t.Helper()
	ctx := context.Background()
	unit, err := env.App.Units.GetByCode(ctx, unitCode)
	if err != nil {
		t.Fatal(err)
	}
	u, err := env.App.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: name, Email: string(r) + "." + unitCode + "@staff.example.vn",
		Phone: phone, Role: r, UnitID: unit.ID, Password: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// signInAs signs in through the header's login link with identity and
// the test password, and checks the header names the person.
func signInAs(t *testing.T, p *browsertest.Page, identity, name string) {
	t.Helper()
	p.ClickNav(headerLogin)
	wantPath(t, p, route.PathLogin)
	p.CheckA11y()
	p.Fill(route.LoginFormIdentity, identity).Fill(route.LoginFormPassword, apptest.Password).ClickNav(submitButton)
	wantText(t, p, flash, "Bạn đã đăng nhập.")
	wantText(t, p, headerUserName, name)
	p.CheckA11y()
}

// applyForCommune applies for apptest.ProcCommune at Phường Đức Xuân
// through the pages, from the procedure's page to the confirmation, and
// returns the dossier code. The applicant is signed in; the clock stands
// at now.
func applyForCommune(t *testing.T, env *apptest.Env, p *browsertest.Page, now time.Time) string {
	t.Helper()
	pdf := filepath.Join(t.TempDir(), confirmPDF)
	if err := os.WriteFile(pdf, uploadtest.PDF(20<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	p.Navigate(env.URL + string(route.Procedure(apptest.ProcCommune, 0)))
	p.CheckA11y()
	p.ClickNav(`main a[href="` + string(route.Apply(apptest.ProcCommune)) + `"]`)
	wantPath(t, p, string(route.Apply(apptest.ProcCommune)))
	p.CheckA11y()
	p.Select("unit", communeName).ClickNav(submitButton)
	draft := location(t, p).Path
	if !regexp.MustCompile(`^/ho-so-nhap/[a-z0-9]{20}$`).MatchString(draft) {
		t.Fatalf("after starting, the tab shows %s, want a draft's task list", draft)
	}
	if got := p.Text(".summary-list"); !strings.Contains(got, communeName) {
		t.Errorf("the task list does not name %s:\n%s", communeName, got)
	}
	p.CheckA11y()

	// Page 1, prefilled from the account.
	p.ClickNav(`.task-list a[href="` + draft + `/trang/nguoi-khai"]`)
	wantPath(t, p, draft+"/trang/nguoi-khai")
	if got := p.Value("ho_ten"); got != env.Users[account.RoleCitizen].FullName {
		t.Errorf("prefilled name = %q", got)
	}
	p.CheckA11y()
	p.Fill("ngay_sinh", "02/07/1992").ClickNav(saveContinue)
	// Page 2: no relative, no other papers.
	wantPath(t, p, draft+"/trang/nguoi-than")
	p.CheckA11y()
	p.Choose("co_giay_khac", "Không").ClickNav(saveContinue)
	// Page 3: the required PDF.
	wantPath(t, p, draft+"/trang/giay-to")
	p.CheckA11y()
	p.SetFiles("tep_xac_nhan", pdf).ClickNav(saveContinue)
	// Delivery, check, declaration, submit.
	wantPath(t, p, draft+"/nhan-ket-qua")
	p.CheckA11y()
	p.Choose("delivery_method", "Nhận trực tiếp tại bộ phận một cửa").ClickNav(saveContinue)
	wantPath(t, p, draft+"/kiem-tra")
	if got := p.Text("main"); !strings.Contains(got, confirmPDF) || !strings.Contains(got, "02/07/1992") {
		t.Errorf("the check page lacks the file or the birth date:\n%s", got)
	}
	p.CheckA11y()
	p.Choose(route.FormDeclaration, "yes").ClickNav(`main form[action$="/nop"] button[type="submit"]`)

	wantText(t, p, ".panel h1", "Đã nộp hồ sơ")
	code := strings.TrimSpace(p.Text(".panel-ref"))
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(centreDucXuan+"-"+now.In(i18n.Zone).Format("060102")) + `-\d{4}$`).MatchString(code) {
		t.Fatalf("dossier code %q, want %s-%s-NNNN", code, centreDucXuan, now.In(i18n.Zone).Format("060102"))
	}
	p.CheckA11y()
	return code
}

// openFromQueue opens the staff member's queue from the menu, finds the
// dossier there with the given status, and opens it.
func openFromQueue(t *testing.T, p *browsertest.Page, code, status string) {
	t.Helper()
	p.ClickNav(navQueue)
	wantPath(t, p, route.PathQueue)
	wantText(t, p, "h1", "Hồ sơ cần xử lý")
	if got, ok := p.Table(queueCaption).Cell(code, "Trạng thái"); got != status {
		t.Errorf("the queue shows %s as %q (listed: %v), want %q", code, got, ok, status)
	}
	p.CheckA11y()
	p.ClickNav(`main table a[href="` + string(route.Dossier(code)) + `"]`)
	wantPath(t, p, string(route.Dossier(code)))
	wantText(t, p, statusBadge, status)
	wantText(t, p, "#process-title", "Xử lý hồ sơ")
	p.CheckA11y()
}

// actionForm selects the staff panel's form of an action.
func actionForm(action string) string {
	return `.process form.action-form:has(input[name="action"][value="` + action + `"])`
}

// act takes an action from the staff panel of the dossier page: its
// button must read label; a non-empty note is typed first.
func act(t *testing.T, p *browsertest.Page, action, label, note string) {
	t.Helper()
	form := actionForm(action)
	wantText(t, p, form+` button[type="submit"]`, label)
	if note != "" {
		p.Fill(p.Attr(form+" textarea", "id"), note)
	}
	p.ClickNav(form + ` button[type="submit"]`)
}

// claim takes the open dossier with the panel's "Nhận xử lý" button.
func claim(t *testing.T, p *browsertest.Page) {
	t.Helper()
	button := `.process form[action$="/nhan-xu-ly"] button[type="submit"]`
	wantText(t, p, button, "Nhận xử lý")
	p.ClickNav(button)
	wantText(t, p, flash, "Bạn đã nhận xử lý hồ sơ.")
	wantFact(t, p, "Đang do", strings.TrimSpace(p.Text(headerUserName)))
	p.CheckA11y()
}

// wantCitizenSees reloads the applicant's dossier page and checks its
// status.
func wantCitizenSees(t *testing.T, p *browsertest.Page, status string) {
	t.Helper()
	p.Reload()
	wantText(t, p, statusBadge, status)
	p.CheckA11y()
}

// fact is the value of the dossier page's fact named key.
func fact(t *testing.T, p *browsertest.Page, key string) string {
	t.Helper()
	k := strconv.Quote(key)
	return strings.TrimSpace(evaluate[string](t, p, `(k => {
	const r = [...document.querySelectorAll('.summary-row')].find(r => r.querySelector('dt').textContent.trim() === k);
	return r ? r.querySelector('dd').textContent : '(no such fact)';
})(`+k+`)`))
}

func wantFact(t *testing.T, p *browsertest.Page, key, want string) {
	t.Helper()
	if got := fact(t, p, key); got != want {
		t.Errorf("%s on %s = %q, want %q", key, location(t, p).Path, got, want)
	}
}

// wantFactTime checks a fact that shows an instant, to the minute.
func wantFactTime(t *testing.T, p *browsertest.Page, key string, want time.Time) {
	t.Helper()
	wantFact(t, p, key, dateTime(want))
}

// wantCell checks cells of the row whose first cell is key.
func wantCell(t *testing.T, tab browsertest.Table, key string, want map[string]string) {
	t.Helper()
	for col, v := range want {
		if got, ok := tab.Cell(key, col); !ok || got != v {
			t.Errorf("row %q, column %q = %q (found: %v), want %q", key, col, got, ok, v)
		}
	}
}

// dateTimeLayout is how the pages write an instant: hh:mm dd/mm/yyyy,
// Vietnam time.
const dateTimeLayout = "15:04 02/01/2006"

// dateTime writes an instant as the pages do.
func dateTime(t time.Time) string { return t.In(i18n.Zone).Format(dateTimeLayout) }

// wantExplanation checks the staff panel's explanation of the due date,
// folded away in a <details>: in words, from the start of the clock to
// the due instant, with the working time paused added back, every date
// as dd/mm/yyyy.
func wantExplanation(t *testing.T, p *browsertest.Page, start, due time.Time, paused time.Duration) {
	t.Helper()
	lines := evaluate[[]string](t, p, `[...document.querySelectorAll('.process details.explanation li')].map(l => l.textContent.trim())`)
	if len(lines) < 3 {
		t.Fatalf("the due explanation has %d lines: %q", len(lines), lines)
	}
	if want := "Bắt đầu tính từ " + dateTime(start) + ", thời hạn 3 ngày làm việc."; lines[0] != want {
		t.Errorf("the due explanation starts %q, want %q", lines[0], want)
	}
	if want := "Hạn: " + dateTime(due) + "."; lines[len(lines)-1] != want {
		t.Errorf("the due explanation ends %q, want %q", lines[len(lines)-1], want)
	}
	if paused > 0 {
		want := "Cộng thêm " + strings.ReplaceAll(strconv.FormatFloat(paused.Hours(), 'f', -1, 64), ".", ",") +
			" giờ làm việc tạm dừng (bổ sung, nộp phí)."
		if got := lines[len(lines)-2]; got != want {
			t.Errorf("the due explanation's paused time reads %q, want %q", got, want)
		}
	}
	raw := regexp.MustCompile(`\d{4}-\d{2}-\d{2}|working_|_days|same_day`)
	for _, line := range lines {
		if raw.MatchString(line) {
			t.Errorf("the due explanation has an untranslated date or unit: %q", line)
		}
	}
}

// parseDateTime reads an instant as the pages write it.
func parseDateTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(dateTimeLayout, s, i18n.Zone)
	if err != nil {
		t.Fatalf("the page shows %q, not an instant: %v", s, err)
	}
	return v
}

func workingTime(t *testing.T, c *calendar.Calendar, from, to time.Time) time.Duration {
	t.Helper()
	w, err := c.WorkingTime(from, to)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// onlineDuration is the legal processing time of a procedure's first case
// submitted online, as published.
func onlineDuration(t *testing.T, code string) calendar.Duration {
	t.Helper()
	for _, rec := range apptest.TestProcedures() {
		if rec.Code != code {
			continue
		}
		for _, ch := range rec.Cases[0].Channels {
			if ch.Kind == catalog.ChannelOnline {
				return calendar.Duration{Amount: ch.Duration, Unit: calendar.Unit(ch.Unit)}
			}
		}
	}
	t.Fatalf("procedure %s has no online channel", code)
	return calendar.Duration{}
}

// dbDue reads the dossier's due instant from the database.
func dbDue(t *testing.T, env *apptest.Env, code string) time.Time {
	t.Helper()
	var due time.Time
	if err := env.App.DB.SQL().QueryRowContext(context.Background(), `SELECT due_at FROM dossiers WHERE code = $1`, code).Scan(&due); err != nil {
		t.Fatal(err)
	}
	return due
}

type pauseRow struct{ from, to, dueBefore, dueAfter time.Time }

// dbPause reads the dossier's one pause from the database.
func dbPause(t *testing.T, env *apptest.Env, code string) pauseRow {
	t.Helper()
	var p pauseRow
	var n int
	err := env.App.DB.SQL().QueryRowContext(context.Background(), `
		SELECT p.started_at, p.ended_at, p.due_before, p.due_after, count(*) OVER ()
		FROM dossier_pauses p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = $1`, code).
		Scan(&p.from, &p.to, &p.dueBefore, &p.dueAfter, &n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("the dossier has %d pauses, want 1", n)
	}
	return p
}
