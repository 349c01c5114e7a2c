package lsp

import (
	"reflect"
	"testing"

	segjson "github.com/segmentio/encoding/json"
)

// didChangeSeeds are didChange params as editors send them, and near misses.
var didChangeSeeds = []string{
	// VS Code's language client (with rangeLength).
	`{"textDocument":{"uri":"file:///%E5%B9%B3%E6%BD%AD/2020.md","version":7},"contentChanges":[{"range":{"start":{"line":107,"character":12},"end":{"line":107,"character":12}},"rangeLength":0,"text":"6"}]}`,
	// Neovim: keys in another order, several changes, multi-byte text.
	`{"contentChanges": [{"text": "本年度", "range": {"end": {"character": 3, "line": 2}, "start": {"line": 2, "character": 1}}}, {"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"𠀀"}], "textDocument": {"version": 12, "uri": "file:///tmp/报告.txt"}}`,
	// A whole-document change.
	`{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[{"text":"全文"}]}`,
	`{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[]}`,
	// Near misses the fast path must leave to segjson.
	`{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[{"text":"a\nb"}]}`,
	`{"textDocument":{"uri":"file:///a.md","version":2.5},"contentChanges":[]}`,
	`{"textDocument":{"uri":"file:///a.md","version":4294967297},"contentChanges":[]}`,
	`{"textDocument":{"uri":"file:///a.md","version":2,"uri":"file:///b.md"},"contentChanges":[]}`,
	`{"textDocument":{"URI":"file:///a.md","version":2},"contentChanges":[{"range":null,"text":""}]}`,
	`{"textDocument":{"uri":"file:///a.md","version":-1},"contentChanges":[{"range":{"start":{"line":-3,"character":0},"end":{"line":0,"character":01}},"text":""}]}`,
	`null`,
	`{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[{"text":"x"}]} x`,
}

// The fast path accepts what editors send, and decodes it as segjson does.
func TestDecodeDidChange(t *testing.T) {
	for i, s := range didChangeSeeds[:4] {
		var fast didChangeParams
		if !decodeDidChange([]byte(s), &fast) {
			t.Errorf("seed %d: the fast path refused %s", i, s)
			continue
		}
		var slow didChangeParams
		if err := segjson.Unmarshal([]byte(s), &slow); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("seed %d: fast %+v, segjson %+v", i, fast, slow)
		}
	}
	for i, s := range didChangeSeeds[4:] {
		var p didChangeParams
		if decodeDidChange([]byte(s), &p) {
			t.Errorf("near miss %d: the fast path accepted %s", i, s)
		}
	}
}

// Whenever the fast path accepts params, segjson accepts them too and decodes the
// same values.
func FuzzDecodeDidChange(f *testing.F) {
	for _, s := range didChangeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast didChangeParams
		if !decodeDidChange(b, &fast) {
			return
		}
		var slow didChangeParams
		if err := segjson.Unmarshal(b, &slow); err != nil {
			t.Fatalf("fast path accepted what segjson refuses (%v): %q", err, b)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("fast %+v, segjson %+v: %q", fast, slow, b)
		}
	})
}

func BenchmarkDecodeDidChange(b *testing.B) {
	raw := []byte(didChangeSeeds[0])
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var p didChangeParams
			if !decodeDidChange(raw, &p) {
				b.Fatal("refused")
			}
		}
	})
	b.Run("segjson", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var p didChangeParams
			if err := decodeParams(raw, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
