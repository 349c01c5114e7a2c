package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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

// largeReport writes a file of just under maxFileSize built from a sample: "findings"
// repeats guanghua-2021.txt, whose copies each draw some 170 warnings (duplicated
// sections and tables: about 400 000 findings in all, the worst case we found for
// memory), "prose" is pingtan-2020.md followed by one long section of prose (a
// report with few findings).
func largeReport(b *testing.B, kind string) string {
	b.Helper()
	var body []byte
	switch kind {
	case "findings":
		sample := []byte(readSample(b, "guanghua-2021.txt"))
		for len(body)+len(sample) <= maxFileSize {
			body = append(body, sample...)
		}
	case "prose":
		body = []byte(readSample(b, "pingtan-2020.md"))
		line := []byte("本机关将继续加强政府信息公开工作，提升公开质量。\n")
		for len(body)+len(line) <= maxFileSize {
			body = append(body, line...)
		}
	}
	path := filepath.Join(b.TempDir(), kind+".txt")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// peakHeap samples the bytes in heap objects (live and not yet collected) every
// 100 µs until stopped, and returns the largest figure seen.
func peakHeap() (stop func() uint64) {
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-result }
}

// BenchmarkCheckLargeFile is "nianbao check --format F FILE" on a file at the size
// limit. Besides time it reports the peak heap (peak-MB, sampled, with the GOGC the
// command sets) and that peak as a multiple of the file's size (x-size): what the
// limit bounds.
func BenchmarkCheckLargeFile(b *testing.B) {
	for _, kind := range []string{"findings", "prose"} {
		path := largeReport(b, kind)
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, format := range []string{"text", "json", "sarif"} {
			b.Run(kind+"/"+format, func(b *testing.B) {
				b.SetBytes(fi.Size())
				var peak uint64
				for b.Loop() {
					runtime.GC()
					stop := peakHeap()
					if code := run([]string{"check", "--format", format, path}, nil, io.Discard, io.Discard); code == 2 {
						b.Fatalf("exit status 2")
					}
					peak = max(peak, stop())
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
				b.ReportMetric(float64(peak)/float64(fi.Size()), "x-size")
			})
		}
	}
}

// BenchmarkCheckLargeFileRSS is "nianbao check --format F FILE" in a process of its
// own, on each sample repeated to just under maxFileSize: the process's peak resident
// memory (max-RSS-MB, VmHWM as the process reads it just before it exits), and that
// as a multiple of the file's size (rss-x-size), which issue 12 wants under 10. The
// process is this test binary run as nianbao (see childCommand): its code is a few
// megabytes larger than nianbao's, which counts here and makes the figure a little
// pessimistic. The kernel's own figure for a child (rusage) would not do: Go starts
// a child sharing the parent's memory, and Linux carries the parent's peak into the
// child's across exec, so after the benchmarks above every child would report the
// test binary's own 130 MB.
func BenchmarkCheckLargeFileRSS(b *testing.B) {
	names, err := filepath.Glob(filepath.Join(samplesDir, "*.*"))
	if err != nil {
		b.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		b.Skipf("cannot find the test binary to run it as nianbao: %v", err)
	}
	for _, name := range names {
		if !isReportName(name) {
			continue
		}
		sample := []byte(readSample(b, filepath.Base(name)))
		var body []byte
		for len(body)+len(sample) <= maxFileSize {
			body = append(body, sample...)
		}
		path := filepath.Join(b.TempDir(), "large"+filepath.Ext(name))
		if err := os.WriteFile(path, body, 0o644); err != nil {
			b.Fatal(err)
		}
		for _, format := range []string{"text", "json", "sarif"} {
			b.Run(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))+"/"+format, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				if _, ok := selfPeakRSS(); !ok {
					b.Skip("peak resident memory is measured on Linux only")
				}
				report := filepath.Join(b.TempDir(), "rss")
				var peak int64
				for b.Loop() {
					cmd := exec.Command(exe, "check", "--format", format, path)
					cmd.Env = append(os.Environ(), childEnv+"=1", peakRSSEnv+"="+report)
					if err := cmd.Run(); err != nil && cmd.ProcessState.ExitCode() == 2 {
						b.Fatalf("exit status 2")
					}
					data, err := os.ReadFile(report)
					if err != nil {
						b.Fatal(err)
					}
					rss, err := strconv.ParseInt(string(data), 10, 64)
					if err != nil {
						b.Fatal(err)
					}
					peak = max(peak, rss)
				}
				b.ReportMetric(float64(peak)/(1<<20), "max-RSS-MB")
				b.ReportMetric(float64(peak)/float64(len(body)), "rss-x-size")
			})
		}
	}
}
