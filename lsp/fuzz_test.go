package lsp

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"go.uber.org/zap"

	"github.com/nianbao/nianbao/internal/position"
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
// re-assembly of the text in UTF-16 code units, one change after the other, for
// valid positions: many changes in one didChange, in any order (mode 0), in text
// order (1, each range in the text the earlier changes left) and last first (2, as
// VS Code sends a "replace all"), with CRLF, CR and LF line breaks and characters
// outside the BMP. It also holds the result equal to applySequentially, the
// change-by-change application it replaced.
//
//	go test -run '^$' -fuzz 'FuzzApplyChanges$' -fuzztime 20s ./lsp/
func FuzzApplyChanges(f *testing.F) {
	f.Add("一、总体情况\r\n𠮷野家\n末行", byte(0), []byte{1, 2, 3, 4, 5, 6, 7, 8}, "（七）\r\n")
	f.Add("", byte(0), []byte{0, 0, 0, 0}, "中")
	f.Add("a\rb\r\nc\n", byte(0), []byte{9, 1, 200, 3, 7, 7}, "😀")
	f.Add("一、总体情况\r\n𠮷野家\n末行\r\n（七）总计 | 20 |", byte(1), []byte{1, 9, 40, 41, 60, 60, 80, 200, 201, 250}, "合计\r")
	f.Add("一、总体情况\r\n𠮷野家\n末行\r\n（七）总计 | 20 |", byte(2), []byte{1, 9, 40, 41, 60, 60, 80, 200, 201, 250}, "\n合计")
	f.Add("a\rb\rc\r", byte(2), []byte{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110}, "\n")
	f.Add("a\rb\rc\r", byte(1), []byte{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110}, "\n")
	for _, text := range sampleSeeds(f)[:2] {
		f.Add(text, byte(2), []byte{3, 30, 60, 90, 120, 150, 180, 210, 240, 255}, "总计")
		f.Add(strings.ReplaceAll(text, "\n", "\r\n"), byte(1), []byte{3, 30, 60, 90, 120, 150, 180, 210, 240, 255}, "总计数")
	}
	f.Fuzz(func(t *testing.T, base string, mode byte, ops []byte, insert string) {
		// Bounded, or inputs grow until each run takes seconds and fuzzing stalls.
		if len(ops) > 256 || len(insert) > 256 || len(base) > 1<<14 {
			return
		}
		// Editors hold valid Unicode; JSON decoding guarantees it to the server.
		base = strings.ToValidUTF8(base, "\uFFFD")
		insert = strings.ToValidUTF8(insert, "\uFFFD")
		texts := []string{insert, "", "\r\n", "\r", "\n" + insert}
		doc := utf16Doc(utf16.Encode([]rune(base)))
		var changes []contentChange
		switch mode % 3 {
		case 0:
			for len(ops) >= 4 {
				p1, i1 := doc.posAt(int(ops[0]), int(ops[1]))
				p2, i2 := doc.posAt(int(ops[2]), int(ops[3]))
				if i2 < i1 {
					p1, i1, p2, i2 = p2, i2, p1, i1
				}
				ins := texts[int(ops[0]^ops[3])%len(texts)]
				ops = ops[4:]
				changes = append(changes, contentChange{Range: &rng{Start: p1, End: p2}, Text: ins})
				doc = doc.replace(i1, i2, ins)
			}
		default:
			changes, doc = doc.monotoneChanges(ops, texts, mode%3 == 2)
		}
		sn := &snapshot{text: base}
		a := applyChanges(sn, changes)
		got, clamped := a.text, a.clamped
		if want := doc.String(); got != want {
			t.Fatalf("applyChanges = %q, want %q", got, want)
		}
		if len(clamped) != 0 {
			t.Fatalf("valid positions reported as clamped: %v", clamped)
		}
		if seq := applySequentially(base, changes); seq.text != got {
			t.Fatalf("applyChanges = %q, change by change %q", got, seq.text)
		}
	})
}

// monotoneChanges makes changes from sel, two bytes a change: ranges that do not
// overlap in the document, sent last first (desc: each range then lies in the text
// as it was) or first first (each range in the text the earlier changes left, moved
// by what they inserted and removed). It returns them with the document after all.
func (d utf16Doc) monotoneChanges(sel []byte, texts []string, desc bool) ([]contentChange, utf16Doc) {
	var at []int
	for _, b := range sel {
		at = append(at, int(b)*(len(d)+1)/256)
	}
	sort.Ints(at)
	type span struct {
		i, j int
		text string
	}
	var spans []span
	for k := 0; k+1 < len(at); k += 2 {
		spans = append(spans, span{at[k], at[k+1], texts[k/2%len(texts)]})
	}
	var changes []contentChange
	doc := d
	if desc {
		for k := len(spans) - 1; k >= 0; k-- {
			// The text before the last change is as it was, but for a "\n" it
			// inserted right after a "\r": step off the pair, backwards.
			i, j := doc.valid(spans[k].i, -1), doc.valid(spans[k].j, -1)
			changes = append(changes, contentChange{Range: &rng{Start: doc.position(i), End: doc.position(j)}, Text: spans[k].text})
			doc = doc.replace(i, j, spans[k].text)
		}
		return changes, doc
	}
	// Each range moves by what the changes before it inserted and removed, and
	// starts no earlier than the end of the text the last one inserted.
	delta, prevEnd := 0, 0
	for _, s := range spans {
		i := doc.valid(max(s.i+delta, prevEnd), +1)
		j := doc.valid(max(s.j+delta, i), +1)
		changes = append(changes, contentChange{Range: &rng{Start: doc.position(i), End: doc.position(j)}, Text: s.text})
		doc = doc.replace(i, j, s.text)
		n := len(utf16.Encode([]rune(s.text)))
		delta += n - (j - i)
		prevEnd = i + n
	}
	return changes, doc
}

// valid moves code unit index i off the middle of a "\r\n" or of a surrogate pair,
// by one unit in direction dir, and into the document.
func (d utf16Doc) valid(i, dir int) int {
	i = max(0, min(i, len(d)))
	if i > 0 && i < len(d) && (d[i-1] == '\r' && d[i] == '\n' || d[i] >= 0xDC00 && d[i] <= 0xDFFF) {
		i += dir
	}
	return i
}

// applySequentially is how applyChanges used to work, and the plain reading of LSP:
// each change converted with a fresh index of the text it applies to, and the
// text copied.
func applySequentially(text string, changes []contentChange) applied {
	a := applied{text: text}
	for _, ch := range changes {
		if ch.Range == nil {
			a.text = ch.Text
			continue
		}
		m := position.New(a.text)
		r := *ch.Range
		start, c1 := m.Offset(r.Start.Line, r.Start.Character)
		end, c2 := m.Offset(r.End.Line, r.End.Character)
		if end < start {
			start, end = end, start
			c1 = true
		}
		if c1 || c2 {
			a.clamped = append(a.clamped, fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character))
		}
		a.text = a.text[:start] + ch.Text + a.text[end:]
	}
	return a
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
