package report

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// chromium finds a Chromium binary, or skips the test (fails it when CI=true).
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found and CI=true: install it (apt-get install chromium) to run the browser test")
	}
	t.Skip("chromium not found: install it (apt-get install chromium) to render the report in a real browser")
	return ""
}

// runChromium runs headless Chromium with no network and no profile on the
// given page with extra flags, and returns its combined output.
func runChromium(t *testing.T, bin, page string, extra ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir=" + t.TempDir(),
	}, extra...)
	args = append(args, "file://"+page)
	// Headless Chromium now and then dies of a signal on a loaded machine
	// (a segfault in its print path, seen under parallel builds): that is
	// the browser, not the page, so try again, twice at most. Any other
	// failure fails at once.
	for try := 1; ; try++ {
		out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
		var exit *exec.ExitError
		if err == nil {
			return
		}
		if errors.As(err, &exit) && (!exit.Exited() || exit.ExitCode() > 128) && try < 3 && ctx.Err() == nil {
			t.Logf("chromium %v died (%v), try %d of 3", extra, err, try+1)
			continue
		}
		t.Fatalf("chromium %v: %v\n%s", extra, err, out)
	}
}

// keep copies a browser output to $LEGWORK_SHOTS_DIR when it is set, so that
// a person can look at the screenshots.
func keep(t *testing.T, path string) {
	dir := os.Getenv("LEGWORK_SHOTS_DIR")
	if dir == "" {
		return
	}
	b, err := os.ReadFile(path)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, filepath.Base(path)), b, 0o666)
	}
	if err != nil {
		t.Errorf("keep %s: %v", path, err)
	}
}

// TestBrowserRendersReport renders the golden report.html in headless
// Chromium at a phone and a desktop width and prints it to PDF: the page
// must paint (a screenshot of the window's width with real content) and
// print on several pages (sections start on new pages).
func TestBrowserRendersReport(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	html, err := os.ReadFile(filepath.Join("testdata", "report.html.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, html, 0o666); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name          string
		width, height int
	}{
		{"phone", 390, 2000},
		{"desktop", 1280, 2000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shot := filepath.Join(dir, "report-"+tc.name+".png")
			runChromium(t, bin, page, "--screenshot="+shot, "--window-size="+strconv.Itoa(tc.width)+","+strconv.Itoa(tc.height))
			keep(t, shot)
			f, err := os.Open(shot)
			if err != nil {
				t.Fatalf("no screenshot: %v", err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatalf("screenshot is not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != tc.width || b.Dy() != tc.height {
				t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), tc.width, tc.height)
			}
			if n := colours(img); n < 50 {
				t.Errorf("screenshot has %d distinct colours: the page did not paint", n)
			}
		})
	}

	t.Run("print", func(t *testing.T) {
		pdf := filepath.Join(dir, "report.pdf")
		runChromium(t, bin, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
		keep(t, pdf)
		b, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatalf("no PDF: %v", err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 10_000 {
			t.Fatalf("PDF of %d bytes does not look like a rendered report", len(b))
		}
		// Weeks, shoes, activities and data quality each start a page.
		if n := len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(b, -1)); n < 5 {
			t.Errorf("PDF has %d pages, want at least 5", n)
		}
	})
}

// colours counts the distinct colours of img, up to 1000.
func colours(img image.Image) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[r>>8<<16|g>>8<<8|bl>>8] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}
