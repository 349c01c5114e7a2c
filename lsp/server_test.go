package lsp

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// blockStarted hears from nianbao/test.block when its work has started.
var blockStarted = make(chan struct{}, 16)

// Test-only methods: one that panics while being prepared on the read loop, one
// that panics in its work goroutine, one that waits until it is cancelled.
func init() {
	requests["nianbao/test.panicPrepare"] = request{prepare: func(*Server, json.RawMessage) (work, error) {
		panic("boom in prepare")
	}}
	requests["nianbao/test.panic"] = request{prepare: func(*Server, json.RawMessage) (work, error) {
		return func(context.Context) (any, error) { panic("boom in work") }, nil
	}}
	requests["nianbao/test.block"] = request{prepare: func(*Server, json.RawMessage) (work, error) {
		return func(ctx context.Context) (any, error) {
			select {
			case blockStarted <- struct{}{}:
			default:
			}
			<-ctx.Done()
			return "finished", nil
		}, nil
	}}
}

func TestRequestBeforeInitialize(t *testing.T) {
	s := startSession(t, sessionOptions{})
	var out any
	err := s.call(protocol.MethodTextDocumentHover, map[string]any{}, &out)
	if rpcCode(err) != jsonrpc2.ServerNotInitialized {
		t.Errorf("hover before initialize: err = %v, want ServerNotInitialized", err)
	}
	err = s.call("nianbao/unknown", nil, &out)
	if rpcCode(err) != jsonrpc2.ServerNotInitialized {
		t.Errorf("unknown before initialize: err = %v, want ServerNotInitialized", err)
	}
	// A didOpen before initialize is dropped, not stored.
	s.open("早.md", "一、总体情况\n", 1)
	if _, err := s.server.Initialize(s.ctx, &protocol.InitializeParams{}); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if _, err := s.server.Initialize(s.ctx, &protocol.InitializeParams{}); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("second initialize: err = %v, want InvalidRequest", err)
	}
	if s.srv.snapshot("file:///work/早.md") != nil {
		t.Errorf("didOpen before initialize was kept")
	}
	s.shutdownAndExit(0)
}

func TestUnknownRequestIsMethodNotFound(t *testing.T) {
	s := newSession(t, sessionOptions{})
	for _, m := range []string{"textDocument/inlayHint", "textDocument/diagnostic", "nianbao/unknown"} {
		var out any
		if err := s.call(m, map[string]any{}, &out); rpcCode(err) != jsonrpc2.MethodNotFound {
			t.Errorf("%s: err = %v, want MethodNotFound", m, err)
		}
	}
	// Unknown notifications are ignored and the server goes on.
	if err := s.conn.Notify(s.ctx, "nianbao/unknownNotification", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	var out any
	if err := s.call("nianbao/unknown", nil, &out); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("after unknown notification: err = %v", err)
	}
}

func TestPanicFailsOneRequest(t *testing.T) {
	core, logs := observer.New(zap.ErrorLevel)
	s := newSession(t, sessionOptions{logger: zap.New(core)})
	for _, m := range []string{"nianbao/test.panicPrepare", "nianbao/test.panic"} {
		var out any
		if err := s.call(m, nil, &out); rpcCode(err) != jsonrpc2.InternalError {
			t.Errorf("%s: err = %v, want InternalError", m, err)
		}
	}
	if n := logs.FilterMessageSnippet("panic").Len(); n != 2 {
		t.Errorf("%d panics logged, want 2", n)
	}
	// The server is alive: a document still gets diagnostics.
	uri := s.open("活着.md", "你好，世界\n", 3)
	if d := s.client.waitDiagnostics(t, uri, 3); len(d) != 0 {
		t.Errorf("diagnostics of a non-report: %v", d)
	}
}

func TestCancelWithTypedClient(t *testing.T) {
	s := newSession(t, sessionOptions{})
	for len(blockStarted) > 0 { // left by earlier tests
		<-blockStarted
	}
	ctx, cancel := context.WithCancel(s.ctx)
	done := make(chan error, 1)
	go func() {
		var out any
		err := protocol.Call(ctx, s.conn, "nianbao/test.block", nil, &out)
		done <- err
	}()
	// Cancel once the server is working on the request; protocol.Call then sends
	// $/cancelRequest with the request's numeric id.
	select {
	case <-blockStarted:
	case <-time.After(waitTimeout):
		t.Fatal("request never started")
	}
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("cancelled call succeeded")
		}
		// The server's answer to a cancelled request is RequestCancelled; the
		// client may have given up first, so the error is one of the two.
		if rpcCode(err) != protocol.CodeRequestCancelled && err != context.Canceled {
			t.Errorf("cancelled call: %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("cancelled call never returned")
	}
	// The server answered the cancelled call; a following call still works.
	var out any
	if err := s.call("nianbao/unknown", nil, &out); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("after cancel: %v", err)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	s := newSession(t, sessionOptions{})
	s.shutdownAndExit(1)
}

func TestRequestAfterShutdown(t *testing.T) {
	s := newSession(t, sessionOptions{})
	if err := s.server.Shutdown(s.ctx); err != nil {
		t.Fatal(err)
	}
	var out any
	if err := s.call(protocol.MethodTextDocumentHover, map[string]any{}, &out); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("hover after shutdown: err = %v, want InvalidRequest", err)
	}
	if err := s.conn.Notify(s.ctx, protocol.MethodExit, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-s.status:
		if code != 0 {
			t.Errorf("exit after shutdown: status %d", code)
		}
		s.status <- code
	case <-time.After(waitTimeout):
		t.Fatal("no exit")
	}
}

func TestEndOfInput(t *testing.T) {
	for _, shutdown := range []bool{false, true} {
		s := startSession(t, sessionOptions{})
		if _, err := s.server.Initialize(s.ctx, &protocol.InitializeParams{}); err != nil {
			t.Fatal(err)
		}
		want := 1
		if shutdown {
			want = 0
			if err := s.server.Shutdown(s.ctx); err != nil {
				t.Fatal(err)
			}
		}
		s.conn.Close()
		select {
		case code := <-s.status:
			if code != want {
				t.Errorf("end of input (shutdown %v): status %d, want %d", shutdown, code, want)
			}
		case <-time.After(waitTimeout):
			t.Fatal("server did not notice the end of input")
		}
	}
}

func TestInvalidParams(t *testing.T) {
	s := newSession(t, sessionOptions{})
	var out any
	err := s.call(protocol.MethodTextDocumentHover, map[string]any{"position": "第一行"}, &out)
	if rpcCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("hover with a string position: err = %v, want InvalidParams", err)
	}
	// Requests for documents that are not open get empty answers, not errors.
	uri := protocol.DocumentURI("file:///未打开.md")
	if h := s.hover(uri, protocol.Position{}); h != nil {
		t.Errorf("hover: %v", h)
	}
	if acts := s.codeActions(uri, protocol.Range{}); len(acts) != 0 {
		t.Errorf("code actions: %v", acts)
	}
}

func TestFlatSymbols(t *testing.T) {
	s := newSession(t, sessionOptions{capabilities: protocol.ClientCapabilities{
		TextDocument: &protocol.TextDocumentClientCapabilities{},
	}})
	uri := s.open("平.md", readSample(t, "pingtan-2021.md"), 1)
	s.client.waitDiagnostics(t, uri, 1)
	var syms []protocol.SymbolInformation
	if err := s.call(protocol.MethodTextDocumentDocumentSymbol, &protocol.DocumentSymbolParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &syms); err != nil {
		t.Fatal(err)
	}
	var tables, sections int
	for _, sym := range syms {
		switch sym.Kind {
		case protocol.SymbolKindArray:
			tables++
			if sym.ContainerName == "" {
				t.Errorf("table %q outside every section", sym.Name)
			}
		case protocol.SymbolKindModule:
			sections++
		}
		if sym.Location.URI != uri {
			t.Errorf("symbol %q in %s", sym.Name, sym.Location.URI)
		}
	}
	if sections != 6 || tables != 3 {
		t.Errorf("%d sections and %d tables, want 6 and 3: %s", sections, tables, mustJSON(t, syms))
	}
}
