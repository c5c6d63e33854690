// Package filestore keeps uploaded files: Local implements upload.Store on
// a directory of the local file system.
//
// It is an adapter: it imports the standard library and the domain package
// upload (whose interface it implements), and does I/O with the OS.
package filestore
