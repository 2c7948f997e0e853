package browsercheck

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// missing skips the test outside CI and fails it under CI=true.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format+" (CI=true: it is required)", args...)
	}
	t.Skipf(format, args...)
}

// chromium finds the browser binary.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "chromium not found: apt-get install chromium to run the browser check")
	return ""
}

// axeSource reads axe-core from node_modules (npm ci in this directory).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		missing(t, "axe-core not installed (run npm ci in tools/browsercheck): %v", err)
	}
	return string(b)
}

// pages lists the reports to check: the golden report of the report
// package (every section, hostile names) and, with LEGWORK_OUT set, a real
// run's report.html.
func pages(t *testing.T) map[string]string {
	t.Helper()
	golden, err := filepath.Abs(filepath.Join("..", "..", "report", "testdata", "report.html.golden"))
	if err != nil {
		t.Fatal(err)
	}
	// Chromium decides the type from the extension: copy it to .html.
	dir := t.TempDir()
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "golden.html")
	if err := os.WriteFile(p, b, 0o666); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{"golden": p}
	if o := os.Getenv("LEGWORK_OUT"); o != "" {
		out["demo"] = filepath.Join(o, "report.html")
	}
	return out
}

// keyColumns are the labels of the cells that must stay in sight on a
// phone, per table (the aria-label of its scroll box).
var keyColumns = map[string][]string{
	"Weeks table":      {"Distance", "Δ distance", "Δ load", "Status"},
	"Shoes table":      {"Distance", "Left", "Status"},
	"Activities table": {"Sport", "Distance", "Pace", "Shoe"},
}

// layoutJS measures the page: sideways scroll, scroll boxes wider than
// their content, and where the key cells of each table's first rows are.
const layoutJS = `(() => {
  const vw = window.innerWidth;
  const r = {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: vw, clipped: [], outside: [], found: {}};
  for (const box of document.querySelectorAll('.scroll')) {
    if (box.scrollWidth > box.clientWidth + 1) r.clipped.push((box.getAttribute('aria-label') || 'scroll box') + ': content ' + box.scrollWidth + ' px in ' + box.clientWidth + ' px');
  }
  for (const el of document.querySelectorAll('main p, main li, main h2, main h3, main figure, main svg, header p, header h1')) {
    if (el.closest('.scroll')) continue;
    const b = el.getBoundingClientRect();
    if (b.width > 0 && (b.right > vw + 1 || b.left < -1)) r.outside.push(el.tagName + ' "' + el.textContent.trim().slice(0, 40) + '" spans ' + Math.round(b.left) + '..' + Math.round(b.right));
  }
  const keys = KEYS;
  for (const [label, cols] of Object.entries(keys)) {
    const box = document.querySelector('.scroll[aria-label="' + label + '"]');
    if (!box) continue;
    const view = box.getBoundingClientRect();
    const right = Math.min(vw, view.right), left = Math.max(0, view.left);
    const rows = [...box.querySelectorAll('tbody tr')].slice(0, 3);
    r.found[label] = 0;
    for (const tr of rows) {
      const cells = [tr.querySelector('th')];
      const heads = [...box.querySelectorAll('thead th')].map(th => th.textContent.trim());
      for (const col of cols) {
        let cell = tr.querySelector('[data-label="' + col + '"]');
        if (!cell) { const i = heads.indexOf(col); if (i >= 0) cell = tr.children[i]; }
        if (!cell) { r.outside.push(label + ': no cell ' + col); continue; }
        cells.push(cell);
      }
      for (const c of cells) {
        const b = c.getBoundingClientRect();
        if (b.width === 0 || b.left < left - 1 || b.right > right + 1) r.outside.push(label + ': ' + (c.dataset.label || c.textContent.trim().slice(0, 20)) + ' at ' + Math.round(b.left) + '..' + Math.round(b.right) + ' outside ' + Math.round(left) + '..' + Math.round(right));
        else r.found[label]++;
      }
    }
  }
  const fs = parseFloat(getComputedStyle(document.body).fontSize);
  r.bodyFont = fs;
  return r;
})()`

type layout struct {
	ScrollWidth int            `json:"scrollWidth"`
	InnerWidth  int            `json:"innerWidth"`
	Clipped     []string       `json:"clipped"`
	Outside     []string       `json:"outside"`
	Found       map[string]int `json:"found"`
	BodyFont    float64        `json:"bodyFont"`
}

type axeResult struct {
	Version    string `json:"version"`
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// TestReportInBrowser opens each report at 390 and 1280 px.
func TestReportInBrowser(t *testing.T) {
	bin := chromium(t)
	axe := axeSource(t)
	keys, _ := json.Marshal(keyColumns)
	js := strings.Replace(layoutJS, "KEYS", string(keys), 1)

	for name, page := range pages(t) {
		for _, width := range []int64{390, 1280} {
			t.Run(fmt.Sprintf("%s-%d", name, width), func(t *testing.T) {
				check(t, bin, axe, js, page, fmt.Sprintf("%s-%d", name, width), width)
			})
		}
	}
}

func check(t *testing.T, bin, axe, js, page, shot string, width int64) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless,
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console error")
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				problems = append(problems, "log error: "+e.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") && u != "about:blank" {
				problems = append(problems, "request leaves the file: "+u)
			}
		}
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		t.Fatalf("chromium: %v", err)
	}

	mobile := width <= 480
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{})
			return err
		}),
		chromedp.EmulateViewport(width, 900, func(p *emulation.SetDeviceMetricsOverrideParams, tp *emulation.SetTouchEmulationEnabledParams) {
			p.Mobile = mobile
			tp.Enabled = mobile
		}),
		chromedp.Navigate("file://"+page),
	)
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	lay, err := chromedp.Run(ctx, chromedp.Evaluate[layout](js))
	if err != nil {
		t.Fatalf("measure the page: %v", err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if dir := os.Getenv("LEGWORK_SHOTS_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "report-"+shot+".png"), png, 0o666); err != nil {
			t.Error(err)
		}
	}
	if lay.ScrollWidth > lay.InnerWidth {
		t.Errorf("the page scrolls sideways: %d px wide in a %d px window", lay.ScrollWidth, lay.InnerWidth)
	}
	for _, c := range lay.Clipped {
		t.Errorf("clipped: %s", c)
	}
	for _, o := range lay.Outside {
		t.Errorf("outside the viewport: %s", o)
	}
	for label := range keyColumns {
		if lay.Found[label] == 0 && !strings.Contains(page, "golden") {
			continue // a real report may have no shoes
		}
		if lay.Found[label] == 0 {
			t.Errorf("%s: no key cell found in sight", label)
		}
	}
	if mobile && lay.BodyFont < 14 {
		t.Errorf("body text is %.1f px on a phone, want at least 14", lay.BodyFont)
	}

	run := axe + `;axe.run(document, {resultTypes: ['violations']}).then(r => ({version: axe.version, violations: r.violations}))`
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	t.Logf("axe-core %s: %d violations in all", res.Version, len(res.Violations))
	if res.Version != "4.14.1" {
		t.Errorf("axe-core %s, want 4.14.1 (package.json)", res.Version)
	}
	for _, v := range res.Violations {
		if v.Impact != "serious" && v.Impact != "critical" {
			t.Logf("axe %s (%s): %s, %d nodes", v.ID, v.Impact, v.Help, len(v.Nodes))
			continue
		}
		for _, n := range v.Nodes {
			t.Errorf("axe %s (%s): %s at %v: %s", v.ID, v.Impact, v.Help, n.Target, n.Summary)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
}
