//go:build !linux

package main

import "os"

// isTerminal is false off Linux: the text output is plain there.
func isTerminal(*os.File) bool { return false }
