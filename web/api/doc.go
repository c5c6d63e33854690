// Package api holds the JSON API under /api/v1: the procedure catalogue,
// dossier status, the verification of issued documents, communes and
// deadlines. Every response is JSON, errors included ({"error": {"status",
// "message"}}), and every endpoint is described in the OpenAPI 3 document
// served at /api/v1/openapi.json, which the tests validate real responses
// against.
package api
