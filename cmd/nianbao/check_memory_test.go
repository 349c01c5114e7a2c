package main

import (
	"runtime/debug"
	"testing"
)

// The memory limit follows the texts held, never below the floor, and comes back to
// what it was once the run is done.
func TestMemoryLimit(t *testing.T) {
	limit := func() int64 { return debug.SetMemoryLimit(-1) }
	before := limit()
	m := newMemoryLimit()
	if got := limit(); got != checkMemoryFloor {
		t.Fatalf("limit %d with nothing held, want the floor %d", got, checkMemoryFloor)
	}
	small := m.hold(1 << 20)
	if got := limit(); got != checkMemoryFloor {
		t.Errorf("limit %d with 1 MB held, want the floor %d", got, checkMemoryFloor)
	}
	large := m.hold(16 << 20)
	if got, want := limit(), int64(checkMemoryPerByte*17<<20); got != want {
		t.Errorf("limit %d with 17 MB held, want %d", got, want)
	}
	large()
	large() // a second release counts nothing
	if got := limit(); got != checkMemoryFloor {
		t.Errorf("limit %d after the large text was released, want the floor %d", got, checkMemoryFloor)
	}
	small()
	m.done()
	if got := limit(); got != before {
		t.Errorf("limit %d after the run, want %d as before", got, before)
	}
	var none *memoryLimit // GOMEMLIMIT set by the user: nothing changes
	none.hold(16 << 20)()
	none.done()
	if got := limit(); got != before {
		t.Errorf("a nil memoryLimit changed the limit to %d", got)
	}
}
