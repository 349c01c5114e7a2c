package analysis

import (
	"strings"
	"unicode/utf8"
	"unsafe"
)

// This file turns text into items (rawRow): text lines and table rows with their cells, in any
// of the four layouts. It is one pass over the text and knows nothing of templates.

// rawRow is a table row as pasted, before it is matched to a template, or a non-blank
// line of text (layout 0, no cells). Both kinds live by value in the one slice
// scanItems returns: a row is one of hundreds, and no allocation of its own.
type rawRow struct {
	Span
	cells  []Cell
	layout Layout
}

// isText reports a line of text.
func (r *rawRow) isText() bool { return r.layout == 0 }

// line is one line of text without its terminator.
type line struct {
	start, end int // content, excluding "\r\n" / "\n"
}

// maxRowCells bounds a row: the widest template row has 16 cells, so a line with
// hundreds of separators is not a table row, and reading it as one would cost time
// and memory for nothing.
const maxRowCells = 256

// chunkCells is how many cells one array of the reader's arena holds: as many as fit
// the runtime's largest small-object size class (32 KB).
const chunkCells = (32 << 10) / int(unsafe.Sizeof(Cell{}))

// maxContinuationRunes bounds a line that continues a cell in the cell-per-line
// layout: longer lines are narrative that follows the table, not a wrapped cell.
const maxContinuationRunes = 40

// keyTable holds the keys of the text cells of one document that are no vocabulary
// word. A cell's keyID is the id of its vocabulary entry (> 0), or minus one plus the
// index of its key here (< 0), or 0 when it has no key: most label cells are template
// wording, and refer to the shared read-only table without allocating.
type keyTable struct {
	entries []vocabEntry
	n       int // cells with a key
}

func (kt *keyTable) entry(c *Cell) *vocabEntry {
	if c.keyID > 0 {
		return &vocabList[c.keyID-1]
	}
	return &kt.entries[-c.keyID-1]
}

func (kt *keyTable) key(c *Cell) string {
	if c.keyID == 0 {
		return ""
	}
	return kt.entry(c).key
}

// vocab is lookupVocab(kt.key(c)), computed when the cell was read.
func (kt *keyTable) vocab(c *Cell) []vocabWord {
	if c.keyID == 0 {
		return nil
	}
	return kt.entry(c).words
}

// add records the key of a text cell's token and returns its keyID.
func (kt *keyTable) add(tok string) int32 {
	kt.n++
	id, e := lookupKey(tok)
	if id > 0 {
		return id
	}
	kt.entries = append(kt.entries, e)
	return -int32(len(kt.entries))
}

// scanItems splits text into items, appended to items[:0].
func scanItems(text string, kt *keyTable, items []rawRow) []rawRow {
	// The cells of the document live in a few arrays and rows are slices of them: a
	// report has hundreds of cells, and one allocation each was most of the reader's
	// cost. Each array is kept to the largest small-object size, as the runtime then
	// recycles it without asking the operating system for fresh pages.
	// Most documents use one separator, or none: a line is searched only for the
	// separators the text has at all.
	allTabs, allPipes := strings.Count(text, "\t"), strings.Count(text, "|")
	left := allTabs + allPipes + 8 // cells still to come, about
	arena := make([]Cell, 0, min(left, chunkCells))
	cut := func(from int) []Cell { return arena[from:len(arena):len(arena)] }
	// room makes space for n more cells in the arena after the open row that starts at
	// from, moving that row to a new array when there is not, and returns where the
	// row now starts.
	room := func(from, n int) int {
		if cap(arena)-len(arena) >= n {
			return from
		}
		left -= from
		open := arena[from:]
		next := make([]Cell, len(open), max(min(left, chunkCells), len(open)+n))
		copy(next, open)
		arena = next
		return 0
	}
	items = items[:0]
	cur := rawRow{} // open row of the cell-per-line layout, when its layout is set
	curFrom := 0
	lastWasCell := false
	flush := func() {
		if cur.layout != 0 {
			cur.cells = cut(curFrom)
			cur.End = cur.cells[len(cur.cells)-1].End
			items = append(items, cur)
			cur = rawRow{}
		}
		lastWasCell = false
	}
	textItem := func(ln line) {
		items = append(items, rawRow{Span: Span{ln.start, ln.end}})
	}
	pos := 0
	// cr is the offset of the next "\r" at or after pos, len(text) when there is none:
	// each is searched for once, and a text without one is not searched line by line.
	// fw is the same for the next full-width "｜", which most texts have none of.
	cr, fw := -1, -1
	for pos < len(text) {
		// A line ends at "\n", "\r\n" or a lone "\r", as it does for editors and LSP.
		nl := strings.IndexByte(text[pos:], '\n')
		end, next := len(text), len(text)
		if nl >= 0 {
			end, next = pos+nl, pos+nl+1
		}
		if cr < pos {
			cr = len(text)
			if i := strings.IndexByte(text[pos:], '\r'); i >= 0 {
				cr = pos + i
			}
		}
		if cr < end {
			if cr == end-1 {
				end-- // "\r\n", or a "\r" ending the text
			} else {
				end, next = cr, cr+1
			}
		}
		if fw < pos {
			fw = len(text)
			if i := strings.Index(text[pos:], "｜"); i >= 0 {
				fw = pos + i
			}
		}
		ln := line{pos, end}
		pos = next
		s := text[ln.start:ln.end]
		// A "｜" lies on one line: it holds no line break.
		fullWidth := fw < ln.end

		tabs := 0
		if allTabs > 0 {
			tabs = strings.Count(s, "\t")
		}
		switch {
		case tabs == 1 && s[0] == '\t':
			// One cell of the cell-per-line layout.
			if cur.layout != 0 && len(arena)-curFrom >= maxRowCells {
				flush()
			}
			if cur.layout == 0 {
				cur = rawRow{layout: LayoutCellLines, Span: Span{ln.start, ln.end}}
				curFrom = len(arena)
			}
			curFrom = room(curFrom, 1)
			arena = appendCell(arena, kt, text, ln.start+1, ln.end)
			lastWasCell = true
			continue
		case isBlankLine(s):
			flush()
			continue
		case lastWasCell && tabs == 0 && !fullWidth && strings.IndexByte(s, '|') < 0 &&
			len(s) <= 4*maxContinuationRunes && utf8.RuneCountInString(s) <= maxContinuationRunes && !isHeading(text, ln.start, ln.end):
			// A line without the TAB continues the previous cell ("科研" / "机构").
			c := &arena[len(arena)-1]
			*c = makeCell(kt, text, c.Start, ln.end)
			continue
		}
		flush()
		pipes := 0
		if allPipes > 0 {
			pipes = strings.Count(s, "|")
		}
		if tabs >= maxRowCells || pipes >= maxRowCells {
			textItem(ln)
			continue
		}
		switch {
		case tabs > 0:
			from := room(len(arena), tabs+1)
			arena = splitRow(kt, text, ln, LayoutTabRow, false, arena)
			items = append(items, rawRow{layout: LayoutTabRow, Span: Span{ln.start, ln.end}, cells: cut(from)})
		case pipes > 0 || fullWidth:
			if isSeparatorRow(s) {
				continue
			}
			layout := LayoutPipe
			if startsWithPipe(text, ln) {
				layout = LayoutMarkdown
			}
			if fullWidth {
				pipes += strings.Count(s, "｜")
			}
			from := room(len(arena), pipes+1)
			arena = splitRow(kt, text, ln, layout, fullWidth, arena)
			items = append(items, rawRow{layout: layout, Span: Span{ln.start, ln.end}, cells: cut(from)})
		default:
			textItem(ln)
		}
	}
	flush()
	return items
}

// hasPipe reports a "|" or full-width "｜" separator; byte searches, because this
// runs on every line of prose.
func hasPipe(s string) bool {
	return strings.IndexByte(s, '|') >= 0 || hasFullWidthPipe(s)
}

// hasFullWidthPipe reports a "｜". strings.Index, not indexByLast: its last byte,
// 0x9C, ends many Chinese characters, while strings.Index switches to a vector
// search when its first byte, 0xEF, keeps matching full-width punctuation, and a
// text without full-width punctuation has no 0xEF at all.
func hasFullWidthPipe(s string) bool { return strings.Contains(s, "｜") }

func isBlankLine(s string) bool {
	for _, r := range s {
		if !isBlankRune(r) {
			return false
		}
	}
	return true
}

// isSeparatorRow reports a Markdown delimiter row such as "|---|:---:|".
func isSeparatorRow(s string) bool {
	dash := false
	for _, r := range s {
		switch r {
		case '-':
			dash = true
		case '|', '｜', ':', ' ', '\t':
		default:
			return false
		}
	}
	return dash
}

// splitRow cuts one line into cells at "|" (or "｜") or at TABs and appends them to
// cells. For pipe layouts a leading separator opens the row and a trailing one closes
// it; neither makes a cell.
//
// fullWidth says the line holds a "｜", which the caller has looked for already.
func splitRow(kt *keyTable, text string, ln line, layout Layout, fullWidth bool, cells []Cell) []Cell {
	from := len(cells)
	start := ln.start
	// Usually the separators are all one ASCII byte: jump between them.
	if sep := byte('\t'); layout == LayoutTabRow || !fullWidth {
		if layout != LayoutTabRow {
			sep = '|'
		}
		for {
			j := strings.IndexByte(text[start:ln.end], sep)
			if j < 0 {
				break
			}
			cells = appendCell(cells, kt, text, start, start+j)
			start += j + 1
		}
		cells = appendCell(cells, kt, text, start, ln.end)
		return trimPipes(text, ln, layout, cells, from)
	}
	for i := ln.start; i < ln.end; {
		c := text[i]
		size := 1
		sep := false
		switch {
		case layout == LayoutTabRow && c == '\t':
			sep = true
		case layout != LayoutTabRow && c == '|':
			sep = true
		case layout != LayoutTabRow && c == 0xEF && strings.HasPrefix(text[i:ln.end], "｜"):
			sep, size = true, len("｜")
		}
		if sep {
			cells = appendCell(cells, kt, text, start, i)
			start = i + size
		}
		i += size
	}
	cells = appendCell(cells, kt, text, start, ln.end)
	return trimPipes(text, ln, layout, cells, from)
}

// trimPipes drops the empty cells a leading and a trailing "|" make.
func trimPipes(text string, ln line, layout Layout, cells []Cell, from int) []Cell {
	if layout != LayoutTabRow {
		if n := len(cells); n-from > 1 && cells[n-1].Token().Start == cells[n-1].Token().End {
			cells = cells[:n-1]
		}
		if len(cells)-from > 1 && cells[from].Token().Start == cells[from].Token().End && startsWithPipe(text, ln) {
			cells = append(cells[:from], cells[from+1:]...)
		}
	}
	return cells
}

func startsWithPipe(text string, ln line) bool {
	a, _ := trimBlank(text, ln.start, ln.end)
	t := text[a:ln.end]
	return strings.HasPrefix(t, "|") || strings.HasPrefix(t, "｜")
}

// makeCell classifies the content of text[start:end].
func makeCell(kt *keyTable, text string, start, end int) Cell {
	var c Cell
	fillCell(&c, kt, text, start, end)
	return c
}

// fillCell is makeCell writing into the arena's slot, which is zero: a row is read
// cell by cell, and copying each cell out of a call cost as much as classifying it.
func fillCell(c *Cell, kt *keyTable, text string, start, end int) {
	// Most cells are " 0 " or blank: ASCII spaces around at most 18 ASCII digits.
	// Read them in one pass; anything else takes the general way below.
	i := start
	for i < end && isBlankByte(text[i]) {
		i++
	}
	a := i
	var v int64
	for i < end && i-a < 18 && text[i] >= '0' && text[i] <= '9' {
		v = v*10 + int64(text[i]-'0')
		i++
	}
	b := i
	for i < end && isBlankByte(text[i]) {
		i++
	}
	if i == end {
		c.Span = Span{start, end}
		c.setToken(Span{a, b})
		if a == b {
			c.Kind = CellBlank // Token is empty at the end, as trimBlank leaves it
			return
		}
		c.Value, c.Kind = v, CellNumber
		return
	}
	a, b = trimBlank(text, start, end)
	c.Span = Span{start, end}
	c.setToken(Span{a, b})
	if a == b {
		c.Kind = CellBlank
		return
	}
	tok := text[a:b]
	if v, scale, unit, ok := parseNumber(tok); ok && scale <= 18 {
		c.Value, c.Scale, c.unitLen = v, int8(scale), uint8(len(unit))
		c.Kind = CellNumber
		if unit != "" {
			c.Kind = CellNumberUnit
		}
		return
	}
	c.Kind = CellText
	if b-a <= 4*maxFuzzyRunes {
		// Longer cells are prose and can match no wording; they get no key.
		c.keyID = kt.add(tok)
	}
}

// appendCell appends the cell text[start:end] to cells.
func appendCell(cells []Cell, kt *keyTable, text string, start, end int) []Cell {
	cells = append(cells, Cell{})
	fillCell(&cells[len(cells)-1], kt, text, start, end)
	return cells
}

func isHeading(text string, start, end int) bool {
	_, ok := headingAt(text, start, end)
	return ok
}
