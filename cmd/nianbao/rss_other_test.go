//go:build !linux

package main

// selfPeakRSS is this process's peak resident memory; only Linux is measured.
func selfPeakRSS() (int64, bool) { return 0, false }
