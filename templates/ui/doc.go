// Package ui is MotCua's design system: small templ components (buttons,
// form fields, error summary, tables, pagination, alerts, status badges,
// breadcrumb, cards) that emit the markup app.css styles.
//
// Each component takes one typed Props struct whose strings are already
// translated; the page layer (the *view packages and their handlers) looks
// up message keys, so this package never translates, never queries and never
// reads the request. Components render accessible markup (labels, hints and
// errors tied together with aria-describedby, aria-current, landmarks) and
// no inline scripts or styles, so pages pass a strict CSP and work without
// JavaScript.
//
// ui may import only the standard library and github.com/a-h/templ.
package ui
