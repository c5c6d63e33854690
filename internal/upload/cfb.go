package upload

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
)

// A minimal reader for the directory of a Compound File Binary file
// ([MS-CFB]), the container of Word 97-2003 (.doc) and Excel 97-2003 (.xls)
// files, and of much else (MSI installers, PowerPoint, Outlook messages,
// encrypted OOXML). It reads only what telling DOC from XLS needs: the names
// and kinds of the root storage's direct children. Every offset comes from
// the file, so every one is checked against the file's size, every chain
// walk is bounded by the number of sectors, and nothing is allocated in
// proportion to a number the file claims.

const (
	cfbMagic        = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	cfbHeaderLen    = 512
	cfbEntryLen     = 128
	cfbHeaderDIFAT  = 109        // FAT sector locations held in the header itself
	cfbMaxRegSect   = 0xFFFFFFFA // sector numbers above this are markers
	cfbEndOfChain   = 0xFFFFFFFE
	cfbNoStream     = 0xFFFFFFFF
	cfbMaxDirSector = 4096 // directory sectors read at most: 16384 entries or more, far beyond any real document

	cfbMaxRootChildren = 1024 // a document's root holds a handful

	cfbStorage = 1
	cfbStream  = 2
	cfbRoot    = 5
)

// cfbEntry is one directory entry: a stream (file) or a storage (folder).
type cfbEntry struct {
	name string
	kind byte
}

type cfbReader struct {
	r          io.ReaderAt
	sectorSize int64
	nSectors   uint32   // sectors that start inside the file
	difat      []uint32 // locations of the FAT sectors, in order
	dir        []uint32 // the directory's sector chain
	buf        [cfbEntryLen]byte
}

var errCFB = errors.New("malformed compound file")

// cfbRootEntries returns the direct children of the root storage.
func cfbRootEntries(r io.ReaderAt, size int64) ([]cfbEntry, error) {
	c := &cfbReader{r: r}
	if err := c.readHeader(size); err != nil {
		return nil, err
	}
	root, _, _, child, err := c.entry(0)
	if err != nil {
		return nil, err
	}
	if root.kind != cfbRoot {
		return nil, fmt.Errorf("%w: bad root entry", errCFB)
	}
	// The children of a storage form a red-black tree linked through the
	// left and right sibling fields; walk it iteratively, refusing cycles.
	total := uint32(len(c.dir)) * uint32(c.sectorSize/cfbEntryLen)
	seen := make([]uint64, (total+63)/64)
	stack := []uint32{child}
	var out []cfbEntry
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if id == cfbNoStream {
			continue
		}
		if id == 0 || id >= total || seen[id/64]&(1<<(id%64)) != 0 {
			return nil, fmt.Errorf("%w: bad directory tree", errCFB)
		}
		if len(out) >= cfbMaxRootChildren {
			return nil, fmt.Errorf("%w: too many root entries", errCFB)
		}
		seen[id/64] |= 1 << (id % 64)
		e, l, r, _, err := c.entry(id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		stack = append(stack, l, r)
	}
	return out, nil
}

func (c *cfbReader) readHeader(size int64) error {
	var h [cfbHeaderLen]byte
	if size < cfbHeaderLen {
		return fmt.Errorf("%w: short header", errCFB)
	}
	if _, err := c.r.ReadAt(h[:], 0); err != nil {
		return fmt.Errorf("%w: %w", errCFB, err)
	}
	if string(h[:8]) != cfbMagic {
		return fmt.Errorf("%w: no signature", errCFB)
	}
	le := binary.LittleEndian
	major, order, shift := le.Uint16(h[0x1A:]), le.Uint16(h[0x1C:]), le.Uint16(h[0x1E:])
	switch {
	case order != 0xFFFE:
		return fmt.Errorf("%w: byte order", errCFB)
	case major == 3 && shift == 9, major == 4 && shift == 12:
	default:
		return fmt.Errorf("%w: version %d with sector shift %d", errCFB, major, shift)
	}
	c.sectorSize = 1 << shift
	// The header takes the first sector; sector n starts at (n+1)*size. A
	// last sector cut short is tolerated: reads of the parts used are checked.
	n := (size - 1) / c.sectorSize // sectors starting before the end
	if n < 1 {
		return fmt.Errorf("%w: no sectors", errCFB)
	}
	c.nSectors = uint32(min(n, cfbMaxRegSect))

	numFAT := le.Uint32(h[0x2C:])
	firstDir := le.Uint32(h[0x30:])
	firstDIFAT := le.Uint32(h[0x44:])
	numDIFAT := le.Uint32(h[0x48:])
	if numFAT == 0 || numFAT > c.nSectors || numDIFAT > c.nSectors {
		return fmt.Errorf("%w: sector counts", errCFB)
	}
	c.difat = make([]uint32, 0, numFAT)
	for i := 0; i < cfbHeaderDIFAT && uint32(len(c.difat)) < numFAT; i++ {
		c.difat = append(c.difat, le.Uint32(h[0x4C+4*i:]))
	}
	if err := c.readDIFAT(firstDIFAT, numDIFAT, numFAT); err != nil {
		return err
	}
	return c.readDirChain(firstDir)
}

// readDIFAT appends the FAT sector locations kept in DIFAT sectors, needed
// only by files larger than about 7 MB (109 FAT sectors of 512 bytes).
func (c *cfbReader) readDIFAT(sec, count, numFAT uint32) error {
	le := binary.LittleEndian
	per := uint32(c.sectorSize/4) - 1 // the last word links to the next DIFAT sector
	var word [4]byte
	for i := uint32(0); uint32(len(c.difat)) < numFAT; i++ {
		if i >= count {
			return fmt.Errorf("%w: DIFAT too short", errCFB)
		}
		for j := uint32(0); j < per && uint32(len(c.difat)) < numFAT; j++ {
			if err := c.readSector(sec, int64(4*j), word[:]); err != nil {
				return err
			}
			c.difat = append(c.difat, le.Uint32(word[:]))
		}
		if err := c.readSector(sec, int64(4*per), word[:]); err != nil {
			return err
		}
		sec = le.Uint32(word[:])
	}
	return nil
}

func (c *cfbReader) readDirChain(sec uint32) error {
	for sec != cfbEndOfChain {
		if len(c.dir) >= cfbMaxDirSector || uint32(len(c.dir)) >= c.nSectors {
			return fmt.Errorf("%w: directory chain too long or cyclic", errCFB)
		}
		if sec >= c.nSectors {
			return fmt.Errorf("%w: directory sector out of range", errCFB)
		}
		c.dir = append(c.dir, sec)
		next, err := c.fatNext(sec)
		if err != nil {
			return err
		}
		sec = next
	}
	if len(c.dir) == 0 {
		return fmt.Errorf("%w: empty directory", errCFB)
	}
	return nil
}

// fatNext returns the sector after sec in its chain.
func (c *cfbReader) fatNext(sec uint32) (uint32, error) {
	per := uint32(c.sectorSize / 4)
	idx := sec / per
	if idx >= uint32(len(c.difat)) {
		return 0, fmt.Errorf("%w: FAT too short", errCFB)
	}
	var word [4]byte
	if err := c.readSector(c.difat[idx], int64(4*(sec%per)), word[:]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(word[:]), nil
}

// readSector fills p from offset off inside sector sec.
func (c *cfbReader) readSector(sec uint32, off int64, p []byte) error {
	if sec >= c.nSectors || off < 0 || off+int64(len(p)) > c.sectorSize {
		return fmt.Errorf("%w: sector %d out of range", errCFB, sec)
	}
	n, err := c.r.ReadAt(p, (int64(sec)+1)*c.sectorSize+off)
	if n < len(p) {
		return fmt.Errorf("%w: truncated: %w", errCFB, err)
	}
	return nil
}

// entry reads directory entry id and returns it with its left sibling,
// right sibling and first child ids.
func (c *cfbReader) entry(id uint32) (e cfbEntry, left, right, child uint32, err error) {
	per := uint32(c.sectorSize / cfbEntryLen)
	pos := id / per
	if pos >= uint32(len(c.dir)) {
		return e, 0, 0, 0, fmt.Errorf("%w: entry %d out of range", errCFB, id)
	}
	b := c.buf[:]
	if err := c.readSector(c.dir[pos], int64(id%per)*cfbEntryLen, b); err != nil {
		return e, 0, 0, 0, err
	}
	le := binary.LittleEndian
	// The name is UTF-16LE, at most 31 units plus a terminating zero; the
	// length field counts bytes including that zero.
	nameLen := int(le.Uint16(b[0x40:]))
	if nameLen > 64 || nameLen%2 != 0 {
		return e, 0, 0, 0, fmt.Errorf("%w: entry name length", errCFB)
	}
	units := make([]uint16, 0, 32)
	for i := 0; i < nameLen-2; i += 2 {
		units = append(units, le.Uint16(b[i:]))
	}
	e.name = string(utf16.Decode(units))
	e.kind = b[0x42]
	return e, le.Uint32(b[0x44:]), le.Uint32(b[0x48:]), le.Uint32(b[0x4C:]), nil
}
