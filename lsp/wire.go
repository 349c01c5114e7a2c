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

// publishDiagnosticsParams replaces protocol's, whose Version is a uint32 with
// omitempty (version 0 disappears) and whose nil Diagnostics encodes as null.
type publishDiagnosticsParams struct {
	URI         protocol.DocumentURI  `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
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
// the two agree whenever this accepts. (Each object has its own loop: a shared one
// calling back per key made every argument escape, twelve allocations a change.)
func decodeDidChange(b []byte, p *didChangeParams) bool {
	d := fastDecoder{b: b}
	if !d.next('{') {
		return false
	}
	var seen uint8
	for first := true; ; first = false {
		k, done, ok := d.member(first)
		if done || !ok {
			d.space()
			return ok && d.i == len(d.b)
		}
		switch string(k) {
		case "textDocument":
			ok = once(&seen, 1) && d.textDocument(p)
		case "contentChanges":
			ok = once(&seen, 2) && d.changes(p)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
}

func (d *fastDecoder) textDocument(p *didChangeParams) bool {
	if !d.next('{') {
		return false
	}
	var seen uint8
	for first := true; ; first = false {
		k, done, ok := d.member(first)
		if done || !ok {
			return ok
		}
		switch string(k) {
		case "uri":
			var s string
			s, ok = d.str()
			p.TextDocument.URI = protocol.DocumentURI(s)
			ok = ok && once(&seen, 1)
		case "version":
			var v int
			v, ok = d.int()
			p.TextDocument.Version = int32(v)
			ok = ok && v == int(int32(v)) && once(&seen, 2)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
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
	if !d.next('{') {
		return false
	}
	var seen uint8
	for first := true; ; first = false {
		k, done, ok := d.member(first)
		if done || !ok {
			return ok
		}
		switch string(k) {
		case "range":
			c.Range = &rng{}
			ok = once(&seen, 1) && d.next('{') && d.rangeBody(c.Range)
		case "rangeLength":
			_, ok = d.int()
			ok = ok && once(&seen, 2)
		case "text":
			c.Text, ok = d.str()
			ok = ok && once(&seen, 4)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
}

// rangeBody reads a range after its "{".
func (d *fastDecoder) rangeBody(r *rng) bool {
	var seen uint8
	for first := true; ; first = false {
		k, done, ok := d.member(first)
		if done || !ok {
			return ok
		}
		switch string(k) {
		case "start":
			ok = once(&seen, 1) && d.position(&r.Start)
		case "end":
			ok = once(&seen, 2) && d.position(&r.End)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
}

func (d *fastDecoder) position(p *lspPosition) bool {
	if !d.next('{') {
		return false
	}
	var seen uint8
	for first := true; ; first = false {
		k, done, ok := d.member(first)
		if done || !ok {
			return ok
		}
		switch string(k) {
		case "line":
			p.Line, ok = d.int()
			ok = ok && once(&seen, 1)
		case "character":
			p.Character, ok = d.int()
			ok = ok && once(&seen, 2)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
}

// once reports whether bit is not yet set in seen, and sets it: a key given twice is
// left to segjson.
func once(seen *uint8, bit uint8) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

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

// member reads the next key of an object whose "{" has been read, and the colon
// after it; done is set instead at the closing "}".
func (d *fastDecoder) member(first bool) (key []byte, done, ok bool) {
	if d.next('}') {
		return nil, true, true
	}
	if !first && !d.next(',') {
		return nil, false, false
	}
	k, ok := d.raw()
	if !ok || !d.next(':') {
		return nil, false, false
	}
	return k, false, true
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
