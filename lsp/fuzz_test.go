package lsp

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf16"

	"go.uber.org/zap"
)

// FuzzStream feeds arbitrary bytes to the JSON-RPC input path. Reading must never
// panic and must end with the input; everything the stream writes back must be
// well-formed frames holding JSON-RPC error responses.
//
//	go test -run '^$' -fuzz FuzzStream -fuzztime 20s ./lsp/
func FuzzStream(f *testing.F) {
	f.Add([]byte(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`)))
	f.Add([]byte(frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.md","version":1,"text":"一、总体情况"}}}`)))
	f.Add([]byte("Content-Length: 3\r\n\r\n{}" + frame(`{"jsonrpc":"2.0","id":"x","method":"m"}`)))
	f.Add([]byte("garbage\r\nContent-Length: 2\r\n\r\n{}"))
	f.Add([]byte("Content-Length: -5\r\n\r\n"))
	f.Add([]byte("content-length: 7\r\nContent-Type: x\r\n\r\n[1,2,3]"))
	f.Add([]byte(frame("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"x\",\"params\":\"\xff\xfe\"}")))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		s := NewStream(bytes.NewReader(data), &out, nil, zap.NewNop())
		for i := 0; ; i++ {
			if i > len(data)+1 {
				t.Fatalf("more messages than bytes")
			}
			if _, _, err := s.Read(context.Background()); err != nil {
				break
			}
		}
		checkFrames(t, out.Bytes())
	})
}

// checkFrames parses what the stream wrote strictly: well-framed error responses
// (readReplies, shared with the other stream fuzz targets).
func checkFrames(t *testing.T, b []byte) {
	t.Helper()
	readReplies(t, b)
}

// FuzzApplyChanges checks incremental edit application against a plain
// re-assembly of the text in UTF-16 code units, for valid positions.
//
//	go test -run '^$' -fuzz FuzzApplyChanges -fuzztime 20s ./lsp/
func FuzzApplyChanges(f *testing.F) {
	f.Add("一、总体情况\r\n𠮷野家\n末行", []byte{1, 2, 3, 4, 5, 6, 7, 8}, "（七）\r\n")
	f.Add("", []byte{0, 0, 0, 0}, "中")
	f.Add("a\rb\r\nc\n", []byte{9, 1, 200, 3, 7, 7}, "😀")
	f.Fuzz(func(t *testing.T, base string, ops []byte, insert string) {
		// Bounded, or inputs grow until each run takes seconds and fuzzing stalls.
		if len(ops) > 128 || len(insert) > 256 || len(base) > 1<<16 {
			return
		}
		// Editors hold valid Unicode; JSON decoding guarantees it to the server.
		base = strings.ToValidUTF8(base, "\uFFFD")
		insert = strings.ToValidUTF8(insert, "\uFFFD")
		doc := utf16Doc(utf16.Encode([]rune(base)))
		sn := &snapshot{text: base}
		var changes []contentChange
		for len(ops) >= 4 {
			p1, i1 := doc.posAt(int(ops[0]), int(ops[1]))
			p2, i2 := doc.posAt(int(ops[2]), int(ops[3]))
			if i2 < i1 {
				p1, i1, p2, i2 = p2, i2, p1, i1
			}
			ins := insert
			if len(ops)%2 == 1 {
				ins = ""
			}
			ops = ops[4:]
			changes = append(changes, contentChange{Range: &rng{Start: p1, End: p2}, Text: ins})
			doc = append(append(append(utf16Doc{}, doc[:i1]...), utf16.Encode([]rune(ins))...), doc[i2:]...)
		}
		a := applyChanges(sn, changes)
		got, clamped := a.text, a.clamped
		if want := doc.String(); got != want {
			t.Fatalf("applyChanges = %q, want %q", got, want)
		}
		if len(clamped) != 0 {
			t.Fatalf("valid positions reported as clamped: %v", clamped)
		}
	})
}

// posAt picks a valid position from two bytes: a line and a character within it,
// moved off the middle of a surrogate pair.
func (d utf16Doc) posAt(lineSel, charSel int) (lspPosition, int) {
	starts := d.lineStarts()
	line := lineSel % len(starts)
	start := starts[line]
	end := len(d)
	if line+1 < len(starts) {
		end = starts[line+1]
	}
	for end > start && (d[end-1] == '\n' || d[end-1] == '\r') {
		end--
	}
	c := charSel % (end - start + 1)
	if i := start + c; c > 0 && i < len(d) && d[i] >= 0xDC00 && d[i] <= 0xDFFF {
		c--
	}
	return lspPosition{line, c}, start + c
}
