package dossier_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
)

// TestReceiptListsTheApplicationFirst: the receipt's list of what the
// dossier holds starts with the application itself (the e-form, "Tờ khai
// thử nghiệm"), then the attachments.
func TestReceiptListsTheApplicationFirst(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location()))
	who := staff(t, env)
	d := newDossier(t, env, env.Users[account.RoleCitizen])
	env.Clock.Add(10 * time.Minute)
	if _, err := env.App.Dossiers.Act(context.Background(), who.clerk, d.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	docs, files := issued(t, env, d)
	receipts := ofKind(docs, document.KindReceipt)
	if len(receipts) != 1 {
		t.Fatalf("receipts: %+v", docs)
	}
	text := pdfText(t, files[receipts[0].PublicID])
	_, list, _ := strings.Cut(text, "Thành phần hồ sơ nộp gồm:")
	list, _, _ = strings.Cut(list, "Số lượng hồ sơ")
	form, attachment := strings.Index(list, "Tờ khai thử nghiệm"), strings.Index(list, "Giấy xác nhận của cơ quan có thẩm quyền")
	if form < 0 || attachment < form {
		t.Errorf("the receipt's list does not start with the application, then the attachment:\n%s", list)
	}
}
