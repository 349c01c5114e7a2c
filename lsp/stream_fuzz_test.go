package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// FuzzStream (fuzz_test.go) shows that no input panics the reader. The two
// targets here check that it recovers: after a well-framed body that is not a
// message, or after a run of unframed garbage, the stream answers once with an
// error and the next message is read intact.

// sentinel is the well-formed call sent after the garbage.
const sentinel = `{"jsonrpc":"2.0","id":"哨兵","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///平潭.md"},"position":{"line":3,"character":2}}}`

// FuzzStreamFramedGarbage sends one frame with an arbitrary body, then the
// sentinel. A body that is not JSON gets exactly one ParseError reply with id null
// and is not passed on; valid JSON is either a message passed on, answered with
// one InvalidRequest, or a response (no call is outstanding here) dropped with a
// log entry saying so. Either way the sentinel is the next message read.
//
//	go test -run '^$' -fuzz FuzzStreamFramedGarbage -fuzztime 20s ./lsp/
func FuzzStreamFramedGarbage(f *testing.F) {
	for _, seed := range []string{
		"", "{", "}", "null", "[]", "[1,2]", `"一、总体情况"`, "{}",
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":1}},"text":"中"}]}}`,
		`{"jsonrpc":"2.0","id":2,"result":null}`,
		`{"jsonrpc":"1.0","id":3,"method":"x"}`,
		`{"jsonrpc":"2.0","id":[1],"method":"x"}`,
		`{"jsonrpc":"2.0","id":4,"method":"x"} trailing`,
		"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\xff\xfe\"}",
		"Content-Length: 10\r\n\r\n",
		"\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	for _, text := range sampleSeeds(f) {
		f.Add([]byte(text[:min(len(text), 2000)]))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 1<<20 {
			return // read another way (streamed); FuzzStream covers it
		}
		input := "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + string(body) + frame(sentinel)
		var out bytes.Buffer
		core, logs := observer.New(zap.DebugLevel)
		s := NewStream(strings.NewReader(input), &out, nil, zap.New(core))
		var passed []jsonrpc2.Message
		for {
			msg, _, err := s.Read(context.Background())
			if err != nil {
				t.Fatalf("read: %v; the sentinel never came (replies: %s)", err, out.Bytes())
			}
			if isSentinel(msg) {
				break
			}
			passed = append(passed, msg)
			if len(passed) > 1 {
				t.Fatalf("one frame gave %d messages", len(passed))
			}
		}
		if _, _, err := s.Read(context.Background()); err != io.EOF {
			t.Fatalf("after the sentinel: %v, want io.EOF", err)
		}
		replies := readReplies(t, out.Bytes())
		if !json.Valid(body) {
			if len(passed) != 0 {
				t.Fatalf("a body that is not JSON was passed on as %T", passed[0])
			}
			if len(replies) != 1 || replies[0].code != jsonrpc2.ParseError || replies[0].id != "null" {
				t.Fatalf("replies %+v, want one ParseError with id null", replies)
			}
			return
		}
		dropped := logs.FilterMessage("dropped a response to no outstanding call").Len()
		switch {
		case len(passed) == 1 && len(replies) == 0 && dropped == 0:
			if _, ok := passed[0].(*jsonrpc2.Response); ok {
				t.Fatalf("a response to no call was passed on")
			}
		case len(passed) == 0 && len(replies) == 1 && replies[0].code == jsonrpc2.InvalidRequest && dropped == 0:
		case len(passed) == 0 && len(replies) == 0 && dropped == 1:
		default:
			t.Fatalf("valid JSON: %d messages passed on, replies %+v, %d dropped; want one of the three", len(passed), replies, dropped)
		}
	})
}

// FuzzStreamUnframedGarbage sends arbitrary bytes that cannot form a header (no
// colon), a line break, then the sentinel: the garbage is answered with ParseError
// (id null) at least once, at most once per line, and the sentinel is read intact.
//
//	go test -run '^$' -fuzz FuzzStreamUnframedGarbage -fuzztime 20s ./lsp/
func FuzzStreamUnframedGarbage(f *testing.F) {
	for _, seed := range []string{
		"", "garbage", "\r\n\r\n", "Content-Length 12", "content-length=7\r\n\r\n{}", "{\"jsonrpc\"\n\"2.0\"}",
		"\xff\xfe\x00\x01", "\u00a0\u0085", "一、总体情况\n\n（七）总计 | 20 | 21",
	} {
		f.Add([]byte(seed))
	}
	for _, text := range sampleSeeds(f) {
		f.Add([]byte(text[:min(len(text), 1000)]))
	}
	f.Fuzz(func(t *testing.T, garbage []byte) {
		garbage = bytes.ReplaceAll(garbage, []byte(":"), nil)
		input := string(garbage) + "\r\n" + frame(sentinel)
		var out bytes.Buffer
		s := NewStream(strings.NewReader(input), &out, nil, zap.NewNop())
		msg, _, err := s.Read(context.Background())
		if err != nil {
			t.Fatalf("read: %v; the sentinel never came", err)
		}
		if !isSentinel(msg) {
			t.Fatalf("read %T before the sentinel", msg)
		}
		replies := readReplies(t, out.Bytes())
		lines := bytes.Count(garbage, []byte("\n")) + 1
		if len(bytes.TrimSpace(garbage)) > 0 && len(replies) == 0 {
			t.Fatalf("garbage %q was not answered", garbage)
		}
		if len(replies) > lines {
			t.Fatalf("%d replies to %d lines of garbage", len(replies), lines)
		}
		for _, r := range replies {
			if r.code != jsonrpc2.ParseError || r.id != "null" {
				t.Fatalf("reply %+v, want ParseError with id null", r)
			}
		}
	})
}

// isSentinel reports whether msg is the sentinel call, unchanged.
func isSentinel(msg jsonrpc2.Message) bool {
	c, ok := msg.(*jsonrpc2.Call)
	if !ok || c.Method() != "textDocument/hover" || c.ID() != jsonrpc2.NewStringID("哨兵") {
		return false
	}
	var p struct {
		TextDocument struct{ URI string } `json:"textDocument"`
		Position     lspPosition          `json:"position"`
	}
	return json.Unmarshal(c.Params(), &p) == nil && p.TextDocument.URI == "file:///平潭.md" && p.Position == lspPosition{3, 2}
}

// reply is an error response written by the stream.
type reply struct {
	id   string // raw JSON
	code jsonrpc2.Code
}

// readReplies parses the stream's output strictly: frames of error responses.
func readReplies(t *testing.T, b []byte) []reply {
	t.Helper()
	var out []reply
	r := bufio.NewReader(bytes.NewReader(b))
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF && line == "" {
			return out
		}
		n, ok := strings.CutPrefix(line, "Content-Length: ")
		if !ok {
			t.Fatalf("bad header %q", line)
		}
		length, err := strconv.Atoi(strings.TrimSpace(n))
		if err != nil {
			t.Fatalf("bad length %q", n)
		}
		if blank, _ := r.ReadString('\n'); blank != "\r\n" {
			t.Fatal("header not ended by a blank line")
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatal("short body")
		}
		var m struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Error   *struct {
				Code    jsonrpc2.Code `json:"code"`
				Message string        `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(body, &m); err != nil || m.JSONRPC != "2.0" || m.Error == nil || len(m.ID) == 0 {
			t.Fatalf("not an error response: %s", body)
		}
		if !strings.HasPrefix(m.Error.Message, "nianbao: ") {
			t.Fatalf("error message %q does not say who answered", m.Error.Message)
		}
		out = append(out, reply{id: string(m.ID), code: m.Error.Code})
	}
}

// sampleSeeds returns the sample reports, to seed corpora with real text.
func sampleSeeds(f *testing.F) []string {
	paths, err := filepath.Glob("../testdata/samples/*.*")
	if err != nil {
		f.Fatal(err)
	}
	var out []string
	for _, p := range paths {
		if ext := filepath.Ext(p); ext != ".md" && ext != ".txt" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, string(b))
	}
	if len(out) == 0 {
		f.Fatal("no samples")
	}
	return out
}
