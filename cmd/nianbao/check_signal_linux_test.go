package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// manyReports writes n copies of fixableSample, each with two totals to fix, and
// returns their paths, the original and the fixed text.
func manyReports(t *testing.T, n int) (dir string, paths []string, orig, fixed string) {
	t.Helper()
	orig = fixableSample(t)
	fixed = pingtanFixed(t, orig)
	dir = t.TempDir()
	for i := range n {
		paths = append(paths, writeFile(t, filepath.Join(dir, fmt.Sprintf("报告%03d.md", i)), []byte(orig)))
	}
	return dir, paths, orig, fixed
}

// countFixed counts the files that hold the fixed text, and fails the test for one
// that holds neither it nor the original: a file left half-written.
func countFixed(t *testing.T, paths []string, orig, fixed string) int {
	t.Helper()
	n := 0
	for _, p := range paths {
		switch got, _ := os.ReadFile(p); string(got) {
		case fixed:
			n++
		case orig:
		default:
			t.Errorf("%s is neither the original nor the fixed text", p)
		}
	}
	return n
}

// TestCheckFixClosedStdout is "nianbao check --fix DIR | head -1": the reader goes
// away after one line. nianbao must not die of SIGPIPE half-way: it stops printing,
// still fixes every file, leaves no stray file, and says so on stderr.
func TestCheckFixClosedStdout(t *testing.T) {
	dir, paths, orig, fixed := manyReports(t, 300)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := childCommand(t, "check", "--fix", dir)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, paths[0]+":") {
		t.Errorf("first line %q (%v)", line, err)
	}
	r.Close()
	cmd.Wait()

	if ws := cmd.ProcessState.Sys().(syscall.WaitStatus); ws.Signaled() {
		t.Fatalf("killed by %v; stderr ends %q", ws.Signal(), tail(stderr.String()))
	}
	// Errors remain after the fix (fixableSample's 勾稽关系), so the status is 1: a
	// reader that stopped reading is not an error of the check.
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if n := countFixed(t, paths, orig, fixed); n != len(paths) {
		t.Errorf("%d of %d files fixed, want all", n, len(paths))
	}
	if names := dirNames(t, dir); len(names) != len(paths) {
		t.Errorf("directory holds %d names, want the %d reports", len(names), len(paths))
	}
	for _, want := range []string{"nianbao check: 标准输出已关闭", "300 个文件"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q; ends %q", want, tail(stderr.String()))
		}
	}
}

// TestCheckFixInterrupted: Ctrl-C during --fix over a folder stops the run without
// leaving a file half-written: fixes under way are finished, no new one starts, and
// the process then ends by the signal, so that a shell loop running it stops too.
func TestCheckFixInterrupted(t *testing.T) {
	_, paths, orig, fixed := manyReports(t, 300)
	cmd := childCommand(t, append([]string{"check", "--fix"}, paths...)...)
	cmd.Stdout = io.Discard
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	sc := bufio.NewScanner(pipe)
	signalled := false
	for sc.Scan() {
		stderr.WriteString(sc.Text() + "\n")
		if !signalled && strings.Contains(sc.Text(), "已修正 2 处") {
			cmd.Process.Signal(syscall.SIGINT)
			signalled = true
		}
	}
	cmd.Wait()
	if !signalled {
		t.Fatalf("no fix was reported; stderr %q", stderr.String())
	}
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("process ended with %v, want death by SIGINT", cmd.ProcessState)
	}
	n := countFixed(t, paths, orig, fixed)
	if reported := strings.Count(stderr.String(), "已修正 2 处\n"); reported != n {
		t.Errorf("%d files fixed, %d reported fixed", n, reported)
	}
	if n == len(paths) {
		t.Errorf("all %d files fixed: the run did not stop", n)
	}
	if want := "个文件未检查"; !strings.Contains(stderr.String(), "nianbao check: 收到中断信号（SIGINT），已停止") || !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr ends %q, want a note on the interruption", tail(stderr.String()))
	}
}
