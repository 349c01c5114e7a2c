package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/nianbao/nianbao/lsp"
)

const lspUsage = `用法：nianbao lsp [--stdio] [--log FILE] [--log-level debug|info|warn|error]

在标准输入输出上运行语言服务器（LSP）。标准输出只用于协议消息；日志写到标准错误，
或写到 --log 指定的文件。

  --stdio       接受但忽略（部分编辑器会传这个参数）
  --log FILE    把日志追加写到 FILE
  --log-level   日志级别：debug、info、warn 或 error（默认 info）

退出状态：先收到 shutdown 再收到 exit 时为 0；未收到 shutdown 就收到 exit 时为 1；
输入结束时，如已收到 shutdown 为 0，否则为 1；参数错误为 2。
`

// runLSP runs the language server on stdin/stdout until exit or end of input.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("lsp")
	fs.Bool("stdio", true, "accepted and ignored: stdio is the only transport")
	// vscode-languageclient passes this to servers it starts; nothing to do with it.
	fs.String("clientProcessId", "", "accepted and ignored")
	logFile := fs.String("log", "", "append logs to this file instead of stderr")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	usageError := func(format string, a ...any) int {
		notef(stderr, "nianbao lsp: %s（运行 nianbao lsp --help 查看用法）", fmt.Sprintf(format, a...))
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return flagsFailed(err, "lsp", lspUsage, args, stdout, stderr)
	}
	if fs.NArg() > 0 {
		return usageError("多余的参数 %s", strings.Join(fs.Args(), " "))
	}
	level, err := zapcore.ParseLevel(*logLevel)
	if err != nil {
		return usageError("--log-level 只能是 debug、info、warn 或 error，不能是 %q", *logLevel)
	}
	var logOut io.Writer = stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			notef(stderr, "nianbao lsp: 无法打开日志文件：%v", err)
			return 2
		}
		defer f.Close()
		logOut = f
	}
	enc := zap.NewProductionEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	logger := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.AddSync(logOut), level))
	defer logger.Sync() //nolint:errcheck // nothing to do about a failed flush at exit

	srv := lsp.New(lsp.Config{Logger: logger, Version: versionString()})
	// The stream never closes stdin or stdout: the process exits right after Serve
	// returns, and a blocked read on stdin cannot be interrupted portably anyway.
	return srv.Serve(context.Background(), stdio{stdin, stdout})
}

// stdio joins the process's input and output into one connection.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
