// Package journey holds browser journeys through the real server in headless
// Chromium: each test starts the whole application on a fresh database
// (internal/apptest), drives it the way a person does, by clicking links and
// buttons and typing into fields (internal/browsertest), and checks every
// page it reaches with axe-core for WCAG 2.1 AA. It is test-only: the package
// has no non-test code besides this comment.
package journey
