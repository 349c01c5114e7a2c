package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is set at link time (-ldflags "-X main.version=…"); otherwise the module
// version recorded by the Go toolchain is used.
var version = ""

const versionUsage = `用法：nianbao version

打印 nianbao 的版本。
`

// versionString is the one version nianbao reports: "nianbao version" prints it and
// the language server sends it in serverInfo.
func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if isHelpFlag(args[0]) {
			fmt.Fprint(stdout, versionUsage)
			return 0
		}
		notef(stderr, "nianbao version: 多余的参数 %s（运行 nianbao version --help 查看用法）", args[0])
		return 2
	}
	fmt.Fprintf(stdout, "nianbao %s\n", versionString())
	return 0
}
