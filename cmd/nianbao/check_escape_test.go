package main

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// terminalControls reports the first character of s, other than the newline ending
// each line, that a terminal would act on instead of showing: C0 and C1 controls,
// DEL, line and paragraph separators, and format characters such as the bidi
// overrides.
func terminalControls(s string) (rune, bool) {
	for _, line := range strings.SplitAfter(s, "\n") {
		line = strings.TrimSuffix(line, "\n")
		for _, r := range line {
			if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
				return r, true
			}
		}
		if !utf8.ValidString(line) {
			return utf8.RuneError, true
		}
	}
	return 0, false
}

// TestCheckTextEscapesControls: a label quoted from a report and a file name may
// hold escape sequences (retitle and clear the terminal), newlines (a forged
// path:line:col line) or bidi overrides. Text output and stderr show them as %q
// would; Chinese text stays as it is; json keeps the text exact.
func TestCheckTextEscapesControls(t *testing.T) {
	orig := readSample(t, "pingtan-2020.md")
	const label = "| 2.重复申请 |"
	const evil = "2.重复申请\x1b]0;pwned\x07\x1b[2J\u202e"
	if !strings.Contains(orig, label) {
		t.Fatal("sample lacks the label")
	}
	text := strings.Replace(orig, label, "| "+evil+" |", 1)
	dir := t.TempDir()
	report := writeFile(t, filepath.Join(dir, "报告\n假的.md:1:1: error: 伪造\x1b[31m\u2028.md"), []byte(text))
	prose := writeFile(t, filepath.Join(dir, "说明\x1b]0;x\x07\u202e.txt"), []byte("不是报告。\n"))

	stdout, stderr, code := runCLI(t, "check", report, prose)
	if code == 2 {
		t.Errorf("exit 2: stderr %q", stderr)
	}
	for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if r, ok := terminalControls(out); ok {
			t.Errorf("%s holds %U:\n%s", name, r, out)
		}
	}
	escapedReport := filepath.Join(dir, `报告\n假的.md:1:1: error: 伪造\x1b[31m\u2028.md`)
	ls := lines(stdout)
	if len(ls) == 0 {
		t.Fatal("no findings")
	}
	for _, l := range ls {
		if !strings.HasPrefix(l, escapedReport+":") {
			t.Errorf("line %q does not start with the escaped path %q", l, escapedReport)
		}
	}
	wantLabel := `「2.重复申请\x1b]0;pwned\a\x1b[2J\u202e」`
	if !strings.Contains(stdout, wantLabel) {
		t.Errorf("stdout lacks the escaped label %s:\n%s", wantLabel, stdout)
	}
	if want := filepath.Join(dir, `说明\x1b]0;x\a\u202e.txt`) + ": 没有找到年度报告"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}

	// json is for programs: the path and the label exactly as they are.
	out, _, _ := checkJSON(t, report)
	if len(out.Files) != 1 || out.Files[0].Path != report {
		t.Fatalf("json files %+v", out.Files)
	}
	found := false
	for _, d := range out.Files[0].Diagnostics {
		found = found || strings.Contains(d.Message, "「"+evil+"」")
	}
	if !found {
		t.Error("json messages do not quote the label exactly")
	}
}

func TestTerminalSafe(t *testing.T) {
	for in, want := range map[string]string{
		"总计应为 7（6+0+0+0+0+1），报告为 6": "总计应为 7（6+0+0+0+0+1），报告为 6",
		"全角　空格 and tab\tend":        `全角　空格 and tab\tend`,
		"\x00\x1b\x7f\u0085\u009b":  `\x00\x1b\x7f\u0085\u009b`,
		"a\r\nb\u2028c\u2029d":      `a\r\nb\u2028c\u2029d`,
		"\u200e\u202a\u2066\ufeff":  `\u200e\u202a\u2066\ufeff`,
		"GBK 文件名\xd6\xd0.txt":       `GBK 文件名\xd6\xd0.txt`,
		`C:\报告\a.txt`:               `C:\报告\a.txt`,
	} {
		if got := terminalSafe(in); got != want {
			t.Errorf("terminalSafe(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestUnsafeRune: the shortcuts of unsafeRune agree with the Unicode classes for
// every code point.
func TestUnsafeRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
		if got := unsafeRune(r); got != want {
			t.Errorf("unsafeRune(%U) = %v, want %v", r, got, want)
		}
	}
}
