// Package position converts between the engine's byte offsets and the positions editors
// speak: 0-based lines and UTF-16 code units within a line, as LSP requires.
//
// A line ends at "\n", "\r\n" or a lone "\r", as in LSP. Offsets and positions out of
// range are clamped, never rejected, so a confused client cannot crash a caller.
package position

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Mapper converts positions for one text. Building it is one pass over the text.
type Mapper struct {
	text string
	// lines holds the byte offset of the start of each line, except that from
	// index from on, delta must be added: a keystroke moves every later line by
	// the same amount, and Edited records that instead of copying the index.
	// lines is never written once built, so mappers of successive versions
	// share it.
	lines       []int
	from, delta int
}

// start is the byte offset of the start of line i.
func (m *Mapper) start(i int) int {
	if i >= m.from {
		return m.lines[i] + m.delta
	}
	return m.lines[i]
}

// New indexes text.
func New(text string) *Mapper {
	lines := make([]int, 1, strings.Count(text, "\n")+2)
	if strings.IndexByte(text, '\r') < 0 {
		// The common case, LF only: jump from line end to line end.
		for i := 0; ; {
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			lines = append(lines, i)
		}
		return &Mapper{text: text, lines: lines, from: len(lines)}
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, i+1)
		}
	}
	return &Mapper{text: text, lines: lines, from: len(lines)}
}

// Text returns the indexed text.
func (m *Mapper) Text() string { return m.text }

// LineCount is the number of lines (an empty text has one).
func (m *Mapper) LineCount() int { return len(m.lines) }

// lineEnd is the offset where line's content ends, before its terminator.
func (m *Mapper) lineEnd(line int) int {
	if line+1 < len(m.lines) {
		end := m.start(line+1) - 1
		if m.text[end] == '\n' && end > m.start(line) && m.text[end-1] == '\r' {
			end--
		}
		return end
	}
	return len(m.text)
}

// Position gives the 0-based line and UTF-16 character of a byte offset. An offset
// inside a multi-byte character counts as the start of that character.
func (m *Mapper) Position(offset int) (line, char int) {
	if offset < 0 {
		offset = 0
	}
	if offset > len(m.text) {
		offset = len(m.text)
	}
	line = m.lineOf(offset)
	start := m.start(line)
	end := m.lineEnd(line)
	if offset > end {
		offset = end
	}
	return line, units(m.text, start, offset)
}

// lineOf is the line that holds offset: the last whose start is at or before it.
// A binary search written out, as sort.Search's callback is not inlined.
func (m *Mapper) lineOf(offset int) int {
	lo, hi := 0, len(m.lines) // the answer is in [lo, hi)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if m.start(mid) <= offset {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// units counts the UTF-16 code units of the runes of text from i that end by offset,
// reading them as utf8.DecodeRuneInString does (an invalid byte is one U+FFFD). ASCII
// and well-formed three-byte runes, which is all of a Chinese report but for rare
// characters, are counted without decoding them.
func units(text string, i, offset int) int {
	n := 0
	for i < offset {
		b := text[i]
		if b < utf8.RuneSelf {
			// Table rows are mostly ASCII: skip eight ASCII bytes at a time.
			for i+8 <= offset && load64(text, i)&0x8080808080808080 == 0 {
				n += 8
				i += 8
			}
			for i < offset && text[i] < utf8.RuneSelf {
				n++
				i++
			}
			continue
		}
		if i+3 <= offset && (plain3(text, i) || rune3(text, i)) {
			n++
			i += 3
			continue
		}
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

// load64 reads the eight bytes of s at i, the first in the lowest byte.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// Offset gives the byte offset of a 0-based line and UTF-16 character. A line past
// the end clamps to the end of the text, a character past the end of its line clamps
// to the line end, and a character inside a surrogate pair clamps to the pair's start;
// clamped reports whether any of that happened.
func (m *Mapper) Offset(line, char int) (offset int, clamped bool) {
	if line < 0 {
		return 0, true
	}
	if char < 0 {
		char, clamped = 0, true
	}
	if line >= len(m.lines) {
		return len(m.text), true
	}
	i := m.start(line)
	end := m.lineEnd(line)
	n := 0
	for i < end && n < char {
		r, size := utf8.DecodeRuneInString(m.text[i:])
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > char {
			return i, true
		}
		n += w
		i += size
	}
	if n < char {
		clamped = true
	}
	return i, clamped
}

// Edited returns the mapper of text, which is m's text with [start, end) replaced by
// newText. When the edit neither removes nor adds a line break — a keystroke — the
// line index is m's with later lines moved, instead of a new pass over the text;
// while the keystrokes stay on one line, the index itself is shared, not copied.
func (m *Mapper) Edited(text string, start, end int, newText string) *Mapper {
	if len(text) != len(m.text)-(end-start)+len(newText) || !linesKept(m.text, start, end, newText) {
		return New(text)
	}
	delta := len(newText) - (end - start)
	// The lines after the edited one move by delta.
	first := sort.Search(len(m.lines), func(i int) bool { return m.start(i) > start })
	if m.delta == 0 || m.from == first {
		return &Mapper{text: text, lines: m.lines, from: first, delta: m.delta + delta}
	}
	// Another line than the last edit's: fold m's shift into a new index.
	lines := make([]int, len(m.lines))
	for i := range lines {
		lines[i] = m.start(i)
	}
	return &Mapper{text: text, lines: lines, from: first, delta: delta}
}

// linesKept reports whether replacing [start, end) of old with newText leaves the
// line breaks as they were, only moved: nothing removed or inserted is a line
// break, and the edit does not start right after a "\r", where it could split a
// "\r\n" or join a "\r" to a following "\n". Then every line before the edit
// and every line after the edited one has the same text and the same number,
// and the edited line keeps its number.
func linesKept(old string, start, end int, newText string) bool {
	return start >= 0 && start <= end && end <= len(old) &&
		!strings.ContainsAny(old[start:end], "\r\n") && !strings.ContainsAny(newText, "\r\n") &&
		(start == 0 || old[start-1] != '\r')
}

// plain3 is rune3 for the sequences led by E1..EC or EE..EF, which hold every CJK
// character: these are well-formed whenever the next two bytes are continuation
// bytes. It is false for E0 and ED, whose second byte has a narrower range: ask
// rune3 then. Unlike rune3 it is small enough to be inlined into a loop.
func plain3(s string, i int) bool {
	return i+3 <= len(s) && s[i]-0xE1 <= 0xEF-0xE1 && s[i] != 0xED && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80
}

// rune3 reports whether s holds a well-formed three-byte UTF-8 sequence at i: one that
// utf8.DecodeRuneInString decodes to a rune three bytes wide. Most Chinese characters
// are one, and checking for it is much cheaper than decoding. The second byte's range
// excludes overlong forms (after E0) and surrogates (after ED), as the decoder does.
func rune3(s string, i int) bool {
	if i < 0 || i+3 > len(s) {
		return false
	}
	b, c1, c2 := s[i], s[i+1], s[i+2]
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case b < 0xE0 || b > 0xEF:
		return false
	case b == 0xE0:
		lo = 0xA0
	case b == 0xED:
		hi = 0x9F
	}
	return lo <= c1 && c1 <= hi && 0x80 <= c2 && c2 <= 0xBF
}
