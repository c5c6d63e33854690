package pgstore

// FileKeyTables exposes fileKeyTables to the schema test.
var FileKeyTables = fileKeyTables
