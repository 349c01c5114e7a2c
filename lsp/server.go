package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/analysis"
)

// Config sets up a Server.
type Config struct {
	// Logger receives the server's logs; nil means none. It must never write to
	// the protocol's output.
	Logger *zap.Logger
	// Version is reported to the client in serverInfo.
	Version string
}

// Server is one language server session over one connection.
type Server struct {
	log     *zap.Logger
	version string

	// ctx is the connection's context, cancelled when Serve returns; background
	// runs and server-to-client calls use it.
	ctx  context.Context
	conn jsonrpc2.Conn
	// raw is conn's stream when it is this package's Stream: notifications are
	// written to it directly (see notify).
	raw *Stream

	// mu guards the lifecycle state, the client's capabilities, the settings and
	// the table of open documents.
	mu       sync.Mutex
	state    lifecycle
	caps     clientCaps
	settings *analysis.Options
	docs     map[protocol.DocumentURI]*document

	// idle hands a document to a diagnostics worker that is waiting for one (see
	// schedule); nil until Serve starts the workers.
	idle chan *document

	// initSettings is what initializationOptions said, nil when nothing: a
	// workspace/configuration answer without settings leaves it in force. Guarded
	// by mu.
	initSettings *analysis.Options

	// reqMu guards inflight, the cancel functions of requests being handled.
	reqMu    sync.Mutex
	inflight map[jsonrpc2.ID]context.CancelFunc

	// pullMu guards pulling, set while a workspace/configuration call is on its
	// way, and pullAgain, set when the settings changed meanwhile (see requestPull).
	pullMu    sync.Mutex
	pulling   bool
	pullAgain bool

	// callTimeout bounds the wait for the client's answer to a server-to-client
	// call; a field so tests can lower it.
	callTimeout time.Duration

	exitOnce sync.Once
	exitc    chan int

	// maxDocumentSize is the analysis size limit; a field so tests can lower it.
	maxDocumentSize int

	// ws is the workspace index, for the rules comparing years (workspace.go).
	ws *workspace
	// configs are the configuration files read (see config_file.go).
	configs configFiles
}

type lifecycle int

const (
	uninitialized lifecycle = iota
	running
	shutDown
)

// clientCaps are the client capabilities this server looks at.
type clientCaps struct {
	configuration       bool
	dynamicConfigChange bool
	documentChanges     bool
	hierarchicalSymbols bool
	// watchedFiles: the client takes a workspace/didChangeWatchedFiles watcher
	// registered dynamically.
	watchedFiles bool
}

// New returns a server ready to Serve one connection.
func New(cfg Config) *Server {
	log := cfg.Logger
	if log == nil {
		log = zap.NewNop()
	}
	return &Server{
		log:      log,
		version:  cfg.Version,
		settings: &analysis.Options{},
		docs:     make(map[protocol.DocumentURI]*document),
		inflight: make(map[jsonrpc2.ID]context.CancelFunc),
		exitc:    make(chan int, 1),

		maxDocumentSize: maxDocumentSize,
		callTimeout:     callTimeout,
		ws:              newWorkspace(),
	}
}

// maxRequestsInFlight bounds the client's requests being handled at once. Each
// holds a goroutine until it is answered; a client that sends more without waiting
// for the answers gets the excess refused at once rather than queued without bound.
const maxRequestsInFlight = 64

// codeServerCancelled is LSP 3.17's ServerCancelled, which protocol v0.12.0 lacks:
// the server cancelled the request. vscode-languageclient treats it, as it does
// RequestCancelled, as a cancellation rather than a failure to show.
const codeServerCancelled jsonrpc2.Code = -32802

// callTimeout is how long the server waits for the client to answer one of its
// calls (workspace/configuration, client/registerCapability): a client that never
// answers must not hold a goroutine forever.
const callTimeout = 5 * time.Second

// Serve speaks LSP over rwc until the client sends exit or the input ends, and
// returns the process exit status LSP prescribes: 0 after shutdown, 1 otherwise.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	return s.ServeStream(ctx, NewStream(rwc, rwc, rwc, s.log))
}

// ServeStream is Serve over an already framed stream.
func (s *Server) ServeStream(ctx context.Context, stream jsonrpc2.Stream) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx
	s.conn = jsonrpc2.NewConn(stream)
	s.raw, _ = stream.(*Stream)
	s.startWorkers(ctx)
	s.conn.Go(ctx, s.handle)
	select {
	case code := <-s.exitc:
		s.conn.Close()
		return code
	case <-s.conn.Done():
		if err := s.conn.Err(); err != nil {
			s.log.Info("connection ended", zap.Error(err))
		}
	case <-ctx.Done():
		s.conn.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == shutDown {
		return 0
	}
	return 1
}

// request is how a call is handled. prepare runs on the read loop, in message
// order: it decodes the params and takes what it needs from the server state (a
// document snapshot, say), so the answer reflects every notification received
// before the call. The work it returns runs on its own goroutine, so a slow answer
// never holds up reading and $/cancelRequest can reach it.
type request struct {
	prepare func(s *Server, params json.RawMessage) (work, error)
	// inline runs the work on the read loop too, for calls that change the
	// lifecycle (initialize, shutdown) and must be done before the next message.
	inline bool
	// beforeInit lets the call through before initialize.
	beforeInit bool
}

type work func(ctx context.Context) (any, error)

// notification handlers run on the read loop, in order, and must be quick.
type notification func(s *Server, params json.RawMessage) error

// requests and notifications are every method the server handles, each implemented
// in the file of its feature.
var (
	requests = map[string]request{
		protocol.MethodInitialize:                 {prepare: (*Server).initialize, inline: true, beforeInit: true},
		protocol.MethodShutdown:                   {prepare: (*Server).shutdown, inline: true},
		protocol.MethodTextDocumentCodeAction:     {prepare: (*Server).codeAction},
		protocol.MethodTextDocumentCompletion:     {prepare: (*Server).completion},
		protocol.MethodTextDocumentDocumentSymbol: {prepare: (*Server).documentSymbol},
		protocol.MethodTextDocumentHover:          {prepare: (*Server).hover},
	}
	notifications = map[string]notification{
		protocol.MethodInitialized:                     (*Server).initialized,
		protocol.MethodExit:                            (*Server).exit,
		protocol.MethodCancelRequest:                   (*Server).cancelRequest,
		protocol.MethodSetTrace:                        func(*Server, json.RawMessage) error { return nil },
		protocol.MethodWorkspaceDidChangeConfiguration: (*Server).didChangeConfiguration,
		protocol.MethodWorkspaceDidChangeWatchedFiles:  (*Server).didChangeWatchedFiles,
		protocol.MethodTextDocumentDidOpen:             (*Server).didOpen,
		protocol.MethodTextDocumentDidChange:           (*Server).didChange,
		protocol.MethodTextDocumentDidClose:            (*Server).didClose,
		protocol.MethodTextDocumentDidSave:             func(*Server, json.RawMessage) error { return nil },
	}
)

// handle is the connection's one handler; jsonrpc2 calls it synchronously from its
// read loop. It never returns an error, because jsonrpc2 closes the connection
// when a handler does.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	method := req.Method()
	call, isCall := req.(*jsonrpc2.Call)
	if isCall {
		// A notification is never replied to: no need to guard it, on every
		// keystroke.
		reply = replyOnce(reply)
	}
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic while handling a message", zap.String("method", method), zap.Any("panic", r), zap.Stack("stack"))
			if isCall {
				_ = reply(ctx, nil, internalError(method))
			}
		}
	}()

	s.mu.Lock()
	state := s.state
	s.mu.Unlock()

	if !isCall {
		h, ok := notifications[method]
		switch {
		case method == protocol.MethodExit:
		case !ok:
			s.log.Debug("ignored notification", zap.String("method", method))
			return nil
		case state == uninitialized:
			// LSP: notifications before initialize are dropped.
			s.log.Warn("notification before initialize", zap.String("method", method))
			return nil
		case state == shutDown && method != protocol.MethodCancelRequest:
			s.log.Warn("notification after shutdown", zap.String("method", method))
			return nil
		}
		if err := h(s, req.Params()); err != nil {
			s.log.Warn("notification failed", zap.String("method", method), zap.Error(err))
		}
		return nil
	}

	r, ok := requests[method]
	switch {
	case state == uninitialized && !r.beforeInit:
		return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "nianbao: 尚未初始化，请先发送 initialize"))
	case !ok:
		return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "nianbao: 不支持的方法 %q", method))
	case state == shutDown:
		return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "nianbao: 已收到 shutdown，只接受 exit"))
	}
	if r.inline {
		w, err := r.prepare(s, req.Params())
		if err != nil {
			return reply(ctx, nil, err)
		}
		res, err := w(ctx)
		return reply(ctx, res, err)
	}

	id := call.ID()
	s.reqMu.Lock()
	full := len(s.inflight) >= maxRequestsInFlight
	s.reqMu.Unlock()
	if full {
		s.log.Warn("refused a request: too many in flight", zap.String("method", method), zap.Int("limit", maxRequestsInFlight))
		return reply(ctx, nil, jsonrpc2.Errorf(codeServerCancelled, "nianbao: 同时处理的请求已达上限（%d 个），此请求未处理，请稍后重试", maxRequestsInFlight))
	}
	w, err := r.prepare(s, req.Params())
	if err != nil {
		return reply(ctx, nil, err)
	}
	wctx, cancel := context.WithCancel(s.ctx)
	// Only the read loop adds to inflight: it cannot have filled up meanwhile.
	s.reqMu.Lock()
	s.inflight[id] = cancel
	s.reqMu.Unlock()
	go func() {
		defer func() {
			s.reqMu.Lock()
			delete(s.inflight, id)
			s.reqMu.Unlock()
			cancel()
		}()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in request", zap.String("method", method), zap.Any("panic", r), zap.Stack("stack"))
				_ = reply(s.ctx, nil, internalError(method))
			}
		}()
		res, err := w(wctx)
		if wctx.Err() != nil && s.ctx.Err() == nil {
			res, err = nil, jsonrpc2.NewError(protocol.CodeRequestCancelled, "nianbao: 请求已取消")
		}
		if rerr := reply(s.ctx, res, err); rerr != nil {
			s.log.Debug("reply failed", zap.String("method", method), zap.Error(rerr))
		}
	}()
	return nil
}

func internalError(method string) error {
	return jsonrpc2.Errorf(jsonrpc2.InternalError, "nianbao: 处理 %s 时发生内部错误，详情见服务器日志", method)
}

// replyOnce makes a second reply a no-op, so a panic after replying cannot answer
// the same request twice.
func replyOnce(reply jsonrpc2.Replier) jsonrpc2.Replier {
	var done atomic.Bool
	return func(ctx context.Context, result any, err error) error {
		if !done.CompareAndSwap(false, true) {
			return nil
		}
		return reply(ctx, result, err)
	}
}

// decodeParams decodes a request's params with encoding/json, which turns invalid
// UTF-8 into U+FFFD instead of failing; missing params decode as an empty object.
func decodeParams(params json.RawMessage, v any) error {
	if len(bytes.TrimSpace(params)) == 0 || bytes.Equal(bytes.TrimSpace(params), []byte("null")) {
		return nil
	}
	if err := segjson.Unmarshal(params, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "nianbao: 参数无效：%v", err)
	}
	return nil
}

func (s *Server) initialize(params json.RawMessage) (work, error) {
	var p initializeParams
	if err := decodeParams(params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != uninitialized {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "nianbao: 已经初始化过")
	}
	s.state = running
	s.caps = clientCaps{
		configuration:       p.Capabilities.Workspace.Configuration,
		dynamicConfigChange: p.Capabilities.Workspace.DidChangeConfiguration.DynamicRegistration,
		documentChanges:     p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges,
		hierarchicalSymbols: p.Capabilities.TextDocument.DocumentSymbol.HierarchicalDocumentSymbolSupport,
		watchedFiles:        p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration,
	}
	s.ws.roots = workspaceRoots(&p)
	opts, problems := parseSettings(p.InitializationOptions)
	if opts != nil {
		s.settings, s.initSettings = opts, opts
	}
	result := &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
			},
			HoverProvider: true,
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, fixAllKind},
			},
			DocumentSymbolProvider: true,
			CompletionProvider:     &protocol.CompletionOptions{TriggerCharacters: completionTriggers},
		},
		ServerInfo: &protocol.ServerInfo{Name: "nianbao", Version: s.version},
	}
	s.log.Info("initialized", zap.Bool("workspace/configuration", s.caps.configuration))
	return func(context.Context) (any, error) {
		s.reportSettingProblems(problems) // not under s.mu
		return result, nil
	}, nil
}

func (s *Server) initialized(json.RawMessage) error {
	s.mu.Lock()
	caps := s.caps
	s.mu.Unlock()
	// Server-to-client calls are answered through the read loop, so they must not
	// be waited for on it.
	if caps.dynamicConfigChange {
		go s.registerConfiguration()
	}
	if caps.configuration {
		s.requestPull()
	}
	if caps.watchedFiles {
		go s.registerWatchers()
	}
	s.startIndex()
	return nil
}

// call makes a server-to-client call and waits at most callTimeout for its answer.
// It must not run on the read loop, which reads the answer.
func (s *Server) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(s.ctx, s.callTimeout)
	defer cancel()
	id, err := s.conn.Call(ctx, method, params, result)
	if err != nil && s.raw != nil {
		// An answer that comes after all is dropped by the stream.
		s.raw.forget(id)
	}
	return err
}

func (s *Server) shutdown(json.RawMessage) (work, error) {
	s.mu.Lock()
	s.state = shutDown
	s.mu.Unlock()
	s.log.Info("shutdown")
	return func(context.Context) (any, error) { return nil, nil }, nil
}

func (s *Server) exit(json.RawMessage) error {
	s.mu.Lock()
	code := 1
	if s.state == shutDown {
		code = 0
	}
	s.mu.Unlock()
	s.log.Info("exit", zap.Int("status", code))
	s.exitOnce.Do(func() { s.exitc <- code })
	return nil
}

// cancelRequest cancels a request in flight. Ids arrive as JSON numbers or
// strings; protocol.CancelHandler only understands int32 and so never cancels a
// numeric id (it sees float64).
func (s *Server) cancelRequest(params json.RawMessage) error {
	var p cancelParams
	if err := json.Unmarshal(params, &p); err != nil {
		return fmt.Errorf("decode $/cancelRequest: %w", err)
	}
	id, ok := parseID(p.ID)
	if !ok {
		return fmt.Errorf("$/cancelRequest: unusable id %s", p.ID)
	}
	s.reqMu.Lock()
	cancel := s.inflight[id]
	s.reqMu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

// parseID reads a request id as jsonrpc2 keys it: an int32 number or a string.
func parseID(raw json.RawMessage) (jsonrpc2.ID, bool) {
	// Every request has an id: read the usual small integer without a decoder.
	if t := bytes.TrimSpace(raw); len(t) > 0 && len(t) <= 10 && t[0] != '-' && t[0] != '0' || bytes.Equal(t, []byte("0")) {
		if i, err := strconv.ParseInt(string(t), 10, 32); err == nil {
			return jsonrpc2.NewNumberID(int32(i)), true
		}
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return jsonrpc2.ID{}, false
	}
	switch v := v.(type) {
	case string:
		return jsonrpc2.NewStringID(v), true
	case json.Number:
		n = v
	default:
		return jsonrpc2.ID{}, false
	}
	i, err := n.Int64()
	if err != nil {
		f, ferr := n.Float64()
		if ferr != nil || f != float64(int64(f)) {
			return jsonrpc2.ID{}, false
		}
		i = int64(f)
	}
	if i < -1<<31 || i >= 1<<31 {
		return jsonrpc2.ID{}, false
	}
	return jsonrpc2.NewNumberID(int32(i)), true
}

// notify sends a notification to the client on the connection's context.
func (s *Server) notify(method string, params any) {
	s.notifyEncoded(method, params, segjson.EscapeHTML|segjson.SortMapKeys, 0)
}

// notifyEncoded is notify with params encoded with the given segjson flags, or by
// their own appendJSON when they have one (publishParams); size is about how long
// they will be.
func (s *Server) notifyEncoded(method string, params any, flags segjson.AppendFlags, size int) {
	var err error
	if s.raw != nil {
		// One encoding pass, straight to the stream (under its write lock, so
		// messages never interleave): jsonrpc2's Notify marshals the params, then
		// the message around them, parsing the params again.
		b := appendNotificationStart(s.raw.frame(size+128), method)
		if a, ok := params.(interface{ appendJSON([]byte) []byte }); ok {
			b = a.appendJSON(b)
		} else {
			b, err = segjson.Append(b, params, flags)
		}
		if err == nil {
			_, err = s.raw.writeFrame(append(b, '}'))
		}
	} else {
		err = s.conn.Notify(s.ctx, method, params)
	}
	if err != nil {
		s.log.Debug("notify failed", zap.String("method", method), zap.Error(err))
	}
}

// appendNotificationStart appends a notification up to its params.
func appendNotificationStart(b []byte, method string) []byte {
	b = append(b, `{"jsonrpc":"2.0","method":`...)
	b = strconv.AppendQuote(b, method)
	return append(b, `,"params":`...)
}

// showMessage tells the user something in the editor's message area.
func (s *Server) showMessage(typ protocol.MessageType, msg string) {
	s.notify(protocol.MethodWindowShowMessage, &protocol.ShowMessageParams{Type: typ, Message: msg})
}

// hasKind reports whether a code action of kind k is wanted by only (LSP's
// hierarchical match: "source" admits "source.fixAll.nianbao").
func hasKind(only []protocol.CodeActionKind, k protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == k || strings.HasPrefix(string(k), string(o)+".") {
			return true
		}
	}
	return false
}
