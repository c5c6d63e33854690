// Package portal holds the handlers citizens and businesses use: home,
// login and logout, registration, account and password, language. Handlers
// bind forms, call one service method, and re-render with 422 or redirect
// with 303.
package portal
