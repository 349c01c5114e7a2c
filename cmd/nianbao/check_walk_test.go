package main

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestCheckWalkNonReports: a reviewer's folder of downloads holds many .txt and .md
// files that are not reports. A walk says so in one line with their number (all of
// them with --verbose); a file named on the command line still gets its own line.
func TestCheckWalkNonReports(t *testing.T) {
	dir := t.TempDir()
	report := writeFile(t, filepath.Join(dir, "报告.md"), []byte(readSample(t, "pingtan-2019.md")))
	var others []string
	for _, name := range []string{"会议纪要.txt", "说明.md", "通知.txt", "空.txt"} {
		text := "今天讨论了2020年的工作安排，没有表格。\n"
		if name == "空.txt" {
			text = ""
		}
		others = append(others, writeFile(t, filepath.Join(dir, "下载", name), []byte(text)))
	}

	_, stderr, code := runCLI(t, "check", dir)
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if want := "跳过 4 个不是年度报告的文件（加 --verbose 逐个列出）"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	for _, p := range others {
		if strings.Contains(stderr, p) {
			t.Errorf("stderr names %s without --verbose:\n%s", p, stderr)
		}
	}
	if n := len(lines(stderr)); n != 2 {
		t.Errorf("stderr has %d lines, want the count and the summary:\n%s", n, stderr)
	}

	_, stderr, _ = runCLI(t, "check", "--verbose", dir)
	for _, p := range others {
		if !strings.Contains(stderr, p+": ") {
			t.Errorf("--verbose: stderr lacks a line for %s:\n%s", p, stderr)
		}
	}
	if strings.Contains(stderr, "个不是年度报告的文件") {
		t.Errorf("--verbose: the files are listed, the count is not needed:\n%s", stderr)
	}

	_, stderr, _ = runCLI(t, "check", others[0], report)
	if want := others[0] + ": 没有找到年度报告"; !strings.Contains(stderr, want) {
		t.Errorf("named file: stderr lacks %q:\n%s", want, stderr)
	}
}

// TestCheckMixedEncoding: a report pasted together from a UTF-8 and a GB18030 file is
// text, not binary: the note says so, where the other encoding starts, and what to do.
func TestCheckMixedEncoding(t *testing.T) {
	orig := readSample(t, "pingtan-2020.md")
	cut := strings.Index(orig, "四、政府信息公开行政复议")
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(orig[cut:])
	if err != nil {
		t.Fatal(err)
	}
	gbLine := strings.Count(orig[:cut], "\n") + 1
	dir := t.TempDir()
	// UTF-8 first, then GB18030; and the other way round.
	utfFirst := writeFile(t, filepath.Join(dir, "报告.md"), []byte(orig[:cut]+gb))
	gbHead, err := simplifiedchinese.GB18030.NewEncoder().String(orig[:cut])
	if err != nil {
		t.Fatal(err)
	}
	gbFirst := writeFile(t, filepath.Join(dir, "报告2.md"), []byte(gbHead+orig[cut:]))
	for path, lines := range map[string][2]int{utfFirst: {1, gbLine}, gbFirst: {gbLine, 1}} {
		_, stderr, code := runCLI(t, "check", path)
		want := path + ": 编码混杂：部分是 UTF-8（如第 " + itoa(lines[0]) + " 行），部分不是（如第 " + itoa(lines[1]) +
			" 行，可能是 GB18030），无法检查；请把全文统一转成 UTF-8 后再检查"
		if code != 2 || strings.TrimSpace(stderr) != want {
			t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
		}
	}

	// A GB18030 report with a few bytes that are not valid GB18030 is not mixed:
	// pairs of its bytes often look like UTF-8, but never for long.
	whole, err := simplifiedchinese.GB18030.NewEncoder().String(orig)
	if err != nil {
		t.Fatal(err)
	}
	broken := writeFile(t, filepath.Join(dir, "报告3.md"), []byte(whole[:len(whole)/2]+"\x81\n"+whole[len(whole)/2:]))
	if _, stderr, _ := runCLI(t, "check", broken); strings.Contains(stderr, "编码混杂") {
		t.Errorf("broken GB18030 called mixed: %q", stderr)
	}
}
