package ingest

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// plainXMLTextBytewise is plainXMLText one byte at a time, as it was
// written first: the reference for the word-at-a-time version.
func plainXMLTextBytewise(data []byte) bool {
	ascii := true
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	if ascii {
		return true
	}
	return utf8.Valid(data) && !bytes.Contains(data, []byte("\uFFFE")) && !bytes.Contains(data, []byte("\uFFFF"))
}

func TestPlainXMLText(t *testing.T) {
	check := func(b []byte) {
		t.Helper()
		if got, want := plainXMLText(b), plainXMLTextBytewise(b); got != want {
			t.Fatalf("plainXMLText(%q) = %v, want %v", b, got, want)
		}
	}
	base := []byte(" <trkpt lat=\"40.78\">\r\n\t<ele>32.5</ele>\n </trkpt>é")
	// Every byte value at every position of words and of the tail.
	for pos := range base {
		for c := range 256 {
			b := bytes.Clone(base)
			b[pos] = byte(c)
			check(b)
			check(b[:pos+1])
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			switch r.IntN(4) {
			case 0:
				b[i] = byte(r.IntN(0x21)) // controls and space
			case 1:
				b[i] = byte(0x80 + r.IntN(0x80))
			default:
				b[i] = byte(0x20 + r.IntN(0x60))
			}
		}
		check(b)
	}
}

func TestPlainDecimal(t *testing.T) {
	cases := []string{
		"0", "-0", "1", "87", "32.5", "40.7880242", "-73.9574975", "0.0001", "-0.000", "1.500",
		"123456789012345", "12345678901234.5", "0.00000000000001", "999999999999999", "-999999999999.999",
		"1234567890123456", "0.000000000000001", "", "-", ".5", "5.", "-.5", "+1", "1e5", "1.2.3",
		" 1", "1 ", "0x10", "1_0", "Inf", "NaN", "--1", "1-", "٣",
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteByte('-')
		}
		b.WriteString(strconv.Itoa(r.IntN(1000)))
		if r.IntN(4) > 0 {
			b.WriteByte('.')
			for range 1 + r.IntN(13) {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		cases = append(cases, b.String())
	}
	for _, c := range cases {
		checkPlainDecimal(t, c)
	}
}

func checkPlainDecimal(t *testing.T, s string) {
	t.Helper()
	got, ok := plainDecimal(s)
	gotB, okB := plainDecimal([]byte(s))
	if ok != okB || math.Float64bits(got) != math.Float64bits(gotB) {
		t.Fatalf("plainDecimal(%q): string %v %v, bytes %v %v", s, got, ok, gotB, okB)
	}
	if !ok {
		return
	}
	want, err := strconv.ParseFloat(s, 64)
	if err != nil || math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("plainDecimal(%q) = %v (%x), ParseFloat %v (%x), %v", s, got, math.Float64bits(got), want, math.Float64bits(want), err)
	}
}

// FuzzPlainDecimal holds plainDecimal to strconv.ParseFloat on any input it
// accepts.
func FuzzPlainDecimal(f *testing.F) {
	for _, s := range []string{"40.7880242", "-73.9574975", "87", "0.0001", "999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkPlainDecimal(t, s) })
}
