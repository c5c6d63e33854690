package pdfgen

import (
	"testing"
)

// BenchmarkReceipt renders the receipt fixture (one page with a QR code)
// and reports the size of the file and the CPU time per receipt (the
// wall-clock ns/op counts time waiting for a busy machine's cores too).
func BenchmarkReceipt(b *testing.B) {
	r := New()
	d := receiptFixture()
	var size int
	cpu0 := cpuTime()
	for b.Loop() {
		out, err := r.Render(b.Context(), d)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "bytes/pdf")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
