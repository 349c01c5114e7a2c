package lsp

import (
	"encoding/json"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// The parameter types below are decoded by this server instead of protocol's:
// protocol.Position has uint32 fields, so a negative position (which must be
// clamped, not rejected) fails to decode; protocol.TextDocumentContentChangeEvent has
// a non-pointer Range, so a whole-document change decodes as an insertion at 0:0.

// lspPosition is an LSP position as sent by the client, before clamping.
type lspPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// rng is an LSP range as sent by the client, before clamping.
type rng struct {
	Start lspPosition `json:"start"`
	End   lspPosition `json:"end"`
}

type textDocumentIdentifier struct {
	URI protocol.DocumentURI `json:"uri"`
}

type textDocumentPositionParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
	Position     lspPosition            `json:"position"`
}

type didOpenParams struct {
	TextDocument struct {
		URI        protocol.DocumentURI `json:"uri"`
		LanguageID string               `json:"languageId"`
		Version    int32                `json:"version"`
		Text       string               `json:"text"`
	} `json:"textDocument"`
}

type contentChange struct {
	// Range is nil for a change that replaces the whole document.
	Range *rng   `json:"range,omitempty"`
	Text  string `json:"text"`
}

type didChangeParams struct {
	TextDocument struct {
		URI     protocol.DocumentURI `json:"uri"`
		Version int32                `json:"version"`
	} `json:"textDocument"`
	ContentChanges []contentChange `json:"contentChanges"`
}

type didCloseParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
}

type codeActionParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
	Range        rng                    `json:"range"`
	Context      struct {
		Only []protocol.CodeActionKind `json:"only,omitempty"`
	} `json:"context"`
}

type initializeParams struct {
	InitializationOptions json.RawMessage `json:"initializationOptions,omitempty"`
	Capabilities          struct {
		Workspace struct {
			Configuration          bool `json:"configuration"`
			DidChangeConfiguration struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeConfiguration"`
			DidChangeWatchedFiles struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
			WorkspaceEdit struct {
				DocumentChanges bool `json:"documentChanges"`
			} `json:"workspaceEdit"`
		} `json:"workspace"`
		TextDocument struct {
			DocumentSymbol struct {
				HierarchicalDocumentSymbolSupport bool `json:"hierarchicalDocumentSymbolSupport"`
			} `json:"documentSymbol"`
		} `json:"textDocument"`
	} `json:"capabilities"`
}

type cancelParams struct {
	ID json.RawMessage `json:"id"`
}

// decodeDidChange decodes didChange params the way editors write them, without
// reflection: on every keystroke segjson's decoder cost a microsecond, most of the
// server's share of reading the change. It accepts only the plain form: the keys
// this server reads (and rangeLength, which some clients add), each once, strings
// without escapes and in valid UTF-8, integers without fraction or exponent. It
// reports false for anything else, and the caller then decodes with segjson,
// which has the last word on what the params mean. FuzzDecodeDidChange checks that
// the two agree whenever this accepts. (The objects are walked with obj, not a
// shared function calling back per key: that made every argument escape, twelve
// allocations a change.)
func decodeDidChange(b []byte, p *didChangeParams) bool {
	d := fastDecoder{b: b}
	o := d.object()
	for k, more := o.key(); more; k, more = o.key() {
		switch string(k) {
		case "textDocument":
			o.value(d.textDocument(p), 1)
		case "contentChanges":
			o.value(d.changes(p), 2)
		default:
			o.value(false, 0)
		}
	}
	d.space()
	return o.done() && d.i == len(d.b)
}

func (d *fastDecoder) textDocument(p *didChangeParams) bool {
	o := d.object()
	for k, more := o.key(); more; k, more = o.key() {
		switch string(k) {
		case "uri":
			s, ok := d.str()
			p.TextDocument.URI = protocol.DocumentURI(s)
			o.value(ok, 1)
		case "version":
			v, ok := d.int()
			p.TextDocument.Version = int32(v)
			o.value(ok && v == int(int32(v)), 2)
		default:
			o.value(false, 0)
		}
	}
	return o.done()
}

func (d *fastDecoder) changes(p *didChangeParams) bool {
	if !d.next('[') {
		return false
	}
	p.ContentChanges = make([]contentChange, 0, 1) // [] is empty, not nil, as for segjson
	if d.next(']') {
		return true
	}
	for {
		var c contentChange
		if !d.change(&c) {
			return false
		}
		p.ContentChanges = append(p.ContentChanges, c)
		if d.next(']') {
			return true
		}
		if !d.next(',') {
			return false
		}
	}
}

func (d *fastDecoder) change(c *contentChange) bool {
	o := d.object()
	for k, more := o.key(); more; k, more = o.key() {
		switch string(k) {
		case "range":
			c.Range = &rng{}
			o.value(d.rangeOf(c.Range), 1)
		case "rangeLength":
			_, ok := d.int()
			o.value(ok, 2)
		case "text":
			var ok bool
			c.Text, ok = d.str()
			o.value(ok, 4)
		default:
			o.value(false, 0)
		}
	}
	return o.done()
}

func (d *fastDecoder) rangeOf(r *rng) bool {
	o := d.object()
	for k, more := o.key(); more; k, more = o.key() {
		switch string(k) {
		case "start":
			o.value(d.position(&r.Start), 1)
		case "end":
			o.value(d.position(&r.End), 2)
		default:
			o.value(false, 0)
		}
	}
	return o.done()
}

func (d *fastDecoder) position(p *lspPosition) bool {
	o := d.object()
	for k, more := o.key(); more; k, more = o.key() {
		var ok bool
		switch string(k) {
		case "line":
			p.Line, ok = d.int()
			o.value(ok, 1)
		case "character":
			p.Character, ok = d.int()
			o.value(ok, 2)
		default:
			o.value(false, 0)
		}
	}
	return o.done()
}

// obj walks the members of one object: key returns each key, its colon read, until
// the closing "}" or a mistake; the caller reads the value and tells value whether
// that went well. A key given twice (its bit already seen) counts as a mistake, so
// that segjson decides what it means.
type obj struct {
	d            *fastDecoder
	keys         int
	seen         uint8
	ok, finished bool
}

// object starts walking the object at the decoder's position.
func (d *fastDecoder) object() obj { return obj{d: d, ok: d.next('{')} }

func (o *obj) key() ([]byte, bool) {
	if !o.ok {
		return nil, false
	}
	if o.d.next('}') {
		o.finished = true
		return nil, false
	}
	if o.keys > 0 && !o.d.next(',') {
		o.ok = false
		return nil, false
	}
	o.keys++
	k, ok := o.d.raw()
	if !ok || !o.d.next(':') {
		o.ok = false
		return nil, false
	}
	return k, true
}

// value records whether the value of the key marked bit (0: a key not expected)
// was read well.
func (o *obj) value(ok bool, bit uint8) {
	o.ok = ok && bit != 0 && o.seen&bit == 0
	o.seen |= bit
}

// done reports whether the whole object was read well.
func (o *obj) done() bool { return o.ok && o.finished }

// fastDecoder reads the plain JSON decodeDidChange accepts.
type fastDecoder struct {
	b []byte
	i int
}

func (d *fastDecoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\t' || d.b[d.i] == '\n' || d.b[d.i] == '\r') {
		d.i++
	}
}

// next skips space and takes c, reporting whether it was there.
func (d *fastDecoder) next(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// raw reads a string without escapes or control characters, in valid UTF-8, and
// returns its bytes.
func (d *fastDecoder) raw() ([]byte, bool) {
	if !d.next('"') {
		return nil, false
	}
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			return s, utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

// str is raw as a string.
func (d *fastDecoder) str() (string, bool) {
	b, ok := d.raw()
	return string(b), ok
}

// int reads an integer of at most 15 digits: no fraction, exponent or leading zero.
func (d *fastDecoder) int() (int, bool) {
	d.space()
	neg := d.i < len(d.b) && d.b[d.i] == '-'
	if neg {
		d.i++
	}
	start, v := d.i, 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' && d.i-start < 15 {
		v = v*10 + int(d.b[d.i]-'0')
		d.i++
	}
	n := d.i - start
	if n == 0 || (n > 1 && d.b[start] == '0') {
		return 0, false
	}
	if d.i < len(d.b) {
		if c := d.b[d.i]; c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9') {
			return 0, false
		}
	}
	if neg {
		v = -v
	}
	return v, true
}
