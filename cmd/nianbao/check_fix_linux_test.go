package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCheckFixNeedsWritePermission: a user who may write the directory but not the
// file must not get the file replaced. nianbao runs as nobody on a root-owned 0644
// file in a 0777 directory.
func TestCheckFixNeedsWritePermission(t *testing.T) {
	orig := fixableSample(t)
	dir := sharedTempDir(t)
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, filepath.Join(dir, "报告.md"), []byte(orig))
	cmd := childCommand(t, "check", "--fix", path)
	asNobody(t, cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 2 {
		t.Errorf("exit %d (%v), want 2; stderr %q", code, err, stderr.String())
	}
	if want := path + ": 没有写入权限，未修正"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
	// The findings are still reported.
	if !strings.Contains(stdout.String(), "[total-mismatch]") {
		t.Errorf("stdout %q: the unfixed totals should be reported", stdout.String())
	}
	got, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(got) != orig {
		t.Error("the file was changed")
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 0 || st.Gid != 0 {
		t.Errorf("file now owned by %d:%d, want 0:0", st.Uid, st.Gid)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q, want only the report", names)
	}
}

// TestCheckFixKeepsMetadata: --fix promises 保留文件权限; a fixed file keeps its
// inode and so its hard links, owner, group, mode with setgid, and extended
// attributes.
func TestCheckFixKeepsMetadata(t *testing.T) {
	orig := fixableSample(t)
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "报告.md"), []byte(orig))
	link := filepath.Join(dir, "硬链接.md")
	if err := os.Link(path, link); err != nil {
		t.Fatal(err)
	}
	const mode = 0o664 | os.ModeSetgid
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	owner := os.Geteuid()
	if owner == 0 {
		// Another owner shows whether the file was recreated by root.
		owner = nobody
		if err := os.Chown(path, nobody, nobody); err != nil {
			t.Fatal(err)
		}
	}
	xattr := true
	if err := syscall.Setxattr(path, "user.nianbao", []byte("年报"), 0); err != nil {
		t.Logf("no user extended attributes on this file system (%v): not checked", err)
		xattr = false
	}
	before, _ := os.Stat(path)

	_, stderr, code := runCLI(t, "check", "--fix", path)
	if code != 1 || !strings.Contains(stderr, "已修正 2 处") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := pingtanFixed(t, orig)
	for _, p := range []string{path, link} {
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Errorf("%s is not the fixed text", p)
		}
	}
	after, _ := os.Stat(path)
	if !os.SameFile(before, after) {
		t.Error("the file was replaced by another inode")
	}
	st := after.Sys().(*syscall.Stat_t)
	if st.Nlink != 2 {
		t.Errorf("%d links, want 2", st.Nlink)
	}
	if int(st.Uid) != owner || int(st.Gid) != int(before.Sys().(*syscall.Stat_t).Gid) {
		t.Errorf("owner %d:%d, want %d:%d", st.Uid, st.Gid, owner, before.Sys().(*syscall.Stat_t).Gid)
	}
	if after.Mode() != mode {
		t.Errorf("mode %v, want %v", after.Mode(), os.FileMode(mode))
	}
	if xattr {
		buf := make([]byte, 64)
		n, err := syscall.Getxattr(path, "user.nianbao", buf)
		if err != nil || string(buf[:n]) != "年报" {
			t.Errorf("extended attribute %q (%v), want 年报", buf[:max(n, 0)], err)
		}
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("directory holds %q", names)
	}
}

// appender is another program writing to the end of a report it keeps open, as a
// logger or an editor's autosave would: numbered lines, through one O_APPEND file
// descriptor, until stopped.
type appender struct {
	f     *os.File
	lines []string
	stop  chan struct{}
	done  sync.WaitGroup
}

func startAppender(t *testing.T, path string) *appender {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	return &appender{f: f, stop: make(chan struct{})}
}

func (a *appender) write(t *testing.T) {
	line := fmt.Sprintf("附：第 %d 行追加的内容\n", len(a.lines)+1)
	if _, err := a.f.WriteString(line); err != nil {
		t.Error(err)
	}
	a.lines = append(a.lines, line)
}

// run appends a line, then another after each pause, until stopped.
func (a *appender) run(t *testing.T, pause time.Duration) {
	a.done.Add(1)
	go func() {
		defer a.done.Done()
		for {
			a.write(t)
			select {
			case <-a.stop:
				return
			case <-time.After(pause):
			}
		}
	}()
}

// close stops the appender and returns everything it wrote.
func (a *appender) close() string {
	close(a.stop)
	a.done.Wait()
	a.f.Close()
	return strings.Join(a.lines, "")
}

// TestCheckFixKeepsAppendedLines: a program holding the report open keeps writing
// into the real file after a fix, so nothing it writes is lost.
func TestCheckFixKeepsAppendedLines(t *testing.T) {
	orig := fixableSample(t)
	fixed := pingtanFixed(t, orig)
	path := writeFile(t, filepath.Join(t.TempDir(), "报告.md"), []byte(orig))
	a := startAppender(t, path)
	a.write(t)
	if _, stderr, code := runCLI(t, "check", "--fix", path); code != 1 || !strings.Contains(stderr, "已修正 2 处") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	a.write(t)
	appended := a.close()
	if got, _ := os.ReadFile(path); string(got) != fixed+appended {
		t.Errorf("file after --fix and two appended lines:\n%s\nwant the fixed text and both lines", got[len(got)-200:])
	}
}

// TestCheckFixConcurrentAppender: with an appender writing all the time, each run
// either fixes the report or leaves it alone (saying the file changed), and every
// appended line is in the file, once, in order.
func TestCheckFixConcurrentAppender(t *testing.T) {
	orig := fixableSample(t)
	fixed := pingtanFixed(t, orig)
	path := filepath.Join(t.TempDir(), "报告.md")
	outcomes := map[string]int{}
	for run := range 10 {
		writeFile(t, path, []byte(orig))
		a := startAppender(t, path)
		// Pauses shorter and longer than a check takes, so that lines land before,
		// during and after the fix.
		a.run(t, []time.Duration{100 * time.Microsecond, 500 * time.Microsecond, 2 * time.Millisecond, 5 * time.Millisecond}[run%4])
		_, stderr, code := runCLI(t, "check", "--fix", path)
		time.Sleep(5 * time.Millisecond) // a few more lines after the fix
		appended := a.close()
		got, _ := os.ReadFile(path)
		switch {
		case string(got) == fixed+appended && strings.Contains(stderr, "已修正 2 处"):
			outcomes["fixed"]++
		case string(got) == orig+appended && strings.Contains(stderr, "文件在检查期间被修改，未修正") && code == 2:
			outcomes["left alone"]++
		default:
			text := string(got)
			lost := 0
			for _, l := range strings.SplitAfter(appended, "\n") {
				if l != "" && !strings.Contains(text, l) {
					lost++
				}
			}
			t.Errorf("run %d: exit %d, stderr %q; %d of %d appended lines missing, file ends %q",
				run, code, stderr, lost, len(a.lines), text[max(0, len(text)-120):])
		}
	}
	t.Logf("outcomes: %v", outcomes)
}
