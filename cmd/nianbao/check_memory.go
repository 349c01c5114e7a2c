package main

import (
	"runtime/debug"
	"sync"
)

// The soft memory limit of a check run follows the texts it holds.
//
// With GOGC at 400 (see runCheck) the heap may grow to five times what is live
// before a collection. That is what a run over many small reports wants, holding a
// megabyte or two; a file near the size limit holds some seven times its text while
// it is checked (the document, the report and the findings: 118 MB for guanghua
// repeated to 16 MB), and the heap then grew to three times that. A limit makes the
// collector work harder only where it would otherwise overshoot.
//
// A fixed limit of 192 MB did that for a file at the size limit but let the heap
// grow to the limit whatever the file, and made a file of 16 MB take 12-16 times its
// size in resident memory (issue 12 wants less than 10). The limit now follows the
// texts being checked or waiting to be printed: checkMemoryPerByte times their size,
// never below checkMemoryFloor, which a run over small files does not reach
// (BenchmarkCheckDirectory unchanged). On the samples repeated to 16 MB the largest
// RSS is then 8.3-8.9 times the file's size, while the time of the one that holds
// the most (guanghua) goes from 0.8 s with the heap free to grow to about 1.1 s.

const (
	// checkMemoryFloor is the least limit: what a run over small files may use.
	checkMemoryFloor = 64 << 20
	// checkMemoryPerByte is the limit per byte of text held: the peak heap of a
	// check is up to 7.4 times its text (guanghua and labao repeated to 16 MB),
	// and a little room above that keeps the collector from running without pause.
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
