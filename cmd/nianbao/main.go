// Command nianbao checks 政府信息公开工作年度报告 against the official formats.
//
//	nianbao check [flags] PATH...   check reports from the command line
//	nianbao text FILE               print a report as the checker reads it, as Markdown
//	nianbao extract PATH...         write the numbers of every report's tables (csv, json)
//	nianbao lsp [flags]             run the language server on stdin/stdout
//	nianbao serve [DIR]             serve the web page (editors/web) on 127.0.0.1
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
  nianbao check [--format text|json|sarif|csv] [--template auto|2019|2021] [--config FILE | --no-config]
                [--fix] [--quiet] [--max-warnings N] [--verbose] PATH...
  nianbao text FILE|-
  nianbao extract [--format csv|json] [--template auto|2019|2021] PATH...
  nianbao lsp [--stdio] [--log FILE] [--log-level debug|info|warn|error]
  nianbao serve [--addr 127.0.0.1:8080] [DIR]
  nianbao version
  nianbao help [命令]

运行 "nianbao <命令> --help" 或 "nianbao help <命令>" 查看各命令的参数。
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the process exit status. Help asked for
// goes to stdout with status 0; a usage error goes to stderr with status 2.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		return runCheck(args[1:], stdin, stdout, stderr)
	case "text":
		return runText(args[1:], stdin, stdout, stderr)
	case "extract":
		return runExtract(args[1:], stdin, stdout, stderr)
	case "lsp":
		return runLSP(args[1:], stdin, stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		return runVersion(args[1:], stdout, stderr)
	case "help", "--help", "-h", "-help":
		if len(args) > 1 && args[0] == "help" {
			// "nianbao help check" is "nianbao check --help".
			if commandHelp[args[1]] {
				return run([]string{args[1], "--help"}, stdin, stdout, stderr)
			}
			fmt.Fprintf(stderr, "nianbao: 未知命令 %q\n\n%s", args[1], usage)
			return 2
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "nianbao: 未知命令 %q\n\n%s", args[0], usage)
	return 2
}

// commandHelp lists the commands "nianbao help CMD" knows.
var commandHelp = map[string]bool{"check": true, "text": true, "extract": true, "lsp": true, "serve": true, "version": true}

// isHelpFlag reports whether arg asks for help, as the flag package understands it.
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}
