// Package adminview holds the administration pages (users, units, and later
// catalogue, e-forms, workflows, holidays, templates). Typed props; views
// never query.
package adminview
