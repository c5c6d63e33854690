package dossier_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
)

// pdfText reads a PDF back with pdftotext (poppler-utils, installed by
// scripts/test.sh), words joined by single spaces.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// issued runs the worker and returns the dossier's documents, with each
// file read and checked against its recorded hash and size.
func issued(t *testing.T, env *apptest.Env, d dossier.Dossier) ([]document.Issued, map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	if _, err := env.App.Dossiers.RunJobs(ctx); err != nil {
		t.Fatal(err)
	}
	docs, err := env.App.Documents.ForDossier(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, doc := range docs {
		f, err := env.App.Documents.Open(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if sha256.Sum256(b) != doc.SHA256 || int64(len(b)) != doc.Size {
			t.Fatalf("%s: the stored file does not match its hash and size", doc.Kind)
		}
		files[doc.PublicID] = b
	}
	return docs, files
}

func ofKind(docs []document.Issued, k document.Kind) []document.Issued {
	var out []document.Issued
	for _, d := range docs {
		if d.Kind == k {
			out = append(out, d)
		}
	}
	return out
}

// TestDocumentsOfAProcess: reception issues the receipt (with the lookup
// secret), approval the result (with its verification code), the hand-back
// the control slip; each once, numbered per unit and year, stored with its
// SHA-256, and the result verifiable by code and by file.
func TestDocumentsOfAProcess(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location()))
	ctx := context.Background()
	svc := env.App.Dossiers
	who := staff(t, env)
	citizen := env.Users[account.RoleCitizen]
	d := newDossier(t, env, citizen)
	act := func(u account.User, in dossier.ActInput) dossier.Dossier {
		t.Helper()
		env.Clock.Add(10 * time.Minute)
		out, err := svc.Act(ctx, u, d.Code, in)
		if err != nil {
			t.Fatalf("%s by %s: %v", in.Action, u.Role, err)
		}
		return out
	}
	if docs, _ := issued(t, env, d); len(docs) != 0 {
		t.Fatalf("%d documents before reception", len(docs))
	}
	d = act(who.clerk, dossier.ActInput{Action: workflow.ActionReceive})
	docs, files := issued(t, env, d)
	receipts := ofKind(docs, document.KindReceipt)
	if len(docs) != 1 || len(receipts) != 1 {
		t.Fatalf("after reception: %+v", docs)
	}
	r := receipts[0]
	if r.Number != "1/GTN" || r.IssuedBy != who.clerk.ID || r.Title != "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" || r.VerifyCode != "" {
		t.Errorf("receipt: %+v", r)
	}
	text := pdfText(t, files[r.PublicID])
	for _, want := range []string{"Số: 1/GTN", "Mã hồ sơ: " + d.Code, "mã tra cứu " + d.Secret, citizen.FullName,
		"Thời gian trả kết quả giải quyết hồ sơ: " + d.DueAt.In(calendar.Location()).Format("15:04 02/01/2006"),
		"03 ngày làm việc", "Cán bộ clerk"} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, text)
		}
	}
	// The job ran once; running the worker again issues nothing more.
	if again, _ := issued(t, env, d); len(again) != 1 {
		t.Errorf("%d documents after a second run", len(again))
	}

	d = act(who.officer, dossier.ActInput{Action: workflow.ActionForward})
	d = act(who.leader, dossier.ActInput{Action: workflow.ActionApprove})
	docs, files = issued(t, env, d)
	results := ofKind(docs, document.KindResult)
	if len(results) != 1 {
		t.Fatalf("after approval: %+v", docs)
	}
	res := results[0]
	if res.VerifyCode == "" || document.NormalizeCode(res.VerifyCode) != res.VerifyCode || res.Number != "1/KQ" {
		t.Errorf("result: %+v", res)
	}
	text = pdfText(t, files[res.PublicID])
	if !strings.Contains(strings.ReplaceAll(text, " ", ""), "/xac-thuc/"+res.VerifyCode) {
		t.Errorf("the result lacks its verification address:\n%s", text)
	}
	for _, want := range []string{"Mã xác thực: " + res.VerifyCode, "Cấp cho", citizen.FullName,
		"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Cán bộ leader"} {
		if !strings.Contains(text, want) {
			t.Errorf("the result lacks %q:\n%s", want, text)
		}
	}
	// Anyone can check it by its code, as typed, or by the file.
	v, err := env.App.Documents.Verify(ctx, strings.ToLower(strings.ReplaceAll(res.VerifyCode, "-", "")))
	if err != nil || v.Document.ID != res.ID || !v.Valid() {
		t.Fatalf("verify by code: %+v, %v", v, err)
	}
	v, err = env.App.Documents.VerifyFile(ctx, bytes.NewReader(files[res.PublicID]))
	if err != nil || v.Document.ID != res.ID {
		t.Fatalf("verify by file: %+v, %v", v, err)
	}
	tampered := append([]byte(nil), files[res.PublicID]...)
	tampered[len(tampered)/2] ^= 1
	if _, err := env.App.Documents.VerifyFile(ctx, bytes.NewReader(tampered)); !errors.Is(err, document.ErrNotFound) {
		t.Errorf("a changed file verified: %v", err)
	}
	if _, err := env.App.Documents.Verify(ctx, "AAAA-BBBB-CCCC"); !errors.Is(err, document.ErrNotFound) {
		t.Errorf("an unknown code: %v", err)
	}

	d = act(who.clerk, dossier.ActInput{Action: workflow.ActionDeliver})
	docs, files = issued(t, env, d)
	slips := ofKind(docs, document.KindControlSlip)
	if len(slips) != 1 || slips[0].Number != "" || len(docs) != 3 {
		t.Fatalf("after the hand-back: %+v", docs)
	}
	text = pdfText(t, files[slips[0].PublicID])
	for _, want := range []string{"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", d.Code, "Người nộp hồ sơ", "Cán bộ officer"} {
		if !strings.Contains(text, want) {
			t.Errorf("the control slip lacks %q:\n%s", want, text)
		}
	}

	// A leader revokes the result with a reason; it no longer stands.
	if _, err := env.App.Documents.Revoke(ctx, who.leader.ID, res.PublicID, ""); err == nil {
		t.Error("revoked without a reason")
	}
	if _, err := env.App.Documents.Revoke(ctx, who.leader.ID, res.PublicID, "Cấp nhầm người"); err != nil {
		t.Fatal(err)
	}
	v, err = env.App.Documents.Verify(ctx, res.VerifyCode)
	if err != nil || v.Valid() || v.Document.RevokeReason != "Cấp nhầm người" || v.Document.RevokedBy != who.leader.ID {
		t.Errorf("after revocation: %+v, %v", v, err)
	}
	if _, err := env.App.Documents.Revoke(ctx, who.leader.ID, res.PublicID, "Lần nữa"); !errors.Is(err, document.ErrRevoked) {
		t.Errorf("revoked twice: %v", err)
	}
}

// TestDocumentsOfRefusalsAndRequests: the desk's guidance and an officer's
// request issue Mẫu 02 with one item per line of the note, a refusal
// Mẫu 03 with its reasons, an approved apology Mẫu 04, a stop the notice
// to stop processing.
func TestDocumentsOfRefusalsAndRequests(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location()))
	ctx := context.Background()
	svc := env.App.Dossiers
	who := staff(t, env)
	citizen := env.Users[account.RoleCitizen]

	refused := newDossier(t, env, citizen)
	if _, err := svc.Act(ctx, who.clerk, refused.Code, dossier.ActInput{Action: workflow.ActionRefuse,
		Note: "Thủ tục không thuộc thẩm quyền của xã\nĐã hướng dẫn nộp tại Sở Tư pháp"}); err != nil {
		t.Fatal(err)
	}
	docs, files := issued(t, env, refused)
	if len(docs) != 1 || docs[0].Kind != document.KindRefusal || docs[0].Number != "1/PTC" {
		t.Fatalf("refusal: %+v", docs)
	}
	text := pdfText(t, files[docs[0].PublicID])
	for _, want := range []string{"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Thủ tục không thuộc thẩm quyền của xã",
		"Đã hướng dẫn nộp tại Sở Tư pháp"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, text)
		}
	}

	d := newDossier(t, env, citizen)
	if _, err := svc.Act(ctx, who.clerk, d.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Add(time.Hour)
	if _, err := svc.Act(ctx, who.officer, d.Code, dossier.ActInput{Action: workflow.ActionSupplement,
		Note: "Giấy xác nhận: bản chụp bị mờ, không đọc được số\nTờ khai có chữ ký"}); err != nil {
		t.Fatal(err)
	}
	docs, files = issued(t, env, d)
	reqs := ofKind(docs, document.KindSupplement)
	if len(reqs) != 1 || reqs[0].Number != "1/PBS" {
		t.Fatalf("supplement request: %+v", docs)
	}
	text = pdfText(t, files[reqs[0].PublicID])
	for _, want := range []string{"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Giấy xác nhận", "bản chụp bị mờ, không đọc được số",
		"Tờ khai có chữ ký"} {
		if !strings.Contains(text, want) {
			t.Errorf("the request lacks %q:\n%s", want, text)
		}
	}

	// The applicant answers; an apology approved before the due date
	// issues Mẫu 04 with the new date.
	env.Clock.Add(time.Hour)
	if _, err := svc.Respond(ctx, citizen, d.Code, "Đã bổ sung"); err != nil {
		t.Fatal(err)
	}
	cur, err := svc.Act(ctx, who.officer, d.Code, dossier.ActInput{Action: workflow.ActionForward})
	if err != nil {
		t.Fatal(err)
	}
	// A day off is refused; the same weekday a week on is a working day.
	var errs valid.Errors
	sunday := calendar.DateOf(cur.DueAt)
	for sunday.Weekday() != time.Sunday {
		sunday = sunday.AddDays(1)
	}
	if _, err := svc.ProposeApology(ctx, who.officer, d.Code, "Cần xác minh", sunday); !errors.As(err, &errs) ||
		errs[0].Key != "process.error.apology_day_off" {
		t.Fatalf("an apology to a Sunday: %v", err)
	}
	newDue := cur.DueAt.AddDate(0, 0, 7)
	if _, err := svc.ProposeApology(ctx, who.officer, d.Code, "Cần xác minh thêm tại địa phương", calendar.DateOf(newDue)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApproveApology(ctx, who.leader, d.Code); err != nil {
		t.Fatal(err)
	}
	// One apology per dossier: a second proposal is refused.
	if _, err := svc.ProposeApology(ctx, who.officer, d.Code, "Lần nữa", calendar.DateOf(newDue.AddDate(0, 0, 7))); !errors.Is(err, dossier.ErrState) {
		t.Errorf("a second apology: %v", err)
	}
	docs, files = issued(t, env, d)
	apologies := ofKind(docs, document.KindApology)
	if len(apologies) != 1 || apologies[0].Number != "1/PXL" || apologies[0].IssuedBy != who.leader.ID {
		t.Fatalf("apology: %+v", docs)
	}
	text = pdfText(t, files[apologies[0].PublicID])
	for _, want := range []string{"Cần xác minh thêm tại địa phương", newDue.In(calendar.Location()).Format("02/01/2006"),
		"Cán bộ leader"} {
		if !strings.Contains(text, want) {
			t.Errorf("the apology lacks %q:\n%s", want, text)
		}
	}

	// The leader stops processing: a numbered notice with the reasons,
	// signed for the People's Committee, which the applicant sees.
	env.Clock.Add(time.Hour)
	if _, err := svc.Act(ctx, who.leader, d.Code, dossier.ActInput{Action: workflow.ActionStop,
		Note: "Thửa đất nằm trong dự án đã có quyết định thu hồi\nNgười nộp đề nghị dừng giải quyết"}); err != nil {
		t.Fatal(err)
	}
	docs, files = issued(t, env, d)
	stops := ofKind(docs, document.KindStopNotice)
	if len(stops) != 1 || stops[0].Number != "1/TBD" || stops[0].Title != "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" ||
		!dossier.ShowsPaper(citizen, d, document.KindStopNotice) {
		t.Fatalf("stop notice: %+v", docs)
	}
	text = pdfText(t, files[stops[0].PublicID])
	for _, want := range []string{"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", d.Code, "1. Thửa đất nằm trong dự án đã có quyết định thu hồi",
		"2. Người nộp đề nghị dừng giải quyết", "TM. ỦY BAN NHÂN DÂN", "Cán bộ leader"} {
		if !strings.Contains(text, want) {
			t.Errorf("the stop notice lacks %q:\n%s", want, text)
		}
	}
}
