package catalog

import (
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/valid"
)

var (
	codeRe     = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)
	unitCodeRe = regexp.MustCompile(`^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.H[0-9]{2}$`)
)

// ValidCode reports whether s is a national procedure code (n.nnnnnn).
func ValidCode(s string) bool { return codeRe.MatchString(s) }

// unitKinds are the org kinds an agency may stand for.
var unitKinds = []string{"province", "office", "service_centre", "department", "police", "commune", "commune_centre"}

// ValidateRecord checks a record and returns its problems, each with the
// path of the field (e.g. "cases[0].channels[1].fees[0].amount") and a
// message key of the catalogue (catalog.error.*).
func ValidateRecord(r Record) valid.Errors {
	var e valid.Errors
	if !ValidCode(r.Code) {
		e.Add("code", "catalog.error.code")
	}
	required(&e, "name", r.Name, 500)
	if !slices.Contains(Levels, r.Level) {
		e.Add("level", "catalog.error.choose")
	}
	required(&e, "field.code", r.Field.Code, 20)
	required(&e, "field.name", r.Field.Name, 200)
	if len(r.Subjects) == 0 {
		e.Add("subjects", "catalog.error.subjects")
	}
	for i, s := range r.Subjects {
		if !slices.Contains(Subjects, s) || slices.Index(r.Subjects, s) != i {
			e.Add(path("subjects", i), "catalog.error.choose")
		}
	}
	implementing := false
	for i, a := range r.Agencies {
		p := path("agencies", i)
		switch a.Role {
		case AgencyCompetent, AgencyCoordinating:
		case AgencyImplementing:
			implementing = true
		default:
			e.Add(p+".role", "catalog.error.choose")
		}
		required(&e, p+".name", a.Name, 300)
		if a.UnitCode != "" && !unitCodeRe.MatchString(a.UnitCode) {
			e.Add(p+".unit_code", "catalog.error.unit_code")
		}
		if a.UnitKind != "" && !slices.Contains(unitKinds, a.UnitKind) {
			e.Add(p+".unit_kind", "catalog.error.choose")
		}
	}
	if !implementing {
		e.Add("agencies", "catalog.error.implementing")
	}
	if len(r.Cases) == 0 {
		e.Add("cases", "catalog.error.cases")
	}
	for i, c := range r.Cases {
		validateCase(&e, path("cases", i), c)
	}
	if len(r.Results) == 0 {
		e.Add("results", "catalog.error.results")
	}
	for i, res := range r.Results {
		required(&e, path("results", i)+".name", res.Name, 500)
	}
	if len(r.LegalBases) == 0 {
		e.Add("legal_bases", "catalog.error.legal_bases")
	}
	for i, l := range r.LegalBases {
		p := path("legal_bases", i)
		required(&e, p+".number", l.Number, 100)
		required(&e, p+".title", l.Title, 1000)
		if l.Date != "" && !validDate(l.Date) {
			e.Add(p+".date", "catalog.error.date")
		}
	}
	if !slices.Contains(OnlineLevels, r.OnlineLevel) {
		e.Add("online_level", "catalog.error.choose")
	} else if r.OnlineLevel != OnlineNone && !r.AcceptsOnline() && len(r.Cases) > 0 {
		e.Add("online_level", "catalog.error.online_channel")
	}
	if r.EffectiveFrom != "" && !validDate(r.EffectiveFrom) {
		e.Add("effective_from", "catalog.error.date")
	}
	if r.EffectiveTo != "" && !validDate(r.EffectiveTo) {
		e.Add("effective_to", "catalog.error.date")
	} else if r.EffectiveTo != "" && r.EffectiveFrom != "" && r.EffectiveTo < r.EffectiveFrom {
		e.Add("effective_to", "catalog.error.effective_order")
	}
	return e
}

func validateCase(e *valid.Errors, p string, c Case) {
	required(e, p+".name", c.Name, 500)
	if len(c.Channels) == 0 {
		e.Add(p+".channels", "catalog.error.channels")
	}
	var kinds []ChannelKind
	for j, ch := range c.Channels {
		cp := path(p+".channels", j)
		switch {
		case !slices.Contains(ChannelKinds, ch.Kind):
			e.Add(cp+".kind", "catalog.error.choose")
		case slices.Contains(kinds, ch.Kind):
			e.Add(cp+".kind", "catalog.error.channel_twice")
		}
		kinds = append(kinds, ch.Kind)
		switch {
		case !slices.Contains(DurationUnits, ch.Unit):
			e.Add(cp+".unit", "catalog.error.choose")
		case ch.Unit == SameDay && ch.Duration != 0:
			e.Add(cp+".duration", "catalog.error.same_day")
		case ch.Unit != SameDay && (ch.Duration <= 0 || ch.Duration > 365):
			e.Add(cp+".duration", "catalog.error.duration")
		}
		for k, f := range ch.Fees {
			fp := path(cp+".fees", k)
			if f.Kind != KindPhi && f.Kind != KindLePhi {
				e.Add(fp+".kind", "catalog.error.choose")
			}
			if f.Amount < 0 || f.Amount > 1_000_000_000_000 {
				e.Add(fp+".amount", "catalog.error.amount")
			}
		}
	}
	for j, d := range c.Documents {
		dp := path(p+".documents", j)
		required(e, dp+".name", d.Name, 1000)
		if d.Originals < 0 || d.Copies < 0 || d.Originals > 100 || d.Copies > 100 {
			e.Add(dp+".originals", "catalog.error.count")
		}
	}
	for j, s := range c.Stages {
		sp := path(p+".stages", j)
		required(e, sp+".name", s.Name, 300)
		required(e, sp+".agency", s.Agency, 300)
		if !slices.Contains(DurationUnits, s.Unit) || s.Unit == SameDay || s.Duration <= 0 {
			e.Add(sp+".duration", "catalog.error.duration")
		}
	}
}

func required(e *valid.Errors, field, v string, maxLen int) {
	switch {
	case v == "":
		e.Add(field, "catalog.error.required")
	case !valid.Length(v, 1, maxLen):
		e.Add(field, "catalog.error.too_long", maxLen)
	}
}

func path(p string, i int) string { return p + "[" + strconv.Itoa(i) + "]" }

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
