package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// generateReports writes n report files into dir, made from the samples and varied a
// little so that no two are the same: a numbered closing paragraph, every fourth file
// with CRLF line ends, every seventh with a BOM, one in fifty in GB18030, a third of
// the pingtan-2019 copies with a corrupted （七）总计. Files go into subdirectories of
// a hundred, as a province's reports would. It returns the bytes written.
func generateReports(tb testing.TB, dir string, n int) int64 {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join(samplesDir, "*.*"))
	if err != nil {
		tb.Fatal(err)
	}
	var samples []string
	var exts []string
	for _, name := range names {
		if !isReportName(name) {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		samples = append(samples, string(b))
		exts = append(exts, filepath.Ext(name))
	}
	if len(samples) == 0 {
		tb.Fatal("no samples")
	}
	var total int64
	for i := range n {
		k := i % len(samples)
		text := samples[k] + fmt.Sprintf("\n附：本文件为第 %d 份，共 %d 份。\n", i+1, n)
		if i%3 == 0 {
			text = strings.Replace(text, "| （七）总计 | 23 |", fmt.Sprintf("| （七）总计 | %d |", 20+i%7), 1)
		}
		if i%4 == 1 {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		if i%7 == 2 {
			text = "\uFEFF" + text
		}
		data := []byte(text)
		if i%50 == 3 {
			if data, err = simplifiedchinese.GB18030.NewEncoder().Bytes(data); err != nil {
				tb.Fatal(err)
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("%03d", i/100), fmt.Sprintf("report-%05d%s", i, exts[k]))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(len(data))
	}
	return total
}

// BenchmarkCheckDirectory is "nianbao check DIR" over a few thousand reports with
// all cores (GOMAXPROCS workers), text output discarded: MB/s of report files read,
// decoded, checked and printed.
func BenchmarkCheckDirectory(b *testing.B) {
	dir := b.TempDir()
	size := generateReports(b, dir, 3000)
	b.SetBytes(size)
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "workers")
	for b.Loop() {
		if code := run([]string{"check", dir}, nil, io.Discard, io.Discard); code != 1 {
			b.Fatalf("exit status %d, want 1 (the generated reports have errors)", code)
		}
	}
}

func TestGenerateReports(t *testing.T) {
	// The benchmark's input is checkable: every file is read as a report and the
	// corrupted totals are found.
	dir := t.TempDir()
	generateReports(t, dir, 120)
	out, stderr, code := checkJSON(t, dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if len(out.Files) != 120 {
		t.Fatalf("%d files checked, want 120; stderr %q", len(out.Files), stderr)
	}
	for _, f := range out.Files {
		if f.Year == nil {
			t.Errorf("%s not read as a report", f.Path)
		}
	}
	if !strings.Contains(stderr, "已按 GB18030 读取") {
		t.Error("no GB18030 file among the generated reports")
	}
	paths := make([]string, len(out.Files))
	for i, f := range out.Files {
		paths[i] = f.Path
	}
	if !slices.IsSorted(paths) {
		t.Error("files not in path order")
	}

	// Parallel checking prints the same bytes every time.
	first, firstErr, _ := runCLI(t, "check", dir)
	for range 3 {
		if again, againErr, _ := runCLI(t, "check", dir); again != first || againErr != firstErr {
			t.Fatal("two runs over the same directory printed different output")
		}
	}
}
