// Package htmlcheck validates HTML documents in tests with the Nu HTML
// checker (vnu), run as a local HTTP server by scripts/vnu.sh.
//
//	htmlcheck.Validate(t, body) // body: a whole rendered page
//
// Validate posts the document to the server at $VNU_URL and reports every
// message of type "error" with t.Errorf. When VNU_URL is unset (no Java, or the
// tests run without `make test`), Validate logs once that HTML validity was
// not checked and returns; it does not skip the test.
package htmlcheck
