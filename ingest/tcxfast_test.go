package ingest

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/internal/corpus"
)

// decodeTCXFullOnly decodes data with encoding/xml only, as DecodeTCX did
// before the fast pass: the cross-check for it.
func decodeTCXFullOnly(data []byte, source string) ([]Activity, error) {
	b, derr := tcxBytes(bytes.NewReader(data), source)
	if derr != nil {
		return nil, derr
	}
	return decodeTCXFull(b, source)
}

// sameAsFullTCX checks that DecodeTCX gives exactly what the encoding/xml
// path gives, activities and error; it reports whether the fast pass read
// data.
func sameAsFullTCX(t testing.TB, data []byte, source string) bool {
	t.Helper()
	fast := false
	if b, derr := tcxBytes(bytes.NewReader(data), source); derr == nil {
		_, fast = scanTCX(b)
	}
	got, gerr := DecodeTCX(bytes.NewReader(data), source)
	want, werr := decodeTCXFullOnly(data, source)
	if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() || !reflect.DeepEqual(gerr, werr) {
		t.Fatalf("%s (fast pass: %v): error %v, full path %v", source, fast, gerr, werr)
	}
	sameActivities(t, source, got, want)
	return fast
}

// tcxLeftToFull are the files the fast pass leaves to encoding/xml on
// purpose: malformed, or starting with spaces before the declaration.
var tcxLeftToFull = map[string]bool{
	"syntax-error.tcx": true,
}

// TestTCXFastPassMatchesFull holds the fast pass to the encoding/xml path
// on every TCX file of testdata, the demo and the corpus, and checks that
// it reads the well-formed ones itself.
func TestTCXFastPassMatchesFull(t *testing.T) {
	check := func(t *testing.T, files map[string][]byte) {
		fast := 0
		for path, b := range files {
			if sameAsFullTCX(t, b, filepath.Base(path)) {
				fast++
			} else if !tcxLeftToFull[filepath.Base(path)] {
				t.Errorf("%s: read by the full path, want the fast pass", path)
			}
		}
		t.Logf("%d of %d files through the fast pass", fast, len(files))
	}
	t.Run("testdata", func(t *testing.T) {
		files := xmlTestFiles(t, ".tcx", filepath.Join("testdata", "tcx"), filepath.Join("..", "testdata"))
		if len(files) < 7 {
			t.Fatalf("only %d TCX files found", len(files))
		}
		check(t, files)
	})
	t.Run("corpus", func(t *testing.T) {
		dir := corpus.Dir(t)
		files := xmlTestFiles(t, ".tcx", dir)
		if len(files) < 10 {
			t.Fatalf("only %d TCX files in the corpus", len(files))
		}
		check(t, files)
	})
}

// TestTCXFastPassOddities covers XML the fast pass must read exactly as
// encoding/xml does, or leave to the full path.
func TestTCXFastPassOddities(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:t="urn:x">`
	pt := func(extra string) string {
		return `<Trackpoint><Time>2024-05-01T07:00:00Z</Time><Position><LatitudeDegrees>47.1</LatitudeDegrees><LongitudeDegrees>8.5</LongitudeDegrees></Position>` + extra + `</Trackpoint>` +
			`<Trackpoint><Time>2024-05-01T07:00:05.5+02:00</Time><DistanceMeters>12.5</DistanceMeters><HeartRateBpm><Value>130</Value></HeartRateBpm></Trackpoint>`
	}
	act := func(attrs, inner string) string {
		return head + `<Activities><Activity` + attrs + `><Id>2024-05-01T07:00:00Z</Id><Lap StartTime="2024-05-01T07:00:00Z">` +
			`<TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters><Track>` + pt("") + `</Track></Lap>` +
			inner + `</Activity></Activities></TrainingCenterDatabase>`
	}
	cases := []struct {
		name string
		doc  string
		fast bool
	}{
		{"plain", act(` Sport="Running"`, ""), true},
		{"sport in any case, prefixed, repeated", act(` Sport="Biking" t:Sport="running"`, ""), true},
		{"sport as xmlns:Sport", act(` xmlns:Sport="Biking"`, ""), true},
		{"sport twice", act(` Sport="Running" Sport="Biking"`, ""), true},
		{"entities in sport and creator", act(` Sport="Run&#110;ing"`, `<Creator><Name> A &amp; B &#x263A; </Name></Creator>`), true},
		{"creator twice, second without name", act(` Sport="Running"`, `<Creator><Name>one</Name></Creator><Creator><Version/></Creator>`), true},
		{"creator name with comment and cdata", act(` Sport="Running"`, `<Creator><Name>Fore<!-- c -->runner <![CDATA[9&5]]></Name></Creator>`), true},
		{"crlf in name", act(` Sport="Running"`, "<Creator><Name>a\r\nb\rc</Name></Creator>"), true},
		{"prefixed elements", head + `<t:Activities><t:Activity Sport="Running"><t:Id>2024-05-01T07:00:00Z</t:Id><t:Lap StartTime="2024-05-01T07:00:00Z"><t:Track>` + pt("") + `</t:Track></t:Lap></t:Activity></t:Activities></TrainingCenterDatabase>`, true},
		{"unbound prefix", head + `<Activities><u:Activity Sport="Running"><Lap StartTime="2024-05-01T07:00:00Z"><Track>` + pt("") + `</Track></Lap></u:Activity></Activities></TrainingCenterDatabase>`, true},
		{"position twice", act(` Sport="Running"`, `<Lap><Track><Trackpoint><Time>2024-05-01T07:20:00Z</Time><Position><LatitudeDegrees>47.2</LatitudeDegrees></Position><Position><LongitudeDegrees>8.6</LongitudeDegrees></Position></Trackpoint></Track></Lap>`), true},
		{"empty position", act(` Sport="Running"`, `<Lap><Track><Trackpoint><Time>2024-05-01T07:20:00Z</Time><Position/></Trackpoint></Track></Lap>`), true},
		{"spaces and odd numbers", act(` Sport="Running"`, `<Lap StartTime=" 2024-05-01T07:10:00Z "><TotalTimeSeconds> +1e2 </TotalTimeSeconds><DistanceMeters>-5</DistanceMeters><AverageHeartRateBpm><Value>140.5</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>NaN</Value></MaximumHeartRateBpm><Track><Trackpoint><Time> 2024-05-01T07:20:00.123456789Z </Time><DistanceMeters>0x10</DistanceMeters><HeartRateBpm><Value>255.4</Value></HeartRateBpm></Trackpoint></Track></Lap>`), true},
		{"repeated id, last counts", act(` Sport="Running"`, `<Id>2030-01-01T00:00:00Z</Id><Id/>`), true},
		{"fields one level too deep are not read", act(` Sport="Running"`, `<Foo><Lap StartTime="2024-05-01T09:00:00Z"><TotalTimeSeconds>99</TotalTimeSeconds></Lap></Foo>`), true},
		{"multisport", head + `<Activities><MultiSportSession><FirstSport>` + strings.TrimPrefix(strings.TrimSuffix(act(` Sport="Biking"`, ""), `</Activities></TrainingCenterDatabase>`), head+`<Activities>`) + `</FirstSport></MultiSportSession></Activities></TrainingCenterDatabase>`, true},
		{"course only", head + `<Courses><Course><Name>x</Name><Track>` + pt("") + `</Track></Course></Courses></TrainingCenterDatabase>`, true},
		{"activity in a course", head + `<Courses><Course><Activity Sport="Running"/></Course></Courses></TrainingCenterDatabase>`, true},
		{"empty activity", head + `<Activities><Activity/></Activities></TrainingCenterDatabase>`, true},
		{"spaces before the declaration", "  \n" + act(` Sport="Running"`, ""), true},
		{"element inside a text", act(` Sport="Running"`, `<Creator><Name>a<b/>c</Name></Creator>`), false},
		{"unknown entity", act(` Sport="Running"`, `<Notes>&nbsp;</Notes>`), false},
		{"bare ampersand", act(` Sport="Running"`, `<Notes>a & b</Notes>`), false},
		{"]]> in text", act(` Sport="Running"`, `<Notes>a ]]> b</Notes>`), false},
		{"mismatched tags", head + `<Activities><Activity></Activities></Activity></TrainingCenterDatabase>`, false},
		{"unclosed", act(` Sport="Running"`, "")[:300], false},
		{"doctype", `<!DOCTYPE x>` + act(` Sport="Running"`, ""), false},
		{"latin1 declared", strings.Replace(act(` Sport="Running"`, ""), "UTF-8", "ISO-8859-1", 1), false},
		{"wrong root", `<gpx><Activity/></gpx>`, false},
		{"second root", act(` Sport="Running"`, "") + `<TrainingCenterDatabase/>`, false},
		{"processing instruction inside", act(` Sport="Running"`, `<?pi x?>`), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameAsFullTCX(t, []byte(tc.doc), "x.tcx"); got != tc.fast {
				t.Errorf("fast pass used: %v, want %v", got, tc.fast)
			}
		})
	}
}

// FuzzTCXFastPass checks that whatever the fast pass reads, it reads as
// encoding/xml does, and that errors are the same.
func FuzzTCXFastPass(f *testing.F) {
	for _, b := range xmlFuzzSeeds(f, "tcx") {
		f.Add(b)
	}
	f.Add(runTCX(readT0, 5, 12))
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsFullTCX(t, b, "fuzz.tcx")
	})
}

// FuzzParseXMLTimeBytes holds parseXMLTimeBytes (and so its fast spellings)
// to parseXMLTime, field for field of the time.Time.
func FuzzParseXMLTimeBytes(f *testing.F) {
	for _, s := range []string{"2024-05-01T07:00:00Z", "2019-06-15T09:42:23.000Z", "2016-04-10T18:40:59.000+01:00",
		"2016-04-10T18:40:59-05:30", "2024-05-01T07:00:05.123456789Z", "2024-05-01T07:00:05.1234567891Z", "2024-02-29T07:00:00Z",
		"2024-05-01T07:00:00.Z", "2024-05-01T07:00:00+24:00", " 2024-05-01T07:00:00Z", "2024-05-01T07:00:00,5Z", "0000-01-01T00:00:00-23:59"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gok := parseXMLTimeBytes(b)
		want, wok := parseXMLTime(string(b))
		if got != want || gok != wok {
			t.Fatalf("%q: %v %v, parseXMLTime %v %v", b, got, gok, want, wok)
		}
	})
}
