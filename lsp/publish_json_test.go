package lsp

import (
	"bytes"
	"encoding/json"
	"testing"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

// jsonStrings are strings whose quoting differs between careless encoders: the
// characters JSON and HTML escaping touch, control characters, U+2028/2029, invalid
// UTF-8, and the Chinese of real messages and paths.
var jsonStrings = []string{
	"", "总计应为 7（6+0+0+0+0+1），报告为 6", `引号"与\反斜杠`, "<表三> & 「七」", "换行\n回车\r制表\t",
	"\b\f\x00\x01\x1f\x7f", "\u2028段\u2029", "坏\xff字节\xe4\xb8", "file:///平潭/报告%20.md?x=1&y=2",
	"𝄞 surrogate pair", "\u00e9\u00a0nbsp",
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
