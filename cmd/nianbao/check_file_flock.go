//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// oNonblock makes opening a named pipe return at once instead of waiting for a
// writer; it changes nothing for a regular file.
const oNonblock = syscall.O_NONBLOCK

// lockWait bounds how long --fix waits for another program's lock on a file.
const lockWait = 5 * time.Second

// lockFile takes an exclusive flock on f, which other nianbao runs take too, waiting
// up to lockWait for whoever holds it, and giving up at once when ctx is done (the
// run was interrupted). A file system without flock support is written unlocked:
// the comparison and read-back of writeFix still guard it.
func lockFile(ctx context.Context, f *os.File) error {
	conn, err := f.SyscallConn()
	if err != nil {
		return nil
	}
	deadline := time.Now().Add(lockWait)
	for {
		var lockErr error
		if err := conn.Control(func(fd uintptr) {
			lockErr = syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB)
		}); err != nil {
			return nil
		}
		switch {
		case lockErr == nil:
			return nil
		case errors.Is(lockErr, syscall.EINTR):
			continue
		case !errors.Is(lockErr, syscall.EWOULDBLOCK):
			return nil
		case time.Now().After(deadline):
			return errLocked
		}
		select {
		case <-ctx.Done():
			return errInterrupted
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// openRead opens path to read it, at once even when it is a named pipe with no
// writer (which readSource then refuses), and without the runtime's poller:
// os.OpenFile sets up epoll on its first call and offers it every file, which
// refuses a regular one — 1.2 of the 22 samples per run of a one-file check's
// main.main (perf record over 400 runs). os.NewFile leaves a blocking descriptor
// out of the poller.
func openRead(path string) (*os.File, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err == nil {
		if err = syscall.SetNonblock(fd, false); err != nil {
			syscall.Close(fd)
		}
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}
