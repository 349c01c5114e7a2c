package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// e2eTimeout bounds every wait on the server process; nothing sleeps.
const e2eTimeout = 30 * time.Second

// nianbaoBinary builds the command into a temporary directory of the test.
func nianbaoBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	bin := filepath.Join(t.TempDir(), "nianbao")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lspProcess is `nianbao lsp` driven over its real stdin and stdout.
type lspProcess struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr bytes.Buffer
	msgs   chan map[string]any
	nextID int
	done   chan error
}

func startLSP(t *testing.T, bin string, args ...string) *lspProcess {
	t.Helper()
	p := &lspProcess{t: t, msgs: make(chan map[string]any, 1000), done: make(chan error, 1)}
	p.cmd = exec.Command(bin, append([]string{"lsp", "--stdio"}, args...)...)
	p.cmd.Stderr = &p.stderr
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go p.read(bufio.NewReader(stdout))
	t.Cleanup(func() {
		select {
		case err := <-p.done:
			p.done <- err
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// read parses stdout strictly as LSP frames: anything else on stdout fails.
func (p *lspProcess) read(r *bufio.Reader) {
	defer func() { p.done <- p.cmd.Wait() }()
	defer close(p.msgs)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if err != io.EOF || line != "" {
				p.t.Errorf("stdout: %q: %v", line, err)
			}
			return
		}
		n, ok := strings.CutPrefix(strings.TrimRight(line, "\r\n"), "Content-Length: ")
		if !ok {
			p.t.Errorf("stdout is not a frame header: %q", line)
			return
		}
		length, err := strconv.Atoi(n)
		if err != nil {
			p.t.Errorf("bad Content-Length %q", n)
			return
		}
		if blank, _ := r.ReadString('\n'); blank != "\r\n" {
			p.t.Errorf("header not ended by a blank line: %q", blank)
			return
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			p.t.Errorf("body: %v", err)
			return
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			p.t.Errorf("body is not JSON: %q", body)
			return
		}
		p.msgs <- m
	}
}

func (p *lspProcess) send(msg map[string]any) {
	p.t.Helper()
	msg["jsonrpc"] = "2.0"
	body, err := json.Marshal(msg)
	if err != nil {
		p.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(p.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		p.t.Fatalf("write to server: %v", err)
	}
}

func (p *lspProcess) notify(method string, params any) {
	p.t.Helper()
	p.send(map[string]any{"method": method, "params": params})
}

// call sends a request and waits for its response, skipping notifications.
func (p *lspProcess) call(method string, params any) map[string]any {
	p.t.Helper()
	p.nextID++
	id := p.nextID
	p.send(map[string]any{"id": id, "method": method, "params": params})
	return p.await(fmt.Sprintf("response to %s", method), func(m map[string]any) bool {
		return m["id"] == float64(id) && m["method"] == nil
	})
}

// await returns the first message that matches.
func (p *lspProcess) await(what string, match func(map[string]any) bool) map[string]any {
	p.t.Helper()
	deadline := time.After(e2eTimeout)
	for {
		select {
		case m, ok := <-p.msgs:
			if !ok {
				p.t.Fatalf("server closed stdout while waiting for %s; stderr:\n%s", what, p.stderr.String())
			}
			if match(m) {
				return m
			}
		case <-deadline:
			p.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// diagnostics waits for the diagnostics of uri at version.
func (p *lspProcess) diagnostics(uri string, version int) []any {
	p.t.Helper()
	m := p.await(fmt.Sprintf("diagnostics of version %d", version), func(m map[string]any) bool {
		if m["method"] != "textDocument/publishDiagnostics" {
			return false
		}
		params := m["params"].(map[string]any)
		return params["uri"] == uri && params["version"] == float64(version)
	})
	ds, ok := m["params"].(map[string]any)["diagnostics"].([]any)
	if !ok {
		p.t.Fatalf("diagnostics is not a list: %v", m)
	}
	return ds
}

// wait waits for the process to end and returns its exit status.
func (p *lspProcess) wait() int {
	p.t.Helper()
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				return ee.ExitCode()
			}
			p.t.Fatalf("wait: %v", err)
		}
		return 0
	case <-time.After(e2eTimeout):
		p.t.Fatalf("server did not exit; stderr:\n%s", p.stderr.String())
	}
	return -1
}

func (p *lspProcess) initialize() {
	p.t.Helper()
	res := p.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}})
	caps := res["result"].(map[string]any)["capabilities"].(map[string]any)
	if sync := caps["textDocumentSync"].(map[string]any); sync["change"] != 2.0 {
		p.t.Fatalf("textDocumentSync = %v, want incremental", sync)
	}
	p.notify("initialized", map[string]any{})
}

// TestLSPEndToEnd: a wrong total is reported, its quickfix applied as an
// incremental change makes the diagnostic go away, and shutdown+exit ends the
// process with status 0.
func TestLSPEndToEnd(t *testing.T) {
	// pingtan-2020 with a carried-over row, so that the totals' fixes keep no
	// 勾稽关系 from holding and are offered (pingtan-2020's own are withheld).
	text := fixableSample(t)
	p := startLSP(t, nianbaoBinary(t), "--log-level", "debug")
	p.initialize()
	const uri = "file:///报告/平潭-2020.md"
	p.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "markdown", "version": 1, "text": text,
	}})

	var total map[string]any
	for _, d := range p.diagnostics(uri, 1) {
		d := d.(map[string]any)
		if d["code"] == "total-mismatch" && strings.Contains(d["message"].(string), "26") {
			total = d
		}
	}
	if total == nil {
		t.Fatalf("no total-mismatch diagnostic for （七）总计 自然人")
	}
	if total["source"] != "nianbao" {
		t.Errorf("source = %v", total["source"])
	}

	res := p.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        total["range"],
		"context":      map[string]any{"diagnostics": []any{total}, "only": []string{"quickfix"}},
	})
	var fix map[string]any
	for _, a := range res["result"].([]any) {
		if a := a.(map[string]any); a["isPreferred"] == true {
			fix = a
		}
	}
	if fix == nil {
		t.Fatalf("no preferred quickfix: %v", res)
	}
	edits := fix["edit"].(map[string]any)["changes"].(map[string]any)[uri].([]any)
	if len(edits) != 1 {
		t.Fatalf("quickfix edits = %v", edits)
	}
	edit := edits[0].(map[string]any)
	if edit["newText"] != "26" {
		t.Errorf("quickfix inserts %v, want 26", edit["newText"])
	}

	// Apply it as the editor would: an incremental didChange.
	p.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": edit["range"], "text": edit["newText"]}},
	})
	for _, d := range p.diagnostics(uri, 2) {
		d := d.(map[string]any)
		if d["code"] == "total-mismatch" && fmt.Sprint(d["range"]) == fmt.Sprint(total["range"]) {
			t.Errorf("diagnostic still there after the fix: %v", d["message"])
		}
	}

	if res := p.call("shutdown", nil); res["error"] != nil {
		t.Fatalf("shutdown: %v", res)
	}
	p.notify("exit", nil)
	if code := p.wait(); code != 0 {
		t.Errorf("exit status %d, want 0; stderr:\n%s", code, p.stderr.String())
	}
	if !strings.Contains(p.stderr.String(), "initialized") {
		t.Errorf("no logs on stderr:\n%s", p.stderr.String())
	}
}

func TestLSPExitStatus(t *testing.T) {
	bin := nianbaoBinary(t)
	t.Run("exit without shutdown", func(t *testing.T) {
		p := startLSP(t, bin)
		p.initialize()
		p.notify("exit", nil)
		if code := p.wait(); code != 1 {
			t.Errorf("status %d, want 1", code)
		}
	})
	t.Run("end of input without shutdown", func(t *testing.T) {
		p := startLSP(t, bin)
		p.initialize()
		p.stdin.Close()
		if code := p.wait(); code != 1 {
			t.Errorf("status %d, want 1", code)
		}
	})
	t.Run("end of input after shutdown", func(t *testing.T) {
		p := startLSP(t, bin)
		p.initialize()
		p.call("shutdown", nil)
		p.stdin.Close()
		if code := p.wait(); code != 0 {
			t.Errorf("status %d, want 0", code)
		}
	})
	t.Run("bad flag", func(t *testing.T) {
		p := startLSP(t, bin, "--log-level", "loud")
		if code := p.wait(); code != 2 {
			t.Errorf("status %d, want 2", code)
		}
	})
}

// TestLSPLogFile: with --log, logs go to the file and stderr stays quiet.
func TestLSPLogFile(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "nianbao.log")
	p := startLSP(t, nianbaoBinary(t), "--log", logPath, "--log-level", "info")
	p.initialize()
	// A malformed message is answered and logged; the server reads on.
	if _, err := io.WriteString(p.stdin, "Content-Length: 1\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	m := p.await("parse error", func(m map[string]any) bool { return m["error"] != nil })
	if m["id"] != nil || m["error"].(map[string]any)["code"] != -32700.0 {
		t.Errorf("reply to malformed message: %v", m)
	}
	p.call("shutdown", nil)
	p.notify("exit", nil)
	if code := p.wait(); code != 0 {
		t.Errorf("status %d", code)
	}
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "message is not JSON") {
		t.Errorf("log file lacks the parse error:\n%s", logs)
	}
	if p.stderr.Len() != 0 {
		t.Errorf("stderr not empty with --log:\n%s", p.stderr.String())
	}
}
