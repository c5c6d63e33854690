// Package portalview holds the pages citizens and businesses see: home,
// login, registration, account, and the error pages. Each page takes a typed
// Props struct with its layout props and a printer; views never query.
package portalview
