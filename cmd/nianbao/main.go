// Command nianbao checks 政府信息公开工作年度报告 against the official formats.
//
//	nianbao check [flags] PATH...   check reports from the command line
//	nianbao lsp [flags]             run the language server on stdin/stdout
//	nianbao version                 print the version
//
// Each subcommand lives in its own file; this one only dispatches.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `nianbao 检查政府信息公开工作年度报告是否符合国务院办公厅规定的格式。

用法：
  nianbao check [--format text|json|sarif] [--template auto|2019|2021] [--fix] PATH...
  nianbao lsp [--stdio] [--log FILE] [--log-level debug|info|warn|error]
  nianbao version

运行 "nianbao <命令> --help" 查看各命令的参数。
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the process exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "lsp":
		return runLSP(args[1:], stdin, stdout, stderr)
	case "version", "--version", "-v":
		return runVersion(args[1:], stdout, stderr)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "nianbao: 未知命令 %q\n\n%s", args[0], usage)
	return 2
}
