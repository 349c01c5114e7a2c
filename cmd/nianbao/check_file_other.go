//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package main

import (
	"context"
	"os"
)

const oNonblock = 0

// lockFile does nothing where there is no flock (Windows, Solaris): the comparison
// and read-back of writeFix still guard the write.
func lockFile(ctx context.Context, f *os.File) error { return nil }

// openRead opens path to read it.
func openRead(path string) (*os.File, error) { return os.OpenFile(path, os.O_RDONLY, 0) }
