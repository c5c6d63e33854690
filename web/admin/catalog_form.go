package admin

import (
	"math"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
)

// The procedure editor's form binder. A submitted form is read into an
// adminview.ProcedureForm (every answer kept as typed), rows marked "remove"
// and blank rows are dropped, and what is left is converted into a
// catalog.Record. Because the dropping happens before the conversion, row i
// of the compacted form is element i of the record, and the catalogue's
// validation paths ("cases[0].channels[1].fees[0].amount") are the form's
// field names.

// Row limits keep a forged form from growing without bound.
const (
	maxRows = 100
	maxFees = 20
)

// Message keys of the binder's own errors.
const (
	errNumber  = "admin.catalog.error.number"
	errMoney   = "admin.catalog.error.money"
	errInteger = "admin.catalog.error.integer"
)

// bindProcedure reads a submitted editor form, rows in submitted order.
func bindProcedure(v url.Values) adminview.ProcedureForm {
	get := func(name string) string { return clean(v.Get(name)) }
	on := func(name string) bool { return v.Get(name) != "" }
	f := adminview.ProcedureForm{Code: get("code"), Name: get("name"), Decision: get("decision"), Level: get("level"),
		OnlineLevel: get("online_level"), FieldCode: get("field.code"), FieldName: get("field.name"),
		Conditions: get("conditions"), EffectiveFrom: get("effective_from"), EffectiveTo: get("effective_to")}
	for _, s := range v["subjects"] {
		if s = clean(s); s != "" {
			f.Subjects = append(f.Subjects, s)
		}
	}
	for _, p := range rows(v, "agencies", maxRows) {
		f.Agencies = append(f.Agencies, adminview.AgencyRow{Role: get(p + ".role"), Name: get(p + ".name"),
			UnitCode: get(p + ".unit_code"), UnitKind: get(p + ".unit_kind"), Remove: on(p + ".remove")})
	}
	for _, cp := range rows(v, "cases", maxRows) {
		c := adminview.CaseRow{Name: get(cp + ".name"), Steps: get(cp + ".steps"), Remove: on(cp + ".remove")}
		for _, p := range rows(v, cp+".channels", maxRows) {
			ch := adminview.ChannelRow{Kind: get(p + ".kind"), Duration: get(p + ".duration"), Unit: get(p + ".unit"),
				Description: get(p + ".description"), NotAvailable: on(p + ".not_available"), Remove: on(p + ".remove")}
			for _, fp := range rows(v, p+".fees", maxFees) {
				ch.Fees = append(ch.Fees, adminview.FeeRow{Kind: get(fp + ".kind"), Amount: get(fp + ".amount"),
					Description: get(fp + ".description"), Remove: on(fp + ".remove")})
			}
			c.Channels = append(c.Channels, ch)
		}
		for _, p := range rows(v, cp+".documents", maxRows) {
			c.Documents = append(c.Documents, adminview.DocumentRow{Name: get(p + ".name"), Originals: get(p + ".originals"),
				Copies: get(p + ".copies"), Template: get(p + ".template"), Notes: get(p + ".notes"),
				Required: on(p + ".required"), Remove: on(p + ".remove")})
		}
		for _, p := range rows(v, cp+".stages", maxRows) {
			c.Stages = append(c.Stages, adminview.StageRow{Name: get(p + ".name"), Agency: get(p + ".agency"),
				Duration: get(p + ".duration"), Unit: get(p + ".unit"), Remove: on(p + ".remove")})
		}
		f.Cases = append(f.Cases, c)
	}
	for _, p := range rows(v, "results", maxRows) {
		f.Results = append(f.Results, adminview.ResultRow{Code: get(p + ".code"), Name: get(p + ".name"),
			Template: get(p + ".template"), Remove: on(p + ".remove")})
	}
	for _, p := range rows(v, "legal_bases", maxRows) {
		f.LegalBases = append(f.LegalBases, adminview.LegalRow{Number: get(p + ".number"), Title: get(p + ".title"),
			Date: get(p + ".date"), Issuer: get(p + ".issuer"), Remove: on(p + ".remove")})
	}
	return f
}

// clean trims a value and turns the CRLF browsers send in textareas into LF,
// so saving an unchanged text records no change.
func clean(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// rows lists the prefixes ("cases[0]", "cases[2]") of the rows of group
// that the form carries, in index order, at most limit of them.
func rows(v url.Values, group string, limit int) []string {
	seen := map[int]bool{}
	prefix := group + "["
	for k := range v {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		n, tail, ok := strings.Cut(rest, "]")
		if !ok || !strings.HasPrefix(tail, ".") {
			continue
		}
		i, err := strconv.Atoi(n)
		if err != nil || i < 0 || i > 10_000 || strconv.Itoa(i) != n {
			continue
		}
		seen[i] = true
	}
	idx := make([]int, 0, len(seen))
	for i := range seen {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	if len(idx) > limit {
		idx = idx[:limit]
	}
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = group + "[" + strconv.Itoa(i) + "]"
	}
	return out
}

// Blank rows: every text and choice empty (check boxes do not count, so a
// blank document row may come with "required" ticked).

func blankAgency(a adminview.AgencyRow) bool { return a.Role+a.Name+a.UnitCode+a.UnitKind == "" }
func blankResult(r adminview.ResultRow) bool { return r.Code+r.Name+r.Template == "" }
func blankLegal(l adminview.LegalRow) bool   { return l.Number+l.Title+l.Date+l.Issuer == "" }
func blankFee(f adminview.FeeRow) bool       { return f.Kind+f.Amount+f.Description == "" }
func blankStage(s adminview.StageRow) bool   { return s.Name+s.Agency+s.Duration+s.Unit == "" }
func blankDocument(d adminview.DocumentRow) bool {
	return d.Name+d.Originals+d.Copies+d.Template+d.Notes == ""
}

func blankChannel(ch adminview.ChannelRow) bool {
	return ch.Kind+ch.Duration+ch.Unit+ch.Description == "" && all(ch.Fees, blankFee)
}

func blankCase(c adminview.CaseRow) bool {
	return c.Name+c.Steps == "" && all(c.Channels, blankChannel) && all(c.Documents, blankDocument) && all(c.Stages, blankStage)
}

func all[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if !f(x) {
			return false
		}
	}
	return true
}

// keep returns the rows that are not marked for removal and, when
// dropBlank, not blank.
func keep[T any](xs []T, removed func(T) bool, blank func(T) bool, dropBlank bool) []T {
	var out []T
	for _, x := range xs {
		if removed(x) || (dropBlank && blank(x)) {
			continue
		}
		out = append(out, x)
	}
	return out
}

// compact drops removed rows and, when dropBlank, blank rows, at every
// level.
func compact(f adminview.ProcedureForm, dropBlank bool) adminview.ProcedureForm {
	f.Agencies = keep(f.Agencies, func(a adminview.AgencyRow) bool { return a.Remove }, blankAgency, dropBlank)
	f.Results = keep(f.Results, func(r adminview.ResultRow) bool { return r.Remove }, blankResult, dropBlank)
	f.LegalBases = keep(f.LegalBases, func(l adminview.LegalRow) bool { return l.Remove }, blankLegal, dropBlank)
	f.Cases = keep(f.Cases, func(c adminview.CaseRow) bool { return c.Remove }, blankCase, dropBlank)
	cases := make([]adminview.CaseRow, len(f.Cases))
	for i, c := range f.Cases {
		c.Channels = keep(c.Channels, func(ch adminview.ChannelRow) bool { return ch.Remove }, blankChannel, dropBlank)
		chans := make([]adminview.ChannelRow, len(c.Channels))
		for j, ch := range c.Channels {
			ch.Fees = keep(ch.Fees, func(x adminview.FeeRow) bool { return x.Remove }, blankFee, dropBlank)
			chans[j] = ch
		}
		c.Channels = chans
		c.Documents = keep(c.Documents, func(d adminview.DocumentRow) bool { return d.Remove }, blankDocument, dropBlank)
		c.Stages = keep(c.Stages, func(s adminview.StageRow) bool { return s.Remove }, blankStage, dropBlank)
		cases[i] = c
	}
	f.Cases = cases
	return f
}

// New blank rows. A new document is required unless unticked.
func newCase() adminview.CaseRow { return withBlankCase(adminview.CaseRow{}) }
func newChannel() adminview.ChannelRow {
	return adminview.ChannelRow{Fees: []adminview.FeeRow{{}}}
}
func newDocument() adminview.DocumentRow { return adminview.DocumentRow{Required: true} }

// withBlankRows makes every group end with a blank row, so the editor always
// offers one more of everything.
func withBlankRows(f adminview.ProcedureForm) adminview.ProcedureForm {
	if n := len(f.Agencies); n == 0 || !blankAgency(f.Agencies[n-1]) {
		f.Agencies = append(f.Agencies, adminview.AgencyRow{})
	}
	if n := len(f.Results); n == 0 || !blankResult(f.Results[n-1]) {
		f.Results = append(f.Results, adminview.ResultRow{})
	}
	if n := len(f.LegalBases); n == 0 || !blankLegal(f.LegalBases[n-1]) {
		f.LegalBases = append(f.LegalBases, adminview.LegalRow{})
	}
	cases := make([]adminview.CaseRow, 0, len(f.Cases)+1)
	for _, c := range f.Cases {
		cases = append(cases, withBlankCase(c))
	}
	if n := len(cases); n == 0 || !blankCase(cases[n-1]) {
		cases = append(cases, newCase())
	}
	f.Cases = cases
	return f
}

func withBlankCase(c adminview.CaseRow) adminview.CaseRow {
	chans := make([]adminview.ChannelRow, 0, len(c.Channels)+1)
	for _, ch := range c.Channels {
		if n := len(ch.Fees); n == 0 || !blankFee(ch.Fees[n-1]) {
			ch.Fees = append(slicesClone(ch.Fees), adminview.FeeRow{})
		}
		chans = append(chans, ch)
	}
	if n := len(chans); n == 0 || !blankChannel(chans[n-1]) {
		chans = append(chans, newChannel())
	}
	c.Channels = chans
	if n := len(c.Documents); n == 0 || !blankDocument(c.Documents[n-1]) {
		c.Documents = append(slicesClone(c.Documents), newDocument())
	}
	if n := len(c.Stages); n == 0 || !blankStage(c.Stages[n-1]) {
		c.Stages = append(slicesClone(c.Stages), adminview.StageRow{})
	}
	return c
}

func slicesClone[T any](xs []T) []T { return append([]T(nil), xs...) }

var (
	addCaseGroupRe = regexp.MustCompile(`^cases\[(\d+)\]\.(channels|documents|stages)$`)
	addFeesRe      = regexp.MustCompile(`^cases\[(\d+)\]\.channels\[(\d+)\]\.fees$`)
)

// addRow appends a blank row to the group at path ("agencies",
// "cases[0].channels[1].fees"), with indices as submitted. It reports
// whether the path named a group.
func addRow(f *adminview.ProcedureForm, path string) bool {
	switch path {
	case "agencies":
		f.Agencies = appendLimited(f.Agencies, adminview.AgencyRow{}, maxRows)
		return true
	case "results":
		f.Results = appendLimited(f.Results, adminview.ResultRow{}, maxRows)
		return true
	case "legal_bases":
		f.LegalBases = appendLimited(f.LegalBases, adminview.LegalRow{}, maxRows)
		return true
	case "cases":
		f.Cases = appendLimited(f.Cases, newCase(), maxRows)
		return true
	}
	if m := addFeesRe.FindStringSubmatch(path); m != nil {
		i, j := atoi(m[1]), atoi(m[2])
		if i < len(f.Cases) && j < len(f.Cases[i].Channels) {
			ch := &f.Cases[i].Channels[j]
			ch.Fees = appendLimited(ch.Fees, adminview.FeeRow{}, maxFees)
			return true
		}
		return false
	}
	if m := addCaseGroupRe.FindStringSubmatch(path); m != nil {
		i := atoi(m[1])
		if i >= len(f.Cases) {
			return false
		}
		c := &f.Cases[i]
		switch m[2] {
		case "channels":
			c.Channels = appendLimited(c.Channels, newChannel(), maxRows)
		case "documents":
			c.Documents = appendLimited(c.Documents, newDocument(), maxRows)
		case "stages":
			c.Stages = appendLimited(c.Stages, adminview.StageRow{}, maxRows)
		}
		return true
	}
	return false
}

func appendLimited[T any](xs []T, x T, limit int) []T {
	if len(xs) >= limit {
		return xs
	}
	return append(xs, x)
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return math.MaxInt
	}
	return n
}

// recordOf converts a compacted form into a record. Numbers that cannot be
// read are reported under their field name and left zero; everything else
// is for catalog.ValidateRecord to judge.
func recordOf(f adminview.ProcedureForm) (catalog.Record, valid.Errors) {
	var errs valid.Errors
	rec := catalog.Record{Code: f.Code, Name: f.Name, Decision: f.Decision, Level: catalog.Level(f.Level),
		Field: catalog.Field{Code: f.FieldCode, Name: f.FieldName}, Conditions: f.Conditions,
		OnlineLevel: catalog.OnlineLevel(f.OnlineLevel), EffectiveFrom: f.EffectiveFrom, EffectiveTo: f.EffectiveTo}
	for _, s := range f.Subjects {
		rec.Subjects = append(rec.Subjects, catalog.Subject(s))
	}
	for _, a := range f.Agencies {
		rec.Agencies = append(rec.Agencies, catalog.Agency{Role: catalog.AgencyRole(a.Role), Name: a.Name,
			UnitCode: a.UnitCode, UnitKind: a.UnitKind})
	}
	for i, c := range f.Cases {
		cp := path("cases", i)
		cs := catalog.Case{Name: c.Name, Steps: c.Steps}
		for j, ch := range c.Channels {
			p := path(cp+".channels", j)
			d, ok := parseNumber(ch.Duration)
			if !ok {
				errs.Add(p+".duration", errNumber)
			}
			out := catalog.Channel{Kind: catalog.ChannelKind(ch.Kind), Duration: d, Unit: catalog.DurationUnit(ch.Unit),
				Description: ch.Description, NotAvailable: ch.NotAvailable}
			for k, fee := range ch.Fees {
				amount, ok := parseMoney(fee.Amount)
				if !ok {
					errs.Add(path(p+".fees", k)+".amount", errMoney)
				}
				out.Fees = append(out.Fees, catalog.Fee{Kind: catalog.FeeKind(fee.Kind), Amount: amount, Description: fee.Description})
			}
			cs.Channels = append(cs.Channels, out)
		}
		for j, d := range c.Documents {
			p := path(cp+".documents", j)
			originals, ok := parseCount(d.Originals)
			if !ok {
				errs.Add(p+".originals", errInteger)
			}
			copies, ok := parseCount(d.Copies)
			if !ok {
				errs.Add(p+".copies", errInteger)
			}
			cs.Documents = append(cs.Documents, catalog.Document{Name: d.Name, Originals: originals, Copies: copies,
				Template: d.Template, Notes: d.Notes, Required: d.Required})
		}
		for j, s := range c.Stages {
			d, ok := parseNumber(s.Duration)
			if !ok {
				errs.Add(path(cp+".stages", j)+".duration", errNumber)
			}
			cs.Stages = append(cs.Stages, catalog.Stage{Name: s.Name, Agency: s.Agency, Duration: d, Unit: catalog.DurationUnit(s.Unit)})
		}
		rec.Cases = append(rec.Cases, cs)
	}
	for _, r := range f.Results {
		rec.Results = append(rec.Results, catalog.Result{Code: r.Code, Name: r.Name, Template: r.Template})
	}
	for _, l := range f.LegalBases {
		rec.LegalBases = append(rec.LegalBases, catalog.LegalBasis{Number: l.Number, Title: l.Title, Date: l.Date, Issuer: l.Issuer})
	}
	return rec, errs
}

// formOf shows a record in the editor.
func formOf(rec catalog.Record) adminview.ProcedureForm {
	f := adminview.ProcedureForm{Code: rec.Code, Name: rec.Name, Decision: rec.Decision, Level: string(rec.Level),
		OnlineLevel: string(rec.OnlineLevel), FieldCode: rec.Field.Code, FieldName: rec.Field.Name,
		Conditions: rec.Conditions, EffectiveFrom: rec.EffectiveFrom, EffectiveTo: rec.EffectiveTo}
	for _, s := range rec.Subjects {
		f.Subjects = append(f.Subjects, string(s))
	}
	for _, a := range rec.Agencies {
		f.Agencies = append(f.Agencies, adminview.AgencyRow{Role: string(a.Role), Name: a.Name, UnitCode: a.UnitCode, UnitKind: a.UnitKind})
	}
	for _, c := range rec.Cases {
		cr := adminview.CaseRow{Name: c.Name, Steps: c.Steps}
		for _, ch := range c.Channels {
			row := adminview.ChannelRow{Kind: string(ch.Kind), Duration: formatNumber(ch.Duration), Unit: string(ch.Unit),
				Description: ch.Description, NotAvailable: ch.NotAvailable}
			for _, fee := range ch.Fees {
				row.Fees = append(row.Fees, adminview.FeeRow{Kind: string(fee.Kind), Amount: i18n.GroupThousands(fee.Amount, "."), Description: fee.Description})
			}
			cr.Channels = append(cr.Channels, row)
		}
		for _, d := range c.Documents {
			cr.Documents = append(cr.Documents, adminview.DocumentRow{Name: d.Name, Originals: strconv.Itoa(d.Originals),
				Copies: strconv.Itoa(d.Copies), Template: d.Template, Notes: d.Notes, Required: d.Required})
		}
		for _, s := range c.Stages {
			cr.Stages = append(cr.Stages, adminview.StageRow{Name: s.Name, Agency: s.Agency, Duration: formatNumber(s.Duration), Unit: string(s.Unit)})
		}
		f.Cases = append(f.Cases, cr)
	}
	for _, r := range rec.Results {
		f.Results = append(f.Results, adminview.ResultRow{Code: r.Code, Name: r.Name, Template: r.Template})
	}
	for _, l := range rec.LegalBases {
		f.LegalBases = append(f.LegalBases, adminview.LegalRow{Number: l.Number, Title: l.Title, Date: l.Date, Issuer: l.Issuer})
	}
	return f
}

func path(group string, i int) string { return group + "[" + strconv.Itoa(i) + "]" }

// parseNumber reads a non-negative decimal leniently: "3", "0,5", "0.5",
// " 1,5 ". Empty is zero.
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, true
	}
	if strings.Count(s, ",")+strings.Count(s, ".") > 1 {
		return 0, false
	}
	s = strings.Replace(s, ",", ".", 1)
	if strings.ContainsAny(s, "eEinfINFxX+") {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

var moneyRe = regexp.MustCompile(`^-?(\d+|\d{1,3}([.,]\d{3})+)$`)

// parseMoney reads an amount of dong leniently: "20000", "20.000",
// "20,000", "20 000", "20.000 đồng", "20.000đ". Empty is zero (free).
func parseMoney(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	for _, suffix := range []string{"đồng", "vnđ", "vnd", "đ"} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			s = strings.TrimSpace(t)
			break
		}
	}
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return 0, true
	}
	if !moneyRe.MatchString(s) {
		return 0, false
	}
	s = strings.NewReplacer(".", "", ",", "").Replace(s)
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// parseCount reads a whole number of copies; empty is zero.
func parseCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	v, err := strconv.Atoi(s)
	return v, err == nil
}

// formatNumber writes a duration the Vietnamese way ("0,5"); zero is empty
// (same-day channels have no number).
func formatNumber(v float64) string {
	if v == 0 {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// fieldNames lists the names of the editor's fields and groups in page
// order; the error summary follows it, and errors on names the page does
// not show (e.g. "subjects[1]") move to the nearest shown ancestor.
func fieldNames(f adminview.ProcedureForm) []string {
	n := []string{"code", "name", "decision", "level", "online_level", "field.code", "field.name", "subjects",
		"effective_from", "effective_to", "conditions", "agencies"}
	for i := range f.Agencies {
		p := path("agencies", i)
		n = append(n, p, p+".role", p+".name", p+".unit_code", p+".unit_kind")
	}
	n = append(n, "cases")
	for i, c := range f.Cases {
		cp := path("cases", i)
		n = append(n, cp, cp+".name", cp+".steps", cp+".channels")
		for j, ch := range c.Channels {
			p := path(cp+".channels", j)
			n = append(n, p, p+".kind", p+".duration", p+".unit", p+".description", p+".fees")
			for k := range ch.Fees {
				fp := path(p+".fees", k)
				n = append(n, fp, fp+".kind", fp+".amount", fp+".description")
			}
		}
		n = append(n, cp+".documents")
		for j := range c.Documents {
			p := path(cp+".documents", j)
			n = append(n, p, p+".name", p+".originals", p+".copies", p+".template", p+".notes")
		}
		n = append(n, cp+".stages")
		for j := range c.Stages {
			p := path(cp+".stages", j)
			n = append(n, p, p+".name", p+".agency", p+".duration", p+".unit")
		}
	}
	n = append(n, "results")
	for i := range f.Results {
		p := path("results", i)
		n = append(n, p, p+".name", p+".code", p+".template")
	}
	n = append(n, "legal_bases")
	for i := range f.LegalBases {
		p := path("legal_bases", i)
		n = append(n, p, p+".number", p+".title", p+".date", p+".issuer")
	}
	return n
}

// placeErrors moves each error to a field the page shows, keeps one error
// per field, and sorts them in page order.
func placeErrors(f adminview.ProcedureForm, errs valid.Errors) valid.Errors {
	names := fieldNames(f)
	pos := make(map[string]int, len(names))
	for i, n := range names {
		pos[n] = i
	}
	var out valid.Errors
	for _, e := range errs {
		for {
			if _, ok := pos[e.Field]; ok {
				break
			}
			i := strings.LastIndexAny(e.Field, ".[")
			if i <= 0 {
				break
			}
			e.Field = e.Field[:i]
		}
		if !out.Has(e.Field) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, ok := pos[out[i].Field]
		if !ok {
			pi = len(names)
		}
		pj, ok := pos[out[j].Field]
		if !ok {
			pj = len(names)
		}
		return pi < pj
	})
	return out
}
