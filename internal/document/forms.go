package document

import (
	"errors"
	"fmt"
)

// RuleSet names the regulation whose forms a document follows: the
// circular of the Government Office that prescribes the one-stop shop's
// forms. The numbering and titles of the forms change between rule sets,
// so they are data keyed by it.
type RuleSet string

const (
	// Circular01of2018 is Circular 01/2018/TT-VPCP: Mẫu 01 to Mẫu 06.
	Circular01of2018 RuleSet = "01/2018/TT-VPCP"
	// Circular03of2025 is Circular 03/2025/TT-VPCP (from 15/09/2025),
	// which adds a notice to stop processing and renumbers the control slip
	// and the ledger. Its titles come from a secondary source: check them
	// against the official text before making it the default.
	Circular03of2025 RuleSet = "03/2025/TT-VPCP"

	// DefaultRuleSet applies when a Header names none.
	DefaultRuleSet = Circular01of2018
)

// ErrNoForm: the rule set is unknown, or prescribes no form for the kind
// (a procedure's result has no one-stop-shop form; its title is its own).
var ErrNoForm = errors.New("document: no such form in this rule set")

// Form is one prescribed form: its number within the rule set ("01") and
// its title as printed, in capitals.
type Form struct {
	Kind   Kind
	Number string
	Title  string
}

// Label is how the form names itself on the page: "Mẫu số 01".
func (f Form) Label() string { return "Mẫu số " + f.Number }

// forms lists, per rule set, the forms in their official order. The
// ledger (Sổ theo dõi hồ sơ) is a register rather than a document handed
// to anyone; it is listed so that the numbering is complete.
var forms = map[RuleSet][]Form{
	Circular01of2018: {
		{KindReceipt, "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
		{KindSupplement, "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
		{KindRefusal, "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
		{KindApology, "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"},
		{KindControlSlip, "05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"},
		{KindLedger, "06", "SỔ THEO DÕI HỒ SƠ"},
	},
	Circular03of2025: {
		{KindReceipt, "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
		{KindSupplement, "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
		{KindRefusal, "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
		{KindApology, "04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"},
		{KindStopNotice, "05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"},
		{KindControlSlip, "06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"},
		{KindLedger, "07", "SỔ THEO DÕI HỒ SƠ"},
	},
}

// RuleSets lists the known rule sets, oldest first.
var RuleSets = []RuleSet{Circular01of2018, Circular03of2025}

// Forms returns the forms of a rule set in their official order (a copy),
// or ErrNoForm for an unknown rule set.
func Forms(rs RuleSet) ([]Form, error) {
	fs, ok := forms[rs]
	if !ok {
		return nil, fmt.Errorf("%w: rule set %q", ErrNoForm, rs)
	}
	return append([]Form(nil), fs...), nil
}

// FormOf returns the form a rule set prescribes for a kind of document.
func FormOf(rs RuleSet, k Kind) (Form, error) {
	for _, f := range forms[rs] {
		if f.Kind == k {
			return f, nil
		}
	}
	return Form{}, fmt.Errorf("%w: %s in %q", ErrNoForm, k, rs)
}

// unprescribed are the documents MotCua issues where a rule set prescribes
// no form: a notice to stop processing before Circular 03/2025 is still
// owed to the applicant in writing, printed unnumbered under this title.
var unprescribed = map[Kind]string{
	KindStopNotice: "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
}

// Layout returns the form a document of kind k is printed as under a rule
// set: the prescribed form, or for a document the rule set does not
// prescribe (see unprescribed) an unnumbered one. ErrNoForm otherwise.
func Layout(rs RuleSet, k Kind) (Form, error) {
	f, err := FormOf(rs, k)
	if err == nil {
		return f, nil
	}
	if title, ok := unprescribed[k]; ok {
		if _, known := forms[rs]; known {
			return Form{Kind: k, Title: title}, nil
		}
	}
	return Form{}, err
}
