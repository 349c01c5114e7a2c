package analysis_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/analysis"
)

var update = flag.Bool("update", false, "rewrite .fixed.golden files from the program's output (check them by hand before committing)")

// Fixture tests in the style of go/analysis's analysistest: every report under
// testdata/samples and testdata/fixtures has a NAME.want file beside it listing the
// findings it must produce, one a line:
//
//	LINE RULE "TOKEN" MESSAGE-SUBSTRING
//	FIRST-LAST RULE xCOUNT
//
// LINE is 1-based; TOKEN is exactly the text the finding's range covers; the message
// must contain MESSAGE-SUBSTRING. The second form expects COUNT findings of RULE
// starting on lines FIRST to LAST. A finding no line expects fails the test as much
// as an expectation no finding meets. "format 2019" and "year 2020" lines check what
// the reader made of the report; "not-a-report" expects no findings and no format.
// When NAME.fixed.golden exists, applying every fix-all edit must give exactly it.

type want struct {
	line, last int
	rule       string
	token      string
	message    string
	count      int
	ranged     bool // the FIRST-LAST RULE xCOUNT form: no token or message to check
	raw        string
}

var (
	wantLine  = regexp.MustCompile(`^(\d+) ([a-z0-9-]+) "((?:[^"\\]|\\.)*)" ?(.*)$`)
	wantRange = regexp.MustCompile(`^(\d+)-(\d+) ([a-z0-9-]+) x(\d+)$`)
)

func readWants(t *testing.T, path string) (wants []*want, meta map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	meta = map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if m := wantLine.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			tok, err := strconv.Unquote(`"` + m[3] + `"`)
			if err != nil {
				t.Fatalf("%s: bad token in %q: %v", path, l, err)
			}
			wants = append(wants, &want{line: n, last: n, rule: m[2], token: tok, message: m[4], count: 1, raw: l})
			continue
		}
		if m := wantRange.FindStringSubmatch(l); m != nil {
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			c, _ := strconv.Atoi(m[4])
			wants = append(wants, &want{line: a, last: b, rule: m[3], count: c, ranged: true, raw: l})
			continue
		}
		k, v, ok := strings.Cut(l, " ")
		if !ok && l != "not-a-report" {
			t.Fatalf("%s: cannot read %q", path, l)
		}
		meta[k] = v
	}
	return wants, meta
}

func lineOf(text string, offset int) int { return strings.Count(text[:offset], "\n") + 1 }

func TestFixtures(t *testing.T) {
	var inputs []string
	for _, dir := range []string{"../testdata/samples", "../testdata/fixtures"} {
		for _, ext := range []string{"*.txt", "*.md"} {
			m, _ := filepath.Glob(filepath.Join(dir, ext))
			inputs = append(inputs, m...)
		}
	}
	if len(inputs) < 7 {
		t.Fatalf("found only %d fixtures", len(inputs))
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			base := strings.TrimSuffix(in, filepath.Ext(in))
			wants, meta := readWants(t, base+".want")
			opts := analysis.Options{}
			if v, ok := meta["template"]; ok {
				opts.Template, _ = analysis.ParseFormat(v)
			}
			res := analysis.Check(text, opts)
			checkMeta(t, res, meta)
			checkWants(t, text, res.Diagnostics, wants)
			checkGolden(t, text, res.Diagnostics, base+".fixed.golden")
		})
	}
}

func checkMeta(t *testing.T, res *analysis.Result, meta map[string]string) {
	t.Helper()
	if _, ok := meta["not-a-report"]; ok {
		if res.Report().IsReport || len(res.Diagnostics) != 0 || res.Report().Format != analysis.FormatUnknown {
			t.Errorf("want not a report; got IsReport=%v format=%q and %d findings", res.Report().IsReport, res.Report().Format, len(res.Diagnostics))
		}
		return
	}
	if !res.Report().IsReport {
		t.Errorf("not read as a report")
	}
	if v, ok := meta["format"]; ok && res.Report().Format.String() != v {
		t.Errorf("format = %q, want %q", res.Report().Format, v)
	}
	if v, ok := meta["year"]; ok && strconv.Itoa(res.Report().Year) != v {
		t.Errorf("year = %d, want %s", res.Report().Year, v)
	}
}

func checkWants(t *testing.T, text string, diags []analysis.Diagnostic, wants []*want) {
	t.Helper()
	used := make([]int, len(wants))
	for _, d := range diags {
		line := lineOf(text, d.Start)
		tok := text[d.Start:d.End]
		matched := false
		for i, w := range wants {
			if used[i] >= w.count || w.rule != d.Rule || line < w.line || line > w.last {
				continue
			}
			if !w.ranged && (tok != w.token || !strings.Contains(d.Message, w.message)) {
				continue
			}
			used[i]++
			matched = true
			break
		}
		if !matched {
			t.Errorf("unexpected finding: %d %s %q %s", line, d.Rule, tok, d.Message)
		}
	}
	for i, w := range wants {
		if used[i] < w.count {
			t.Errorf("expected finding not produced (%d of %d): %s", w.count-used[i], w.count, w.raw)
		}
	}
}

func checkGolden(t *testing.T, text string, diags []analysis.Diagnostic, golden string) {
	t.Helper()
	fixed, err := analysis.ApplyEdits(text, analysis.FixAllEdits(diags))
	if err != nil {
		t.Fatalf("apply fixes: %v", err)
	}
	if *update && fixed != text {
		if err := os.WriteFile(golden, []byte(fixed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if os.IsNotExist(err) {
		if fixed != text {
			t.Errorf("fixes change the text but %s does not exist (run with -update and check it)", golden)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if fixed != string(want) {
		t.Errorf("fixed text differs from %s:\n%s", golden, firstDiff(fixed, string(want)))
	}
	// Applying the fixes again changes nothing.
	again := analysis.Check(fixed, analysis.Options{})
	refixed, err := analysis.ApplyEdits(fixed, analysis.FixAllEdits(again.Diagnostics))
	if err != nil || refixed != fixed {
		t.Errorf("fixes are not idempotent: second pass changed the text (err %v)", err)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n got: %q\nwant: %q", i+1, x, y)
		}
	}
	return "(no line differs)"
}
