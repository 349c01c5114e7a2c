package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

const serveUsage = `用法：nianbao serve [--addr 127.0.0.1:8080] [DIR]

在本机提供网页版：浏览器打开它给出的地址，把报告粘贴进去或打开文件，边改边查。
DIR 是 make web 生成的文件夹，默认 editors/web/dist（在仓库根目录运行时）。
报告只在浏览器中检查，不发送给这个程序，也不发送到别处；这个程序只提供网页文件。

  --addr   监听的地址，默认 127.0.0.1:8080，只有本机能打开；端口写 0 时任选一个空闲端口

Ctrl-C 结束。退出状态：正常结束为 0；参数错误、文件夹中没有网页版或端口被占用为 2。
`

// runServe implements "nianbao serve": the web page (editors/web, built by make web)
// served from a folder, on the loopback address unless told otherwise.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "")
	if err := fs.Parse(args); err != nil {
		return flagsFailed(err, "serve", serveUsage, args, stdout, stderr)
	}
	dir := filepath.Join("editors", "web", "dist")
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		notef(stderr, "nianbao serve: 只能提供一个文件夹，多了 %q（运行 nianbao serve --help 查看用法）", fs.Arg(1))
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, *addr, dir, stdout, stderr)
}

// serve serves dir on addr until ctx ends.
func serve(ctx context.Context, addr, dir string, stdout, stderr io.Writer) int {
	for _, f := range []string{"index.html", "nianbao.wasm", "wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			notef(stderr, "nianbao serve: %s 中没有网页版（缺 %s）：先在仓库根目录运行 make web，或给出 make web 生成的文件夹", dir, f)
			return 2
		}
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		notef(stderr, "nianbao serve: 地址 %q 无法读取，应写作 127.0.0.1:8080", addr)
		return 2
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		notef(stderr, "nianbao serve: 注意：在 %s 上提供，别的电脑也能打开这个网页（报告仍只在打开它的浏览器中检查）", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		notef(stderr, "nianbao serve: 无法在 %s 上提供：%v（端口被占用时用 --addr 127.0.0.1:0 任选一个）", addr, err)
		return 2
	}
	files := http.FileServer(http.Dir(dir))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// A rebuilt page must not mix with a cached old module.
			w.Header().Set("Cache-Control", "no-cache")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			files.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Fprintf(stdout, "网页版：http://%s/ （Ctrl-C 结束）\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		notef(stderr, "nianbao serve: %v", err)
		return 2
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	return 0
}
