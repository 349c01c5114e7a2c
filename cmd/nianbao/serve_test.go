package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServe serves a folder like make web's on a free loopback port, fetches the
// page and the module, and stops.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"index.html":   "<!doctype html><title>年度报告检查</title>",
		"nianbao.wasm": "\x00asm\x01\x00\x00\x00",
		"wasm_exec.js": "// loader",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	status := make(chan int, 1)
	go func() {
		status <- serve(ctx, "127.0.0.1:0", dir, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v; stderr %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("printed %q, want an address on 127.0.0.1", line)
	}
	get := func(path string) (*http.Response, string) {
		resp, err := http.Get("http://" + m[1] + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, body := get("/"); resp.StatusCode != 200 || !strings.Contains(body, "年度报告检查") {
		t.Errorf("GET / = %d %q", resp.StatusCode, body)
	}
	if resp, _ := get("/nianbao.wasm"); resp.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("nianbao.wasm served as %q: browsers then compile it the slow way", resp.Header.Get("Content-Type"))
	}
	if resp, _ := get("/../../etc/passwd"); resp.StatusCode != 404 {
		t.Errorf("a path outside the folder: %d", resp.StatusCode)
	}
	cancel()
	select {
	case s := <-status:
		if s != 0 || stderr.Len() != 0 {
			t.Errorf("status %d, stderr %q", s, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestServeRefuses: a folder without the page, a taken port and a bad address are
// each one line saying what to do.
func TestServeRefuses(t *testing.T) {
	var out, errb bytes.Buffer
	if s := serve(context.Background(), "127.0.0.1:0", t.TempDir(), &out, &errb); s != 2 || !strings.Contains(errb.String(), "make web") {
		t.Errorf("empty folder: status %d, stderr %q", s, errb.String())
	}
	errb.Reset()
	if s := run([]string{"serve", "a", "b"}, nil, &out, &errb); s != 2 || !strings.Contains(errb.String(), "只能提供一个文件夹") {
		t.Errorf("two folders: status %d, stderr %q", s, errb.String())
	}
	dir := t.TempDir()
	for _, f := range []string{"index.html", "nianbao.wasm", "wasm_exec.js"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	errb.Reset()
	if s := serve(context.Background(), "8080", dir, &out, &errb); s != 2 || !strings.Contains(errb.String(), "无法读取") {
		t.Errorf("bad address: status %d, stderr %q", s, errb.String())
	}
	errb.Reset()
	out.Reset()
	if s := run([]string{"serve", "--help"}, nil, &out, &errb); s != 0 || !strings.Contains(out.String(), "127.0.0.1") {
		t.Errorf("--help: status %d, %q", s, out.String())
	}
}
