package notify_test

import (
	"testing"

	"github.com/motcua/motcua/internal/notify"
)

func TestRender(t *testing.T) {
	v := map[string]string{"ma_ho_so": "X-1", "han_tra": "17:00 01/12/2026"}
	for in, want := range map[string]string{
		"Hồ sơ {ma_ho_so}, hẹn {han_tra}.": "Hồ sơ X-1, hẹn 17:00 01/12/2026.",
		"{khong_co} {ma_ho_so}":            "{khong_co} X-1",
		"{ma_ho_so":                        "{ma_ho_so",
		"không có gì":                      "không có gì",
		"{nguoi_nop}":                      "{nguoi_nop}", // known, but no value given
	} {
		if got := notify.Render(in, v); got != want {
			t.Errorf("Render(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTemplateCheck(t *testing.T) {
	long := ""
	for range notify.MaxSMS + 1 {
		long += "a"
	}
	for _, tc := range []struct {
		name string
		t    notify.Template
		want []string // fields with errors
	}{
		{"good e-mail", notify.Template{Event: "receive", Channel: notify.Email, Subject: "Hồ sơ {ma_ho_so}", Body: "Hẹn {han_tra}"}, nil},
		{"good sms without subject", notify.Template{Event: "receive", Channel: notify.SMS, Body: "Hen {han_tra}"}, nil},
		{"unknown event", notify.Template{Event: "x", Channel: notify.Email, Subject: "a", Body: "b"}, []string{"event"}},
		{"unknown channel", notify.Template{Event: "receive", Channel: "fax", Subject: "a", Body: "b"}, []string{"channel"}},
		{"no subject", notify.Template{Event: "receive", Channel: notify.Inbox, Body: "b"}, []string{"subject"}},
		{"no body", notify.Template{Event: "receive", Channel: notify.Email, Subject: "a"}, []string{"body"}},
		{"unknown placeholder", notify.Template{Event: "receive", Channel: notify.Email, Subject: "a", Body: "{ma_hs}"}, []string{"body"}},
		{"unbalanced", notify.Template{Event: "receive", Channel: notify.Email, Subject: "{ma_ho_so", Body: "b}"}, []string{"subject", "body"}},
		{"sms too long", notify.Template{Event: "receive", Channel: notify.SMS, Body: long}, []string{"body"}},
	} {
		errs := tc.t.Check()
		var got []string
		for _, e := range errs {
			got = append(got, e.Field)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: errors on %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: errors on %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}
