package lsp

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// FuzzApplyChangesAnyRange extends FuzzApplyChanges (valid positions only) to
// what a confused client may send: lines and characters that are negative, past
// the end of their line or of the text, inside a surrogate pair, ranges given end
// first, and whole-document replacements in the middle of a list of changes. The
// server's result must equal a plain re-assembly of UTF-16 code units under the
// clamping rules of internal/position, and every change that needed clamping (and
// only those) must be reported.
//
//	go test -run '^$' -fuzz FuzzApplyChangesAnyRange -fuzztime 20s ./lsp/
func FuzzApplyChangesAnyRange(f *testing.F) {
	f.Add("一、总体情况\r\n𠮷野家\n末行", []byte{1, 1, 2, 1, 4, 1, 0x80, 5, 0x7f, 2, 3, 3, 1, 2, 1}, "（七）\r\n")
	f.Add("𠮷", []byte{1, 0, 1, 0, 1}, "中")
	f.Add("a\rb\r\nc\n", []byte{0, 0, 0, 0, 0, 2, 9, 9, 0, 0}, "😀")
	f.Add("", []byte{1, 0xff, 0xff, 0, 0}, "\r")
	for _, text := range sampleSeeds(f)[:2] {
		f.Add(text, []byte{1, 20, 5, 20, 9, 2, 30, 0, 29, 200}, "总计")
	}
	f.Fuzz(func(t *testing.T, base string, ops []byte, insert string) {
		// A few dozen changes of modest size find the clamping cases; more only
		// make each run slower (every change re-indexes the text).
		if len(ops) > 5*32 || len(insert) > 256 || len(base) > 64<<10 {
			return
		}
		base = strings.ToValidUTF8(base, "\uFFFD")
		insert = strings.ToValidUTF8(insert, "\uFFFD")
		doc := utf16Doc(utf16.Encode([]rune(base)))
		var changes []contentChange
		wantClamped := 0
		for len(ops) >= 5 {
			op, l1, c1, l2, c2 := ops[0], int(int8(ops[1])), int(int8(ops[2])), int(int8(ops[3])), int(int8(ops[4]))
			ops = ops[5:]
			text := insert
			if op&2 != 0 {
				text = ""
			}
			if op%16 == 0 {
				changes = append(changes, contentChange{Text: text})
				doc = utf16Doc(utf16.Encode([]rune(text)))
				continue
			}
			i1, k1 := doc.clampedIndex(l1, c1)
			i2, k2 := doc.clampedIndex(l2, c2)
			if i2 < i1 {
				i1, i2, k1 = i2, i1, true
			}
			if k1 || k2 {
				wantClamped++
			}
			changes = append(changes, contentChange{Range: &rng{Start: lspPosition{l1, c1}, End: lspPosition{l2, c2}}, Text: text})
			doc = doc.replace(i1, i2, text)
		}
		a := applyChanges(&snapshot{text: base}, changes)
		got, clamped := a.text, a.clamped
		if want := doc.String(); got != want {
			t.Fatalf("applyChanges = %q, want %q", got, want)
		}
		if len(clamped) != wantClamped {
			t.Fatalf("%d changes reported as clamped (%v), want %d", len(clamped), clamped, wantClamped)
		}
		if seq := applySequentially(base, changes); seq.text != got || fmt.Sprint(seq.clamped) != fmt.Sprint(clamped) {
			t.Fatalf("applyChanges = %q clamping %v; change by change %q clamping %v", got, clamped, seq.text, seq.clamped)
		}
	})
}

// clampedIndex is the code unit a position designates once clamped: a negative
// line is the start of the text and a line past the end its end; a negative
// character is the start of the line, one past the line's content its end (before
// the line break), and one inside a surrogate pair the start of the pair. clamped
// says whether any of that happened.
func (d utf16Doc) clampedIndex(line, char int) (int, bool) {
	starts := d.lineStarts()
	switch {
	case line < 0:
		return 0, true
	case line >= len(starts):
		return len(d), true
	}
	clamped := false
	if char < 0 {
		char, clamped = 0, true
	}
	start, end := starts[line], len(d)
	if line+1 < len(starts) {
		end = starts[line+1]
	}
	for end > start && (d[end-1] == '\n' || d[end-1] == '\r') {
		end--
	}
	if char > end-start {
		char, clamped = end-start, true
	}
	if i := start + char; char > 0 && utf16.IsSurrogate(rune(d[i-1])) && d[i-1] < 0xDC00 {
		return i - 1, true
	}
	return start + char, clamped
}
