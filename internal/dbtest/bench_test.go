package dbtest

import (
	"context"
	"os"
	"testing"
	"time"
)

// BenchmarkClone measures one clone of the template plus its drop, the
// price every test pays for its own database; create-ms/op is the clone alone.
func BenchmarkClone(b *testing.B) {
	base := os.Getenv(EnvURL)
	if base == "" {
		b.Fatal(EnvURL + " is not set: run `make test`")
	}
	DSN(b) // builds the template outside the timed loop
	db, err := maintenance(base)
	if err != nil {
		b.Fatal(err)
	}
	tmpl, err := template(db, base)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var create time.Duration
	for b.Loop() {
		name, err := randomName()
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := createFrom(ctx, db, name, tmpl); err != nil {
			b.Fatal(err)
		}
		create += time.Since(start)
		if err := dropDatabase(ctx, db, name); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(create.Microseconds())/float64(b.N)/1000, "create-ms/op")
}
