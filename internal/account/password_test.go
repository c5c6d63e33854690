package account

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	p := HashParams{Memory: 1024, Time: 1, Threads: 1}
	h, err := HashPassword("mật khẩu có dấu", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash format: %s", h)
	}
	h2, _ := HashPassword("mật khẩu có dấu", p)
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"mật khẩu có dấu": true, "mat khau co dau": false, "": false} {
		ok, err := CheckPassword(h, pw)
		if err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	for _, bad := range []string{"", "$bcrypt$x", "$argon2id$v=19$m=1,t=1,p=1$!!$!!", "$argon2id$v=18$m=1024,t=1,p=1$c2FsdA$aGFzaA"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
	if DefaultHashParams.Memory < 19*1024 || DefaultHashParams.Time < 2 {
		t.Error("production hashing below the OWASP minimum")
	}
}

func TestRegisterInputValidate(t *testing.T) {
	in := RegisterInput{Kind: RoleBusiness, FullName: "Công ty A", TaxCode: "0100109106", PersonalID: "bad",
		Email: "a@b.vn", Phone: "0912345678", Password: "mot-cum-tu-dai", Password2: "mot-cum-tu-dai"}
	if errs := in.Validate(); len(errs) != 0 {
		t.Errorf("a business is not asked for a personal ID: %v", errs)
	}
	in.Password2 = "khac"
	if errs := in.Validate(); !errs.Has("password_confirm") {
		t.Errorf("mismatch not reported on the confirmation field: %v", errs)
	}
	in = RegisterInput{Kind: RoleCitizen, Password: "12345678", Password2: "12345678"}
	errs := in.Validate()
	for _, f := range []string{"full_name", "personal_id", "email", "phone", "password"} {
		if !errs.Has(f) {
			t.Errorf("no error for %s: %v", f, errs)
		}
	}
	if fe, _ := errs.For("password"); fe.Key != "account.error.password_common" {
		t.Errorf("common password: %v", fe)
	}
}
