package pgstore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/pgstore"
)

// Every column that names a stored file is one FileRefs asks about: a new
// table with files must be added there, or the sweep would remove its
// files.
func TestFileKeyTables(t *testing.T) {
	db := dbtest.Open(t)
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT DISTINCT table_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND (column_name LIKE '%storage%' OR column_name LIKE '%file_key%'
			OR column_name LIKE '%file_path%' OR column_name LIKE '%blob%')
		ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		got = append(got, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(pgstore.FileKeyTables))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tables with a file column (-FileRefs +schema):\n%s", diff)
	}
}
