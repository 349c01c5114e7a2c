package lsp

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/position"
)

// A keystroke changes the text of one line and, mostly, no finding: yet every
// finding used to be converted to UTF-16 positions and encoded to JSON again for
// each publishDiagnostics. wireDiagnostics keeps a version's findings encoded, so
// that the next version, one edit later, reuses the JSON of every finding that is
// still there and whose range cannot have moved in lines or UTF-16 units: those
// that start and end before the edit, or on a later line than the edited one.

// wireDiagnostic is one finding ready for the wire.
type wireDiagnostic struct {
	// d is the finding in its version's byte offsets (shared with the version's
	// analysis result): what a finding of the next version is compared with.
	d analysis.Diagnostic
	// json is the protocol.Diagnostic of d as segjson encodes it.
	json []byte
}

// wireDiagnostics is a version's findings ready for publishDiagnostics.
type wireDiagnostics struct {
	uri protocol.DocumentURI
	// reusable is false when items are not the findings of an analysis (a
	// document too large to check): the next version converts afresh.
	reusable bool
	items    []wireDiagnostic
}

// wireDiagnostics converts sn's findings for publishing. When sn is one edit
// away from a version whose findings were converted and kept (see
// editedSnapshot), their JSON is reused wherever it is sure to be unchanged.
func (sn *snapshot) wireDiagnostics() *wireDiagnostics {
	if w := sn.wire.Load(); w != nil {
		return w
	}
	var w *wireDiagnostics
	sn.wireOnce.Do(func() {
		w = sn.convert()
		if sn.keepWire {
			sn.wire.Store(w)
		}
		// The previous version is no longer needed; this one is what the next
		// edit builds on.
		sn.prevWire = nil
	})
	if w == nil {
		// Converted before and not kept: convert again (diagnose asks once).
		w = sn.convert()
	}
	return w
}

// convert does the work of wireDiagnostics: the findings of sn, each taken from
// sn.prevWire when the reuser finds it there, else converted and encoded.
func (sn *snapshot) convert() *wireDiagnostics {
	w := &wireDiagnostics{uri: sn.uri}
	res := sn.Result()
	if res == nil {
		for _, d := range lspDiagnostics(sn) {
			w.items = append(w.items, wireDiagnostic{json: encodeDiagnostic(&d)})
		}
		return w
	}
	w.reusable = true
	w.items = make([]wireDiagnostic, len(res.Diagnostics))
	var r reuser
	if prev := sn.prevWire; prev != nil && prev.reusable && prev.uri == sn.uri {
		r = newReuser(prev, sn.text, sn.edit)
	}
	var scratch []byte
	for i := range res.Diagnostics {
		d := &res.Diagnostics[i]
		w.items[i].d = *d
		if js := r.find(d, i); js != nil {
			w.items[i].json = js
			continue
		}
		if scratch == nil {
			scratch = make([]byte, 0, 2048)
		}
		scratch = appendDiagnostic(scratch[:0], sn, d)
		w.items[i].json = append([]byte(nil), scratch...)
	}
	return w
}

// appendDiagnostic appends the JSON of lspDiagnostic(sn, d) exactly as segjson
// encodes a protocol.Diagnostic (fields in declaration order, empty optional
// ones left out, strings escaped as segjson escapes them), without building
// one: segjson's encoder walks the struct through its reflection-based codec,
// and that was most of what converting a finding cost.
// TestReusedDiagnosticsEqualFresh compares the two on every finding it sees.
func appendDiagnostic(b []byte, sn *snapshot, d *analysis.Diagnostic) []byte {
	m := sn.Mapper()
	b = append(b, `{"range":`...)
	b = appendRange(b, m, d.Span)
	if sev := lspSeverity(d.Severity); sev != 0 { // omitempty
		b = append(b, `,"severity":`...)
		b = strconv.AppendInt(b, int64(sev), 10)
	}
	b = append(b, `,"code":`...)
	b = appendString(b, d.Rule)
	b = append(b, `,"source":`...)
	b = appendString(b, source)
	b = append(b, `,"message":`...)
	b = appendString(b, d.Message)
	if len(d.Related) > 0 {
		b = append(b, `,"relatedInformation":[`...)
		for i := range d.Related {
			r := &d.Related[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"location":{"uri":`...)
			b = appendString(b, string(sn.uri))
			b = append(b, `,"range":`...)
			b = appendRange(b, m, r.Span)
			b = append(b, `},"message":`...)
			b = appendString(b, r.Message)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendRange appends the protocol.Range of sp.
func appendRange(b []byte, m *position.Mapper, sp analysis.Span) []byte {
	sl, sc := m.Position(sp.Start)
	el, ec := m.Position(sp.End)
	b = append(b, `{"start":{"line":`...)
	b = strconv.AppendUint(b, uint64(uint32(sl)), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(uint32(sc)), 10)
	b = append(b, `},"end":{"line":`...)
	b = strconv.AppendUint(b, uint64(uint32(el)), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(uint32(ec)), 10)
	return append(b, "}}"...)
}

// encodeDiagnostic encodes d as segjson.Marshal encodes it inside a
// publishDiagnosticsParams.
func encodeDiagnostic(d *protocol.Diagnostic) []byte {
	b, err := segjson.Marshal(d)
	if err != nil {
		// A protocol.Diagnostic of strings and numbers always encodes.
		panic(err)
	}
	return b
}

// reuser finds, for a finding of the new version, the JSON of the same finding in
// the previous version when its range is the same in lines and UTF-16 units. The
// edit must keep line breaks as they were (position.LinesKept): didChange only
// hands over the previous version's findings then.
type reuser struct {
	prev *wireDiagnostics
	// start is where the edit starts (in both versions); insEnd where the
	// inserted text ends in the new text; delta the change in length.
	start, insEnd, delta int
	// nextLine is where the line after the edited one starts in the new text
	// (len(text)+1 when there is none): offsets from there on are stable.
	nextLine int
}

func newReuser(prev *wireDiagnostics, text string, e analysis.Edit) reuser {
	r := reuser{prev: prev, start: e.Start, insEnd: e.Start + len(e.NewText), delta: len(e.NewText) - (e.End - e.Start)}
	r.nextLine = len(text) + 1
	if i := strings.IndexAny(text[r.insEnd:], "\r\n"); i >= 0 {
		i += r.insEnd
		// After "\r\n" the next line starts two bytes on; an offset between the
		// two is on the edited line (and clamps to its end).
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		r.nextLine = i + 1
	}
	return r
}

// back maps an offset of the new text to the previous one when the position of
// that offset, in lines and UTF-16 units, is the same in both texts: it is at or
// before the edit's start (the text before it is unchanged), or on a line after
// the edited one (the line breaks before it are the same in number, and its line
// is unchanged).
func (r *reuser) back(x int) (int, bool) {
	switch {
	case x <= r.start:
		return x, true
	case x >= r.nextLine:
		return x - r.delta, true
	}
	return 0, false
}

// find returns the previous JSON of d, the i-th finding of the new version, or nil.
func (r *reuser) find(d *analysis.Diagnostic, i int) []byte {
	if r.prev == nil {
		return nil
	}
	start, ok1 := r.back(d.Start)
	end, ok2 := r.back(d.End)
	if !ok1 || !ok2 {
		return nil
	}
	items := r.prev.items
	// A keystroke mostly leaves the list as it was: try the same place first.
	if i < len(items) && r.same(&items[i].d, d, start, end) {
		return items[i].json
	}
	// Otherwise look among the findings that start at the same offset; the engine
	// sorts by start (if it ever did not, this would only miss).
	j := sort.Search(len(items), func(k int) bool { return items[k].d.Start >= start })
	for ; j < len(items) && items[j].d.Start == start; j++ {
		if r.same(&items[j].d, d, start, end) {
			return items[j].json
		}
	}
	return nil
}

// same reports whether o, a finding of the previous version, converts to the
// same protocol.Diagnostic as d, a finding of the new one whose span maps back to
// [start, end).
func (r *reuser) same(o, d *analysis.Diagnostic, start, end int) bool {
	if o.Start != start || o.End != end || o.Rule != d.Rule || o.Severity != d.Severity ||
		o.Message != d.Message || len(o.Related) != len(d.Related) {
		return false
	}
	for k := range d.Related {
		a, b := &o.Related[k], &d.Related[k]
		s, ok1 := r.back(b.Start)
		e, ok2 := r.back(b.End)
		if !ok1 || !ok2 || a.Start != s || a.End != e || a.Message != b.Message {
			return false
		}
	}
	return true
}

// appendPublishParams appends the publishDiagnosticsParams of w for version as
// segjson.Marshal would encode them.
func appendPublishParams(b []byte, w *wireDiagnostics, version int32) []byte {
	b = append(b, `{"uri":`...)
	b = appendString(b, string(w.uri))
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(version), 10)
	b = append(b, `,"diagnostics":[`...)
	for i := range w.items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, w.items[i].json...)
	}
	return append(b, "]}"...)
}

// appendString appends s as a JSON string exactly as segjson.AppendEscape(b, s,
// segjson.EscapeHTML) does. A string that needs no escaping, as every message this
// server writes but those quoting odd cell text, is copied as it is: segjson's
// encoder decodes it rune by rune, which was two fifths of converting a finding.
// FuzzAppendString compares the two.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !plainASCII[c] {
				return segjson.AppendEscape(b, s, segjson.EscapeHTML)
			}
			i++
			continue
		}
		// A well-formed three-byte rune, but U+2028 and U+2029 (E2 80 A8/A9),
		// which segjson escapes.
		if (position.Plain3(s, i) || position.Rune3(s, i)) && !(c == 0xE2 && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8) {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			return segjson.AppendEscape(b, s, segjson.EscapeHTML)
		}
		i += size
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainASCII marks the ASCII bytes a JSON string holds as they are: not a control
// character, quote, backslash, or (escaped for HTML, as segjson does) <, > or &.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()
