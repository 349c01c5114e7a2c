package lsp

import (
	"strconv"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// The JSON of a diagnostic, written by hand. A keystroke that changes findings (a
// digit typed in a total) encodes again those whose message or place changed, and
// segjson's reflection over protocol.Diagnostic was the largest part of the
// server's own work on it: 8 of 27 µs (BenchmarkKeystrokeCycle, pprof). This
// writes the same bytes in 1.1 µs instead of 1.6 for a total-mismatch finding with
// six related cells, in one allocation instead of three (BenchmarkDiagnosticJSON);
// TestDiagnosticJSONAsSegjson and FuzzDiagnosticJSON hold the two equal.

// appendDiagnosticJSON appends d as segjson.Append(b, d, EscapeHTML|SortMapKeys)
// would. ok is false for a diagnostic this server never makes (data, tags, a code
// that is neither a string nor an int32, a severity that is not a whole number):
// encodeJSON hands those to segjson.
func appendDiagnosticJSON(b []byte, d *protocol.Diagnostic) (_ []byte, ok bool) {
	if d.Data != nil || len(d.Tags) > 0 || d.Severity != protocol.DiagnosticSeverity(uint8(d.Severity)) {
		return b, false
	}
	b = append(b, `{"range":`...)
	b = appendRangeJSON(b, d.Range)
	if d.Severity != 0 {
		b = append(b, `,"severity":`...)
		b = strconv.AppendUint(b, uint64(d.Severity), 10)
	}
	switch c := d.Code.(type) {
	case nil:
	case string:
		b = append(b, `,"code":`...)
		b = appendStringJSON(b, c, true)
	case int32:
		b = append(b, `,"code":`...)
		b = strconv.AppendInt(b, int64(c), 10)
	default:
		return b, false
	}
	if d.CodeDescription != nil {
		b = append(b, `,"codeDescription":{"href":`...)
		b = appendStringJSON(b, string(d.CodeDescription.Href), true)
		b = append(b, '}')
	}
	if d.Source != "" {
		b = append(b, `,"source":`...)
		b = appendStringJSON(b, d.Source, true)
	}
	b = append(b, `,"message":`...)
	b = appendStringJSON(b, d.Message, true)
	if len(d.RelatedInformation) > 0 {
		b = append(b, `,"relatedInformation":[`...)
		for i, r := range d.RelatedInformation {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"location":{"uri":`...)
			b = appendStringJSON(b, string(r.Location.URI), true)
			b = append(b, `,"range":`...)
			b = appendRangeJSON(b, r.Location.Range)
			b = append(b, `},"message":`...)
			b = appendStringJSON(b, r.Message, true)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}'), true
}

// diagnosticJSONSize is about the length of d's JSON, a little over when nothing
// in it needs escaping: the buffer is allocated once, not grown.
func diagnosticJSONSize(d *protocol.Diagnostic) int {
	n := 160 + len(d.Source) + len(d.Message)
	if d.CodeDescription != nil {
		n += len(d.CodeDescription.Href) + 24
	}
	if c, ok := d.Code.(string); ok {
		n += len(c)
	}
	for _, r := range d.RelatedInformation {
		n += 140 + len(r.Location.URI) + len(r.Message)
	}
	return n
}

func appendRangeJSON(b []byte, r protocol.Range) []byte {
	b = append(b, `{"start":{"line":`...)
	b = strconv.AppendUint(b, uint64(r.Start.Line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(r.Start.Character), 10)
	b = append(b, `},"end":{"line":`...)
	b = strconv.AppendUint(b, uint64(r.End.Line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(r.End.Character), 10)
	return append(b, `}}`...)
}

const hexDigits = "0123456789abcdef"

// appendStringJSON appends s quoted as encoding/json and segjson quote a string: ",
// \ and the control characters escaped (\n, \r, \t by name), with html <, > and &
// as \u003c, \u003e and \u0026, U+2028 and U+2029 escaped, and each byte of
// invalid UTF-8 as \ufffd.
func appendStringJSON(b []byte, s string, html bool) []byte {
	if !utf8.ValidString(s) {
		return appendStringJSONSlow(b, s, html)
	}
	// Valid UTF-8, the messages and places of real findings: only ASCII bytes and
	// U+2028/2029 (E2 80 A8/A9) need a look; every other byte is copied.
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
				i += 2
				start = i + 1
			}
		case c < 0x20 || c == '"' || c == '\\' || html && (c == '<' || c == '>' || c == '&'):
			b = append(b, s[start:i]...)
			b = appendEscapedByte(b, c)
			start = i + 1
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscapedByte appends the escape of an ASCII byte JSON or HTML escaping
// touches.
func appendEscapedByte(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// appendStringJSONSlow is appendStringJSON of a string with invalid UTF-8.
func appendStringJSONSlow(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && !(html && (c == '<' || c == '>' || c == '&')) {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscapedByte(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSON appends p as segjson.Append(b, p, SortMapKeys|TrustRawMessage) would,
// as publish sends it: the diagnostics as they are, the URI without HTML escaping.
// It is notifyEncoded's for a publishDiagnostics: segjson's reflection over the
// wrapper and its copy of the diagnostics were a third of building the message.
func (p *publishParams) appendJSON(b []byte) []byte {
	b = append(b, `{"uri":`...)
	b = appendStringJSON(b, string(p.URI), false)
	if p.Version != nil {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(*p.Version), 10)
	}
	if p.Diagnostics == nil {
		return append(b, `,"diagnostics":null}`...)
	}
	b = append(b, `,"diagnostics":[`...)
	for i, d := range p.Diagnostics {
		if i > 0 {
			b = append(b, ',')
		}
		if d == nil {
			d = []byte("null")
		}
		b = append(b, d...)
	}
	return append(b, `]}`...)
}
