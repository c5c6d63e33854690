package dossier_test

import (
	"bytes"
	"context"
	"net/url"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/upload/uploadtest"
)

// BenchmarkSubmit is one online submission through the service, without
// HTTP: start a draft of the commune test procedure, save the two pages of
// answers, upload a 1 MB PDF, choose delivery and submit. bench/intakeload
// measures the same over HTTP under concurrency.
func BenchmarkSubmit(b *testing.B) {
	env := apptest.New(b)
	env.OpenProcedures(b)
	ctx := context.Background()
	u := env.Users[account.RoleCitizen]
	svc := env.App.Dossiers
	pdf := uploadtest.PDF(1 << 20)
	applicant := url.Values{"ho_ten": {u.FullName}, "so_dinh_danh": {u.PersonalID}, "dien_thoai": {u.Phone},
		"ngay_sinh": {"02/07/1992"}}
	b.SetBytes(int64(len(pdf)))
	for b.Loop() {
		d, err := svc.Start(ctx, u, dossier.StartInput{Procedure: apptest.ProcCommune, UnitCode: "001.00.50.H19"})
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range []struct {
			id     string
			values url.Values
		}{{"nguoi-khai", applicant}, {"nguoi-than", url.Values{"co_giay_khac": {"no"}}}} {
			res, err := svc.SavePage(ctx, u, d.PublicID, p.id, p.values, "")
			if err != nil || len(res.Errors) > 0 {
				b.Fatalf("page %s: %v %v", p.id, err, res.Errors)
			}
		}
		if _, err := svc.Upload(ctx, u, d.PublicID, dossier.UploadInput{Slot: "tep_xac_nhan", Name: "giay-xac-nhan.pdf",
			Body: bytes.NewReader(pdf)}); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.SaveDelivery(ctx, u, d.PublicID, dossier.Delivery{Method: dossier.DeliverDesk}); err != nil {
			b.Fatal(err)
		}
		if _, list, err := svc.Submit(ctx, u, d.PublicID, dossier.SubmitInput{Declaration: true}); err != nil {
			b.Fatalf("submit: %v %v", err, list.Errors)
		}
	}
}
