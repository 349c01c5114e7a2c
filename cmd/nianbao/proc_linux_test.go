package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// nobody is the unprivileged user the permission tests run nianbao as.
const nobody = 65534

// asNobody makes cmd run as the user nobody. Only root can do that; the tests that
// need it are about files another user owns, which only root can set up, so they
// skip otherwise. The test binary is copied where nobody can run it (go test builds
// it in a directory only its owner may enter).
func asNobody(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: the test makes files owned by another user and runs nianbao as nobody")
	}
	bin := filepath.Join(sharedTempDir(t), "nianbao.test")
	src, err := os.Open(cmd.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	cmd.Path = bin
	cmd.Args[0] = bin
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	probe := exec.Command(bin, "version")
	probe.Env = cmd.Env
	probe.SysProcAttr = cmd.SysProcAttr
	if out, err := probe.CombinedOutput(); err != nil {
		t.Skipf("cannot run a process as nobody here: %v %s", err, out)
	}
}

// sharedTempDir is a temporary directory every user may enter and read: testing's
// own directories are private to their owner.
func sharedTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
