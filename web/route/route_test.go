package route

import "testing"

func TestLocalPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/":                  true,
		"/tai-khoan":         true,
		"/a?b=c":             true,
		"":                   false,
		"//evil.example":     false,
		"/\\evil.example":    false,
		"https://evil.vn/":   false,
		"javascript:alert()": false,
		"tai-khoan":          false,
	} {
		if got := LocalPath(p); got != want {
			t.Errorf("LocalPath(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestBuilders(t *testing.T) {
	for got, want := range map[string]string{
		string(Login("/tai-khoan")):                  "/dang-nhap?next=%2Ftai-khoan",
		string(Login("//evil")):                      "/dang-nhap",
		string(Language("en", "/dang-ky")):           "/ngon-ngu?lang=en&next=%2Fdang-ky",
		string(AdminUsers(1)):                        "/quan-tri/nguoi-dung",
		string(AdminUsers(3)):                        "/quan-tri/nguoi-dung?page=3",
		string(AdminUser(42)):                        "/quan-tri/nguoi-dung/42",
		string(AdminUserLock(42)):                    "/quan-tri/nguoi-dung/42/khoa",
		string(AdminUserUnlock(42)):                  "/quan-tri/nguoi-dung/42/mo-khoa",
		string(AdminUserEdit(42)):                    "/quan-tri/nguoi-dung/42/sua",
		string(AdminCalendarYear(2026)):              "/quan-tri/lich-lam-viec/2026",
		string(AdminCalendarDay("2026-04-27")):       "/quan-tri/lich-lam-viec/ngay/2026-04-27",
		string(AdminCalendarDayDelete("2026-04-27")): "/quan-tri/lich-lam-viec/ngay/2026-04-27/xoa",
		string(AdminUnitSessions("000.00.01.H19")):   "/quan-tri/don-vi/000.00.01.H19/gio-lam-viec",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
