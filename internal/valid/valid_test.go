package valid

import "testing"

func TestPersonalID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"019201001234", true},
		{"001099000001", true},
		{"096300123456", true},
		{"000201001234", false}, // no province 000
		{"097201001234", false}, // no province 097
		{"01920100123", false},  // 11 digits
		{"0192010012345", false},
		{"01920100123a", false},
		{"", false},
	} {
		if got := PersonalID(tc.in); got != tc.want {
			t.Errorf("PersonalID(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestTaxCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"0100109106", true},     // Viettel
		{"0100109106-001", true}, // a branch
		{"0100109107", false},    // wrong check digit
		{"010010910", false},
		{"0100109106-01", false},
		{"abcdefghij", false},
	} {
		if got := TaxCode(tc.in); got != tc.want {
			t.Errorf("TaxCode(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestPhone(t *testing.T) {
	for _, tc := range []struct {
		in   string
		norm string
		want bool
	}{
		{"0912345678", "0912345678", true},
		{"+84 912 345 678", "0912345678", true},
		{"84912345678", "0912345678", true},
		{"0386.123.456", "0386123456", true},
		{"02083856789", "02083856789", true}, // Thái Nguyên landline
		{"0112345678", "0112345678", false},
		{"091234567", "091234567", false},
	} {
		n := NormalizePhone(tc.in)
		if n != tc.norm {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tc.in, n, tc.norm)
		}
		if got := Phone(n); got != tc.want {
			t.Errorf("Phone(%q) = %v, want %v", n, got, tc.want)
		}
	}
}

func TestEmail(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"an.nguyen@example.vn", true},
		{"a@b.co", true},
		{"An <an@example.vn>", false},
		{"an@localhost", false},
		{"an example@x.vn", false},
		{"", false},
	} {
		if got := Email(tc.in); got != tc.want {
			t.Errorf("Email(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	var e Errors
	if e.OrNil() != nil {
		t.Fatal("empty Errors must be nil error")
	}
	e.Add("email", "account.error.email_invalid")
	if !e.Has("email") || e.Has("phone") {
		t.Fatalf("Has: %v", e)
	}
	if fe, ok := e.For("email"); !ok || fe.Key != "account.error.email_invalid" {
		t.Fatalf("For: %v %v", fe, ok)
	}
	if e.OrNil() == nil {
		t.Fatal("non-empty Errors must be an error")
	}
}
