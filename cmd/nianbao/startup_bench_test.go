package main

import (
	"os"
	"os/exec"
	"path/filepath"
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
//	go test -run '^$' -bench Startup -benchtime 200x ./cmd/nianbao/
func BenchmarkStartup(b *testing.B) {
	if _, err := exec.LookPath("go"); err != nil {
		b.Skip("needs the go command to build the binaries it compares")
	}
	dir := b.TempDir()
	nianbao := filepath.Join(dir, "nianbao")
	// Built as the README installs it: CGO_ENABLED=0, a static binary (zap imports
	// net/http, whose cgo DNS resolver otherwise links the C library dynamically,
	// and loading that costs about 0.5 ms a start).
	build := exec.Command("go", "build", "-o", nianbao, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	helloDir := filepath.Join(dir, "hello")
	hello := filepath.Join(dir, "hello-bin")
	if err := os.MkdirAll(helloDir, 0o755); err != nil {
		b.Fatal(err)
	}
	for name, content := range map[string]string{
		"go.mod":  "module hello\n\ngo 1.24\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"你好\") }\n",
	} {
		if err := os.WriteFile(filepath.Join(helloDir, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	build = exec.Command("go", "build", "-o", hello, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Dir = helloDir
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build hello: %v\n%s", err, out)
	}
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
	var checks, hellos []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hellos = append(hellos, timeRun(hello))
		checks = append(checks, timeRun(nianbao, "check", sample))
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
}
