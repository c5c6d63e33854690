// Package filestore keeps uploaded files: Local implements upload.Store on
// a directory of the local file system, and upload.Inventory (listing its
// files for the sweep). A disk that is full, read-only or closed to the
// server's user fails with upload.ErrUnavailable; Ready probes the real
// directory for /readyz; SetFault plays such a disk in tests.
//
// It is an adapter: it imports the standard library and the domain package
// upload (whose interface it implements), and does I/O with the OS.
package filestore
