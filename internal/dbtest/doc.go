// Package dbtest gives each test its own freshly migrated PostgreSQL
// database, cloned from a template database so a test pays for a
// CREATE DATABASE (tens of milliseconds), not for running every migration.
//
// The cluster comes from MOTCUA_TEST_DATABASE_URL, a URL to a maintenance
// database (usually "postgres") of a disposable cluster that `make test`
// starts. There is deliberately no fallback: tests never touch a database
// they were not given, and never skip silently when none is configured.
//
// The template is named motcua_tmpl_<hash of the migration files>, so a
// changed migration gets a new template and stale ones are dropped. It is
// built once per cluster under a PostgreSQL advisory lock, which keeps the
// parallel test binaries of `go test ./...` from racing each other.
//
// dbtest is a test helper: it may import pgstore, the migrations and the
// pgx driver, and it must only be imported from _test.go files.
package dbtest
