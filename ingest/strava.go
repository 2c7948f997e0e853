package ingest

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// stravaExport is what a Strava bulk export's activities.csv says about
// its files.
type stravaExport struct {
	// root is the Source prefix of the export ("strava/", "export.zip!/"):
	// the CSV's Filename column is relative to it.
	root  string
	input int // index of the input holding it, for a deterministic order
	// byFile maps stravaFileKey(Filename) to the row's metadata.
	byFile map[string]stravaRow
}

type stravaRow struct {
	gear, name string
}

// stravaRoot is the Source prefix of the directory holding a CSV.
func stravaRoot(csvSource string) string {
	if i := strings.LastIndex(csvSource, "/"); i >= 0 {
		return csvSource[:i+1]
	}
	return ""
}

// stravaFileKey normalizes a file name for matching: Filename says
// "activities/123.fit.gz" while the user may have gunzipped the file.
func stravaFileKey(name string) string {
	name = strings.ToLower(path.Clean(strings.ReplaceAll(name, `\`, "/")))
	return strings.TrimSuffix(name, ".gz")
}

// csvHeaderKey normalizes a CSV header for lookup: Strava's headers vary in
// case and spacing between export versions and may carry a BOM.
func csvHeaderKey(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	return strings.Join(strings.Fields(strings.ToLower(h)), " ")
}

// readCSV reads all records, keeping the first column of each header name.
func readCSV(data []byte) (cols map[string]int, rows [][]string, err error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, nil, errors.New("empty CSV")
		}
		return nil, nil, err
	}
	cols = map[string]int{}
	for i, h := range header {
		k := csvHeaderKey(h)
		if _, dup := cols[k]; !dup {
			cols[k] = i
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return cols, rows, nil
		}
		if err != nil {
			return cols, rows, err
		}
		rows = append(rows, rec)
	}
}

func column(cols map[string]int, names ...string) int {
	for _, n := range names {
		if i, ok := cols[n]; ok {
			return i
		}
	}
	return -1
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// readStravaActivities reads activities.csv: the Filename, Activity Gear
// and Activity Name columns, found by name.
func readStravaActivities(data []byte, root string) (*stravaExport, error) {
	cols, rows, err := readCSV(data)
	if err != nil {
		return nil, fmt.Errorf("activities.csv: %w", err)
	}
	fileCol := column(cols, "filename", "file name")
	if fileCol < 0 {
		return nil, errors.New("activities.csv: no Filename column")
	}
	gearCol := column(cols, "activity gear", "gear")
	nameCol := column(cols, "activity name", "name")
	exp := &stravaExport{root: root, byFile: map[string]stravaRow{}}
	for _, rec := range rows {
		f := field(rec, fileCol)
		if f == "" {
			continue // a manual entry: no file
		}
		exp.byFile[stravaFileKey(f)] = stravaRow{gear: field(rec, gearCol), name: field(rec, nameCol)}
	}
	return exp, nil
}

// applyStrava sets Gear and Name from the export whose root holds each
// activity's file. The CSV's name replaces the file's: it is what the
// athlete typed.
func applyStrava(acts []Activity, exports []*stravaExport) {
	if len(exports) == 0 {
		return
	}
	// Longest root first, so a nested export wins over an enclosing one.
	slices.SortFunc(exports, func(a, b *stravaExport) int {
		return cmp.Or(len(b.root)-len(a.root), strings.Compare(a.root, b.root), a.input-b.input)
	})
	for i := range acts {
		a := &acts[i]
		for _, exp := range exports {
			rest, ok := strings.CutPrefix(a.Source, exp.root)
			if !ok {
				continue
			}
			row, ok := exp.byFile[stravaFileKey(rest)]
			if !ok {
				continue
			}
			if row.gear != "" {
				a.Gear = row.gear
			}
			if row.name != "" {
				a.Name = row.name
			}
			break
		}
	}
}
