package main

import (
	"runtime/debug"
	"sync"
)

// The soft memory limit of a check run follows the texts it holds.
//
// With GOGC at 400 (see runCheck) the heap may grow to five times what is live
// before a collection. That is what a run over many small reports wants, holding a
// megabyte or two; a file near the size limit holds up to six or seven times its
// text while it is checked (the text, the document and the report, then the
// findings: 98-105 MB at most for the samples repeated to 16 MB), and the heap would
// grow to several times that. A limit makes the collector work harder only where it
// would otherwise overshoot.
//
// A fixed limit of 192 MB let the heap grow to the limit whatever the file: a file
// of 16 MB took 12-17 times its size in resident memory (issue 12 wants less than
// 10). The limit now follows the texts being checked or waiting to be printed:
// checkMemoryPerByte times their size, never below checkMemoryFloor, which a run
// over small files does not reach (a folder of 3 000 sample copies peaks at a 16 MB
// heap goal, as before). On the samples repeated to 16 MB the largest RSS is then
// 5.7-8.5 times the file's size (text, json and sarif output), and 8.3 at most
// with both cores busy with other work.

const (
	// checkMemoryFloor is the least limit: what a run over small files may use.
	checkMemoryFloor = 64 << 20
	// checkMemoryPerByte is the limit per byte of text held: the peak heap of a
	// check is up to 6.6 times its text (labao repeated to 16 MB), and the runtime
	// counts its own overhead against the limit too (the heap goal is some 20 MB
	// below it). 7.5 saved 4-7 MB of RSS at 16 MB and cost guanghua 15% more time,
	// the collector then running almost without pause.
	checkMemoryPerByte = 8
)

// memoryLimit sets the soft memory limit from the bytes of text held. Its methods
// do nothing on a nil *memoryLimit: GOMEMLIMIT set by the user wins.
type memoryLimit struct {
	mu    sync.Mutex
	held  int64
	prior int64 // the limit before the run, restored by done
}

// newMemoryLimit sets the limit for a run that holds no text yet.
func newMemoryLimit() *memoryLimit {
	m := &memoryLimit{}
	m.prior = debug.SetMemoryLimit(checkMemoryFloor)
	return m
}

// hold counts a text of n bytes until release is called, once its result is
// printed or dropped.
func (m *memoryLimit) hold(n int) (release func()) {
	if m == nil {
		return func() {}
	}
	m.add(int64(n))
	var once sync.Once
	return func() { once.Do(func() { m.add(-int64(n)) }) }
}

func (m *memoryLimit) add(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.held += n
	debug.SetMemoryLimit(max(checkMemoryFloor, checkMemoryPerByte*m.held))
}

// done restores the limit from before the run.
func (m *memoryLimit) done() {
	if m != nil {
		debug.SetMemoryLimit(m.prior)
	}
}
