package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
	"time"
)

// BenchmarkStartup compares what a one-file `nianbao check` costs a user with what
// starting any Go program costs: the built command checking
// testdata/samples/pingtan-2020.md against a hello-world built by the same
// toolchain, run alternately. It reports the median wall time of each and their
// ratio; the target is a ratio of at most 2 (issue 11: the engine's tables used to
// take 6.9 ms of a 13 ms check to build).
//
// Two more programs, run in the same rotation, say where the ratio comes from:
// `nianbao version`, which checks nothing (what the binary costs to start), and a
// hello-world that links the three libraries the server is built on, as `nianbao
// lsp` uses them (what any program built on them costs to start, before a line of
// nianbao runs).
//
//	go test -run '^$' -bench Startup -benchtime 200x ./cmd/nianbao/
func BenchmarkStartup(b *testing.B) {
	if _, err := exec.LookPath("go"); err != nil {
		b.Skip("needs the go command to build the binaries it compares")
	}
	dir := b.TempDir()
	nianbao := buildProgram(b, ".", filepath.Join(dir, "nianbao"))
	hello := buildProgram(b, writeProgram(b, filepath.Join(dir, "hello"), map[string][]byte{
		"go.mod":  []byte("module hello\n\ngo 1.24\n"),
		"main.go": []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"你好\") }\n"),
	}), filepath.Join(dir, "hello-bin"))
	libs := buildLibsHello(b, dir)
	sample, err := filepath.Abs("../../testdata/samples/pingtan-2020.md")
	if err != nil {
		b.Fatal(err)
	}
	timeRun := func(name string, args ...string) time.Duration {
		cmd := exec.Command(name, args...)
		t0 := time.Now()
		err := cmd.Run()
		d := time.Since(t0)
		// check exits 1: the sample has wrong totals. Anything else is a failure.
		if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1 && name == nianbao) {
			b.Fatalf("%s: %v", name, err)
		}
		return d
	}
	var checks, hellos, versions, libHellos []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hellos = append(hellos, timeRun(hello))
		checks = append(checks, timeRun(nianbao, "check", sample))
		libHellos = append(libHellos, timeRun(libs))
		versions = append(versions, timeRun(nianbao, "version"))
	}
	b.StopTimer()
	med := func(ds []time.Duration) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}
	c, h := med(checks), med(hellos)
	b.ReportMetric(float64(c.Microseconds()), "check-µs")
	b.ReportMetric(float64(h.Microseconds()), "hello-µs")
	b.ReportMetric(float64(c)/float64(h), "check/hello")
	b.ReportMetric(float64(med(versions))/float64(h), "version/hello")
	b.ReportMetric(float64(med(libHellos))/float64(h), "libs/hello")
}

// libsHello is a hello-world linking go.lsp.dev/jsonrpc2, go.lsp.dev/protocol and
// go.uber.org/zap the way package lsp does: the calls sit behind a condition that
// is never true, so their code is linked and their packages initialised, and
// nothing else runs.
const libsHello = `package main

import (
	"context"
	"fmt"
	"os"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return nil }

func main() {
	if len(os.Args) > 99 {
		log := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(zap.NewProductionEncoderConfig()),
			zapcore.AddSync(os.Stderr), zapcore.InfoLevel))
		conn := jsonrpc2.NewConn(jsonrpc2.NewStream(stdio{}))
		conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
			return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, req.Method()))
		})
		_, _, _ = protocol.NewClient(context.Background(), nil, jsonrpc2.NewStream(stdio{}), log)
		log.Info("started", zap.String("method", "initialize"))
	}
	fmt.Println("你好")
}
`

// buildLibsHello builds libsHello in dir with this module's requirements (its
// go.mod and go.sum, renamed), from the module cache the build of nianbao filled.
func buildLibsHello(b *testing.B, dir string) string {
	b.Helper()
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		b.Fatal(err)
	}
	sum, err := os.ReadFile("../../go.sum")
	if err != nil {
		b.Fatal(err)
	}
	mod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(mod, []byte("module libshello"))
	src := writeProgram(b, filepath.Join(dir, "libs"), map[string][]byte{"go.mod": mod, "go.sum": sum, "main.go": []byte(libsHello)})
	return buildProgram(b, src, filepath.Join(dir, "libs-bin"), "-mod=mod")
}

// writeProgram writes files into a new folder dir and returns it.
func writeProgram(b *testing.B, dir string, files map[string][]byte) string {
	b.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// buildProgram builds the main package in src into bin and returns bin. Each
// program is built as the README installs nianbao: CGO_ENABLED=0, a static binary
// (zap imports net/http, whose cgo DNS resolver otherwise links the C library
// dynamically, and loading that costs about 0.5 ms a start).
func buildProgram(b *testing.B, src, bin string, flags ...string) string {
	b.Helper()
	build := exec.Command("go", append(append([]string{"build"}, flags...), "-o", bin, ".")...)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Dir = src
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", src, err, out)
	}
	return bin
}
