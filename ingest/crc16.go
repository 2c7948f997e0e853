package ingest

// fitCRC16 returns the FIT CRC-16 of b (CRC-16/ARC: reflected polynomial
// 0xA001, initial value 0) sixteen bytes at a time. It gives what
// muktihari/fit's kit/hash/crc16 gives (a test checks), at 5.9–6.0 GB/s
// here on a quiet machine against its 0.26 GB/s (BENCHMARKS.md).
func fitCRC16(b []byte) uint16 {
	t := &fitCRC16Tables
	var crc uint16
	for ; len(b) >= 16; b = b[16:] {
		// The fourteen lookups that do not depend on crc come first, so
		// that only two lookups and two XORs wait for the previous block.
		rest := t[13][b[2]] ^ t[12][b[3]] ^
			t[11][b[4]] ^ t[10][b[5]] ^ t[9][b[6]] ^ t[8][b[7]] ^
			t[7][b[8]] ^ t[6][b[9]] ^ t[5][b[10]] ^ t[4][b[11]] ^
			t[3][b[12]] ^ t[2][b[13]] ^ t[1][b[14]] ^ t[0][b[15]]
		crc ^= uint16(b[0]) | uint16(b[1])<<8
		crc = t[15][crc&0xFF] ^ t[14][crc>>8] ^ rest
	}
	for _, c := range b {
		crc = crc>>8 ^ t[0][byte(crc)^c]
	}
	return crc
}

// fitCRC16Tables are the slicing-by-16 lookup tables of fitCRC16: t[k][i]
// is the CRC of byte i followed by k zero bytes.
var fitCRC16Tables = func() (t [16][256]uint16) {
	for i := range 256 {
		crc := uint16(i)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xA001
			} else {
				crc >>= 1
			}
		}
		t[0][i] = crc
	}
	for k := 1; k < 16; k++ {
		for i := range 256 {
			t[k][i] = t[k-1][i]>>8 ^ t[0][byte(t[k-1][i])]
		}
	}
	return t
}()
