// Package i18n holds MotCua's message catalogue (Vietnamese first, English
// second) and the formatting rules for dates, times and money. Every
// user-visible sentence is a key here; log messages are English and stay in
// code.
//
// The catalogue is a set of JSON files under messages/, one per area, each
// mapping a key to {"vi": ..., "en": ...}. Keys are unique across files.
// It imports only the standard library.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Lang is a supported language.
type Lang string

const (
	VI Lang = "vi"
	EN Lang = "en"
)

// Langs lists the supported languages, the default first.
var Langs = []Lang{VI, EN}

// ParseLang returns the language named by s, and false when unsupported.
func ParseLang(s string) (Lang, bool) {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case VI:
		return VI, true
	case EN:
		return EN, true
	}
	return "", false
}

//go:embed messages/*.json
var messageFS embed.FS

type entry struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

// Catalog is the loaded set of messages.
type Catalog struct {
	msgs map[string]entry
}

// Load parses the embedded catalogue, refusing duplicate keys and entries
// missing a language.
func Load() (*Catalog, error) { return load(messageFS) }

// MustLoad is Load for main and tests; it panics on a broken catalogue,
// which the catalogue test catches before anything ships.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func load(fsys fs.FS) (*Catalog, error) {
	files, err := fs.Glob(fsys, "messages/*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{msgs: map[string]entry{}}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var m map[string]entry
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		for k, e := range m {
			if _, dup := c.msgs[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q defined twice", f, k)
			}
			if e.VI == "" || e.EN == "" {
				return nil, fmt.Errorf("i18n: %s: key %q needs both vi and en", f, k)
			}
			c.msgs[k] = e
		}
	}
	return c, nil
}

// Keys lists every key, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether key exists.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[key]; return ok }

// Printer translates and formats for one language.
func (c *Catalog) Printer(l Lang) Printer { return Printer{cat: c, lang: l} }

// Printer translates keys and formats values for one language. The zero
// value prints keys unchanged, which makes a missing catalogue visible.
type Printer struct {
	cat  *Catalog
	lang Lang
}

// Lang is the printer's language.
func (p Printer) Lang() Lang { return p.lang }

// T returns the message for key in the printer's language, with args
// substituted for {0}, {1}, ... A missing key returns the key itself so the
// gap shows on the page (and the catalogue test catches it).
func (p Printer) T(key string, args ...any) string {
	if p.cat == nil {
		return key
	}
	e, ok := p.cat.msgs[key]
	if !ok {
		return key
	}
	s := e.VI
	if p.lang == EN {
		s = e.EN
	}
	for i, a := range args {
		s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", fmt.Sprint(a))
	}
	return s
}

// Zone is the time zone of every date and time shown: Asia/Ho_Chi_Minh is
// UTC+7 all year (no daylight saving), so a fixed zone avoids depending on
// the machine's tzdata.
var Zone = time.FixedZone("ICT", 7*60*60)

// Date formats t as dd/mm/yyyy in Vietnam time.
func (p Printer) Date(t time.Time) string { return t.In(Zone).Format("02/01/2006") }

// DateTime formats t as HH:MM dd/mm/yyyy (24-hour) in Vietnam time, the
// order Vietnamese administrative documents use.
func (p Printer) DateTime(t time.Time) string { return t.In(Zone).Format("15:04 02/01/2006") }

// Money formats an amount of Vietnamese dong: "20.000 đồng" in Vietnamese,
// "20,000 VND" in English.
func (p Printer) Money(vnd int64) string {
	if p.lang == EN {
		return GroupThousands(vnd, ",") + " VND"
	}
	return GroupThousands(vnd, ".") + " đồng"
}

// Decimal formats a number with the language's decimal mark: "0,5" in
// Vietnamese, "0.5" in English.
func (p Printer) Decimal(d float64) string {
	s := strconv.FormatFloat(d, 'f', -1, 64)
	if p.lang != EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// GroupThousands writes n with sep between groups of three digits:
// GroupThousands(20000, ".") is "20.000".
func GroupThousands(n int64, sep string) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
