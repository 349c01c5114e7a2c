package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/nianbao/nianbao/analysis"
)

// pingtanCarried is pingtan-2020.md's 二、上年结转 row, and fixableCarried that row with 9
// applications carried over in 自然人 and 总计.
const (
	pingtanCarried = "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
	fixableCarried = "| 二、上年结转政府信息公开申请数量 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |"
)

// fixableSample is pingtan-2020.md with 9 applications carried over: its leaves (26,
// 27) no longer exceed 一 + 二 (29, 30) and its 勾稽关系 is broken before the totals
// are fixed and after, so fix-all rewrites the two totals. pingtan-2020.md itself has
// them withheld (TestCheckFixKeepsBalance).
func fixableSample(t *testing.T) string {
	t.Helper()
	orig := readSample(t, "pingtan-2020.md")
	if strings.Count(orig, pingtanCarried) != 1 {
		t.Fatalf("the sample should hold the row %q once", pingtanCarried)
	}
	return strings.Replace(orig, pingtanCarried, fixableCarried, 1)
}

// pingtanFixed is fixableSample with its two totals corrected as pingtan-NOTES.md
// computes them, built here by hand rather than by the engine.
func pingtanFixed(t *testing.T, orig string) string {
	t.Helper()
	if strings.Count(orig, pingtanTotalRow) != 1 {
		t.Fatalf("the sample should hold the row %q once", pingtanTotalRow)
	}
	return strings.Replace(orig, pingtanTotalRow, "| （七）总计 | 26 | 0 | 0 | 0 | 0 | 1 | 27 |", 1)
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestCheckFixKeepsBalance: pingtan-2020's （七）总计 (20, 21) keeps 勾稽关系 true while
// its leaves add up to 26 and 27; rewriting the totals would trade two total-mismatch
// for two balance-mismatch. --fix leaves the file alone and says why.
func TestCheckFixKeepsBalance(t *testing.T) {
	orig := readSample(t, "pingtan-2020.md")
	path := writeFile(t, filepath.Join(t.TempDir(), "pingtan-2020.md"), []byte(orig))
	out, stderr, code := checkJSON(t, "--fix", path)
	if code != 1 {
		t.Errorf("exit %d, want 1 (the totals are still wrong); stderr %q", code, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != orig {
		t.Error("--fix changed the file")
	}
	if !strings.Contains(stderr, path+": 2 处总计未修正：改了会破坏现在成立的勾稽关系") || strings.Contains(stderr, "已修正") {
		t.Errorf("stderr %q does not say the 2 totals were left alone and why", stderr)
	}
	var rules []string
	for _, d := range out.Files[0].Diagnostics {
		if d.Severity != "error" {
			continue
		}
		rules = append(rules, d.Rule)
		if d.Rule == "total-mismatch" && (len(d.Fixes) != 0 || !strings.Contains(d.Message, "请核对明细行")) {
			t.Errorf("total-mismatch %q offers %d fixes, want none and the leaves named", d.Message, len(d.Fixes))
		}
	}
	if got := strings.Join(rules, " "); got != "outcomes-exceed-applications total-mismatch outcomes-exceed-applications total-mismatch" {
		t.Errorf("errors %q: want outcomes-exceed-applications and total-mismatch in both columns, no balance-mismatch", got)
	}
}

func TestCheckFix(t *testing.T) {
	orig := fixableSample(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "pingtan-2020.md")
	if err := os.WriteFile(path, []byte(orig), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o640) // whatever the umask

	out, stderr, code := checkJSON(t, "--fix", path)
	// The totals are corrected, and what remains is reported: the 勾稽关系 is still
	// broken in the same two columns (29 + 0 received against 26 + 0 handled, 30 + 0
	// against 27 + 0), so the status stays 1.
	if code != 1 {
		t.Errorf("exit %d after --fix, want 1; stderr %q", code, stderr)
	}
	var remaining []string
	for _, d := range out.Files[0].Diagnostics {
		if d.Severity == "error" {
			remaining = append(remaining, d.Rule)
		}
	}
	if strings.Join(remaining, " ") != "balance-mismatch balance-mismatch" {
		t.Errorf("errors after --fix: %q, want the two balance-mismatch of the corrected totals", remaining)
	}
	if !strings.Contains(stderr, path+": 已修正 2 处") {
		t.Errorf("stderr %q does not say 2 fixes were made", stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// The file is exactly the fix-all edits applied...
	res := analysis.Check(orig, analysis.Options{})
	want, err := analysis.ApplyEdits(orig, analysis.FixAllEdits(res.Diagnostics))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("file after --fix differs from ApplyEdits(FixAllEdits)")
	}
	// ...which are the two tokens 20→26 and 21→27, and nothing else, byte for byte.
	if string(got) != pingtanFixed(t, orig) {
		for i := 0; i < len(got) && i < len(orig); i++ {
			if got[i] != orig[i] {
				t.Errorf("first unexpected change at byte %d: %q", i, got[max(0, i-20):min(len(got), i+20)])
				break
			}
		}
		t.Fatalf("file after --fix is not the original with 20→26 and 21→27 in %q", pingtanTotalRow)
	}

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v after --fix, want 0640", fi.Mode().Perm())
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q after --fix, want only the report", names)
	}

	// A second --fix finds nothing to fix and changes nothing.
	_, stderr, code = runCLI(t, "check", "--fix", path)
	again, _ := os.ReadFile(path)
	if code != 1 || string(again) != string(got) || strings.Contains(stderr, "已修正") {
		t.Errorf("second --fix: exit %d, stderr %q, file changed %v", code, stderr, string(again) != string(got))
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q after the second --fix", names)
	}
}

func TestCheckFixKeepsEncoding(t *testing.T) {
	orig := fixableSample(t)
	fixed := pingtanFixed(t, orig)
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	gb := func(s string) string {
		out, err := simplifiedchinese.GB18030.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	utf16le := func(s string) string {
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tests := []struct {
		name   string
		encode func(string) string
		note   string
	}{
		{"utf8", func(s string) string { return s }, ""},
		{"utf8-crlf", crlf, ""},
		{"utf8-bom-crlf", func(s string) string { return "\uFEFF" + crlf(s) }, ""},
		{"gb18030", gb, "已按 GB18030 读取"},
		{"gb18030-crlf", func(s string) string { return gb(crlf(s)) }, "已按 GB18030 读取"},
		{"utf16le-bom", utf16le, "已按 UTF-16 读取"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "r.md"), []byte(tt.encode(orig)))
			_, stderr, code := runCLI(t, "check", "--fix", path)
			if code != 1 || !strings.Contains(stderr, "已修正 2 处") || !strings.Contains(stderr, tt.note) {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
			got, _ := os.ReadFile(path)
			if want := tt.encode(fixed); string(got) != want {
				t.Errorf("file after --fix is not the fixed text in the same encoding (%d bytes, want %d)", len(got), len(want))
			}
		})
	}
}

func TestCheckFixReadOnly(t *testing.T) {
	orig := fixableSample(t)
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "r.md"), []byte(orig))
	os.Chmod(path, 0o444)
	_, stderr, code := runCLI(t, "check", "--fix", path)
	if code != 2 || !strings.Contains(stderr, path+": 文件只读，未修正") {
		t.Errorf("exit %d, stderr %q; want 2 and a read-only note", code, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != orig {
		t.Error("a read-only file was changed")
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q", names)
	}
}

// readSourceT reads a file with readSource, failing the test on an error.
func readSourceT(t *testing.T, path string) sourceFile {
	t.Helper()
	src, err := readSource(path)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestWriteFix(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "a.txt"), []byte("旧的内容"))
	os.Chmod(path, 0o604)

	// Changed since it was read: nothing is written.
	src := readSourceT(t, path)
	writeFile(t, path, []byte("编辑器保存"))
	if written, err := writeFix(ctx, path, src, []byte("新的内容")); written || err != errChanged {
		t.Errorf("file changed since reading: written %v, err %v; want errChanged", written, err)
	}
	if got, _ := os.ReadFile(path); string(got) != "编辑器保存" {
		t.Errorf("content %q after a refused write", got)
	}

	// Replaced by another file with the same content (an editor saving by rename):
	// not the file that was read.
	writeFile(t, path, []byte("旧的内容"))
	src = readSourceT(t, path)
	other := writeFile(t, filepath.Join(dir, "b.txt"), []byte("旧的内容"))
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	if written, err := writeFix(ctx, path, src, []byte("新的内容")); written || err != errChanged {
		t.Errorf("file replaced since reading: written %v, err %v; want errChanged", written, err)
	}

	os.Chmod(path, 0o604)
	src = readSourceT(t, path)
	if written, err := writeFix(ctx, path, src, []byte("新的内容更长")); !written || err != nil {
		t.Fatalf("written %v, err %v", written, err)
	}
	if got, _ := os.ReadFile(path); string(got) != "新的内容更长" {
		t.Errorf("content %q, want 新的内容更长", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o604 {
		t.Errorf("mode %v, want 0604", fi.Mode().Perm())
	}
	src = readSourceT(t, path)
	if written, err := writeFix(ctx, path, src, []byte("短")); !written || err != nil {
		t.Fatalf("shrinking: written %v, err %v", written, err)
	}
	if got, _ := os.ReadFile(path); string(got) != "短" {
		t.Errorf("content %q, want 短", got)
	}

	// Through a symlink: the target changes, the link stays a link.
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("a.txt", link); err != nil {
		t.Skip(err)
	}
	src = readSourceT(t, link)
	if written, err := writeFix(ctx, link, src, []byte("更新")); !written || err != nil {
		t.Fatalf("written %v, err %v", written, err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if got, _ := os.ReadFile(path); string(got) != "更新" {
		t.Errorf("target content %q, want 更新", got)
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("directory holds %q, want a.txt and link.txt", names)
	}
}

func TestChangedRegion(t *testing.T) {
	row := "| （七）总计 | 20 | 0 | 0 | 0 | 0 | 1 | 21 |\n附言"
	tests := []struct {
		name, old, new string
		written        string // new[start:end]
	}{
		// Same length: the bytes from the first change to the last, no more.
		{"one token", row, strings.Replace(row, "| 20 |", "| 26 |", 1), "6"},
		{"two tokens", row, strings.Replace(strings.Replace(row, "| 20 |", "| 26 |", 1), "| 21 |", "| 27 |", 1),
			"6 | 0 | 0 | 0 | 0 | 1 | 27"},
		// Another length: everything from the first change on.
		{"longer", row, strings.Replace(row, "| 20 |", "| 126 |", 1), "126 | 0 | 0 | 0 | 0 | 1 | 21 |\n附言"},
		{"shorter", row, strings.Replace(row, "| 20 |", "| 6 |", 1), "6 | 0 | 0 | 0 | 0 | 1 | 21 |\n附言"},
		{"cut at the end", row, strings.TrimSuffix(row, "附言"), ""},
		{"same", row, row, ""},
	}
	for _, tt := range tests {
		start, end := changedRegion([]byte(tt.old), []byte(tt.new))
		if got := tt.new[start:end]; got != tt.written || !strings.HasPrefix(tt.new, tt.old[:start]) {
			t.Errorf("%s: writes %q at %d, want %q", tt.name, got, start, tt.written)
		}
	}
}

// TestCheckFixWriterMeanwhile: another program writes to the report while --fix
// holds it (at the stages testHookFix names). Whatever happens, nothing that program
// wrote is lost, and the note says what became of the fix.
func TestCheckFixWriterMeanwhile(t *testing.T) {
	orig := fixableSample(t)
	// The (七)总计 of 自然人 written so that its fix keeps, shrinks or grows the text.
	variant := func(reported string) string {
		return strings.Replace(orig, pingtanTotalRow, strings.Replace(pingtanTotalRow, "| 20 |", "| "+reported+" |", 1), 1)
	}
	fixedText := pingtanFixed(t, orig)
	const line = "附：另一个程序写入的一行\n"
	appendLine := func(path string) {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(line)
		f.Close()
	}
	// overwrite changes the title in place, as a program that writes at an offset.
	overwrite := func(path string) {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteAt([]byte("平坛"), int64(strings.Index(orig, "平潭")))
		f.Close()
	}
	tests := []struct {
		name, text, stage string
		write             func(string)
		want              string // the file afterwards
		note              string
		fixed             bool
	}{
		{"appended before writing", orig, "locked", appendLine, orig + line, "文件在检查期间被修改，未修正", false},
		{"appended after a same-length fix", orig, "written", appendLine, fixedText + line, "已写入修正，但修正期间另有程序在文件末尾追加了内容", true},
		{"appended after a longer fix", variant("2"), "written", appendLine, fixedText + line, "已写入修正，但修正期间另有程序在文件末尾追加了内容", true},
		{"appended before a shorter fix is cut", variant("200"), "written", appendLine, variant("200") + line, "修正期间另有程序写入了文件，已恢复原内容，未修正", false},
		{"overwritten after the fix", orig, "written", overwrite, strings.Replace(fixedText, "平潭", "平坛", 1), "已写入修正，但修正期间另有程序写入了文件，文件内容与修正结果不一致，请检查", true},
	}
	if !strings.Contains(orig, "平潭") {
		t.Fatal("the sample should name 平潭")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "报告.md"), []byte(tt.text))
			testHookFix = func(stage, p string) {
				if stage == tt.stage {
					tt.write(p)
				}
			}
			defer func() { testHookFix = nil }()
			_, stderr, code := runCLI(t, "check", "--fix", path)
			if code != 2 || !strings.Contains(stderr, path+": "+tt.note) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.note)
			}
			if got := strings.Contains(stderr, "已修正 2 处"); got != tt.fixed {
				t.Errorf("stderr %q: says fixed %v, want %v", stderr, got, tt.fixed)
			}
			if got, _ := os.ReadFile(path); string(got) != tt.want {
				t.Errorf("file ends %q, want %q", tail(string(got)), tail(tt.want))
			}
		})
	}
}

func tail(s string) string { return s[max(0, len(s)-80):] }
