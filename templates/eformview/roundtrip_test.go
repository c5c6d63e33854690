package eformview_test

import (
	"io/fs"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/templates/eformview"
)

// sampleAnswers answers every field of f, in a way that opens conditional
// questions (the last option of a choice, "yes"), with variant picking
// other values so two runs cover more. Groups get items items.
func sampleAnswers(f eform.Form, variant, items int) (eform.Answers, map[string][]eformview.FileView) {
	a := eform.Answers{}
	files := map[string][]eformview.FileView{}
	for _, pg := range f.Pages {
		for _, fl := range pg.Fields() {
			if fl.Kind == eform.KindFile {
				id := fl.ID + "-file"
				a[fl.ID] = eform.Value{List: []string{id}}
				files[fl.ID] = []eformview.FileView{{ID: id, Name: fl.ID + ".pdf", Size: "120 KB", Href: templ.SafeURL("/tep/" + id)}}
				continue
			}
			if fl.Kind == eform.KindGroup {
				var list []eform.Answers
				for i := range items {
					item := eform.Answers{}
					for _, sf := range fl.Fields {
						if v, ok := sampleValue(sf, variant+i); ok {
							item[sf.ID] = v
						}
					}
					list = append(list, item)
				}
				a[fl.ID] = eform.Value{Items: list}
				continue
			}
			if v, ok := sampleValue(fl, variant); ok {
				a[fl.ID] = v
			}
		}
	}
	return a, files
}

func sampleValue(fl eform.Field, variant int) (eform.Value, bool) {
	pick := func(n int) int {
		if variant%2 == 0 {
			return n - 1
		}
		return variant % n
	}
	switch fl.Kind {
	case eform.KindText:
		return eform.Value{Text: "Trả lời " + fl.ID}, true
	case eform.KindTextarea:
		return eform.Value{Text: "Dòng một của " + fl.ID + "\nDòng hai"}, true
	case eform.KindNumber:
		if fl.Min != nil {
			return eform.Value{Text: strconv.FormatFloat(*fl.Min+1, 'f', -1, 64)}, true
		}
		return eform.Value{Text: "3.5"}, true
	case eform.KindMoney:
		if fl.Min != nil {
			return eform.Value{Text: strconv.FormatInt(int64(*fl.Min)+1000000, 10)}, true
		}
		return eform.Value{Text: "2500000"}, true
	case eform.KindDate:
		if fl.MinDate == "today" {
			return eform.Value{Text: time.Now().AddDate(0, 0, 10).Format(time.DateOnly)}, true
		}
		return eform.Value{Text: "1990-02-17"}, true
	case eform.KindSelect, eform.KindRadio:
		if len(fl.Options) == 0 {
			return eform.Value{}, false
		}
		return eform.Value{Text: fl.Options[pick(len(fl.Options))].Value}, true
	case eform.KindCheckboxes:
		var list []string
		for i, o := range fl.Options {
			if i%2 == variant%2 || len(fl.Options) == 1 {
				list = append(list, o.Value)
			}
		}
		return eform.Value{List: list}, true
	case eform.KindYesNo:
		if variant%2 == 0 {
			return eform.Value{Text: "yes"}, true
		}
		return eform.Value{Text: "no"}, true
	case eform.KindEmail:
		return eform.Value{Text: "nguoi.nop@example.vn"}, true
	case eform.KindPhone:
		return eform.Value{Text: "0912345678"}, true
	case eform.KindPersonalID:
		return eform.Value{Text: "019190012345"}, true
	case eform.KindTaxCode:
		return eform.Value{Text: "4600123459"}, true
	case eform.KindAddress:
		if variant%3 == 2 {
			// Province chosen, commune not yet: still posted back.
			return eform.Value{Address: &eform.Address{Province: "01", Street: "Ngõ 1"}}, true
		}
		return eform.Value{Address: &eform.Address{Province: "19", Commune: "01843", Street: "Số " + strconv.Itoa(variant+1) + ", tổ 3"}}, true
	}
	return eform.Value{}, false
}

func TestRoundTripSeedForm(t *testing.T) {
	for i, f := range seedForms(t, "2.001583") {
		for variant := range 3 {
			t.Run(strconv.Itoa(i)+"/"+strconv.Itoa(variant), func(t *testing.T) {
				a, files := sampleAnswers(f, variant, 2)
				roundTrip(t, f, a, files)
			})
		}
	}
}

// TestRoundTripEverySeedForm does the same for every seed e-form, once.
func TestRoundTripEverySeedForm(t *testing.T) {
	names, err := fs.Glob(motcua.SeedFS, "testdata/seed/eforms/*.json")
	if err != nil || len(names) < 30 {
		t.Fatalf("%d seed e-forms, %v", len(names), err)
	}
	for _, name := range names {
		code := strings.TrimSuffix(path.Base(name), ".json")
		for i, f := range seedForms(t, code) {
			t.Run(code+"/"+strconv.Itoa(i), func(t *testing.T) {
				a, files := sampleAnswers(f, i, 3)
				roundTrip(t, f, a, files)
			})
		}
	}
}
