package pgstore

import (
	"context"
	"strings"

	"github.com/motcua/motcua/internal/upload"
)

// fileKeyTables are the tables whose storage_key names a stored file: all
// of them (TestFileKeyTables checks the schema has no other), so that the
// file store's sweep never removes a file a row still names.
var fileKeyTables = []string{"attachments", "documents"}

// referencedQuery returns the keys in $1 that a row of any of
// fileKeyTables names.
var referencedQuery = func() string {
	var q []string
	for _, t := range fileKeyTables {
		q = append(q, "SELECT storage_key FROM "+t+" WHERE storage_key = ANY($1)")
	}
	return strings.Join(q, " UNION ")
}()

// FileRefs implements upload.References over every table with a file key.
type FileRefs struct{ db *DB }

// NewFileRefs builds a FileRefs.
func NewFileRefs(db *DB) *FileRefs { return &FileRefs{db: db} }

var _ upload.References = (*FileRefs)(nil)

// Referenced returns the keys among keys that some row names.
func (s *FileRefs) Referenced(ctx context.Context, keys []string) (map[string]bool, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, referencedQuery, keys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}
