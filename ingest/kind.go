package ingest

import (
	"path"
	"path/filepath"
	"strings"
)

// kind says what Read does with a file name: "fit", "gpx", "tcx", "gz",
// "zip", "activities.csv" or "" to ignore it.
func kind(name string) string {
	base := strings.ToLower(path.Base(filepath.ToSlash(name)))
	if base == "" || strings.HasPrefix(base, ".") {
		return ""
	}
	switch base {
	case "activities.csv":
		return base
	}
	switch path.Ext(base) {
	case ".fit", ".gpx", ".tcx":
		return path.Ext(base)[1:]
	case ".zip":
		return "zip"
	case ".gz":
		if k := kind(strings.TrimSuffix(base, ".gz")); k == "fit" || k == "gpx" || k == "tcx" || k == "zip" {
			return "gz"
		}
	}
	return ""
}

// activityFormat is the Format of an activity file name, else "".
func activityFormat(name string) Format {
	switch k := Format(kind(name)); k {
	case FormatFIT, FormatGPX, FormatTCX:
		return k
	}
	return ""
}

// formatOf is the DecodeError format for a work item that could not be read:
// "zip" for an archive member (inflating it failed), else its own kind.
func formatOf(u workItem) string {
	if u.zf != nil {
		return "zip"
	}
	switch k := kind(u.name); k {
	case "fit", "gpx", "tcx", "zip", "gz":
		return k
	}
	return ""
}
