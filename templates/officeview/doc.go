// Package officeview holds the staff back-office pages (dashboard, queues,
// dossier processing). Typed props; views never query.
package officeview
