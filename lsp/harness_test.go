package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// waitTimeout bounds every wait in these tests; nothing sleeps.
const waitTimeout = 20 * time.Second

// session is a server running in memory over net.Pipe with a typed client.
type session struct {
	t      testing.TB
	ctx    context.Context
	conn   jsonrpc2.Conn
	server protocol.Server
	client *fakeClient
	status chan int
	srv    *Server
}

// sessionOptions tune a session.
type sessionOptions struct {
	initOptions  any
	capabilities protocol.ClientCapabilities
	// settings is what the client answers to workspace/configuration; when set the
	// client declares the configuration capability.
	settings any
	// maxDocumentSize lowers the analysis size limit when set.
	maxDocumentSize int
	// logger replaces zap.NewNop() for tests that check what is logged.
	logger *zap.Logger
}

// newSession starts a server, initializes it and registers a cleanup that shuts it
// down and checks its exit status.
func newSession(t testing.TB, opts sessionOptions) *session {
	t.Helper()
	s := startSession(t, opts)
	caps := opts.capabilities
	if caps.TextDocument == nil {
		caps.TextDocument = &protocol.TextDocumentClientCapabilities{
			DocumentSymbol: &protocol.DocumentSymbolClientCapabilities{HierarchicalDocumentSymbolSupport: true},
		}
	}
	if opts.settings != nil {
		if caps.Workspace == nil {
			caps.Workspace = &protocol.WorkspaceClientCapabilities{}
		}
		caps.Workspace.Configuration = true
	}
	res, err := s.server.Initialize(s.ctx, &protocol.InitializeParams{Capabilities: caps, InitializationOptions: opts.initOptions})
	if err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if res.ServerInfo == nil || res.ServerInfo.Name != "nianbao" {
		t.Fatalf("initialize: serverInfo = %+v", res.ServerInfo)
	}
	if err := s.server.Initialized(s.ctx, &protocol.InitializedParams{}); err != nil {
		t.Fatalf("initialized: %v", err)
	}
	if opts.settings != nil {
		// The server asks for the settings right after initialized.
		s.client.waitConfigurationRequests(t, 1)
	}
	t.Cleanup(func() { s.shutdownAndExit(0) })
	return s
}

// startSession starts a server and connects a client, without initializing.
func startSession(t testing.TB, opts sessionOptions) *session {
	t.Helper()
	a, b := net.Pipe()
	logger := opts.logger
	if logger == nil {
		logger = zap.NewNop()
	}
	srv := New(Config{Logger: logger})
	if opts.maxDocumentSize > 0 {
		srv.maxDocumentSize = opts.maxDocumentSize
	}
	status := make(chan int, 1)
	go func() { status <- srv.Serve(context.Background(), a) }()
	fc := newFakeClient(opts.settings)
	ctx, conn, server := protocol.NewClient(context.Background(), fc, jsonrpc2.NewStream(b), zap.NewNop())
	t.Cleanup(func() {
		conn.Close()
		a.Close()
	})
	return &session{t: t, ctx: ctx, conn: conn, server: server, client: fc, status: status, srv: srv}
}

// shutdownAndExit ends the session and checks the server's exit status.
func (s *session) shutdownAndExit(want int) {
	s.t.Helper()
	select {
	case code := <-s.status:
		s.status <- code // already ended (tested elsewhere)
		return
	default:
	}
	if want == 0 {
		if err := s.server.Shutdown(s.ctx); err != nil {
			s.t.Errorf("shutdown: %v", err)
		}
	}
	if err := s.conn.Notify(s.ctx, protocol.MethodExit, nil); err != nil {
		s.t.Errorf("exit: %v", err)
	}
	select {
	case code := <-s.status:
		if code != want {
			s.t.Errorf("exit status = %d, want %d", code, want)
		}
		s.status <- code
	case <-time.After(waitTimeout):
		s.t.Errorf("server did not exit")
	}
}

// open opens a document and returns its URI.
func (s *session) open(name, text string, version int32) protocol.DocumentURI {
	s.t.Helper()
	uri := protocol.DocumentURI("file:///work/" + name)
	err := s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri, LanguageID: "markdown", Version: version, Text: text,
	}})
	if err != nil {
		s.t.Fatalf("didOpen: %v", err)
	}
	return uri
}

// change sends one didChange with the given changes (nil Range = whole text).
func (s *session) change(uri protocol.DocumentURI, version int32, changes ...contentChange) {
	s.t.Helper()
	var p didChangeParams
	p.TextDocument.URI = uri
	p.TextDocument.Version = version
	p.ContentChanges = changes
	if err := s.conn.Notify(s.ctx, protocol.MethodTextDocumentDidChange, &p); err != nil {
		s.t.Fatalf("didChange: %v", err)
	}
}

func (s *session) close(uri protocol.DocumentURI) {
	s.t.Helper()
	err := s.server.DidClose(s.ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
	if err != nil {
		s.t.Fatalf("didClose: %v", err)
	}
}

// call makes a request with a bounded wait and decodes its result into result.
func (s *session) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(s.ctx, waitTimeout)
	defer cancel()
	_, err := s.conn.Call(ctx, method, params, result)
	return err
}

func (s *session) codeActions(uri protocol.DocumentURI, r protocol.Range, only ...protocol.CodeActionKind) []protocol.CodeAction {
	s.t.Helper()
	var out []protocol.CodeAction
	err := s.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Range:        r,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{}, Only: only},
	}, &out)
	if err != nil {
		s.t.Fatalf("codeAction: %v", err)
	}
	return out
}

func (s *session) hover(uri protocol.DocumentURI, p protocol.Position) *protocol.Hover {
	s.t.Helper()
	var out *protocol.Hover
	err := s.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Position: p,
	}}, &out)
	if err != nil {
		s.t.Fatalf("hover: %v", err)
	}
	return out
}

// rpcCode returns the JSON-RPC error code of err, or 0.
func rpcCode(err error) jsonrpc2.Code {
	var e *jsonrpc2.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// fakeClient is the editor: it records what the server publishes and answers
// workspace/configuration with fixed settings.
type fakeClient struct {
	settings any

	// mu guards everything below; changed is closed and replaced on every event.
	mu          sync.Mutex
	changed     chan struct{}
	published   map[protocol.DocumentURI][]*protocol.PublishDiagnosticsParams
	messages    []string
	configCalls int
	// registrations are those of client/registerCapability.
	registrations []protocol.Registration
}

func newFakeClient(settings any) *fakeClient {
	return &fakeClient{
		settings:  settings,
		changed:   make(chan struct{}),
		published: map[protocol.DocumentURI][]*protocol.PublishDiagnosticsParams{},
	}
}

// event records something under mu and wakes the waiters.
func (c *fakeClient) event(f func()) {
	c.mu.Lock()
	f()
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

// wait calls cond under mu until it returns true, or fails the test.
func (c *fakeClient) wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		c.mu.Lock()
		ok := cond()
		ch := c.changed
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// waitDiagnostics waits until the latest diagnostics published for uri are for
// version, and returns them.
func (c *fakeClient) waitDiagnostics(t testing.TB, uri protocol.DocumentURI, version int32) []protocol.Diagnostic {
	t.Helper()
	var out []protocol.Diagnostic
	c.wait(t, fmt.Sprintf("diagnostics of %s version %d", uri, version), func() bool {
		ps := c.published[uri]
		if len(ps) == 0 || ps[len(ps)-1].Version != uint32(version) {
			return false
		}
		out = ps[len(ps)-1].Diagnostics
		return true
	})
	if out == nil {
		t.Fatalf("diagnostics of %s version %d were null, want a list", uri, version)
	}
	return out
}

// publications returns how many times diagnostics were published for uri.
func (c *fakeClient) publications(uri protocol.DocumentURI) []*protocol.PublishDiagnosticsParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*protocol.PublishDiagnosticsParams(nil), c.published[uri]...)
}

func (c *fakeClient) waitConfigurationRequests(t testing.TB, n int) {
	t.Helper()
	c.wait(t, "workspace/configuration", func() bool { return c.configCalls >= n })
}

func (c *fakeClient) PublishDiagnostics(_ context.Context, p *protocol.PublishDiagnosticsParams) error {
	c.event(func() { c.published[p.URI] = append(c.published[p.URI], p) })
	return nil
}

func (c *fakeClient) ShowMessage(_ context.Context, p *protocol.ShowMessageParams) error {
	c.event(func() { c.messages = append(c.messages, p.Message) })
	return nil
}

func (c *fakeClient) LogMessage(_ context.Context, p *protocol.LogMessageParams) error {
	c.event(func() { c.messages = append(c.messages, p.Message) })
	return nil
}

func (c *fakeClient) Configuration(_ context.Context, p *protocol.ConfigurationParams) ([]any, error) {
	var out []any
	c.event(func() {
		c.configCalls++
		for range p.Items {
			out = append(out, c.settings)
		}
	})
	return out, nil
}

func (c *fakeClient) Progress(context.Context, *protocol.ProgressParams) error { return nil }
func (c *fakeClient) WorkDoneProgressCreate(context.Context, *protocol.WorkDoneProgressCreateParams) error {
	return nil
}
func (c *fakeClient) ShowMessageRequest(context.Context, *protocol.ShowMessageRequestParams) (*protocol.MessageActionItem, error) {
	return nil, nil
}
func (c *fakeClient) Telemetry(context.Context, any) error { return nil }
func (c *fakeClient) RegisterCapability(_ context.Context, p *protocol.RegistrationParams) error {
	c.event(func() { c.registrations = append(c.registrations, p.Registrations...) })
	return nil
}
func (c *fakeClient) UnregisterCapability(context.Context, *protocol.UnregistrationParams) error {
	return nil
}
func (c *fakeClient) ApplyEdit(context.Context, *protocol.ApplyWorkspaceEditParams) (bool, error) {
	return false, nil
}
func (c *fakeClient) WorkspaceFolders(context.Context) ([]protocol.WorkspaceFolder, error) {
	return nil, nil
}

// logSignal returns a logger (at debug level) and a channel that receives a value
// each time the logger writes an entry with the given message: a way to wait for
// what the server does on its own goroutines without sleeping.
func logSignal(message string) (*zap.Logger, <-chan struct{}) {
	c := make(chan struct{}, 64)
	core, _ := observer.New(zap.DebugLevel)
	log := zap.New(core, zap.Hooks(func(e zapcore.Entry) error {
		if e.Message == message {
			select {
			case c <- struct{}{}:
			default:
			}
		}
		return nil
	}))
	return log, c
}

// readSample reads a sample report from the repository's testdata.
func readSample(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/samples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fixableSample is pingtan-2020.md with 9 applications carried over (二): its leaves
// no longer exceed 一 + 二 and its 勾稽关系 is broken before and after the totals are
// fixed, so the two totals' fixes are offered; pingtan-2020's own are withheld.
func fixableSample(t testing.TB) string {
	t.Helper()
	const carried = "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
	text := readSample(t, "pingtan-2020.md")
	if strings.Count(text, carried) != 1 {
		t.Fatalf("pingtan-2020.md should hold %q once", carried)
	}
	return strings.Replace(text, carried, "| 二、上年结转政府信息公开申请数量 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |", 1)
}

// mustJSON is json.Marshal for test values.
func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
