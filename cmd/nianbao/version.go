package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is set at link time (-ldflags "-X main.version=…"); otherwise the module
// version recorded by the Go toolchain is used.
var version = ""

func runVersion(args []string, stdout, stderr io.Writer) int {
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	fmt.Fprintf(stdout, "nianbao %s\n", v)
	return 0
}
