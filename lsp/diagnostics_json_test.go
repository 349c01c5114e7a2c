package lsp

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

// jsonStrings are strings whose quoting differs between careless encoders: the
// characters JSON and HTML escaping touch, control characters, U+2028/2029, invalid
// UTF-8, and the Chinese of real messages.
var jsonStrings = []string{
	"", "总计应为 7（6+0+0+0+0+1），报告为 6", `引号"与\反斜杠`, "<表三> & 「七」", "换行\n回车\r制表\t",
	"\b\f\x00\x01\x1f\x7f", "\u2028段\u2029", "坏\xff字节\xe4\xb8", "file:///平潭/报告%20.md?x=1&y=2",
	"𝄞 surrogate pair", "\u00e9\u00a0nbsp",
}

// TestDiagnosticJSONAsSegjson: the hand-written encoder writes what segjson writes,
// field for field, for every shape of diagnostic the server makes.
func TestDiagnosticJSONAsSegjson(t *testing.T) {
	rng := protocol.Range{Start: protocol.Position{Line: 3, Character: 12}, End: protocol.Position{Line: 4294967295, Character: 0}}
	var cases []protocol.Diagnostic
	for _, s := range jsonStrings {
		cases = append(cases,
			protocol.Diagnostic{Range: rng, Message: s},
			protocol.Diagnostic{Range: rng, Severity: protocol.DiagnosticSeverityWarning, Code: s, Source: s, Message: s,
				CodeDescription: &protocol.CodeDescription{Href: protocol.URI(s)}},
			protocol.Diagnostic{Range: rng, Severity: protocol.DiagnosticSeverityHint, Code: int32(-7), Message: s,
				RelatedInformation: []protocol.DiagnosticRelatedInformation{
					{Location: protocol.Location{URI: protocol.DocumentURI(s), Range: rng}, Message: s},
					{Location: protocol.Location{URI: "file:///a.md"}, Message: ""},
				}},
		)
	}
	for i := range cases {
		d := &cases[i]
		got, ok := appendDiagnosticJSON(nil, d)
		if !ok {
			t.Fatalf("case %d: not encoded by hand: %+v", i, d)
		}
		if want := segjsonDiagnostic(d); !bytes.Equal(got, want) {
			t.Errorf("case %d:\n got %s\nwant %s", i, got, want)
		}
		if n := diagnosticJSONSize(d); strings.Count(string(got), `\u`) == 0 && n < len(got) {
			t.Errorf("case %d: size estimated %d, JSON has %d bytes without escapes", i, n, len(got))
		}
	}
	// What the server never makes goes to segjson, and comes out the same.
	for _, d := range []protocol.Diagnostic{
		{Range: rng, Message: "x", Data: map[string]int{"a": 1}},
		{Range: rng, Message: "x", Tags: []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}},
		{Range: rng, Message: "x", Code: 3.5},
		{Range: rng, Message: "x", Severity: 1.5},
	} {
		if _, ok := appendDiagnosticJSON(nil, &d); ok {
			t.Errorf("encoded by hand, want segjson: %+v", d)
		}
		if got, want := encodeJSON(&d), segjsonDiagnostic(&d); !bytes.Equal(got, want) {
			t.Errorf("encodeJSON %s, want %s", got, want)
		}
	}
}

// FuzzDiagnosticJSON: any strings and numbers, the same bytes as segjson.
func FuzzDiagnosticJSON(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s, s, uint32(1), uint8(2), int32(0))
	}
	f.Fuzz(func(t *testing.T, msg, uri string, line uint32, sev uint8, code int32) {
		d := protocol.Diagnostic{
			Range:    protocol.Range{Start: protocol.Position{Line: line, Character: line / 3}, End: protocol.Position{Line: line + 1}},
			Severity: protocol.DiagnosticSeverity(sev % 5), Source: uri, Message: msg,
			RelatedInformation: []protocol.DiagnosticRelatedInformation{{Location: protocol.Location{URI: protocol.DocumentURI(uri)}, Message: msg}},
		}
		if code%2 == 0 {
			d.Code = msg
		} else {
			d.Code = code
		}
		got, ok := appendDiagnosticJSON(nil, &d)
		if !ok {
			t.Fatalf("not encoded by hand: %+v", d)
		}
		if want := segjsonDiagnostic(&d); !bytes.Equal(got, want) {
			t.Errorf("\n got %s\nwant %s", got, want)
		}
	})
}

// BenchmarkDiagnosticJSON compares the two encoders on a total-mismatch finding
// with its related cells, as a keystroke in a total re-encodes it.
func BenchmarkDiagnosticJSON(b *testing.B) {
	rng := protocol.Range{Start: protocol.Position{Line: 40, Character: 12}, End: protocol.Position{Line: 40, Character: 14}}
	d := protocol.Diagnostic{Range: rng, Severity: protocol.DiagnosticSeverityError, Code: "total-mismatch",
		CodeDescription: &protocol.CodeDescription{Href: "https://example.org/docs/rules.md#total-mismatch"}, Source: "nianbao",
		Message: "（七）总计 · 总计应为 27（21+0+0+0+0+6），报告为 26"}
	for i := 0; i < 6; i++ {
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: "file:///平潭/键入.md", Range: rng}, Message: "表三 （七）总计 · 自然人：21"})
	}
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			encodeJSON(&d)
		}
	})
	b.Run("segjson", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			segjsonDiagnostic(&d)
		}
	})
}

// TestPublishJSONAsSegjson: a publishDiagnostics' params, written by hand, are what
// segjson writes with the flags publish used: the URI unescaped for HTML, a closed
// document without a version, no diagnostics as [].
func TestPublishJSONAsSegjson(t *testing.T) {
	v := int32(7)
	for _, uri := range jsonStrings {
		for _, p := range []publishParams{
			{URI: protocol.DocumentURI(uri), Version: &v, Diagnostics: []json.RawMessage{json.RawMessage(`{"a":1}`), json.RawMessage(`{"b":"<&>"}`)}},
			{URI: protocol.DocumentURI(uri), Diagnostics: []json.RawMessage{}},
			{URI: protocol.DocumentURI(uri), Version: &v, Diagnostics: []json.RawMessage{nil, json.RawMessage(`{}`)}},
			{URI: protocol.DocumentURI(uri)},
		} {
			want, err := segjson.Append(nil, &p, segjson.SortMapKeys|segjson.TrustRawMessage)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.appendJSON(nil); !bytes.Equal(got, want) {
				t.Errorf("\n got %s\nwant %s", got, want)
			}
		}
	}
}
