package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/analysis"
)

func TestParse(t *testing.T) {
	f := Parse("x", []byte(`# 年报检查的设置
template = "2021"
disable = ["blank-cell"]

[severity]
late-report = "off"
"missing-row" = 'hint'

[overview-length]
max = 300
`))
	if len(f.Problems) != 0 {
		t.Fatalf("problems: %+v", f.Problems)
	}
	o := f.Options
	if o.Template != analysis.Format2021 || !o.Disabled["blank-cell"] || !o.Disabled["late-report"] ||
		o.Severity["missing-row"] != analysis.SeverityHint || f.Options.OverviewMax != 300 || len(o.Disabled) != 2 {
		t.Errorf("options %+v, overview max %d", o, f.Options.OverviewMax)
	}
	// The dotted form of a rule option.
	if f := Parse("x", []byte("overview-length.max = 120\n")); f.Options.OverviewMax != 120 || len(f.Problems) != 0 {
		t.Errorf("dotted: %+v", f)
	}
}

// Each bad key or value is a problem at its own line and column (UTF-16, after
// Chinese text), and everything else still applies.
func TestParseProblems(t *testing.T) {
	text := `template = "2022"
disable = ["总计", "blank-cell", 3]
colour = true
[severity]
late-report = "loud"
no-such-rule = "hint"
missing-row = "warning"
[overview-length]
max = -1
[report]
x = 1
`
	f := Parse("x", []byte(text))
	type want struct {
		line, char int
		token, msg string
	}
	wants := []want{
		{0, 11, `"2022"`, "template"},
		{1, 11, `"总计"`, "不存在"},
		{1, 31, `3`, "不是规则名"}, // 总计 is 2 UTF-16 units, 6 bytes
		{2, 0, "colour", "未知的设置 colour"},
		{4, 14, `"loud"`, "级别"},
		{5, 0, "no-such-rule", "不存在"},
		{8, 6, "-1", "正整数"},
		{9, 1, "report", "[report]"},
		{10, 0, "x", "未知的设置 report.x"},
	}
	if len(f.Problems) != len(wants) {
		t.Fatalf("%d problems, want %d: %+v", len(f.Problems), len(wants), f.Problems)
	}
	for i, w := range wants {
		p := f.Problems[i]
		if p.Line != w.line || p.Char != w.char || text[p.Start:p.End] != w.token || !strings.Contains(p.Message, w.msg) {
			t.Errorf("problem %d: %d:%d %q %s; want %d:%d %q …%s…", i, p.Line, p.Char, text[p.Start:p.End], p.Message, w.line, w.char, w.token, w.msg)
		}
	}
	// The rest applies.
	if !f.Options.Disabled["blank-cell"] || f.Options.Severity["missing-row"] != analysis.SeverityWarning ||
		f.Options.Template != analysis.FormatUnknown || f.Options.Disabled["late-report"] {
		t.Errorf("options %+v", f.Options)
	}
}

// A file that is not TOML is one problem at the place of the error, and applies
// nothing.
func TestParseNotTOML(t *testing.T) {
	for _, tc := range []struct {
		text string
		line int
	}{
		{"template = \"2021\"\ndisable = [\"blank-cell\"\n", 1},
		{"disable = [\"blank-cell\"]\ndisable = []\n", 1},
		{"[severity]\nblank-cell = \"off\"\n[severity]\n", 2},
	} {
		f := Parse("x", []byte(tc.text))
		if len(f.Problems) != 1 || f.Problems[0].Line != tc.line || !strings.Contains(f.Problems[0].Message, "均未生效") ||
			f.Options.Disabled != nil || f.Options.Template != analysis.FormatUnknown {
			t.Errorf("%q: %+v", tc.text, f)
		}
	}
}

// The nearest file up from a folder wins; none is none.
func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "县", "2021", "乡镇")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || p != "" && strings.HasPrefix(p, root) {
		t.Fatalf("no file: %q %v", p, err)
	}
	write := func(dir, text string) string {
		p := filepath.Join(dir, FileName)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	top := write(root, "disable = [\"blank-cell\"]\n")
	if p, err := Find(deep); err != nil || p != top {
		t.Errorf("Find = %q %v, want %q", p, err, top)
	}
	mid := write(filepath.Join(root, "县"), "template = \"2019\"\n")
	if p, err := Find(deep); err != nil || p != mid {
		t.Errorf("Find = %q %v, want the nearest %q", p, err, mid)
	}
	if p, err := Find(root); err != nil || p != top {
		t.Errorf("Find(root) = %q %v", p, err)
	}
	f, err := Load(mid)
	if err != nil || f.Options.Template != analysis.Format2019 {
		t.Errorf("Load: %+v %v", f, err)
	}
	if _, err := Load(filepath.Join(root, "none.toml")); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}

// The editor's settings override the file's, rule by rule.
func TestMerge(t *testing.T) {
	file := analysis.Options{Template: analysis.Format2019,
		Disabled: map[string]bool{"blank-cell": true, "late-report": true},
		Severity: map[string]analysis.Severity{"missing-row": analysis.SeverityHint, "row-shape": analysis.SeverityInfo}}
	if got := Merge(file, nil); got.Template != analysis.Format2019 || !got.Disabled["blank-cell"] || got.Severity["missing-row"] != analysis.SeverityHint {
		t.Errorf("no editor settings: %+v", got)
	}
	editor := &analysis.Options{Template: analysis.Format2021,
		Disabled: map[string]bool{"row-shape": true},
		Severity: map[string]analysis.Severity{"blank-cell": analysis.SeverityWarning, "missing-row": analysis.SeverityError}}
	got := Merge(file, editor)
	if got.Template != analysis.Format2021 || got.Disabled["blank-cell"] || got.Severity["blank-cell"] != analysis.SeverityWarning ||
		!got.Disabled["late-report"] || !got.Disabled["row-shape"] || got.Severity["missing-row"] != analysis.SeverityError {
		t.Errorf("editor over file: %+v", got)
	}
	// An editor left at auto keeps the file's template, one without
	// overviewLength.max the file's.
	file.OverviewMax = 1500
	if got := Merge(file, &analysis.Options{}); got.Template != analysis.Format2019 || got.OverviewMax != 1500 {
		t.Errorf("auto editor template: %v, overview max %d", got.Template, got.OverviewMax)
	}
	if got := Merge(file, &analysis.Options{OverviewMax: 800}); got.OverviewMax != 800 {
		t.Errorf("editor overview max: %d", got.OverviewMax)
	}
}
