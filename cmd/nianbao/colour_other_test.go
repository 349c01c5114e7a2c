//go:build !linux

package main

import (
	"os"
	"testing"
)

func openPTY(t *testing.T) (*os.File, bool) { return nil, false }
