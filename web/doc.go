// Package web is MotCua's HTTP layer: the Echo server, its middleware, the
// one route table (every route declares the roles it allows; deny by
// default), the central error handler, and health, readiness and metrics
// endpoints. Handlers live in the audience packages portal (citizens and
// businesses), office (staff), admin (administrators) and api (JSON).
//
// It may import internal domain packages, templates and static; never
// internal/pgstore or GORM (cmd/motcua wires the stores in).
package web
