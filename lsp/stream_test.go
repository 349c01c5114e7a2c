package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// rawSession drives a server with hand-written bytes, for what a typed client
// cannot send: broken framing, broken JSON, string ids, raw invalid UTF-8.
type rawSession struct {
	t      *testing.T
	w      net.Conn
	srv    *Server
	in     chan map[string]any
	status chan int
}

func newRawSession(t *testing.T) *rawSession {
	t.Helper()
	a, b := net.Pipe()
	srv := New(Config{Logger: zap.NewNop()})
	r := &rawSession{t: t, w: b, srv: srv, in: make(chan map[string]any, 100), status: make(chan int, 1)}
	go func() { r.status <- srv.Serve(context.Background(), a) }()
	go r.readLoop(bufio.NewReader(b))
	t.Cleanup(func() { b.Close(); a.Close() })
	return r
}

// readLoop decodes the server's frames strictly: any framing error fails the test.
func (r *rawSession) readLoop(br *bufio.Reader) {
	defer close(r.in)
	for {
		length := -1
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			r.t.Errorf("server wrote invalid JSON %q: %v", body, err)
			return
		}
		r.in <- m
	}
}

// send writes bytes as they are.
func (r *rawSession) send(s string) {
	r.t.Helper()
	if _, err := io.WriteString(r.w, s); err != nil {
		r.t.Fatalf("write: %v", err)
	}
}

// frame wraps a body in a correct header.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// next returns the next message from the server that is not a notification.
func (r *rawSession) next() map[string]any {
	r.t.Helper()
	deadline := time.After(waitTimeout)
	for {
		select {
		case m, ok := <-r.in:
			if !ok {
				r.t.Fatalf("connection closed")
			}
			if _, isNote := m["method"]; isNote {
				continue
			}
			return m
		case <-deadline:
			r.t.Fatalf("timed out waiting for a response")
		}
	}
}

// nextCall returns the next call from the server to the client with the given
// method, skipping notifications.
func (r *rawSession) nextCall(method string) map[string]any {
	r.t.Helper()
	deadline := time.After(waitTimeout)
	for {
		select {
		case m, ok := <-r.in:
			if !ok {
				r.t.Fatalf("connection closed")
			}
			if m["method"] == method && m["id"] != nil {
				return m
			}
			if _, isNote := m["method"]; !isNote {
				r.t.Fatalf("waiting for a %s call, got %v", method, m)
			}
		case <-deadline:
			r.t.Fatalf("timed out waiting for a %s call", method)
		}
	}
}

// expectError checks that m is an error response with id and code.
func expectError(t *testing.T, m map[string]any, id any, code float64) {
	t.Helper()
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("want an error response, got %v", m)
	}
	if m["id"] != id {
		t.Errorf("error id = %#v, want %#v (%v)", m["id"], id, m)
	}
	if e["code"] != code {
		t.Errorf("error code = %v, want %v (%v)", e["code"], code, e["message"])
	}
}

func (r *rawSession) initialize() {
	r.t.Helper()
	r.initializeWith(`{}`)
}

// initializeWith initializes the server with the given client capabilities.
func (r *rawSession) initializeWith(capabilities string) {
	r.t.Helper()
	r.send(frame(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"capabilities":` + capabilities + `}}`))
	if m := r.next(); m["id"] != "init" || m["result"] == nil {
		r.t.Fatalf("initialize: %v", m)
	}
	r.send(frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
}

// TestStreamMalformedInput: every kind of malformed message gets an error reply and
// the next well-formed message is still answered.
func TestStreamMalformedInput(t *testing.T) {
	cases := []struct {
		name  string
		input string
		id    any
		code  float64
		// glued: the following request is sent in the same write, glued to the
		// input, as happens when a body is shorter than its Content-Length said.
		glued bool
	}{
		{"broken JSON", frame(`{"jsonrpc":"2.0","id":1,"method":`), nil, -32700, false},
		{"not an object", frame(`[1,2,3]`), nil, -32600, false},
		{"wrong version keeps id", frame(`{"jsonrpc":"1.0","id":7,"method":"textDocument/hover"}`), 7.0, -32600, false},
		{"garbage line", "这不是消息头\r\n", nil, -32700, false},
		{"bad Content-Length", "Content-Length: 十二\r\n\r\n", nil, -32700, false},
		{"missing Content-Length", "Content-Type: application/json\r\n\r\n", nil, -32700, false},
		// The next frame is glued to this garbage: "垃圾Content-Length: …".
		{"garbage glued before a header", "垃圾", nil, -32700, true},
	}
	r := newRawSession(t)
	r.initialize()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r.t = t
			// The server reads on: a well-formed unknown request is answered.
			id := fmt.Sprintf("after-%d", i)
			after := frame(`{"jsonrpc":"2.0","id":"` + id + `","method":"nianbao/unknown"}`)
			if c.glued {
				r.send(c.input + after)
				expectError(t, r.next(), c.id, c.code)
			} else {
				r.send(c.input)
				expectError(t, r.next(), c.id, c.code)
				r.send(after)
			}
			expectError(t, r.next(), id, -32601)
		})
	}
}

// TestStreamResync: a body shorter than its Content-Length swallows the start of the
// next frame; the server realigns on the following header.
func TestStreamResync(t *testing.T) {
	r := newRawSession(t)
	r.initialize()
	r.send("Content-Length: 3\r\n\r\n{}")
	r.send(frame(`{"jsonrpc":"2.0","id":1,"method":"nianbao/unknown"}`))
	r.send(frame(`{"jsonrpc":"2.0","id":2,"method":"nianbao/unknown"}`))
	// Request 1 is lost with the broken frame; every reply until request 2's
	// must be an error with id null, and request 2 must be answered.
	for {
		m := r.next()
		if m["id"] == 2.0 {
			expectError(t, m, 2.0, -32601)
			return
		}
		expectError(t, m, nil, -32700)
	}
}

// TestCancelStringAndNumericIDs: $/cancelRequest reaches requests with either kind
// of id, and the cancelled request is answered with RequestCancelled.
func TestCancelStringAndNumericIDs(t *testing.T) {
	r := newRawSession(t)
	r.initialize()
	for _, id := range []string{`"请求-1"`, `42`} {
		r.send(frame(`{"jsonrpc":"2.0","id":` + id + `,"method":"nianbao/test.block","params":{}}`))
		r.send(frame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":` + id + `}}`))
		var want any
		_ = json.Unmarshal([]byte(id), &want)
		expectError(t, r.next(), want, -32800)
	}
}

// TestDidOpenInvalidUTF8: raw invalid UTF-8 in didOpen becomes U+FFFD, one per bad
// byte, and the rest of the text is kept.
func TestDidOpenInvalidUTF8(t *testing.T) {
	r := newRawSession(t)
	r.initialize()
	r.send(frame("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///bad.md\",\"languageId\":\"markdown\",\"version\":1,\"text\":\"一、总体情况\xff\xfe\\n（七）总计\"}}}"))
	// A request after the notification is answered after it was applied.
	r.send(frame(`{"jsonrpc":"2.0","id":1,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///bad.md"}}}`))
	if m := r.next(); m["error"] != nil {
		t.Fatalf("documentSymbol: %v", m)
	}
	sn := r.srv.snapshot("file:///bad.md")
	if sn == nil {
		t.Fatal("document not open")
	}
	if want := "一、总体情况\uFFFD\uFFFD\n（七）总计"; sn.text != want {
		t.Errorf("text = %q, want %q", sn.text, want)
	}
}

// TestNullIDIsAnsweredOnce: a framing error reply carries id null, never 0.
func TestNullIDIsAnsweredOnce(t *testing.T) {
	r := newRawSession(t)
	r.send(frame(`{`))
	m := r.next()
	if v, ok := m["id"]; !ok || v != nil {
		t.Errorf("id = %#v, want null", v)
	}
}

// TestStreamNotificationAsRead reads notifications (with params, without, with
// spaces and HTML characters) and checks what the server's handler sees: the
// method, params that decode to the value sent (or null when absent), no reply
// from the connection, and a message that writes back out as the same
// notification.
func TestStreamNotificationAsRead(t *testing.T) {
	bodies := map[string]string{
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///平潭/报告.md","version":2},"contentChanges":[{"range":{"start":{"line":3,"character":2},"end":{"line":3,"character":2}},"text":"中<&>"}]}}`: "textDocument/didChange",
		` { "params" : [ 1 , "二" ] , "method" : "nianbao/x" , "jsonrpc" : "2.0" } `: "nianbao/x",
		`{"jsonrpc":"2.0","method":"exit"}`:                                         "exit",
	}
	var input strings.Builder
	var order []string
	for body := range bodies {
		input.WriteString(frame(body))
		order = append(order, body)
	}
	// A call after the notifications: the connection must answer it and nothing else.
	input.WriteString(frame(`{"jsonrpc":"2.0","id":7,"method":"nianbao/call","params":null}`))
	var out strings.Builder
	s := NewStream(strings.NewReader(input.String()), &out, nil, zap.NewNop())
	conn := jsonrpc2.NewConn(s)
	seen := make(chan jsonrpc2.Request, 10)
	conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		seen <- req
		return reply(ctx, "ok", nil)
	})
	<-conn.Done()
	close(seen)
	i := 0
	for req := range seen {
		if i == len(order) {
			if _, ok := req.(*jsonrpc2.Call); !ok || req.Method() != "nianbao/call" {
				t.Fatalf("last message: %T %s, want the call", req, req.Method())
			}
			i++
			continue
		}
		body := order[i]
		i++
		if _, ok := req.(*jsonrpc2.Call); ok {
			t.Fatalf("%s read as a call", body)
		}
		if req.Method() != bodies[body] {
			t.Fatalf("method %q, want %q", req.Method(), bodies[body])
		}
		var want, got struct {
			JSONRPC string `json:"jsonrpc"`
			Method  string `json:"method"`
			Params  any    `json:"params"`
		}
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatal(err)
		}
		var params any
		if err := json.Unmarshal(req.Params(), &params); err != nil {
			t.Fatalf("params %s: %v", req.Params(), err)
		}
		if fmt.Sprint(params) != fmt.Sprint(want.Params) {
			t.Fatalf("params %v, want %v", params, want.Params)
		}
		written, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(written, &got); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("written back as %s (%v), want %+v", written, err, want)
		}
	}
	if i != len(order)+1 {
		t.Fatalf("%d messages handled, want %d", i, len(order)+1)
	}
	replies := strings.Count(out.String(), "Content-Length:")
	if replies != 1 || !strings.Contains(out.String(), `"id":7`) {
		t.Fatalf("wrote %q, want one reply, to the call", out.String())
	}
}

// TestStreamHugeContentLength: a Content-Length far above the size limit is answered
// at once, and the server reads on from the next header, whether the next message
// starts on a line of its own or is glued to whatever body bytes the client did send.
// Before, the server waited for a terabyte that never came and ignored everything
// after it.
func TestStreamHugeContentLength(t *testing.T) {
	r := newRawSession(t)
	r.initialize()
	for i, body := range []string{
		"", // no body at all: the next frame follows the header block
		`{"jsonrpc":"2.0","id":"丢失","method":"nianbao/unknown","params":{"text":"Content-Length: 5"}}`,
		"{\n  \"jsonrpc\": \"2.0\",\n  \"method\": \"textDocument/didOpen\",\n  \"params\": {\"text\": \"一、总体情况\"}\n}\n",
	} {
		id := fmt.Sprintf("after-%d", i)
		r.send("Content-Length: 1000000000000\r\n\r\n" + body + frame(`{"jsonrpc":"2.0","id":"`+id+`","method":"nianbao/unknown"}`))
		m := r.next()
		expectError(t, m, nil, -32600)
		if msg := m["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "1000000000000") {
			t.Errorf("oversized message answered with %q, which does not give its size", msg)
		}
		expectError(t, r.next(), id, -32601)
	}
}

// TestStreamOversizedBodySkipped: a body over the limit that is really sent is
// skipped to its end, whatever it holds (line breaks, the words Content-Length in a
// string), and the message glued after it is read intact; the only reply is the
// one for the oversized message.
func TestStreamOversizedBodySkipped(t *testing.T) {
	body := "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\r\n\"params\":{\"textDocument\":{\"uri\":\"file:///大.md\",\r\n" +
		"\"text\":\"Content-Length: 12\\r\\n\\r\\n（七）总计 | 20" + strings.Repeat(" | 0", 100) + "\"}}}"
	for _, after := range []string{"", "\r\n"} {
		input := "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body + after + frame(sentinel)
		var out strings.Builder
		s := NewStream(strings.NewReader(input), &out, nil, zap.NewNop())
		s.maxBody = int64(len(sentinel)) // the sentinel passes, the body does not
		msg, _, err := s.Read(context.Background())
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if !isSentinel(msg) {
			t.Fatalf("read %T before the sentinel", msg)
		}
		replies := readReplies(t, []byte(out.String()))
		if len(replies) != 1 || replies[0].code != jsonrpc2.InvalidRequest || replies[0].id != "null" {
			t.Errorf("replies %+v, want one InvalidRequest with id null", replies)
		}
	}
}

// TestDuplicateResponses: a client that answers one workspace/configuration call
// three times (same id) must not stop the server. jsonrpc2's Conn blocks its read
// loop for good on the third answer (it hands responses to the waiting call
// through a channel of one) unless the stream drops the answers to calls no
// longer outstanding. Each round asks again (didChangeConfiguration), answers
// three times, and checks that a request is still answered.
func TestDuplicateResponses(t *testing.T) {
	r := newRawSession(t)
	r.initializeWith(`{"workspace":{"configuration":true}}`)
	for round := 0; round < 5; round++ {
		if round > 0 {
			r.send(frame(`{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":null}}`))
		}
		call := r.nextCall("workspace/configuration")
		id, err := json.Marshal(call["id"])
		if err != nil {
			t.Fatal(err)
		}
		answer := frame(`{"jsonrpc":"2.0","id":` + string(id) + `,"result":[{"template":"2021"}]}`)
		after := fmt.Sprintf("after-%d", round)
		r.send(answer + answer + answer + frame(`{"jsonrpc":"2.0","id":"`+after+`","method":"nianbao/unknown"}`))
		expectError(t, r.next(), after, -32601)
	}
}
