package position

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPositionRoundTrip(t *testing.T) {
	// 𠀀 (U+20000) is two UTF-16 code units and four UTF-8 bytes.
	text := "总计：7\r\n自然人𠀀6\n\r其他\r1"
	m := New(text)
	for _, tc := range []struct {
		offset, line, char int
	}{
		{0, 0, 0},
		{len("总计："), 0, 3},
		{len("总计：7"), 0, 4},
		{len("总计：7\r\n"), 1, 0},
		{len("总计：7\r\n自然人"), 1, 3},
		{len("总计：7\r\n自然人𠀀"), 1, 5},
		{len("总计：7\r\n自然人𠀀6\n"), 2, 0}, // "\n\r" is two line ends
		{len("总计：7\r\n自然人𠀀6\n\r"), 3, 0},
		{len("总计：7\r\n自然人𠀀6\n\r其他\r"), 4, 0},
		{len(text), 4, 1},
	} {
		l, c := m.Position(tc.offset)
		if l != tc.line || c != tc.char {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.offset, l, c, tc.line, tc.char)
		}
		off, clamped := m.Offset(tc.line, tc.char)
		if off != tc.offset || clamped {
			t.Errorf("Offset(%d:%d) = %d (clamped %v), want %d", tc.line, tc.char, off, clamped, tc.offset)
		}
	}
	if m.LineCount() != 5 {
		t.Errorf("LineCount = %d, want 5", m.LineCount())
	}
}

func TestOffsetClamps(t *testing.T) {
	text := "总计\r\n𠀀x"
	m := New(text)
	for _, tc := range []struct {
		line, char, offset int
	}{
		{0, 99, len("总计")},     // past the line end: the line end, not the \r\n
		{1, 1, len("总计\r\n")},  // inside the surrogate pair: its start
		{7, 0, len(text)},      // past the last line: the end
		{-1, 0, 0},             // negative line
		{1, -5, len("总计\r\n")}, // negative character
	} {
		off, clamped := m.Offset(tc.line, tc.char)
		if off != tc.offset || !clamped {
			t.Errorf("Offset(%d:%d) = %d (clamped %v), want %d clamped", tc.line, tc.char, off, clamped, tc.offset)
		}
	}
	if l, c := m.Position(len(text) + 10); l != 1 || c != 3 {
		t.Errorf("Position past the end = %d:%d, want 1:3", l, c)
	}
	if l, c := m.Position(1); l != 0 || c != 0 {
		t.Errorf("Position inside a character = %d:%d, want 0:0", l, c)
	}
}

func TestLFAndMixedAgree(t *testing.T) {
	// The LF-only fast path and the general path index the same lines.
	lf := "一\n二二\n\n三三三\n"
	m := New(lf)
	if m.LineCount() != 5 {
		t.Fatalf("LineCount = %d, want 5", m.LineCount())
	}
	for _, tc := range []struct{ off, line, char int }{{0, 0, 0}, {len("一\n"), 1, 0}, {len("一\n二二\n"), 2, 0}, {len("一\n二二\n\n三"), 3, 1}, {len(lf), 4, 0}} {
		if l, c := m.Position(tc.off); l != tc.line || c != tc.char {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.char)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	text := strings.Repeat("平潭综合实验区2020年政府信息公开工作年度报告，统计期限自2020年1月1日起。\n", 200)
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		New(text)
	}
}

// Edited agrees with New for every single-line edit of a text with LF, CRLF and CR.
func TestEditedAgreesWithNew(t *testing.T) {
	text := "总计：7\r\n自然人𠀀6\n\r其他\r1\n"
	m := New(text)
	runes := []int{}
	for i := range text {
		runes = append(runes, i)
	}
	runes = append(runes, len(text))
	for _, a := range runes {
		for _, b := range runes {
			if b < a || b > a+8 {
				continue
			}
			for _, ins := range []string{"", "六", "\n", "x\r"} {
				next := text[:a] + ins + text[b:]
				got, want := m.Edited(next, a, b, ins), New(next)
				if !equalLines(got.starts(), want.starts()) {
					t.Fatalf("edit [%d,%d)→%q: lines %v, want %v", a, b, ins, got.starts(), want.starts())
				}
			}
		}
	}
}

// starts is every line's start.
func (m *Mapper) starts() []int {
	out := make([]int, len(m.lines))
	for i := range out {
		out[i] = m.start(i)
	}
	return out
}

func equalLines(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// When linesKept holds, the edited text has as many lines as the old one and every
// line but the edited one has the same text; positions at or before the edit's
// start are the same in both texts.
func TestLinesKept(t *testing.T) {
	text := "总计：7\r\n自然人𠀀6\n\r其他\r1\n"
	m := New(text)
	var bounds []int
	for i := range text {
		bounds = append(bounds, i)
	}
	bounds = append(bounds, len(text))
	kept := 0
	for _, a := range bounds {
		for _, b := range bounds {
			if b < a || b > a+8 {
				continue
			}
			for _, ins := range []string{"", "六", "\n", "x\r", "𠀀"} {
				if !linesKept(text, a, b, ins) {
					continue
				}
				kept++
				next := text[:a] + ins + text[b:]
				n := New(next)
				if n.LineCount() != m.LineCount() {
					t.Fatalf("edit [%d,%d)→%q kept lines but has %d, not %d", a, b, ins, n.LineCount(), m.LineCount())
				}
				edited, _ := m.Position(a)
				for l := 0; l < m.LineCount(); l++ {
					if l != edited && text[m.start(l):m.lineEnd(l)] != next[n.start(l):n.lineEnd(l)] {
						t.Fatalf("edit [%d,%d)→%q kept lines but changed line %d", a, b, ins, l)
					}
				}
				for _, x := range bounds {
					if x > a {
						break
					}
					l1, c1 := m.Position(x)
					l2, c2 := n.Position(x)
					if l1 != l2 || c1 != c2 {
						t.Fatalf("edit [%d,%d)→%q: offset %d is %d:%d before and %d:%d after", a, b, ins, x, l1, c1, l2, c2)
					}
				}
			}
		}
	}
	if kept == 0 {
		t.Fatal("no edit kept the lines")
	}
	for _, tc := range []struct {
		start, end int
		ins        string
	}{
		{len("总计：7\r"), len("总计：7\r"), "x"}, // splits "\r\n"
		{len("总计：7"), len("总计：7\r"), ""},    // removes a "\r"
		{0, 0, "\n"},
		{-1, 0, ""},
		{3, 2, ""},
		{0, len(text) + 1, ""},
	} {
		if linesKept(text, tc.start, tc.end, tc.ins) {
			t.Errorf("linesKept(%d, %d, %q) = true", tc.start, tc.end, tc.ins)
		}
	}
}

// A chain of edits, each applied to the mapper the previous one returned, agrees
// with New at every step: line starts, and the position of every offset. Half of
// the edits are on the line of the previous one, where the index is shared.
func TestEditedChainAgreesWithNew(t *testing.T) {
	text := "总计：7\r\n自然人𠀀6\n\r其他\r1\n（七）总计 | 20 | 21\n"
	m := New(text)
	r := rand.New(rand.NewSource(7))
	inserts := []string{"", "六", "𠀀", "x", "", "\n", "\r\n", "\r"}
	last := 0
	for n := 0; n < 3000; n++ {
		var bounds []int
		for i := range text {
			bounds = append(bounds, i)
		}
		bounds = append(bounds, len(text))
		a := bounds[r.Intn(len(bounds))]
		if r.Intn(2) == 0 {
			// Somewhere on the line of the last edit.
			line, _ := m.Position(last)
			lo, hi := m.start(line), m.lineEnd(line)
			var on []int
			for _, x := range bounds {
				if x >= lo && x <= hi {
					on = append(on, x)
				}
			}
			a = on[r.Intn(len(on))]
		}
		b := a
		if r.Intn(3) == 0 {
			for _, x := range bounds {
				if x > a && x <= a+6 && r.Intn(2) == 0 {
					b = x
				}
			}
		}
		ins := inserts[r.Intn(len(inserts))]
		if len(text) > 300 {
			ins = ""
		}
		next := text[:a] + ins + text[b:]
		m = m.Edited(next, a, b, ins)
		text, last = next, a
		want := New(text)
		if !equalLines(m.starts(), want.starts()) {
			t.Fatalf("edit %d [%d,%d)→%q: lines %v, want %v", n, a, b, ins, m.starts(), want.starts())
		}
		for x := 0; x <= len(text); x++ {
			l1, c1 := m.Position(x)
			l2, c2 := want.Position(x)
			if l1 != l2 || c1 != c2 {
				t.Fatalf("edit %d: Position(%d) = %d:%d, want %d:%d", n, x, l1, c1, l2, c2)
			}
		}
		for l := 0; l < want.LineCount(); l++ {
			for c := 0; c < 12; c++ {
				o1, k1 := m.Offset(l, c)
				o2, k2 := want.Offset(l, c)
				if o1 != o2 || k1 != k2 {
					t.Fatalf("edit %d: Offset(%d, %d) = %d %v, want %d %v", n, l, c, o1, k1, o2, k2)
				}
			}
		}
	}
}

// BenchmarkEditedKeystroke types and deletes a character on one line of a report
// of 200 lines, each time from the mapper the last edit returned.
func BenchmarkEditedKeystroke(b *testing.B) {
	const line = "平潭综合实验区2020年政府信息公开工作年度报告，统计期限自2020年1月1日起。\n"
	text := strings.Repeat(line, 200)
	at := 50*len(line) + len("平潭") // after 平潭 on line 50
	typed := text[:at] + "中" + text[at:]
	m := New(text)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			m = m.Edited(typed, at, at, "中")
		} else {
			m = m.Edited(text, at, at+len("中"), "")
		}
	}
}

// FuzzEditedChain applies a chain of edits, each to the mapper the previous one
// returned, and compares every step with New: line starts and the position of
// every offset.
//
//	go test -run '^$' -fuzz FuzzEditedChain -fuzztime 20s ./internal/position/
func FuzzEditedChain(f *testing.F) {
	f.Add("总计：7\r\n自然人𠀀6\n\r其他\r1\n", []byte{3, 0, 1, 9, 9, 2, 3, 3, 0, 40, 1, 1}, "六")
	f.Add("", []byte{0, 0, 0}, "\r\n")
	f.Fuzz(func(t *testing.T, text string, ops []byte, insert string) {
		if len(text) > 4096 || len(ops) > 96 || len(insert) > 64 {
			return
		}
		m := New(text)
		for ; len(ops) >= 3; ops = ops[3:] {
			// Offsets anywhere, even inside a character: Edited must not care.
			a := int(ops[0]) * len(text) / 256
			b := min(a+int(ops[1])%8, len(text))
			ins := insert
			if ops[2]%3 == 0 {
				ins = ""
			}
			next := text[:a] + ins + text[b:]
			m = m.Edited(next, a, b, ins)
			text = next
			want := New(text)
			if !equalLines(m.starts(), want.starts()) {
				t.Fatalf("edit [%d,%d)→%q: lines %v, want %v", a, b, ins, m.starts(), want.starts())
			}
			// Position at a few hundred offsets, the edit's among them: each counts
			// from its line's start, and every offset of a 4 KB line of bytes that
			// are no UTF-8 was slow enough for the fuzzer to call the run hung.
			// (With the line starts equal, the rest is the same code on the same text.)
			step := 1 + len(text)/256
			for _, x := range append([]int{a, a + len(ins), b}, rangeStep(len(text), step)...) {
				l1, c1 := m.Position(x)
				l2, c2 := want.Position(x)
				if l1 != l2 || c1 != c2 {
					t.Fatalf("Position(%d) = %d:%d, want %d:%d", x, l1, c1, l2, c2)
				}
			}
		}
	})
}

// rangeStep is 0, step, 2·step, … up to n.
func rangeStep(n, step int) []int {
	var xs []int
	for x := 0; x <= n; x += step {
		xs = append(xs, x)
	}
	return xs
}

// slowUnits is units as Position counted before its fast path: rune by rune.
func slowUnits(text string, i, offset int) int {
	n := 0
	for i < offset {
		r, size := utf8.DecodeRuneInString(text[i:])
		if i+size > offset {
			break
		}
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// units counts as the decoder does on any bytes, valid UTF-8 or not, up to any offset.
func FuzzUnits(f *testing.F) {
	for _, s := range []string{"| （七）总计 | 2 |", "𠀀a\xe0\xa0\x80\xed\xa0\x80\xe0\x80\xaf", "\xef\xbf\xbd\xe4\xb8", "统计期限\r\n"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, cut int) {
		if len(s) > 4096 { // quadratic below
			return
		}
		for i := 0; i <= len(s); i++ {
			offset := len(s)
			if cut >= 0 && cut <= len(s) && cut >= i {
				offset = cut
			}
			if got, want := units(s, i, offset), slowUnits(s, i, offset); got != want {
				t.Fatalf("units(%q, %d, %d) = %d, want %d", s, i, offset, got, want)
			}
		}
	})
}

func BenchmarkPosition(b *testing.B) {
	line := "| （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
	m := New(strings.Repeat(line, 100))
	off := 50*len(line) + len(line) - 6
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m.Position(off)
	}
}

// naivePosition is Position by definition: count line ends before offset, then the
// UTF-16 units of the whole runes between the line's start and offset.
func naivePosition(text string, offset int) (line, char int) {
	offset = max(0, min(offset, len(text)))
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' && text[i] != '\r' {
			continue
		}
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		if i+1 > offset {
			break
		}
		line, start = line+1, i+1
	}
	end := start
	for end < len(text) && text[end] != '\n' && text[end] != '\r' {
		end++
	}
	return line, slowUnits(text, start, min(offset, end))
}

// Position agrees with its definition at every offset of random texts mixing
// ASCII runs (which units skips eight bytes at a time), Chinese, a four-byte
// rune, broken sequences and every kind of line end.
func TestPositionMatchesNaive(t *testing.T) {
	pieces := []string{"| 0 | 0 | 0 | 12 |", "（七）总计", "𠀀", "\r\n", "\n", "\r", "\xe4\xb8", "\xed\xa0\x80", "\xe0\xa0\x80", "abcdefghij", "中"}
	rng := rand.New(rand.NewSource(7))
	for n := 0; n < 300; n++ {
		var sb strings.Builder
		for k := rng.Intn(30); k > 0; k-- {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		text := sb.String()
		m := New(text)
		for x := -1; x <= len(text)+1; x++ {
			l, c := m.Position(x)
			wl, wc := naivePosition(text, x)
			if l != wl || c != wc {
				t.Fatalf("Position(%d) in %q = %d:%d, want %d:%d", x, text, l, c, wl, wc)
			}
		}
	}
}

// plain3 is rune3 on every three bytes, but for the leaders E0 and ED, which it
// leaves to rune3.
func TestPlain3(t *testing.T) {
	var s [3]byte
	for b := 0; b < 256; b++ {
		for c1 := 0; c1 < 256; c1++ {
			for c2 := 0; c2 < 256; c2 += 3 {
				s = [3]byte{byte(b), byte(c1), byte(c2)}
				p, r := plain3(string(s[:]), 0), rune3(string(s[:]), 0)
				if want := r && b != 0xE0 && b != 0xED; p != want {
					t.Fatalf("plain3(% x) = %v, want %v", s, p, want)
				}
			}
		}
	}
	if plain3("中", 1) || plain3("中"[:2], 0) {
		t.Error("plain3 read past the end")
	}
}
