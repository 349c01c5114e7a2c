//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runCLIWithin is runCLI, failing the test instead of hanging if check blocks (on a
// named pipe, say).
func runCLIWithin(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	type result struct {
		stdout, stderr string
		code           int
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.stdout, r.stderr, r.code = runCLI(t, args...)
		done <- r
	}()
	select {
	case r := <-done:
		return r.stdout, r.stderr, r.code
	case <-time.After(30 * time.Second):
		t.Fatalf("check %q did not finish", args)
	}
	return
}

// TestCheckWalkSkips: a folder walk leaves out .git, node_modules and hidden
// directories without a word (they are never reports), and says in one line each
// what else it skipped and why: a named pipe (never opened, so never waited on), a
// broken or looping symlink, a symlink to a directory. None of that changes the
// exit status.
func TestCheckWalkSkips(t *testing.T) {
	body := []byte(readSample(t, "pingtan-2019.md"))
	dir := t.TempDir()
	report := writeFile(t, filepath.Join(dir, "报告.md"), body)
	for _, p := range []string{"node_modules/pkg/README.md", "sub/node_modules/x.txt", ".git/COMMIT_EDITMSG.txt", "sub/.cache/y.md"} {
		writeFile(t, filepath.Join(dir, p), body)
	}
	fifo := filepath.Join(dir, "管道.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	broken := filepath.Join(dir, "断开.md")
	loop := filepath.Join(dir, "循环.md")
	linkDir := filepath.Join(dir, "链接目录")
	for link, target := range map[string]string{broken: "不存在.md", loop: "循环.md", linkDir: "sub"} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}

	stdout, stderr, code := runCLIWithin(t, "check", dir)
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	for _, l := range lines(stdout) {
		if !strings.HasPrefix(l, report+":") {
			t.Errorf("finding outside the one report: %q", l)
		}
	}
	want := []string{
		fifo + ": 不是普通文件（是命名管道），已跳过",
		broken + ": 符号链接指向的文件不存在，已跳过",
		loop + ": 符号链接循环，已跳过",
		linkDir + ": 符号链接指向目录，未进入（要检查请直接指定这个目录）",
		"1 个文件，0 个错误",
	}
	got := lines(stderr)
	if len(got) != len(want) {
		t.Errorf("stderr has %d lines, want %d:\n%s", len(got), len(want), stderr)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}

	// Named on the command line, the pipe is an error, still without blocking.
	_, stderr, code = runCLIWithin(t, "check", fifo)
	if want := fifo + ": 不是普通文件（是命名管道），无法检查"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("named pipe: exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	_, stderr, code = runCLIWithin(t, "check", loop)
	if want := loop + ": 符号链接循环"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("looping symlink: exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}
