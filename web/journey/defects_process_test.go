package journey

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/web/route"
)

// Journeys of the defects found by trying the portal (issue 11): the
// automatic transfer that waited silently all evening (point 13), the fee
// request that did not say how much or how to pay (17), and the e-mail
// shown as sent although no mail server was configured (19).

const (
	justiceDept   = "000.00.04.H19" // Sở Tư pháp decides apptest.ProcProvince
	stepTransfer  = "Chuyển hồ sơ đến cơ quan giải quyết"
	waitNote      = `main .wait .alert p:not(.alert-title)`
	factStepDue   = "Hạn của bước"
	deliveryTable = "Thông báo đã gửi người nộp"
)

// transferFlow is the provincial procedures' usual process: reception at
// the centre, an automatic transfer to the department, appraisal (16
// working hours), approval and the return at the centre: 24 working hours,
// the procedure's three working days.
func transferFlow() workflow.Flow {
	recv := workflow.UnitRef{Kind: workflow.UnitReceiving}
	comp := workflow.UnitRef{Kind: workflow.UnitCompetent}
	return workflow.Flow{Steps: []workflow.Step{
		{ID: "tiep-nhan", Name: "Tiếp nhận hồ sơ", Unit: recv, Role: workflow.RoleClerk, Mode: workflow.ModeManual, BudgetHours: 2,
			Actions: []workflow.Transition{{Action: workflow.ActionReceive, Target: "chuyen-ho-so"}, {Action: workflow.ActionGuide},
				{Action: workflow.ActionRefuse}}},
		{ID: "chuyen-ho-so", Name: stepTransfer, Unit: recv, Role: workflow.RoleClerk, Mode: workflow.ModeAuto,
			Tasks: []workflow.Task{workflow.TaskTransfer}, Actions: []workflow.Transition{{Action: workflow.ActionForward, Target: "tham-dinh"}}},
		{ID: "tham-dinh", Name: "Thẩm định hồ sơ", Unit: comp, Role: workflow.RoleOfficer, Mode: workflow.ModeManual, BudgetHours: 16,
			Actions: []workflow.Transition{{Action: workflow.ActionForward, Target: "phe-duyet"}, {Action: workflow.ActionPayment},
				{Action: workflow.ActionReturn, Target: "tiep-nhan"}}},
		{ID: "phe-duyet", Name: "Phê duyệt", Unit: comp, Role: workflow.RoleLeader, Mode: workflow.ModeManual, BudgetHours: 4,
			Actions: []workflow.Transition{{Action: workflow.ActionApprove, Target: "tra-ket-qua"}, {Action: workflow.ActionStop}}},
		{ID: "tra-ket-qua", Name: "Trả kết quả", Unit: recv, Role: workflow.RoleClerk, Mode: workflow.ModeManual, BudgetHours: 2,
			Actions: []workflow.Transition{{Action: workflow.ActionDeliver}}},
	}}
}

// TestEveningTransferRunsAtOnceAndSaysWhy is point 13: a dossier received
// at the provincial centre at 19:50 on a Tuesday. While the system has not
// transferred it yet, the citizen (dossier page, status lookup) and the
// clerk (queue, dossier page) read that the system moves it on by itself
// and when; after a failed attempt, when it tries again. The transfer runs
// that evening, and the department's officer finds it with its step due
// counted from 07:30 on Wednesday.
func TestEveningTransferRunsAtOnceAndSaysWhy(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	zone := calendar.Location()
	officer := newStaff(t, env, account.RoleOfficer, justiceDept, "Phạm Thị Thẩm", "0987000311")
	newStaff(t, env, account.RoleLeader, justiceDept, "Đỗ Văn Duyệt", "0987000312")
	env.PublishFlow(t, apptest.ProcProvince, 0, transferFlow())
	received := time.Date(2026, 12, 1, 19, 50, 0, 0, zone) // a Tuesday evening
	env.Clock.Set(received)
	citizen, clerk := env.Users[account.RoleCitizen], env.Users[account.RoleClerk] // the clerk is at the provincial centre
	d := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
	env.Act(t, d.Code, 0, apptest.Step{Who: clerk, Action: workflow.ActionReceive})
	dossierURL := env.URL + string(route.Dossier(d.Code))

	// --- Before the worker comes round. ---------------------------------
	const soon = "Bước «" + stepTransfer + "» do hệ thống tự thực hiện. Hệ thống sẽ tự chuyển hồ sơ trong ít phút, không cần ai thao tác."
	cp := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, cp, citizen.PersonalID, citizen.FullName)
	cp.Navigate(dossierURL)
	wantText(t, cp, statusBadge, statusReceived)
	wantText(t, cp, waitNote, soon)
	cp.CheckA11y()
	cp.Navigate(env.URL + route.PathLookup + "?ma=" + url.QueryEscape(d.Code))
	wantText(t, cp, waitNote, soon)
	cp.CheckA11y()

	sp := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, sp, clerk.Email, clerk.FullName)
	sp.ClickNav(navQueue)
	if got, _ := sp.Table(queueCaption).Cell(d.Code, factStepDue); got != "Hệ thống đang tự chuyển" {
		t.Errorf("the clerk's queue says %q in the step's column, want that the system moves it on", got)
	}
	sp.CheckA11y()
	sp.Navigate(dossierURL)
	wantText(t, sp, waitNote, soon)
	if n := evaluate[int](t, sp, `document.querySelectorAll('.process form.action-form').length`); n != 0 {
		t.Errorf("the clerk is offered %d actions at the automatic step", n)
	}

	// --- A failed attempt: the pages say when it is tried again. --------
	jobs, err := env.App.DossierStore.PendingJobs(ctx, dossier.JobAuto, d.ID)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("pending automatic jobs: %+v, %v", jobs, err)
	}
	again := received.Add(time.Minute)
	if err := env.App.DossierStore.RetryJob(ctx, jobs[0].ID, again, "database away"); err != nil {
		t.Fatal(err)
	}
	retry := "Bước «" + stepTransfer + "» do hệ thống tự thực hiện. Lần chuyển trước chưa thành công; hệ thống sẽ tự chuyển lại lúc " +
		dateTime(again) + "."
	cp.Navigate(dossierURL)
	wantText(t, cp, waitNote, retry)
	sp.Navigate(dossierURL)
	wantText(t, sp, waitNote, retry)
	sp.ClickNav(navQueue)
	if got, _ := sp.Table(queueCaption).Cell(d.Code, factStepDue); got != "Chuyển tự động chưa được; thử lại lúc "+dateTime(again) {
		t.Errorf("the clerk's queue says %q after the failed attempt", got)
	}

	// --- The worker transfers it that evening. --------------------------
	env.Clock.Set(received.Add(2 * time.Minute))
	if _, err := env.App.Dossiers.RunJobs(ctx); err != nil {
		t.Fatal(err)
	}
	cp.Navigate(dossierURL)
	wantText(t, cp, statusBadge, statusProcessing)
	if n := evaluate[int](t, cp, `document.querySelectorAll('main .wait').length`); n != 0 {
		t.Errorf("after the transfer the citizen still reads a wait: %q", cp.Text("main .wait"))
	}
	// 16 working hours from Wednesday 07:30: Wednesday and Thursday.
	stepDue := time.Date(2026, 12, 3, 17, 0, 0, 0, zone)
	op := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, op, officer.Email, officer.FullName)
	op.ClickNav(navQueue)
	if got, _ := op.Table(queueCaption).Cell(d.Code, factStepDue); got != dateTime(stepDue) {
		t.Errorf("the officer's queue: step due %q, want %s", got, dateTime(stepDue))
	}
	op.ClickNav(`main table a[href="` + string(route.Dossier(d.Code)) + `"]`)
	wantFactTime(t, op, factStepDue, stepDue)
	wantFact(t, op, "Bước hiện tại", "Thẩm định hồ sơ")
	op.CheckA11y()
	slip := op.Table(slipCaption)
	wantCell(t, slip, stepTransfer, map[string]string{"Xong lúc": dateTime(received.Add(2 * time.Minute)),
		"Người thực hiện": "Hệ thống"})

	if logs := env.Logs(); strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("the server logged errors:\n%s", logs)
	}
}

// TestStaffSeeNotificationsOnlyLogged is point 19: with no mail server and
// no SMS gateway configured, the staff's list of the applicant's
// notifications says the e-mail and the SMS were only logged, not sent.
func TestStaffSeeNotificationsOnlyLogged(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	env.Clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, calendar.Location()))
	citizen, clerk := env.Users[account.RoleCitizen], env.Users[account.RoleClerk]
	if err := env.App.Notify.SavePrefs(ctx, citizen.ID, notify.Prefs{Email: true, SMS: true}); err != nil {
		t.Fatal(err)
	}
	d := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
	env.RunNotifications(t)
	sp := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, sp, clerk.Email, clerk.FullName)
	sp.Navigate(env.URL + string(route.Dossier(d.Code)))
	tab := sp.Table(deliveryTable)
	wantCell(t, tab, "Email", map[string]string{"Tình trạng": "Chỉ ghi nhật ký, chưa gửi (chưa cấu hình máy chủ thư)",
		"Đã gửi lúc": ""})
	wantCell(t, tab, "Tin nhắn SMS", map[string]string{"Tình trạng": "Chỉ ghi nhật ký, chưa gửi (chưa cấu hình cổng SMS)",
		"Đã gửi lúc": ""})
	wantCell(t, tab, "Hộp thư trên Cổng", map[string]string{"Tình trạng": "Đã gửi"})
	sp.CheckA11y()
}

// TestFeeRequestSaysHowMuchAndHowToPay is point 17: the administrator sets
// how the Đức Xuân centre takes fees on its unit page (a transfer content
// without the dossier code is refused); the commune's officer asks for
// 75.000 đồng; the citizen's dossier page then shows the amount, the
// officer's words, the procedure's fee lines and how to pay: the bank
// transfer with the content naming her dossier, and the counter. The
// staff see the same.
func TestFeeRequestSaysHowMuchAndHowToPay(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	zone := calendar.Location()
	env.Clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, zone)) // a Tuesday morning
	clerk := newStaff(t, env, account.RoleClerk, centreDucXuan, "Nguyễn Văn Tiếp", "0987000301")
	officer := newStaff(t, env, account.RoleOfficer, communeDucXuan, "Lê Thị Thẩm", "0987000302")
	newStaff(t, env, account.RoleLeader, communeDucXuan, "Trần Văn Duyệt", "0987000303")
	const (
		holder  = "UBND Phường Đức Xuân"
		bank    = "Kho bạc Nhà nước khu vực VI - Thái Nguyên"
		number  = "3511000015050"
		counter = "Quầy thu phí, Trung tâm Phục vụ hành chính công Phường Đức Xuân"
		hours   = "Thứ Hai đến Thứ Sáu, 07:30-11:30 và 13:00-17:00"
		reason  = "Lệ phí cấp giấy xác nhận theo Nghị quyết của HĐND tỉnh"
	)

	// --- The administrator sets the centre's payment details. ----------
	admin := env.Users[account.RoleAdmin]
	ap := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, ap, admin.Email, admin.FullName)
	ap.Navigate(env.URL + route.PathAdminUnits)
	ap.ClickNav(`main a[href="` + string(route.AdminUnitPayment(centreDucXuan)) + `"]`)
	wantText(t, ap, "h1", "Nộp phí, lệ phí: Trung tâm Phục vụ hành chính công Phường Đức Xuân")
	ap.CheckA11y()
	ap.Fill("account_holder", holder).Fill("bank", bank).Fill("account_number", "3511 0000 15050").
		Fill("transfer_note", "nop phi le phi").Fill("counter_address", counter).Fill("counter_hours", hours).
		ClickNav(`main form button[type="submit"]`)
	ap.WaitVisible(".error-summary")
	if got := ap.Text(`.error-summary a[href="#transfer_note"]`); !strings.Contains(got, "{code} (mã hồ sơ)") {
		t.Errorf("a transfer content without the code: the summary says %q", got)
	}
	ap.CheckA11y()
	ap.Fill("transfer_note", "{code} nop phi le phi").ClickNav(`main form button[type="submit"]`)
	wantPath(t, ap, route.PathAdminUnits)
	wantText(t, ap, flash, "Đã lưu cách nộp phí của đơn vị.")

	// --- The officer asks for the fee. ----------------------------------
	citizen := env.Users[account.RoleCitizen]
	d := env.SubmitDossier(t, citizen, apptest.ProcCommune, communeDucXuan)
	env.Clock.Add(30 * time.Minute)
	env.Act(t, d.Code, 0, apptest.Step{Who: clerk, Action: workflow.ActionReceive})
	env.Clock.Add(time.Hour)
	op := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, op, officer.Email, officer.FullName)
	openFromQueue(t, op, d.Code, statusReceived)
	claim(t, op)
	form := actionForm("payment")
	op.Fill(op.Attr(form+` input[name="amount"]`, "id"), "75.000")
	act(t, op, "payment", "Yêu cầu nộp phí, thuế", reason)
	wantText(t, op, flash, "Đã gửi yêu cầu nộp phí, thuế. Thời hạn tạm dừng.")

	// --- The citizen reads how much, why and how to pay. ----------------
	want := map[string]string{
		"Số tiền cần nộp":  "75.000 đồng",
		"Nội dung yêu cầu": reason,
		"Chủ tài khoản":    holder,
		"Ngân hàng":        bank,
		"Số tài khoản":     number,
		"Số tiền":          "75.000 đồng",
		"Nội dung chuyển khoản (ghi đúng để cơ quan đối chiếu)": d.Code + " nop phi le phi",
		"Nơi nộp":   "Trung tâm Phục vụ hành chính công Phường Đức Xuân",
		"Địa chỉ":   counter,
		"Thời gian": hours,
	}
	check := func(p *browsertest.Page, who string) {
		t.Helper()
		wantText(t, p, statusBadge, "Yêu cầu thực hiện nghĩa vụ tài chính")
		wantText(t, p, "#fee-title", "Nộp phí, lệ phí")
		got := evaluate[map[string]string](t, p, `Object.fromEntries([...document.querySelectorAll('.fee .summary-row')]
			.map(r => [r.querySelector('dt').textContent.trim(), r.querySelector('dd').textContent.trim()]))`)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s's fee section: %s = %q, want %q", who, k, got[k], v)
			}
		}
		if lines := p.Text(".fee ul.fee-lines"); !strings.Contains(lines, "Lệ phí: 10.000 đồng (Nộp trực tuyến)") {
			t.Errorf("%s's fee section lists the procedure's fees as %q", who, lines)
		}
		p.CheckA11y()
	}
	cp := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, cp, citizen.PersonalID, citizen.FullName)
	cp.Navigate(env.URL + string(route.Dossier(d.Code)))
	check(cp, "the citizen")
	op.Navigate(env.URL + string(route.Dossier(d.Code)))
	check(op, "the officer")

	if logs := env.Logs(); strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("the server logged errors:\n%s", logs)
	}
}
