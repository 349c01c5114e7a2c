package main

import (
	"os"
	"syscall"
)

// maxRSS is the peak resident memory of a process that has ended, in bytes.
func maxRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return ru.Maxrss << 10, true // Linux gives kilobytes
}
