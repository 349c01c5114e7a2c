package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// maxMessageSize bounds one message body. Documents above maxDocumentSize are kept
// but not analysed; this larger bound only protects the process from a corrupt or
// hostile Content-Length.
const maxMessageSize = 256 << 20

// contentLength is the one header that matters; matched case-insensitively.
const contentLength = "content-length"

// Stream is a jsonrpc2.Stream with LSP's Content-Length framing that never gives up
// on a connection because of one bad message: jsonrpc2.NewStream fails the whole
// connection on the first malformed header or body. Here a malformed message is
// answered with a JSON-RPC error (ParseError with id null for broken framing or
// JSON, InvalidRequest for a JSON value that is not a message) and reading goes on.
// Read returns an error only when the input itself fails or ends.
type Stream struct {
	in  *bufio.Reader
	out io.Writer
	c   io.Closer
	log *zap.Logger

	// maxBody is the largest body read (maxMessageSize; tests lower it).
	maxBody int64
	// pending is a header line found while skipping an oversized body: the first
	// line of the next header block.
	pending []byte

	// wmu serialises writes: Read writes error replies while the connection may be
	// writing responses and notifications.
	wmu sync.Mutex

	// callsMu guards calls, the ids of the calls written whose response has not
	// been read (see Read).
	callsMu sync.Mutex
	calls   map[jsonrpc2.ID]struct{}
}

// NewStream frames messages over r and w; Close closes c (may be nil).
func NewStream(r io.Reader, w io.Writer, c io.Closer, log *zap.Logger) *Stream {
	return &Stream{in: bufio.NewReaderSize(r, 64<<10), out: w, c: c, log: log, maxBody: maxMessageSize,
		calls: make(map[jsonrpc2.ID]struct{})}
}

var _ jsonrpc2.Stream = (*Stream)(nil)

// Read returns the next well-formed message, answering and skipping malformed ones.
//
// A response is passed on only when it answers a call written on this stream and
// not answered yet; any other is dropped (and logged). jsonrpc2's Conn hands a
// response to its waiting call through a channel of one, from its read loop: a
// client that answers one call twice or three times blocks that loop for good.
func (s *Stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		body, n, err := s.readFrame()
		total += n
		if err != nil {
			var fe *frameError
			if errors.As(err, &fe) {
				s.log.Warn("malformed message header", zap.String("error", fe.msg))
				s.replyError(nil, jsonrpc2.ParseError, "nianbao: 消息头无效："+fe.msg)
				continue
			}
			return nil, total, err
		}
		if body == nil { // oversized, answered and skipped
			continue
		}
		msg, err := s.decode(body)
		if err != nil {
			continue
		}
		if r, ok := msg.(*jsonrpc2.Response); ok && !s.answered(r.ID()) {
			s.log.Debug("dropped a response to no outstanding call", zap.Any("id", r.ID()))
			continue
		}
		return msg, total, nil
	}
}

// frameError is a header problem the stream recovers from.
type frameError struct{ msg string }

func (e *frameError) Error() string { return e.msg }

// readFrame reads one header block and its body. Garbage before a header block
// (a line that is not a "Name: value" header, or text glued before
// "Content-Length:") is reported once and skipped, so the next well-formed message
// is found again. A nil body with a nil error means the message was too large: it
// has been answered, and reading goes on from the next header.
func (s *Stream) readFrame() ([]byte, int64, error) {
	length, total, err := s.readHeader(s.pending)
	s.pending = nil
	if err != nil {
		return nil, total, err
	}
	if length > s.maxBody {
		// Answer at once, then look for the next header instead of reading length
		// bytes: a Content-Length that lies would otherwise make the server wait
		// for bytes that never come, and ignore everything sent meanwhile.
		s.log.Warn("skipped oversized message", zap.Int64("bytes", length))
		s.replyError(nil, jsonrpc2.InvalidRequest, fmt.Sprintf("nianbao: 消息过大（%d 字节），上限为 %d 字节", length, s.maxBody))
		header, n, err := s.skipToHeader()
		total += n
		if err != nil {
			return nil, total, fmt.Errorf("skip oversized body: %w", err)
		}
		s.pending = header
		return nil, total, nil
	}
	if length <= 1<<20 {
		body := make([]byte, length)
		n, err := io.ReadFull(s.in, body)
		total += int64(n)
		if err != nil {
			return nil, total, fmt.Errorf("read body of %d bytes: %w", length, err)
		}
		return body, total, nil
	}
	// A large body is read as it arrives rather than allocated up front, so a
	// Content-Length that lies costs no more memory than the bytes really sent.
	var buf bytes.Buffer
	buf.Grow(1 << 20)
	n, err := io.CopyN(&buf, s.in, length)
	total += n
	if err != nil {
		return nil, total, fmt.Errorf("read body of %d bytes: %w", length, err)
	}
	return buf.Bytes(), total, nil
}

// readHeader reads a header block and returns its Content-Length. first, when not
// nil, is its first line, already read.
func (s *Stream) readHeader(first []byte) (int64, int64, error) {
	var total int64
	length := int64(-1)
	sawHeader := false
	garbage := ""
	inGarbage := false // a run of garbage has been reported
	for {
		var line []byte
		var err error
		if first != nil {
			line, first = first, nil
		} else {
			line, err = s.readLine()
			total += int64(len(line))
		}
		if err != nil {
			if err == io.EOF && len(line) == 0 && !sawHeader {
				return 0, total, io.EOF
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return 0, total, fmt.Errorf("read header: %w", err)
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 {
			if !sawHeader {
				continue // blank lines between messages are harmless
			}
			break
		}
		// A header glued to the tail of garbage (a body shorter than its
		// Content-Length said, or a missing header block) is realigned here.
		if i := indexFold(t, contentLength+":"); i > 0 {
			if garbage == "" {
				garbage = "多余的内容：" + quoteShort(t[:i])
			}
			t = t[i:]
		}
		colon := bytes.IndexByte(t, ':')
		if colon <= 0 || !isToken(t[:colon]) {
			if garbage == "" {
				garbage = "不是消息头：" + quoteShort(t)
			}
			sawHeader = false
			length = -1
		}
		if garbage != "" {
			// Report a run of garbage once, as soon as it is seen.
			if !inGarbage {
				s.log.Warn("skipped input that is not a message", zap.String("what", garbage))
				s.replyError(nil, jsonrpc2.ParseError, "nianbao: 已跳过无效输入，"+garbage)
			}
			inGarbage = !(colon > 0 && isToken(t[:colon]))
			garbage = ""
			if inGarbage {
				continue
			}
		}
		inGarbage = false
		sawHeader = true
		name, value := t[:colon], bytes.TrimSpace(t[colon+1:])
		if !bytes.EqualFold(name, []byte(contentLength)) {
			continue // Content-Type and unknown headers are ignored
		}
		n, perr := strconv.ParseInt(string(value), 10, 64)
		if perr != nil || n <= 0 {
			// Skip to the end of this header block; the body cannot be delimited.
			// (value points into the reader's buffer: quote it before reading on.)
			fe := &frameError{"Content-Length 无效：" + quoteShort(value)}
			s.skipHeaderBlock()
			return 0, total, fe
		}
		length = n
	}
	if length < 0 {
		return 0, total, &frameError{"缺少 Content-Length"}
	}
	return length, total, nil
}

// skipToHeader skips the body of an oversized message, however long it really is,
// up to the next line that ends in a Content-Length header, and returns that
// header. The header may follow the body on the same line (frames are not
// separated by line breaks). Nothing but a header can end that way: a JSON body
// holds "Content-Length: 12" only inside a string, and a JSON string cannot hold a
// raw line break. Lines are read through the reader's buffer and only their last
// bytes are kept, so skipping costs no memory whatever the body's size.
func (s *Stream) skipToHeader() ([]byte, int64, error) {
	var total int64
	tail := make([]byte, 0, 2*maxHeaderTail) // the last bytes of the current line
	for {
		chunk, err := s.in.ReadSlice('\n')
		total += int64(len(chunk))
		if len(chunk) >= maxHeaderTail {
			tail = append(tail[:0], chunk[len(chunk)-maxHeaderTail:]...)
		} else {
			tail = append(tail, chunk...)
			if len(tail) > maxHeaderTail {
				tail = append(tail[:0], tail[len(tail)-maxHeaderTail:]...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil:
			return nil, total, err
		}
		if h := headerAtEnd(tail); h != nil {
			return h, total, nil
		}
		tail = tail[:0]
	}
}

// maxHeaderTail is how much of a line's end skipToHeader keeps: room for
// "Content-Length:", spaces and a 19-digit number.
const maxHeaderTail = 128

// headerAtEnd returns a copy of the Content-Length header that line ends with, or nil.
func headerAtEnd(line []byte) []byte {
	t := bytes.TrimRight(line, " \t\r\n")
	digits := len(t)
	for digits > 0 && t[digits-1] >= '0' && t[digits-1] <= '9' {
		digits--
	}
	if digits == len(t) {
		return nil
	}
	name := bytes.TrimRight(t[:digits], " \t")
	if len(name) < len(contentLength)+1 || !bytes.EqualFold(name[len(name)-len(contentLength)-1:], []byte(contentLength+":")) {
		return nil
	}
	return append([]byte(nil), t[len(name)-len(contentLength)-1:]...)
}

// readLine reads up to and including '\n'. A line longer than the buffer is
// truncated to its head; the rest is consumed.
func (s *Stream) readLine() ([]byte, error) {
	line, err := s.in.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		head := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			_, err = s.in.ReadSlice('\n')
		}
		return head, err
	}
	return line, err
}

// skipHeaderBlock consumes lines up to the blank line that ends a header block.
func (s *Stream) skipHeaderBlock() {
	for {
		line, err := s.readLine()
		if err != nil || len(bytes.TrimSpace(line)) == 0 {
			return
		}
	}
}

// wireMessage has the fields of every JSON-RPC message.
type wireMessage struct {
	JSONRPC string             `json:"jsonrpc"`
	ID      segjson.RawMessage `json:"id"`
	Method  string             `json:"method"`
	Params  segjson.RawMessage `json:"params"`
	Result  segjson.RawMessage `json:"result"`
	Error   *jsonrpc2.Error    `json:"error"`
}

// decode turns a body into a message, answering what cannot be one. It does the
// work of jsonrpc2.DecodeMessage without its decoder, which allocates a 32 KB
// buffer for every message: a tenth of a keystroke's cost. The body is parsed
// without copying: every body is a fresh slice that nothing writes to afterwards,
// so the method and params may point into it.
func (s *Stream) decode(body []byte) (jsonrpc2.Message, error) {
	var w wireMessage
	if err := unmarshalZeroCopy(body, &w); err != nil {
		if !json.Valid(body) {
			s.log.Warn("message is not JSON", zap.Error(err), zap.Int("bytes", len(body)))
			s.replyError(nil, jsonrpc2.ParseError, "nianbao: 消息不是有效的 JSON")
			return nil, err
		}
		return nil, s.invalid(body, err.Error())
	}
	if w.JSONRPC != jsonrpc2.Version {
		return nil, s.invalid(body, fmt.Sprintf("jsonrpc 应为 \"2.0\"，收到 %q", w.JSONRPC))
	}
	hasID := len(w.ID) > 0 && !bytes.Equal(w.ID, []byte("null"))
	var id jsonrpc2.ID
	if hasID {
		var ok bool
		if id, ok = parseID(json.RawMessage(w.ID)); !ok {
			return nil, s.invalid(body, "id 应为 32 位整数或字符串")
		}
	}
	switch {
	case w.Method == "" && hasID:
		var rerr error
		if w.Error != nil {
			rerr = w.Error
		}
		return jsonrpc2.NewResponse(id, w.Result, rerr)
	case w.Method == "":
		return nil, s.invalid(body, "既没有 method 也没有 id")
	case hasID:
		return jsonrpc2.NewCall(id, w.Method, w.Params)
	default:
		return newWireNotification(w.Method, w.Params), nil
	}
}

// unmarshalZeroCopy is segjson.Unmarshal with strings and raw messages pointing
// into b instead of copied; b must not change afterwards.
func unmarshalZeroCopy(b []byte, v any) error {
	rest, err := segjson.Parse(b, v, segjson.ZeroCopy)
	if err == nil && len(bytes.TrimLeft(rest, " \t\r\n")) != 0 {
		return fmt.Errorf("invalid character %q after top-level value", rest[0])
	}
	return err
}

// wireNotification is a jsonrpc2.Request for a notification as read, params
// included. jsonrpc2.NewNotification would encode the params again (check,
// compact and copy them): for a didChange or a publishDiagnostics that is most of
// the cost of reading it. jsonrpc2.Notification is embedded only for the
// unexported methods that make this a jsonrpc2.Request; its fields stay empty and
// every exported method it has is overridden here. jsonrpc2's conn hands any
// Request to the handler and replies to none but a *jsonrpc2.Call, so this is
// treated as a notification throughout.
type wireNotification struct {
	jsonrpc2.Notification
	method string
	params json.RawMessage
}

var _ jsonrpc2.Request = (*wireNotification)(nil)

// newWireNotification makes params "null" when absent, as jsonrpc2.NewNotification did.
func newWireNotification(method string, params segjson.RawMessage) *wireNotification {
	if params == nil {
		params = segjson.RawMessage("null")
	}
	return &wireNotification{method: method, params: json.RawMessage(params)}
}

func (n *wireNotification) Method() string          { return n.method }
func (n *wireNotification) Params() json.RawMessage { return n.params }

// MarshalJSON writes the notification; without it the embedded, empty
// jsonrpc2.Notification would be written.
func (n wireNotification) MarshalJSON() ([]byte, error) {
	return segjson.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		Method  string          `json:"method"`
		Params  json.RawMessage `json:"params"`
	}{jsonrpc2.Version, n.method, n.params})
}

// UnmarshalJSON is not used; it is overridden so that it cannot fill the
// embedded notification instead of this one. data may be reused by the caller,
// so it is copied from.
func (n *wireNotification) UnmarshalJSON(data []byte) error {
	var w wireMessage
	if err := segjson.Unmarshal(data, &w); err != nil {
		return err
	}
	*n = *newWireNotification(w.Method, w.Params)
	return nil
}

// invalid answers valid JSON that is not a JSON-RPC 2.0 message with
// InvalidRequest, carrying the request's id when it has a usable one so that the
// client can fail the right call.
func (s *Stream) invalid(body []byte, why string) error {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	_ = json.Unmarshal(body, &probe)
	s.log.Warn("invalid JSON-RPC message", zap.String("why", why))
	s.replyError(validID(probe.ID), jsonrpc2.InvalidRequest, "nianbao: 不是有效的 JSON-RPC 2.0 消息："+why)
	return errors.New(why)
}

// validID returns raw when it is a JSON number or string, else nil (null).
func validID(raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	switch v.(type) {
	case string, float64:
		return raw
	}
	return nil
}

// replyError writes an error response built by hand: jsonrpc2.Response cannot carry
// id null, which JSON-RPC requires when the request's id could not be read.
func (s *Stream) replyError(id json.RawMessage, code jsonrpc2.Code, message string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	body, err := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   jsonrpc2.Error  `json:"error"`
	}{"2.0", id, jsonrpc2.Error{Code: code, Message: message}})
	if err != nil {
		s.log.Error("marshal error reply", zap.Error(err))
		return
	}
	if _, err := s.writeBody(body); err != nil {
		s.log.Warn("write error reply", zap.Error(err))
	}
}

// Write implements jsonrpc2.Stream.
func (s *Stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// jsonrpc2's messages marshal themselves with segmentio's encoder; use it too.
	body, err := segjson.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshal message: %w", err)
	}
	call, isCall := msg.(*jsonrpc2.Call)
	if isCall {
		// Before writing: the response may be read before Write returns.
		s.callsMu.Lock()
		s.calls[call.ID()] = struct{}{}
		s.callsMu.Unlock()
	}
	n, err := s.writeBody(body)
	if err != nil && isCall {
		s.forget(call.ID())
	}
	return n, err
}

// answered reports whether id is that of a call awaiting its response, which it
// no longer awaits.
func (s *Stream) answered(id jsonrpc2.ID) bool {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	_, ok := s.calls[id]
	delete(s.calls, id)
	return ok
}

// forget drops the id of a call whose caller no longer waits for its response
// (it timed out or was cancelled), so that the set stays bounded and a late
// response is dropped here.
func (s *Stream) forget(id jsonrpc2.ID) {
	s.callsMu.Lock()
	delete(s.calls, id)
	s.callsMu.Unlock()
}

// writeBody writes header and body in one call, so that concurrent writers never
// interleave and a pipe sees whole messages.
func (s *Stream) writeBody(body []byte) (int64, error) {
	buf := make([]byte, 0, len(body)+32)
	buf = append(buf, "Content-Length: "...)
	buf = strconv.AppendInt(buf, int64(len(body)), 10)
	buf = append(buf, "\r\n\r\n"...)
	buf = append(buf, body...)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	n, err := s.out.Write(buf)
	if err != nil {
		return int64(n), fmt.Errorf("write message: %w", err)
	}
	return int64(n), nil
}

// headerRoom is the room frame leaves for the header before a body: "Content-Length: ",
// up to 20 digits and "\r\n\r\n".
const headerRoom = 48

// frame returns a buffer to append a body of about size bytes to, with room for its
// header in front, so that writeFrame need not copy the body: a publishDiagnostics
// of a large document is a megabyte.
func (s *Stream) frame(size int) []byte {
	return make([]byte, headerRoom, headerRoom+size)
}

// writeFrame writes the body appended to a buffer from frame, with its header.
func (s *Stream) writeFrame(b []byte) (int64, error) {
	var h [headerRoom]byte
	hdr := append(h[:0], "Content-Length: "...)
	hdr = strconv.AppendInt(hdr, int64(len(b)-headerRoom), 10)
	hdr = append(hdr, "\r\n\r\n"...)
	start := headerRoom - len(hdr)
	copy(b[start:], hdr)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	n, err := s.out.Write(b[start:])
	if err != nil {
		return int64(n), fmt.Errorf("write message: %w", err)
	}
	return int64(n), nil
}

// Close implements jsonrpc2.Stream.
func (s *Stream) Close() error {
	if s.c == nil {
		return nil
	}
	return s.c.Close()
}

// indexFold is a case-insensitive bytes.Index for an ASCII, lower-case needle.
func indexFold(s []byte, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if bytes.EqualFold(s[i:i+len(needle)], []byte(needle)) {
			return i
		}
	}
	return -1
}

// isToken reports whether b is an HTTP header name.
func isToken(b []byte) bool {
	for _, c := range b {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return len(b) > 0
}

// quoteShort quotes at most 40 bytes of b for a message.
func quoteShort(b []byte) string {
	if len(b) > 40 {
		return strconv.Quote(string(b[:40])) + "…"
	}
	return strconv.Quote(string(b))
}
