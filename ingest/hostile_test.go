package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"testing"
	"time"
)

// overlapZip is a zip whose central directory lists n members, named
// m00.ext, m01.ext…, that all point at the data of one member: a crafted
// zip, as in David Fifield's overlapping-file bombs.
func overlapZip(t testing.TB, ext string, data []byte, method uint16, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "m00." + ext, Method: method})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	eocd := len(b) - 22
	if binary.LittleEndian.Uint32(b[eocd:]) != 0x06054b50 {
		t.Fatal("overlapZip: no end of central directory")
	}
	cdOff := int(binary.LittleEndian.Uint32(b[eocd+16:]))
	entry := b[cdOff:eocd]
	out := append([]byte(nil), b[:cdOff]...)
	for i := range n {
		e := append([]byte(nil), entry...)
		copy(e[46:], fmt.Sprintf("m%02d", i%100)) // same length as "m00"
		out = append(out, e...)
	}
	end := append([]byte(nil), b[eocd:]...)
	binary.LittleEndian.PutUint16(end[8:], uint16(n))
	binary.LittleEndian.PutUint16(end[10:], uint16(n))
	binary.LittleEndian.PutUint32(end[12:], uint32(n*len(entry)))
	binary.LittleEndian.PutUint32(end[16:], uint32(cdOff))
	return append(out, end...)
}

// nestedOverlapZip nests overlapZip levels deep around a small GPX run:
// fan^levels activities from a few kilobytes.
func nestedOverlapZip(t testing.TB, fan, levels int) []byte {
	t.Helper()
	data := overlapZip(t, "gpx", runGPX(readT0, 45, 7, 3), zip.Store, fan)
	for range levels - 1 {
		data = overlapZip(t, "zip", data, zip.Store, fan)
	}
	return data
}

func TestHostileBefore(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"nested15", nestedOverlapZip(t, 15, 4)},
		{"deflate200", overlapZip(t, "gpx", make([]byte, 16<<20-1), zip.Deflate, 200)},
	} {
		tmp := t.TempDir()
		writeFile(t, tmp+"/h.zip", c.data)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		t0 := time.Now()
		b, err := Read(ctx, []string{tmp + "/h.zip"}, Options{newZoneFinder: (&fakeFinder{}).load})
		cancel()
		n := 0
		if b != nil {
			n = len(b.Activities)
		}
		t.Logf("%s: %d bytes, %v, err %v, %d activities", c.name, len(c.data), time.Since(t0), err, n)
	}
}
