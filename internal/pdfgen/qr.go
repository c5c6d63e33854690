package pdfgen

import (
	"fmt"

	"rsc.io/qr"
)

// qrQuiet is the white border around a QR code, in modules, as the
// standard asks.
const qrQuiet = 4

// qrDraw draws text as a QR code (error correction M) in a square of side
// millimetres at (x, y), quiet zone included, and makes the square a link
// to text.
//
// The code is drawn as vector rectangles, one per horizontal run of dark
// modules, rather than embedded as an image: it stays sharp at any zoom
// and printer resolution, adds about 2 KB to the file, and costs no image
// compression (encoding a PNG took longer than the rest of a receipt).
func (p *page) qrDraw(x, y, side float64, text string) error {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return fmt.Errorf("pdfgen: qr: %w", err)
	}
	m := side / float64(code.Size+2*qrQuiet)
	// Runs overlap their neighbours by a hair so that viewers' smoothing
	// leaves no light seams between rows.
	const seam = 0.02
	p.f.SetFillColor(0, 0, 0)
	for row := range code.Size {
		for col := 0; col < code.Size; {
			if !code.Black(col, row) {
				col++
				continue
			}
			start := col
			for col < code.Size && code.Black(col, row) {
				col++
			}
			p.f.Rect(x+float64(qrQuiet+start)*m, y+float64(qrQuiet+row)*m,
				float64(col-start)*m+seam, m+seam, "F")
		}
	}
	p.f.LinkString(x, y, side, side, text)
	return nil
}
