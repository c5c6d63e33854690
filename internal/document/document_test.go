package document_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/document"
)

func TestForms(t *testing.T) {
	for _, rs := range document.RuleSets {
		forms, err := document.Forms(rs)
		if err != nil {
			t.Fatalf("%s: %v", rs, err)
		}
		// Numbered 01, 02, ... in order, each kind once.
		seen := map[document.Kind]bool{}
		for i, f := range forms {
			if want := []byte{'0' + byte((i+1)/10), '0' + byte((i+1)%10)}; f.Number != string(want) {
				t.Errorf("%s: form %d is numbered %q", rs, i+1, f.Number)
			}
			if seen[f.Kind] || f.Title == "" {
				t.Errorf("%s: form %s repeated or untitled", rs, f.Number)
			}
			seen[f.Kind] = true
		}
		// Every rule set has the forms MotCua issues.
		for _, k := range []document.Kind{document.KindReceipt, document.KindSupplement, document.KindRefusal,
			document.KindApology, document.KindControlSlip} {
			if _, err := document.FormOf(rs, k); err != nil {
				t.Errorf("%s: %v", rs, err)
			}
		}
	}

	f, err := document.FormOf(document.Circular01of2018, document.KindControlSlip)
	if err != nil || f.Label() != "Mẫu số 05" || f.Title != "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" {
		t.Errorf("01/2018 control slip = %+v, %v", f, err)
	}
	// 03/2025 inserts the notice to stop processing before it.
	if f, _ := document.FormOf(document.Circular03of2025, document.KindControlSlip); f.Number != "06" {
		t.Errorf("03/2025 control slip is Mẫu %s, want 06", f.Number)
	}
	if _, err := document.FormOf(document.Circular01of2018, document.KindStopNotice); !errors.Is(err, document.ErrNoForm) {
		t.Errorf("01/2018 stop notice: %v, want ErrNoForm", err)
	}
	// ... but is still printed, unnumbered, under the same title.
	if f, err := document.Layout(document.Circular01of2018, document.KindStopNotice); err != nil || f.Number != "" ||
		f.Title != "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" {
		t.Errorf("01/2018 stop notice layout = %+v, %v", f, err)
	}
	if f, err := document.Layout(document.Circular03of2025, document.KindStopNotice); err != nil || f.Label() != "Mẫu số 05" {
		t.Errorf("03/2025 stop notice layout = %+v, %v", f, err)
	}
	for _, tc := range []struct {
		rs document.RuleSet
		k  document.Kind
	}{{document.Circular01of2018, document.KindResult}, {"99/2030/TT-VPCP", document.KindStopNotice}} {
		if _, err := document.Layout(tc.rs, tc.k); !errors.Is(err, document.ErrNoForm) {
			t.Errorf("layout of %s in %q: %v, want ErrNoForm", tc.k, tc.rs, err)
		}
	}
	if _, err := document.FormOf(document.Circular01of2018, document.KindResult); !errors.Is(err, document.ErrNoForm) {
		t.Errorf("result: %v, want ErrNoForm", err)
	}
	if _, err := document.Forms("99/2030/TT-VPCP"); !errors.Is(err, document.ErrNoForm) {
		t.Errorf("unknown rule set: %v, want ErrNoForm", err)
	}
	// Forms returns a copy.
	a, _ := document.Forms(document.DefaultRuleSet)
	a[0].Title = "changed"
	if b, _ := document.Forms(document.DefaultRuleSet); b[0].Title == "changed" || slices.Equal(a, b) {
		t.Error("Forms shares its table with the caller")
	}
	if (document.Header{}).Rules() != document.DefaultRuleSet {
		t.Error("an empty rule set is not the default")
	}
}

var (
	day = time.Date(2026, 3, 5, 1, 30, 0, 0, time.UTC)
	hdr = document.Header{Unit: "Trung tâm Phục vụ hành chính công", Place: "Thái Nguyên", Date: day}
	who = document.Party{Name: "Nguyễn Thị Hồng Nhung"}
)

func TestValidate(t *testing.T) {
	receipt := document.Receipt{Header: hdr, Code: "H19.01-260305-0007", Desk: "Trung tâm", Applicant: who,
		Matter: "Cấp giấy phép xây dựng", Sets: 1, ReceivedAt: day, DueAt: day.Add(72 * time.Hour),
		Documents: []document.ReceivedDocument{{Name: "Đơn", Originals: 1}}}
	apology := document.Apology{Header: hdr, Code: "X", Agency: "Sở Xây dựng", Applicant: who, Matter: "M",
		ReceivedAt: day, DueAt: day.Add(time.Hour), Reason: "R", NewDueAt: day.Add(2 * time.Hour),
		Signer: document.Signer{Title: "GIÁM ĐỐC"}}
	slip := document.ControlSlip{Header: hdr, Code: "X", Competent: "Sở", ReceivedAt: day,
		HandOvers: []document.HandOver{{From: document.Handler{Unit: "A"}, To: document.Handler{Unit: "B"}, At: day, Timeliness: document.Late}}}
	result := document.Result{Header: hdr, Title: "GIẤY PHÉP", Applicant: who, Signer: document.Signer{Title: "GIÁM ĐỐC"},
		VerifyCode: "C", VerifyURL: "https://example.vn/c"}
	stop := document.StopNotice{Header: hdr, Code: "X", Agency: "Sở Nội vụ", Applicant: who, Matter: "M", ReceivedAt: day,
		Reasons: []string{"R"}, Signer: document.Signer{Title: "GIÁM ĐỐC"}}
	valid := []document.Document{
		receipt, apology, slip, result, stop,
		document.SupplementRequest{Header: hdr, Code: "X", Applicant: who, Matter: "M", Items: []document.SupplementItem{{What: "W"}}},
		document.Refusal{Header: hdr, Desk: "D", Applicant: who, Matter: "M", Reasons: []string{"R"}},
	}
	for _, d := range valid {
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", d.Kind(), err)
		}
		// What a job carries comes back as it went in.
		b, err := document.Encode(d)
		if err != nil {
			t.Fatal(err)
		}
		back, err := document.Decode(d.Kind(), b)
		if err != nil || !reflect.DeepEqual(back, d) {
			t.Errorf("%s: decoded %+v, %v", d.Kind(), back, err)
		}
	}

	noDate, noCode, noDocName := receipt, receipt, receipt
	noDate.Header.Date = time.Time{}
	noCode.Code = "  "
	noDocName.Documents = []document.ReceivedDocument{{Originals: 1}}
	earlier := apology
	earlier.NewDueAt = apology.DueAt
	badTimeliness := slip
	badTimeliness.HandOvers = []document.HandOver{{From: document.Handler{Unit: "A"}, To: document.Handler{Unit: "B"}, At: day, Timeliness: "soon"}}
	halfVerify := result
	halfVerify.VerifyURL = ""
	blankReason, unsigned := stop, stop
	blankReason.Reasons = []string{"R", " "}
	unsigned.Signer.Title = ""
	for name, d := range map[string]document.Document{
		"receipt without date": noDate, "receipt without code": noCode, "document without name": noDocName,
		"apology not later": earlier, "unknown timeliness": badTimeliness, "code without URL": halfVerify,
		"supplement without items": document.SupplementRequest{Header: hdr, Code: "X", Applicant: who, Matter: "M"},
		"refusal without reasons":  document.Refusal{Header: hdr, Desk: "D", Applicant: who, Matter: "M"},
		"stop with a blank reason": blankReason, "stop unsigned": unsigned,
	} {
		err := d.Validate()
		if !errors.Is(err, document.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	// Errors name the field, never its value (they reach the logs).
	noCode.Applicant.Name = ""
	if err := noCode.Validate(); err == nil || err.Error() != "document: incomplete: receipt: code" {
		t.Errorf("error = %v", err)
	}
}
