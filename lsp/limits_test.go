package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// silentClient is an editor that never answers the server's calls: it counts them,
// and records what it is sent.
type silentClient struct {
	srv  *Server
	conn jsonrpc2.Conn

	mu       sync.Mutex
	calls    map[string]int
	messages []string
	// callc receives every call the server makes, with the means to answer it
	// (late).
	callc chan heldCall
}

// heldCall is a call from the server the client has not answered.
type heldCall struct {
	method string
	answer func(result any)
}

// newSilentClient starts srv (set up by the caller) over net.Pipe and initializes it
// with the configuration capabilities, so that it pulls settings and registers for
// their changes.
func newSilentClient(t *testing.T, srv *Server) *silentClient {
	t.Helper()
	a, b := net.Pipe()
	status := make(chan int, 1)
	go func() { status <- srv.Serve(context.Background(), a) }()
	c := &silentClient{srv: srv, calls: map[string]int{}, callc: make(chan heldCall, 16)}
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(b))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, ok := req.(*jsonrpc2.Call); ok {
			c.calls[req.Method()]++ // and no reply
			select {
			case c.callc <- heldCall{req.Method(), func(result any) { _ = reply(context.Background(), result, nil) }}:
			default:
			}
			return nil
		}
		if req.Method() == protocol.MethodWindowShowMessage {
			var p protocol.ShowMessageParams
			if json.Unmarshal(req.Params(), &p) == nil {
				c.messages = append(c.messages, p.Message)
			}
		}
		return nil
	})
	t.Cleanup(func() {
		c.conn.Close()
		a.Close()
		select {
		case <-status:
		case <-time.After(waitTimeout):
			t.Error("server did not stop")
		}
	})
	caps := map[string]any{"workspace": map[string]any{
		"configuration":          true,
		"didChangeConfiguration": map[string]any{"dynamicRegistration": true},
	}}
	var res any
	if err := c.call(protocol.MethodInitialize, map[string]any{"capabilities": caps}, &res); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	c.notify(t, protocol.MethodInitialized, map[string]any{})
	return c
}

func (c *silentClient) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

func (c *silentClient) notify(t *testing.T, method string, params any) {
	t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

// roundTrip makes a request and checks it is answered (MethodNotFound): the server
// still reads, and it has handled every notification sent before.
func (c *silentClient) roundTrip(t *testing.T) {
	t.Helper()
	var out any
	if err := c.call("nianbao/unknown", nil, &out); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Fatalf("round trip: %v", err)
	}
}

func (c *silentClient) callsOf(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[method]
}

// TestUnansweredConfigurationCalls: a client that never answers
// workspace/configuration, sent many didChangeConfiguration notifications, must
// not cost the server a goroutine each (each used to wait for its answer forever):
// one call is on its way at a time, the goroutine count stays where it was, and
// the server still answers.
func TestUnansweredConfigurationCalls(t *testing.T) {
	srv := New(Config{Logger: zap.NewNop()})
	srv.callTimeout = 10 * time.Minute // the first call stays on its way throughout
	c := newSilentClient(t, srv)
	c.roundTrip(t)
	before := runtime.NumGoroutine()
	const pushes = 2000
	for i := 0; i < pushes; i++ {
		c.notify(t, protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{
			"nianbao": map[string]any{"disabledRules": []string{"blank-cell"}},
		}})
	}
	c.roundTrip(t)
	after := runtime.NumGoroutine()
	t.Logf("goroutines: %d before %d didChangeConfiguration, %d after", before, pushes, after)
	if after > before+10 {
		t.Errorf("%d goroutines after %d unanswered settings changes, %d before", after, pushes, before)
	}
	if n := c.callsOf(protocol.MethodWorkspaceConfiguration); n != 1 {
		t.Errorf("%d workspace/configuration calls on their way at once, want 1", n)
	}
}

// TestServerCallTimeout: a workspace/configuration call the client leaves unanswered
// times out; a settings change made while it was on its way (or after) is served
// by one more call, whose answer applies, and the late answer to the first changes
// nothing.
func TestServerCallTimeout(t *testing.T) {
	log, answered := logSignal("workspace/configuration answered")
	srv := New(Config{Logger: log})
	srv.callTimeout = 50 * time.Millisecond
	c := newSilentClient(t, srv)
	next := func() heldCall {
		t.Helper()
		for {
			select {
			case h := <-c.callc:
				if h.method == protocol.MethodWorkspaceConfiguration {
					return h
				}
			case <-time.After(waitTimeout):
				t.Fatal("timed out waiting for a workspace/configuration call")
			}
		}
	}
	first := next()
	c.notify(t, protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": nil})
	second := next() // only once the first has timed out
	first.answer([]any{map[string]any{"template": "2019"}})
	second.answer([]any{map[string]any{"template": "2021"}})
	select {
	case <-answered:
	case <-time.After(waitTimeout):
		t.Fatal("the second answer was not applied")
	}
	c.roundTrip(t)
	srv.mu.Lock()
	template := srv.settings.Template.String()
	srv.mu.Unlock()
	if template != "2021" {
		t.Errorf("template %q, want the second answer's 2021", template)
	}
	if n := c.callsOf(protocol.MethodWorkspaceConfiguration); n != 2 {
		t.Errorf("%d workspace/configuration calls, want 2", n)
	}
	if n := c.callsOf(protocol.MethodClientRegisterCapability); n != 1 {
		t.Errorf("%d client/registerCapability calls, want 1", n)
	}
}

// TestTooManyRequestsInFlight: requests beyond maxRequestsInFlight being handled at
// once are refused at once with ServerCancelled instead of queueing; those in flight
// are unaffected, and once they end the server takes requests again.
func TestTooManyRequestsInFlight(t *testing.T) {
	r := newRawSession(t)
	r.initialize()
	var batch strings.Builder
	for i := 1; i <= maxRequestsInFlight; i++ {
		batch.WriteString(frame(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"nianbao/test.block"}`, i)))
	}
	r.send(batch.String())
	r.send(frame(`{"jsonrpc":"2.0","id":"多余","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///未打开.md"},"position":{"line":0,"character":0}}}`))
	m := r.next()
	expectError(t, m, "多余", float64(codeServerCancelled))
	if msg := m["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "上限") {
		t.Errorf("refusal says %q", msg)
	}
	for i := 1; i <= maxRequestsInFlight; i++ {
		r.send(frame(fmt.Sprintf(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":%d}}`, i)))
	}
	cancelled := map[any]bool{}
	for len(cancelled) < maxRequestsInFlight {
		m := r.next()
		expectError(t, m, m["id"], float64(protocol.CodeRequestCancelled))
		cancelled[m["id"]] = true
	}
	r.send(frame(`{"jsonrpc":"2.0","id":"之后","method":"nianbao/unknown"}`))
	expectError(t, r.next(), "之后", -32601)
}
