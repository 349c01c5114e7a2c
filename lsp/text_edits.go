package lsp

import (
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/position"
)

// A didChange may carry many changes: VS Code's "replace all" sends one per match,
// last match first, and other clients send them in text order. LSP applies them in
// order, each range in the text the previous ones left. Applying each to the whole
// text in turn (index the text, convert the range, copy the text) made 960 changes
// to a 4 MB document take a second, on the read loop. pieceText applies them all to
// a list of pieces instead, finding each range from where the last one was, and
// builds the new text once.

// pieceText is a text under edit: a doubly linked list of pieces, each a part of the
// text before the changes or an inserted text, never empty.
type pieceText struct {
	// head and tail are sentinels: head.next is the first piece, tail.prev the
	// last; both are empty.
	head, tail piece
	// size is the length of the text in bytes.
	size int
	// mapper indexes the text as it was before the first change (nil after a
	// change that replaced the whole text), and pristine is how many bytes at
	// the start of the text no change has touched: in that prefix, a position
	// is where the mapper puts it. The first piece then starts at byte 0 of
	// that text and holds the whole prefix.
	mapper   *position.Mapper
	pristine int
	// f is where the last change was found.
	f finger
	// arena holds the pieces, so that a keystroke allocates them at once.
	arena []piece
}

type piece struct {
	s          string
	prev, next *piece
}

// mark is a place between two bytes of the text: after byte k-1 of piece p, or at
// the start of the text (p = &head, k = 0). off is its byte offset. A mark stays
// valid across a replace that starts at or after it (the byte before it stays in
// its piece), and no further.
type mark struct {
	p   *piece
	k   int
	off int
}

// finger remembers the line of the last place found: its number, where it starts,
// and a place on it with its column in UTF-16 code units.
type finger struct {
	line  int
	start mark
	pos   mark
	char  int
}

// newPieceText starts editing text, whose mapper is m (or nil), for n changes.
func newPieceText(text string, m *position.Mapper, n int) *pieceText {
	t := &pieceText{arena: make([]piece, 0, 3*n+1)}
	t.reset(text, m)
	return t
}

// reset makes text the whole text: a change without a range.
func (t *pieceText) reset(text string, m *position.Mapper) {
	t.head.next, t.tail.prev = &t.tail, &t.head
	t.size, t.mapper, t.pristine = len(text), m, len(text)
	if text != "" {
		t.link(&t.head, text)
	}
	t.f = finger{start: mark{p: &t.head}, pos: mark{p: &t.head}}
}

// link puts a new piece holding s after p and returns it.
func (t *pieceText) link(p *piece, s string) *piece {
	t.arena = append(t.arena, piece{s: s, prev: p, next: p.next})
	q := &t.arena[len(t.arena)-1]
	if cap(t.arena) == len(t.arena) {
		// Never moved: pieces point to each other. A full arena gets a new one.
		t.arena = make([]piece, 0, 8)
	}
	p.next.prev = q
	p.next = q
	return q
}

// String builds the text.
func (t *pieceText) String() string {
	switch p := t.head.next; {
	case p == &t.tail:
		return ""
	case p.next == &t.tail:
		return p.s
	}
	var b strings.Builder
	b.Grow(t.size)
	for p := t.head.next; p != &t.tail; p = p.next {
		b.WriteString(p.s)
	}
	return b.String()
}

// canon is the mark at byte k of p (0 <= k <= len(p.s)) in its canonical form.
func (t *pieceText) canon(p *piece, k, off int) mark {
	if k == 0 && p != &t.head {
		if p.prev == &t.head {
			return mark{p: &t.head}
		}
		return mark{p.prev, len(p.prev.s), off}
	}
	return mark{p, k, off}
}

// end is the mark at the end of the text.
func (t *pieceText) end() mark {
	return t.canon(&t.tail, 0, t.size)
}

// byteAfter returns the byte right after m, if any.
func (t *pieceText) byteAfter(m mark) (byte, bool) {
	if m.k < len(m.p.s) {
		return m.p.s[m.k], true
	}
	if n := m.p.next; n != &t.tail {
		return n.s[0], true
	}
	return 0, false
}

// byteBefore returns the byte right before m, if any.
func (t *pieceText) byteBefore(m mark) (byte, bool) {
	if m.k > 0 {
		return m.p.s[m.k-1], true
	}
	return 0, false
}

// forward1 is the mark one byte after m, which must not be the end.
func (t *pieceText) forward1(m mark) mark {
	if m.k < len(m.p.s) {
		return mark{m.p, m.k + 1, m.off + 1}
	}
	return mark{m.p.next, 1, m.off + 1}
}

// back is the mark n bytes before m, within m's piece (n <= m.k).
func (t *pieceText) back(m mark, n int) mark {
	return t.canon(m.p, m.k-n, m.off-n)
}

// nextLine returns the start of the line after the one that holds m, or false
// when that is the last line. A line ends at "\n", "\r\n" or "\r".
func (t *pieceText) nextLine(m mark) (mark, bool) {
	p, k, off := m.p, m.k, m.off
	for {
		if i := strings.IndexAny(p.s[k:], "\r\n"); i >= 0 {
			m := mark{p, k + i + 1, off + i + 1}
			if p.s[k+i] == '\r' {
				if b, ok := t.byteAfter(m); ok && b == '\n' {
					m = t.forward1(m)
				}
			}
			return m, true
		}
		off += len(p.s) - k
		if p.next == &t.tail {
			return mark{}, false
		}
		p, k = p.next, 0
	}
}

// prevLine returns the start of the line before the one that starts at m (which is
// not the first line).
func (t *pieceText) prevLine(m mark) mark {
	// Step back over the line break that ends the line before.
	b, _ := t.byteBefore(m)
	m = t.back(m, 1)
	if c, ok := t.byteBefore(m); ok && b == '\n' && c == '\r' {
		m = t.back(m, 1)
	}
	// Then back to the byte after the line break before it, or the start.
	p, k, off := m.p, m.k, m.off
	for p != &t.head {
		if i := strings.LastIndexAny(p.s[:k], "\r\n"); i >= 0 {
			return mark{p, i + 1, off - (k - i - 1)}
		}
		off -= k
		p, k = p.prev, len(p.prev.s)
	}
	return mark{p: &t.head}
}

// forward moves from m, at column col of its line, to column char (>= col): it
// stops early at the end of the line, and before a character char would split (a
// surrogate pair); clamped says it did.
func (t *pieceText) forward(m mark, col, char int) (mark, int, bool) {
	p, k, off := m.p, m.k, m.off
	for col < char {
		if k == len(p.s) {
			if p.next == &t.tail {
				return t.canon(p, k, off), col, true
			}
			p, k = p.next, 0
		}
		c := p.s[k]
		if c == '\n' || c == '\r' {
			return t.canon(p, k, off), col, true
		}
		size, w := 1, 1
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(p.s[k:])
			if r >= 0x10000 {
				w = 2
			}
		}
		if col+w > char {
			return t.canon(p, k, off), col, true
		}
		col += w
		k += size
		off += size
	}
	return t.canon(p, k, off), col, false
}

// backward moves from m, at column col of its line, back to column char (< col,
// >= 0), or to the start of a character char would split (clamped).
func (t *pieceText) backward(m mark, col, char int) (mark, int, bool) {
	for col > char {
		r, size := utf8.DecodeLastRuneInString(m.p.s[:m.k])
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		m = t.back(m, size)
		col -= w
		if col < char {
			return m, col, true
		}
	}
	return m, col, false
}

// locate finds the place of an LSP position in the text, clamped as
// position.Mapper.Offset clamps (and reporting it): a line before the first is the
// start of the text, one after the last its end; a character past the end of its
// line is the line's end, one inside a surrogate pair the pair's start.
//
// The finger is left on the line of the place found (replace relies on it), at
// that place or at the line's start.
func (t *pieceText) locate(line, char int) (mark, bool) {
	if line < 0 {
		t.f = finger{start: mark{p: &t.head}, pos: mark{p: &t.head}}
		return t.f.pos, true
	}
	clamped := false
	if char < 0 {
		char, clamped = 0, true
	}
	f := &t.f
	if line != f.line {
		if m, ok, cl := t.jump(line, char); ok {
			return m, clamped || cl
		}
		if t.mapper != nil && t.pristine == t.size && t.size == len(t.mapper.Text()) && line >= t.mapper.LineCount() {
			// Past the end of a text still as it was: its last line is known.
			last := t.mapper.LineCount() - 1
			start, _ := t.mapper.Offset(last, 0)
			t.f = finger{line: last, start: t.canon(t.head.next, start, start)}
			t.f.pos = t.f.start
			return t.end(), true
		}
		for f.line < line {
			next, ok := t.nextLine(f.start)
			if !ok {
				f.pos, f.char = f.start, 0
				return t.end(), true
			}
			f.line, f.start = f.line+1, next
		}
		for f.line > line {
			f.line, f.start = f.line-1, t.prevLine(f.start)
		}
		f.pos, f.char = f.start, 0
	}
	var cl bool
	switch {
	case char >= f.char:
		f.pos, f.char, cl = t.forward(f.pos, f.char, char)
	case char <= f.char-char:
		// Nearer the start of the line than the last place.
		f.pos, f.char, cl = t.forward(f.start, 0, char)
	default:
		f.pos, f.char, cl = t.backward(f.pos, f.char, char)
	}
	return f.pos, clamped || cl
}

// jump finds line and char with the mapper of the unedited text when the position
// lies in the prefix no change has touched, and moves the finger there.
func (t *pieceText) jump(line, char int) (m mark, ok, clamped bool) {
	if t.mapper == nil || line >= t.mapper.LineCount() {
		return mark{}, false, false
	}
	start, _ := t.mapper.Offset(line, 0)
	if start >= t.pristine {
		return mark{}, false, false
	}
	off, clamped := t.mapper.Offset(line, char)
	// At the edge of the prefix, a position clamped to the end of the line may
	// not be: the line may go on in the changed text.
	if off > t.pristine || off == t.pristine && clamped {
		return mark{}, false, false
	}
	first := t.head.next // holds the whole prefix
	m = t.canon(first, off, off)
	t.f = finger{line: line, start: t.canon(first, start, start), pos: m, char: char}
	if clamped {
		// The column of a clamped place is not char; the line's start has column 0.
		t.f.pos, t.f.char = t.f.start, 0
	}
	return m, true, clamped
}

// split makes m a boundary between pieces and returns the piece that ends at m (the
// head at the start of the text).
func (t *pieceText) split(m mark) *piece {
	if m.k == len(m.p.s) {
		return m.p
	}
	t.link(m.p, m.p.s[m.k:])
	m.p.s = m.p.s[:m.k]
	return m.p
}

// replace replaces the text between start and end (start.off <= end.off) by s. fs is
// the finger as locate left it when it found start; it becomes the finger, at start
// or at the start of its line.
func (t *pieceText) replace(start, end mark, s string, fs finger) {
	after := t.split(end).next
	before := t.split(start)
	before.next, after.prev = after, before
	if s != "" {
		t.link(before, s)
	}
	t.size += len(s) - (end.off - start.off)
	t.pristine = min(t.pristine, start.off)

	at := t.canon(before, len(before.s), start.off)
	t.f = fs
	if fs.pos.off == start.off {
		t.f.pos = at
	} else {
		// locate left the finger at the line's start (start was clamped).
		t.f.pos, t.f.char = fs.start, 0
	}
	// After a lone "\r", start is a line's start (column 0); if "\n" follows it
	// now, the two are one line break, and the line starts after the "\n".
	if b, ok := t.byteBefore(at); ok && b == '\r' {
		if c, ok := t.byteAfter(at); ok && c == '\n' {
			t.f.start = t.forward1(at)
			t.f.pos, t.f.char = t.f.start, 0
		}
	}
}
