package notify

import (
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/valid"
)

// Placeholders are the values a template may use, written {name}. They
// are Vietnamese so the administrators who write templates can read them.
var Placeholders = []string{
	"ma_ho_so",     // dossier code
	"thu_tuc",      // procedure name
	"nguoi_nop",    // applicant's name
	"trang_thai",   // status label
	"co_quan",      // receiving unit
	"han_tra",      // due date and time
	"ngay_hen_moi", // new appointment (apology)
	"ghi_chu",      // reasons, list of documents, guidance
	"so_tien",      // amount to pay
	"lien_ket",     // link to the dossier's page
	"tra_cuu",      // link to the public lookup
	"ma_tra_cuu",   // lookup secret
}

// Render fills a template's placeholders; unknown ones stay as written
// (Check refuses them before a template is saved).
func Render(text string, values map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			b.WriteString(text)
			return b.String()
		}
		name := text[i+1 : i+j]
		b.WriteString(text[:i])
		if v, ok := values[name]; ok && slices.Contains(Placeholders, name) {
			b.WriteString(v)
		} else {
			b.WriteString(text[i : i+j+1])
		}
		text = text[i+j+1:]
	}
}

// placeholdersIn lists the {names} used in text, and whether the braces
// balance.
func placeholdersIn(text string) ([]string, bool) {
	var out []string
	for {
		i := strings.IndexAny(text, "{}")
		if i < 0 {
			return out, true
		}
		if text[i] == '}' {
			return out, false
		}
		j := strings.IndexAny(text[i+1:], "{}")
		if j < 0 || text[i+1+j] == '{' {
			return out, false
		}
		out = append(out, text[i+1:i+1+j])
		text = text[i+j+2:]
	}
}

// MaxSMS is the longest SMS body accepted, in characters (a few concatenated
// messages of Vietnamese text without diacritics).
const MaxSMS = 320

// Check validates a template an administrator wrote.
func (t Template) Check() valid.Errors {
	var errs valid.Errors
	if !slices.Contains(Events, t.Event) {
		errs.Add("event", "notify.error.event")
	}
	if !slices.Contains(Channels, t.Channel) {
		errs.Add("channel", "notify.error.channel")
	}
	if !slices.Contains(i18n.Langs, t.LangOf()) {
		errs.Add("lang", "notify.error.lang")
	}
	if t.Channel != SMS && strings.TrimSpace(t.Subject) == "" {
		errs.Add("subject", "notify.error.subject_required")
	}
	if strings.TrimSpace(t.Body) == "" {
		errs.Add("body", "notify.error.body_required")
	}
	for _, f := range []struct{ name, text string }{{"subject", t.Subject}, {"body", t.Body}} {
		names, ok := placeholdersIn(f.text)
		if !ok {
			errs.Add(f.name, "notify.error.braces")
			continue
		}
		for _, n := range names {
			if !slices.Contains(Placeholders, n) {
				errs.Add(f.name, "notify.error.placeholder", n)
				break
			}
		}
	}
	if t.Channel == SMS && len([]rune(t.Body)) > MaxSMS {
		errs.Add("body", "notify.error.sms_long", MaxSMS)
	}
	return errs
}
