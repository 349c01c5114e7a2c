package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// childEnv, set to 1 in a process started from this test binary, makes the binary run
// main with its arguments instead of the tests: tests that need a real process (a
// signal, a closed pipe, another user) run nianbao that way, without building it.
const childEnv = "NIANBAO_TEST_MAIN"

// peakRSSEnv, set with childEnv to a file's path, makes the child write its peak
// resident memory there, in bytes, before it exits (see BenchmarkCheckLargeFileRSS).
const peakRSSEnv = "NIANBAO_TEST_PEAK_RSS"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if path := os.Getenv(peakRSSEnv); path != "" {
			code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			if rss, ok := selfPeakRSS(); ok {
				os.WriteFile(path, []byte(strconv.FormatInt(rss, 10)), 0o644)
			}
			os.Exit(code)
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// childCommand is nianbao with args, run as a process of its own.
func childCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot find the test binary to run it as nianbao: %v", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	return cmd
}

// TestCommandLine holds the commands to one convention: help that was asked for goes
// to stdout with status 0; a usage error is one Chinese line (or the usage) on
// stderr with status 2, naming what was typed.
func TestCommandLine(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		stdout     string // contained in stdout; "" means stdout must be empty
		stderr     string // contained in stderr; "" means stderr must be empty
		stderrLine bool   // stderr is exactly one line
	}{
		{args: nil, code: 2, stderr: "用法："},
		{args: []string{"help"}, code: 0, stdout: "nianbao check"},
		{args: []string{"--help"}, code: 0, stdout: "nianbao check"},
		{args: []string{"-h"}, code: 0, stdout: "nianbao check"},
		{args: []string{"help", "check"}, code: 0, stdout: "--template auto|2019|2021"},
		{args: []string{"help", "lsp"}, code: 0, stdout: "--log-level"},
		{args: []string{"help", "bogus"}, code: 2, stderr: `nianbao: 未知命令 "bogus"`},
		{args: []string{"bogus"}, code: 2, stderr: `nianbao: 未知命令 "bogus"`},
		{args: []string{"check", "--help"}, code: 0, stdout: "退出状态"},
		{args: []string{"lsp", "--help"}, code: 0, stdout: "用法：nianbao lsp"},
		{args: []string{"lsp", "-h"}, code: 0, stdout: "用法：nianbao lsp"},
		{args: []string{"version", "--help"}, code: 0, stdout: "用法：nianbao version"},
		{args: []string{"check", "--bogus", "x.md"}, code: 2, stderrLine: true,
			stderr: "nianbao check: 未知参数 --bogus（运行 nianbao check --help 查看用法）"},
		{args: []string{"lsp", "--bogus"}, code: 2, stderrLine: true,
			stderr: "nianbao lsp: 未知参数 --bogus（运行 nianbao lsp --help 查看用法）"},
		{args: []string{"lsp", "--log-level"}, code: 2, stderrLine: true, stderr: "nianbao lsp: 参数 --log-level 缺少取值（"},
		{args: []string{"lsp", "--log-level", "loud"}, code: 2, stderrLine: true,
			stderr: `nianbao lsp: --log-level 只能是 debug、info、warn 或 error，不能是 "loud"（`},
		{args: []string{"lsp", "--stdio=maybe"}, code: 2, stderrLine: true,
			stderr: `nianbao lsp: 参数 --stdio 只能是 true 或 false，不能是 "maybe"（`},
		{args: []string{"lsp", "extra"}, code: 2, stderrLine: true, stderr: "nianbao lsp: 多余的参数 extra（"},
		{args: []string{"version", "extra"}, code: 2, stderrLine: true, stderr: "nianbao version: 多余的参数 extra（"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			check := func(stream, got, want string) {
				if want == "" && got != "" {
					t.Errorf("%s = %q, want nothing", stream, got)
				}
				if !strings.Contains(got, want) {
					t.Errorf("%s = %q, want it to contain %q", stream, got, want)
				}
			}
			check("stdout", stdout, tt.stdout)
			check("stderr", stderr, tt.stderr)
			if tt.stderrLine && strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr = %q, want one line", stderr)
			}
		})
	}
}

// TestVersionOnce: "nianbao version" and the language server's serverInfo report
// the same version, the link-time one when set.
func TestVersionOnce(t *testing.T) {
	defer func(v string) { version = v }(version)
	for _, v := range []string{"", "v1.2.3-测试"} {
		version = v
		stdout, _, code := runCLI(t, "version")
		printed, ok := strings.CutPrefix(strings.TrimSuffix(stdout, "\n"), "nianbao ")
		if code != 0 || !ok || printed == "" {
			t.Fatalf("version: exit %d, stdout %q", code, stdout)
		}
		if v != "" && printed != v {
			t.Errorf("version printed %q, want the link-time %q", printed, v)
		}
		if got := lspServerVersion(t); got != printed {
			t.Errorf("serverInfo.version %q, nianbao version %q", got, printed)
		}
	}
}

// lspServerVersion runs the server in-process on an initialize request and returns
// the serverInfo.version of its answer.
func lspServerVersion(t *testing.T) string {
	t.Helper()
	var in strings.Builder
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`,
		`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`,
		`{"jsonrpc":"2.0","method":"exit"}`,
	} {
		fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(msg), msg)
	}
	var out, errb strings.Builder
	if code := run([]string{"lsp", "--log-level", "error"}, strings.NewReader(in.String()), &out, &errb); code != 0 {
		t.Fatalf("lsp exit %d, stderr %q", code, errb.String())
	}
	r := bufio.NewReader(strings.NewReader(out.String()))
	for {
		var length int
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("no initialize answer in %q", out.String())
			}
			if line == "\r\n" {
				break
			}
			fmt.Sscanf(line, "Content-Length: %d", &length)
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatal(err)
		}
		var msg struct {
			ID     int
			Result struct {
				ServerInfo struct{ Version string }
			}
		}
		if json.Unmarshal(body, &msg) == nil && msg.ID == 1 {
			return msg.Result.ServerInfo.Version
		}
	}
}
