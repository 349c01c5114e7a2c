package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal and returns its terminal end; false when the
// system has none to give.
func openPTY(t *testing.T) (*os.File, bool) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, false
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		return nil, false
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		return nil, false
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, false
	}
	t.Cleanup(func() { tty.Close() })
	ptyMasters[tty] = master
	return tty, true
}

var ptyMasters = map[*os.File]*os.File{}

// The real binary colours its text output on a terminal, not through a pipe, and
// not with NO_COLOR.
func TestCheckColourProcess(t *testing.T) {
	sample := filepath.Join(samplesDir, "pingtan-2020.md")
	for _, tc := range []struct {
		noColor string
		colour  bool
	}{{"", true}, {"1", false}} {
		tty, ok := openPTY(t)
		if !ok {
			t.Skip("no pseudo-terminal here")
		}
		cmd := childCommand(t, "check", "--no-config", sample)
		cmd.Env = append(cmd.Env, "NO_COLOR="+tc.noColor, "TERM=xterm")
		cmd.Stdout = tty
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		tty.Close()
		master := ptyMasters[tty]
		master.SetReadDeadline(time.Now().Add(5 * time.Second))
		var out bytes.Buffer
		io.Copy(&out, master) // ends with EIO once the terminal end is closed
		got := out.String()
		if has := strings.Contains(got, "\x1b[1;31merror\x1b[0m"); has != tc.colour || !strings.Contains(got, "[total-mismatch]") {
			t.Errorf("NO_COLOR=%q: colour %v, want %v:\n%q", tc.noColor, has, tc.colour, got)
		}
	}
	// Through a pipe: plain.
	cmd := childCommand(t, "check", "--no-config", sample)
	cmd.Env = append(cmd.Env, "TERM=xterm", "NO_COLOR=")
	out, _ := cmd.Output()
	if bytes.Contains(out, []byte("\x1b[")) || !bytes.Contains(out, []byte(": error: ")) {
		t.Errorf("pipe: %q", out)
	}
}
