// Package account owns people's accounts: citizens and businesses who
// register themselves, and staff (clerk, officer, leader, admin) created by an
// administrator and attached to one unit. It owns the roles, password
// hashing (argon2id), login throttling and the rules for registration,
// staff creation and password changes.
//
// It imports only the standard library, golang.org/x/crypto and the domain
// packages valid and audit; the stores it needs are the interfaces in
// store.go, implemented by internal/pgstore.
package account
