// Package eformview renders e-forms (tờ khai điện tử) for the citizen
// portal, the clerk's desk intake and the administrators' preview: the
// questions of one page (Fields), the "check your answers" list (Summary)
// and the task list of a multi-page application (TaskList).
//
// Input names and ids are the answer paths of internal/eform (decode.go):
// "id", "id.province" / "id.commune" / "id.street", repeated "id" for
// checkboxes and file slots, "id.N.sub" inside group items, and "_action"
// buttons ("add:<group>", "remove:<group>:<N>", "refresh",
// "remove-file:<file id>"), so Form.Decode reads back exactly what was
// rendered and an error path from Form.Clean is the id of the control it
// is about. Fields renders no <form>, CSRF token or submit button: the
// caller wraps them (with enctype="multipart/form-data" when the page has
// a file slot, and novalidate).
//
// Definition texts (labels, hints, options) are data and shown as they
// are; the renderer's own words are eformview.* keys of the catalogue.
// Conditional questions are rendered on the server and hidden with the
// HTML hidden attribute; static/js/app.js only shows and hides them live
// from their data attributes, and fills an address's commune list from
// the caller's JSON endpoint.
//
// It imports internal/eform, internal/i18n, internal/org, internal/valid,
// templates/ui and templ; it never queries.
package eformview
