package demogen

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/legwork-run/legwork/internal/atomicfile"
)

// File is one file of the demo directory.
type File struct {
	// Path is slash-separated and relative to the demo directory.
	Path string
	Data []byte
}

// Build simulates every planned session and returns the demo directory's
// files sorted by path: the exports (garmin/, trail/, gpx/ and the Strava
// zip), legwork.toml and README. Two calls return the same bytes.
func Build() ([]File, error) {
	plan := Plan()
	var files []File
	var zipped []zipMember
	for i := range plan {
		s := &plan[i]
		tr := Simulate(*s)
		for _, path := range s.Files {
			data, err := encode(tr, path)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if member, ok := strings.CutPrefix(path, Zip+"!/"); ok {
				zipped = append(zipped, zipMember{member, data, tr})
				continue
			}
			files = append(files, File{Path: path, Data: data})
		}
	}
	z, err := stravaZip(zipped)
	if err != nil {
		return nil, err
	}
	files = append(files,
		File{Path: Zip, Data: z},
		File{Path: "legwork.toml", Data: configFile()},
		File{Path: "README", Data: readme(plan)},
	)
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files, nil
}

// encode writes tr in the format path names.
func encode(tr *Track, path string) ([]byte, error) {
	gz := strings.HasSuffix(path, ".gz")
	base := strings.TrimSuffix(path, ".gz")
	var data []byte
	var err error
	switch {
	case strings.HasSuffix(base, ".fit"):
		data, err = EncodeFIT(tr)
	case strings.HasSuffix(base, ".gpx"):
		creator := "StravaGPX"
		if strings.HasPrefix(path, Zip) {
			creator = "StravaGPX iPhone"
		}
		typ := "running"
		if tr.Session.Index%2 == 1 {
			typ = "9" // older Strava exports number the type
		}
		data, err = EncodeGPX(tr, activityName(&tr.Session), typ, creator)
	default:
		err = fmt.Errorf("unknown file type")
	}
	if err != nil || !gz {
		return data, err
	}
	return gzipBytes(data)
}

// activityName is the name Strava gives: "Morning Run", "Morning Ride".
func activityName(s *Session) string {
	local := s.Start.Add(time.Duration(s.UTCOffset) * time.Second)
	part := "Morning"
	if local.Hour() >= 12 {
		part = "Afternoon"
	}
	if s.Kind == Ride {
		return part + " Ride"
	}
	return part + " Run"
}

// gzipBytes compresses b with a zero header (no name, no time), so the
// output depends only on b.
func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type zipMember struct {
	name string
	data []byte
	tr   *Track
}

// stravaZip builds a Strava bulk export: activities.csv (naming the gear of
// each activity, with Strava's repeated "Elapsed Time" and "Distance"
// columns) and the activity files under activities/, stored as Strava
// stores them (.fit.gz kept as is, GPX deflated by the zip).
func stravaZip(members []zipMember) ([]byte, error) {
	var table bytes.Buffer
	w := csv.NewWriter(&table)
	w.Write([]string{"Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
		"Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort", "Commute", "Activity Private Note",
		"Activity Gear", "Filename", "Athlete Weight", "Bike Weight", "Elapsed Time", "Moving Time", "Distance",
		"Max Speed", "Average Speed", "Elevation Gain"})
	for _, m := range members {
		s := &m.tr.Session
		id := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(filepath.Base(m.name), ".gz"), ".fit"), ".gpx")
		maxHR, maxSpeed := 0, 0.0
		for _, p := range m.tr.Points {
			maxHR = max(maxHR, int(p.HR))
			maxSpeed = max(maxSpeed, p.SpeedMS)
		}
		elapsed := int(m.tr.Elapsed().Seconds())
		moving := int(m.tr.Timer().Seconds())
		w.Write([]string{
			id, s.Start.Format("Jan 2, 2006, 3:04:05 PM"), activityName(s), "Run", "",
			strconv.Itoa(elapsed), strconv.FormatFloat(s.DistanceM/1000, 'f', 2, 64), strconv.Itoa(maxHR) + ".0", "", "false", "",
			s.Gear, m.name, "60.0", "", strconv.Itoa(elapsed) + ".0", strconv.Itoa(moving) + ".0",
			strconv.FormatFloat(s.DistanceM, 'f', 1, 64), strconv.FormatFloat(maxSpeed, 'f', 1, 64),
			strconv.FormatFloat(s.DistanceM/float64(moving), 'f', 3, 64), "",
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stamp := time.Date(2026, 11, 22, 21, 14, 0, 0, time.UTC) // when the export was made
	add := func(name string, method uint16, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	if err := add("activities.csv", zip.Deflate, table.Bytes()); err != nil {
		return nil, err
	}
	for _, m := range members {
		method := zip.Deflate
		if strings.HasSuffix(m.name, ".gz") {
			method = zip.Store
		}
		if err := add(m.name, method, m.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write replaces the directory dir with files (atomically: a failure leaves
// the previous content whole).
func Write(dir string, files []File) error {
	return atomicfile.ReplaceDir(dir, func(tmp string) error {
		for _, f := range files {
			p := filepath.Join(tmp, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				return err
			}
		}
		return nil
	})
}
